"""The voting app's only door to ``phieukin.crypto`` and ``phieukin.record``.

See docs/architecture.md §2.

Every function here is a thin call into the core; nothing cryptographic is implemented in the
voting app. Keeping the calls in one module means a change of the core's API touches one file,
and the rest of the app works with plain dicts (the protocol's JSON payloads) and hex strings.
"""

from __future__ import annotations

from typing import Any


def canonical(obj: Any) -> bytes:
    """Canonical JSON bytes (protocol.md §3.1)."""
    from phieukin.crypto.canonical import canonical_bytes

    return canonical_bytes(obj)


def loads(data: bytes | str, *, max_bytes: int) -> Any:
    """Parse JSON strictly (no floats, no duplicate keys, bounded size); raises CoreRejection."""
    from phieukin.crypto.canonical import loads as core_loads

    try:
        return core_loads(data, max_bytes=max_bytes)
    except _core_errors() as exc:
        raise _reject(exc) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise CoreRejection("invalid_encoding", type(exc).__name__) from None


def new_credentials(election_id: str, count: int) -> list[tuple[str, str]]:
    """``count`` fresh credentials as (printed code, public key hex) (protocol.md §6.4)."""
    from phieukin.crypto.credentials import generate_credentials

    return [(c.printed, c.public.hex()) for c in generate_credentials(election_id, count)]


def event_hash(seq: int, kind: str, prev: str, payload: dict[str, Any]) -> str:
    """``event_hash`` of protocol.md §6.2: D32("event", canonical(event without hash))."""
    from phieukin.record.events import event_hash as core_event_hash

    return core_event_hash(seq, kind, prev, payload)


def next_event(head: Any, kind: str, payload: dict[str, Any]) -> Any:
    """The record's one builder (``record.events.append_event``): the event after ``head``."""
    from phieukin.record.events import append_event

    try:
        return append_event(head, kind, payload)
    except _core_errors() as exc:
        raise _reject(exc) from None


def check_next_event(lines: list[bytes], kind: str, payload: Any) -> Any:
    """Replay the record and apply the candidate event with the verifier's own checks.

    The board appends only what ``phieukin verify`` would accept at this point of the record:
    phase order, the qualified set, signatures, proofs, invariants. Returns the replayed
    ``RecordState`` (with the candidate applied). Raises ``CoreRejection``.
    """
    from phieukin.record.events import append_event, parse_event
    from phieukin.record.state import RecordState

    if not isinstance(payload, dict):
        raise CoreRejection("invalid_schema", f"{kind} must be an object")
    st = RecordState()
    try:
        head = None
        for line in lines:
            head = parse_event(line)
            st.apply(head, line=line)
        candidate = append_event(head, kind, payload)
        st.apply(candidate)
    except _core_errors() as exc:
        raise _reject(exc) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise CoreRejection("invalid_schema", type(exc).__name__) from None
    return st


def server_public_key() -> str:
    """``S``, the public half of the receipt key from the settings (protocol.md §4.9)."""
    from django.conf import settings

    from phieukin.crypto.group import Scalar, base_mul

    return base_mul(Scalar.from_hex(settings.PHIEUKIN_RECEIPT_KEY)).hex()


def sign_receipt(
    fingerprint: str, *, seq: int, kind: str, event_hash: str, ballot: dict[str, Any]
) -> dict[str, Any]:
    """The server's signed receipt for the ballot just appended at ``seq``."""
    from django.conf import settings

    from phieukin.crypto.ballot import ballot_hash
    from phieukin.crypto.group import Scalar
    from phieukin.crypto.signing import receipt

    return receipt(
        Scalar.from_hex(settings.PHIEUKIN_RECEIPT_KEY),
        fingerprint=bytes.fromhex(fingerprint),
        seq=seq,
        kind=kind,
        event_hash=event_hash,
        ballot_hash=ballot_hash(ballot),
    )


