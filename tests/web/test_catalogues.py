"""One word, one translation: Django merges every app's catalogue into one, so a msgid
translated two ways in two apps shows whichever app comes first in INSTALLED_APPS, on every page
(«Loại hình» for a ballot event's kind, «Thời điểm» for a duration). A word whose meaning differs
by page takes a context (``pgettext``, ``{% translate "Open" context "ballot" %}``)."""

from __future__ import annotations

import gettext
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "phieukin"


def test_a_msgid_has_one_vietnamese_translation_across_the_apps() -> None:
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    catalogues = sorted(SRC.glob("*/locale/vi/LC_MESSAGES/django.mo"))
    assert len(catalogues) >= 8
    for mo in catalogues:
        with mo.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        for key, text in catalogue.items():
            if key and text:
                seen[str(key)][mo.parts[-5]] = text
    clashes = {
        key.replace("\x04", " | "): apps
        for key, apps in seen.items()
        if len(set(apps.values())) > 1
    }
    assert clashes == {}
