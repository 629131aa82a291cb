"""Every Vietnamese catalogue is complete, and every compiled .mo matches its .po.

A missing msgstr shows English in the Vietnamese UI; a stale .mo (the .po edited, not
recompiled) shows the old text. Both are easy to miss by eye, so both fail here.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

import phieukin

SRC = Path(phieukin.__file__).parent
CATALOGUES = sorted(SRC.glob("*/locale/vi/LC_MESSAGES/django.po"))


def _translations(entries: polib.POFile | polib.MOFile) -> dict[tuple[str, str], object]:
    return {
        (e.msgctxt or "", e.msgid): (
            tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
        )
        for e in entries
        if e.msgid and _is_translated(e)
    }


def _is_translated(entry: polib.POEntry | polib.MOEntry) -> bool:
    """msgfmt leaves untranslated and fuzzy entries out of the .mo; compare the rest."""
    if getattr(entry, "obsolete", False) or "fuzzy" in getattr(entry, "flags", []):
        return False
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def test_it_finds_the_catalogues() -> None:
    assert SRC / "web/locale/vi/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_it_translates_every_msgid(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    hint = "fill msgstr (a msgid already in Vietnamese too) and run compilemessages"
    assert untranslated == [], f"{po_path}: untranslated; {hint}"
    assert fuzzy == [], f"{po_path}: fuzzy; check the translation, drop the flag, recompile"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_it_ships_a_compiled_catalogue_matching_the_source(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"run compilemessages for {po_path}"
    assert _translations(polib.mofile(str(mo_path))) == _translations(polib.pofile(str(po_path)))