def ballot_set(bodies: list[str]) -> str:
    """``close.ballots``: D32("ballot-set", …) over the counted ballots' hashes, in order."""
    from phieukin.crypto.ballot import ballot_set_hash
    from phieukin.crypto.hashing import digest32
    from phieukin.record.events import payload_bytes

    hashes = [digest32("ballot", payload_bytes(b.encode("utf-8"))) for b in bodies]
    return ballot_set_hash(hashes)


def short_code(hash_hex: str) -> str:
    """The 16-symbol code of a hash, as tracking codes are printed (protocol.md §4.5)."""
    from phieukin.crypto.ballot import tracking_code_of

    return tracking_code_of(hash_hex)


def normalize_tracking_code(text: str) -> str | None:
    """The board search's one normalization (as for cards); ``None`` if it cannot be one."""
    from phieukin.crypto.credentials import normalize_tracking_code as core

    try:
        return core(text)
    except _core_errors():
        return None


class CoreRejection(Exception):  # noqa: N818 - a value carrier, re-raised as the app's errors
    """A rejection from the core: its protocol error ``code`` and an English reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code


def _core_errors() -> tuple[type[Exception], ...]:
    from phieukin.crypto.errors import CryptoError

    return (CryptoError,)


def _reject(exc: Exception) -> CoreRejection:
    code = str(getattr(exc, "code", "invalid_schema"))
    return CoreRejection(code, str(exc) or code)


_CONTEXTS: dict[tuple[str, str, str], Any] = {}


def election_context(setup: dict[str, Any], public_key: str, chair_key: str = "") -> Any:
    """The core's ElectionContext (fp, Y, C, manifest), cached per (election, Y, C) in-process.

    Parsing the setup and hashing the fingerprint on every cast would be wasted work; the
    triple (election_id, Y, C) fully determines the context, so the cache never serves a stale
    one (``chair_key`` is empty for a v1 record).
    """
    key = (str(setup.get("election_id")), public_key, chair_key)
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        from phieukin.crypto.election import ElectionContext, parse_setup
        from phieukin.crypto.group import Element

        chair = Element.from_hex(chair_key, "chair_key") if chair_key else None
        y = Element.from_hex(public_key, "public_key")
        ctx = ElectionContext.create(parse_setup(setup), y, chair)
        if len(_CONTEXTS) > 64:
            _CONTEXTS.clear()
        _CONTEXTS[key] = ctx
    return ctx


def fingerprint(setup: dict[str, Any], public_key: str, chair_key: str = "") -> str:
    return election_context(setup, public_key, chair_key).fingerprint.hex()  # type: ignore[no-any-return]


def check_ballot(data: Any, ctx: Any, credentials: set[str], *, audited: bool) -> str:
    """Verify a ballot (or an ``audited_ballot`` payload) completely; return its tracking code.

    Raises ``CoreRejection`` with the protocol's code (wrong_election, unknown_credential,
    invalid_proof, invalid_signature, invalid_schema, ...).
    """
    from phieukin.crypto.audit import check_audited_ballot
    from phieukin.crypto.ballot import check_ballot as core_check
    from phieukin.crypto.ballot import tracking_code

    try:
        if audited:
            check_audited_ballot(data, ctx, credentials)
            return tracking_code(data["ballot"])  # type: ignore[no-any-return]
        core_check(data, ctx, credentials)
        return tracking_code(data)  # type: ignore[no-any-return]
    except _core_errors() as exc:
        raise _reject(exc) from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CoreRejection("invalid_schema", type(exc).__name__) from None


def _element(text: str) -> Any:
    from phieukin.crypto.group import Element

    return Element.from_hex(text, "element")


def joint_key_payload(
    setup: dict[str, Any],
    reveals: dict[int, dict[str, Any]],
    qualified: list[int],
    chair_key: str,
) -> dict[str, Any]:
    """The v2 ``joint_key`` event: QUAL, Y, every Y_j and ``fp`` over the chair's key (§6.3)."""
    from phieukin.crypto import threshold

    indices = [x["index"] for x in setup["trustees"]]
    y, ys = threshold.joint_keys(reveals, indices, qualified)
    return {
        "qualified": sorted(qualified),
        "public_key": y.hex(),
        "verification_keys": [ys[j].hex() for j in indices],
        "fingerprint": fingerprint(setup, y.hex(), chair_key),
    }


