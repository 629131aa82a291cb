"""Every tampered or unacceptable bundle is refused with its reason, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from phieukin.audit.models import AuditEvent
from phieukin.federation import bundle as fmt
from phieukin.federation.errors import BundleRefusedError
from phieukin.federation.models import ImportedBundle, ImportedCount
from phieukin.federation.services import do_import_bundle, do_revoke_peer
from tests.federation.conftest import STRANGER, DemoBundle, Superior, repack, resign, unpack

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

Files = dict[str, bytes]


def _json_edit(name: str, edit: Callable[[dict], None]) -> Callable[[Files], Files]:
    def change(files: Files) -> Files:
        body = json.loads(files[name])
        edit(body)
        return {**files, name: fmt.canonical(body)}

    return change


def _flip(name: str, old: bytes, new: bytes) -> Callable[[Files], Files]:
    def change(files: Files) -> Files:
        assert old in files[name], (name, old)
        return {**files, name: files[name].replace(old, new, 1)}

    return change


def _first_ballot(files: Files) -> str:
    return next(n for n in sorted(files) if n.startswith(fmt.BALLOTS_DIR))


def _edit_ballot(files: Files) -> Files:
    name = _first_ballot(files)
    lines = files[name].split(b"\n")
    k = next(i for i, line in enumerate(lines) if b'"type":"ballot"' in line)
    lines[k] = lines[k].replace(b'"seq":', b'"seq": ', 1)  # not canonical any more
    return {**files, name: b"\n".join(lines)}


def _edit_ballot_choice(files: Files) -> Files:
    """A cast ballot's ciphertext swapped for another's: hashes re-linked, proofs fail."""
    from phieukin.record.events import parse_event, rebuild_chain, split_record

    name = _first_ballot(files)
    lines, _ = split_record(files[name])
    events = [parse_event(line) for line in lines]
    casts = [i for i, e in enumerate(events) if e.type == "ballot"]
    a, b = casts[0], casts[1]
    pa, pb = dict(events[a].payload), events[b].payload
    pa["answers"] = pb["answers"]
    items = [(e.type, pa if i == a else e.payload) for i, e in enumerate(events)]
    return {**files, name: b"".join(e.line() for e in rebuild_chain(items))}


def _edit_audit(files: Files) -> Files:
    lines = files[fmt.AUDIT].split(b"\n")
    entry = json.loads(lines[3])
    entry["event_type"] = "organization.deleted"
    lines[3] = json.dumps(entry).encode()
    return {**files, fmt.AUDIT: b"\n".join(lines)}


def _vote_head(body: dict) -> None:
    for subject in body["subjects"]:
        for vote in subject["votes"]:
            if vote["ballot_id"]:
                vote["head_hash"] = "0" * 64


def _subject_elsewhere(body: dict) -> None:
    body["subjects"][0]["organization"] = "NOT-OURS"


def _root_elsewhere(body: dict) -> None:
    body["organizations"][0]["code"] = "XX"
    for row in body["organizations"][1:]:
        if row["parent"] == "HT":
            row["parent"] = "XX"


def _cycle(body: dict) -> None:
    body["organizations"][1]["parent"] = body["organizations"][2]["code"]
    body["organizations"][2]["parent"] = body["organizations"][1]["code"]


def _format(body: dict) -> None:
    body["format"] = "phieukin-bundle/99"


RESIGNED = {  # the sender's own key re-signs: only the deeper checks can catch these
    "format": (_json_edit(fmt.MANIFEST, _format), "bad_format"),
    "organizations_elsewhere": (
        _json_edit(fmt.ORGANIZATIONS, _root_elsewhere),
        "organizations_not_sender",
    ),
    "organizations_cycle": (_json_edit(fmt.ORGANIZATIONS, _cycle), "organizations_not_sender"),
    "subject_elsewhere": (_json_edit(fmt.RATINGS, _subject_elsewhere), "subjects_not_sender"),
    "audit_edited": (_edit_audit, "audit_chain_broken"),
    "ballot_not_canonical": (_edit_ballot, "ballot_record_invalid"),
    "ballot_answers_swapped": (_edit_ballot_choice, "ballot_record_invalid"),
    "vote_head": (_json_edit(fmt.RATINGS, _vote_head), "ballot_record_mismatch"),
}

UNSIGNED = {  # changed after signing
    "ratings_byte": (_flip(fmt.RATINGS, b'"htxsnv"', b'"httnv"'), "file_modified"),
    "dossier_extra": (lambda f: {**f, "dossier/extra.txt": b"x"}, "file_unlisted"),
    "organizations_gone": (
        lambda f: {k: v for k, v in f.items() if k != fmt.ORGANIZATIONS},
        "file_missing",
    ),
    "manifest_edited": (_flip(fmt.MANIFEST, b'"HT"', b'"HX"'), "bad_signature"),
    "signature_flipped": (
        lambda f: {
            **f,
            fmt.SIGNATURE: (b"1" if f[fmt.SIGNATURE][:1] != b"1" else b"2") + f[fmt.SIGNATURE][1:],
        },
        "bad_signature",
    ),
    "no_signature": (lambda f: {k: v for k, v in f.items() if k != fmt.SIGNATURE}, "bad_format"),
}


def _nothing_written(superior: Superior, audit_before: int) -> None:
    assert not ImportedBundle.objects.exists()
    assert not ImportedCount.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    folder = Path(settings.MEDIA_ROOT) / "federation"
    assert not folder.exists() or not any(folder.iterdir())


def _refused(data: bytes, superior: Superior) -> BundleRefusedError:
    before = AuditEvent.objects.count()
    with pytest.raises(BundleRefusedError) as caught:
        do_import_bundle(data, actor=superior.admin)
    _nothing_written(superior, before)
    assert caught.value.english and caught.value.english == str(caught.value.english)
    return caught.value


@pytest.mark.parametrize("variant", sorted(RESIGNED))
def test_a_resigned_tampered_bundle_is_refused_by_the_deep_checks(
    variant: str, demo_bundle: DemoBundle, superior: Superior
) -> None:
    change, code = RESIGNED[variant]
    data = repack(resign(change(unpack(demo_bundle.data))))
    assert _refused(data, superior).code == code


@pytest.mark.parametrize("variant", sorted(UNSIGNED))
def test_a_bundle_changed_after_signing_is_refused(
    variant: str, demo_bundle: DemoBundle, superior: Superior
) -> None:
    change, code = UNSIGNED[variant]
    data = repack(change(unpack(demo_bundle.data)))
    error = _refused(data, superior)
    assert error.code == code
    if code == "file_modified":
        assert fmt.RATINGS in error.english


def test_a_file_that_is_not_a_bundle_is_refused(superior: Superior) -> None:
    assert _refused(b"PK\x03\x04 not really", superior).code == "bad_format"
    assert _refused(repack({"../escape": b"x"}), superior).code == "bad_format"


def test_a_bundle_signed_by_an_unknown_key_is_refused(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    data = repack(resign(unpack(demo_bundle.data), key=STRANGER))
    error = _refused(data, superior)
    assert error.code == "unknown_sender" and "not registered" in error.english


def test_a_revoked_sender_is_refused(demo_bundle: DemoBundle, superior: Superior) -> None:
    do_revoke_peer(superior.peer, actor=superior.admin)
    assert _refused(demo_bundle.data, superior).code == "revoked_sender"


def test_a_bundle_for_a_period_the_superior_does_not_run_is_refused(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    superior.period.year = 2024
    superior.period.save()
    assert _refused(demo_bundle.data, superior).code == "no_matching_period"


def test_the_same_bundle_twice_or_an_older_one_is_refused(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    do_import_bundle(demo_bundle.newer, actor=superior.admin)
    before = (ImportedBundle.objects.count(), AuditEvent.objects.count())
    for data, code in (
        (demo_bundle.newer, "already_imported"),
        (demo_bundle.data, "older_than_current"),
    ):
        with pytest.raises(BundleRefusedError) as caught:
            do_import_bundle(data, actor=superior.admin)
        assert caught.value.code == code
        assert (ImportedBundle.objects.count(), AuditEvent.objects.count()) == before


def test_a_bundle_whose_history_was_rewritten_does_not_supersede(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    current = do_import_bundle(demo_bundle.newer, actor=superior.admin)
    with pytest.raises(BundleRefusedError) as caught:
        do_import_bundle(demo_bundle.forked, actor=superior.admin)
    assert caught.value.code == "chain_does_not_extend"
    current.refresh_from_db()
    assert current.current and ImportedBundle.objects.count() == 1


def test_a_sender_with_an_empty_audit_log_is_accepted_and_superseded(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    def empty_log(files: Files) -> Files:
        manifest = json.loads(files[fmt.MANIFEST])
        manifest["audit_head"] = {"seq": 0, "hash": "0" * 64}
        manifest["created_at"] = "2020-01-01T00:00:00Z"  # before the demo bundle
        return {**files, fmt.AUDIT: b"", fmt.MANIFEST: fmt.canonical(manifest)}

    first = do_import_bundle(repack(resign(empty_log(unpack(demo_bundle.data)))), actor=None)
    assert first.audit_seq == 0
    second = do_import_bundle(demo_bundle.data, actor=None)
    first.refresh_from_db()
    assert first.superseded_by == second