def qualified(
    trustees: list[int],
    checks: dict[int, dict[str, Any]],
    answers: dict[tuple[int, int], dict[str, Any]],
) -> list[int]:
    """QUAL: the dealers every complaint against whom was answered (§4.6.1)."""
    from phieukin.crypto.threshold import qualified_dealers

    return qualified_dealers(trustees, checks, answers)


def encrypted_tally(ctx: Any, ballots: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``encrypted_tally`` payload: component-wise sum of the counted ballots (§4.7)."""
    from phieukin.crypto.ballot import parse_ballot
    from phieukin.crypto.tally import tally_ballots, tally_to_json

    parsed = (parse_ballot(b, ctx.manifest) for b in ballots)
    tally = tally_ballots(ctx.manifest, parsed)
    return {"counted": len(ballots), "ciphertexts": tally_to_json(tally)}


def check_partial(
    payload: Any,
    ctx: Any,
    tally: dict[str, Any],
    verification_key: str,
    *,
    trustee_key: str,
    qualified: list[int],
    close_hash: str,
) -> None:
    """Verify one trustee's v2 partial decryption: qualified, of this close, signed by ``z_i``,
    then every Chaum–Pedersen proof of the tally (§4.3, §4.7)."""
    from phieukin.crypto.tally import tally_from_json, verify_partial_decryption
    from phieukin.record.v2_checks import check_partial_v2

    try:
        commits = {payload.get("trustee"): {"public_key": trustee_key}}
        check_partial_v2(payload, ctx.setup, commits, qualified, close_hash)
        rows = tally_from_json(tally["ciphertexts"], ctx.manifest)
        key = _element(verification_key)
        verify_partial_decryption(payload, rows, key, ctx.fingerprint).require(
            where="partial_decryption"
        )
    except _core_errors() as exc:
        raise _reject(exc) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise CoreRejection("invalid_schema", type(exc).__name__) from None


def combine(
    ctx: Any, tally: dict[str, Any], partials: dict[int, dict[str, Any]], threshold: int
) -> dict[str, Any]:
    """The ``result`` payload from ``threshold`` verified partial decryptions (Lagrange, dlog)."""
    from phieukin.crypto.tally import combine as core_combine
    from phieukin.crypto.tally import tally_from_json

    rows = tally_from_json(tally["ciphertexts"], ctx.manifest)
    used, counts = core_combine(rows, partials, threshold, tally["counted"])
    return {"trustees": used, "counts": counts}


def ciphertext_ids(ballot: dict[str, Any]) -> list[str]:
    """The ``alpha`` of every ciphertext of a checked ballot (what must never repeat)."""
    from phieukin.crypto.ballot import ciphertext_ids as core_ids

    return core_ids(ballot)


def check_paper_signature(
    body: dict[str, Any], signature: Any, *, trustee_key: str, election_id: str, index: int
) -> None:
    """A counting-board member's signature of the agreed paper count (protocol.md §4.11):
    the trustee signature of ``body`` (close, sheets, counts). Raises ``CoreRejection``."""
    from phieukin.crypto.threshold import verify_payload_signature

    try:
        key = _element(trustee_key)
        check = verify_payload_signature({**body, "signature": signature}, key, election_id, index)
    except _core_errors() as exc:
        raise _reject(exc) from None
    if not check:
        raise CoreRejection("invalid_signature", f"trustee {index} paper count signature")


def paper_payload(body: dict[str, Any], signatures: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``paper_count`` payload, its signatures in ascending trustee order."""
    from phieukin.record.paper_checks import paper_payload as core_payload

    return core_payload(body["close"], body["sheets"], body["counts"], signatures)
