"""The voting app's only door to ``phieukin.crypto`` and ``phieukin.record``.

See docs/architecture.md §2.

Every function here is a thin call into the core; nothing cryptographic is implemented in the
voting app. Keeping the calls in one module means a change of the core's API touches one file,
and the rest of the app works with plain dicts (the protocol's JSON payloads) and hex strings.
"""

from __future__ import annotations

from typing import Any

ZERO_HASH = "0" * 64


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


_CONTEXTS: dict[tuple[str, str], Any] = {}


def election_context(setup: dict[str, Any], public_key: str) -> Any:
    """The core's ElectionContext (fp, Y, manifest), cached per (election, key) in-process.

    Parsing the setup and hashing the fingerprint on every cast would be wasted work; the pair
    (election_id, Y) fully determines the context, so the cache can never serve a stale one.
    """
    key = (str(setup.get("election_id")), public_key)
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        from phieukin.crypto.election import ElectionContext, parse_setup
        from phieukin.crypto.group import Element

        ctx = ElectionContext.create(parse_setup(setup), Element.from_hex(public_key, "public_key"))
        if len(_CONTEXTS) > 64:
            _CONTEXTS.clear()
        _CONTEXTS[key] = ctx
    return ctx


def fingerprint(setup: dict[str, Any], public_key: str) -> str:
    return election_context(setup, public_key).fingerprint.hex()  # type: ignore[no-any-return]


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


def check_dkg(
    kind: str,
    payload: Any,
    setup: dict[str, Any],
    commits: dict[int, dict[str, Any]],
    reveals: dict[int, dict[str, Any]],
) -> None:
    """Verify one ceremony message against the earlier ones with the record's own checks.

    The record checkers are the ones ``phieukin verify`` runs, so the board can never
    append a message the offline verifier would refuse (protocol.md §4.6).
    """
    from phieukin.crypto.election import parse_setup
    from phieukin.record import dkg_checks

    if not isinstance(payload, dict):
        raise CoreRejection("invalid_schema", f"{kind} must be an object")
    try:
        parsed = parse_setup(setup)
        if kind == "dkg_commit":
            dkg_checks.check_commit(payload, parsed, dict(commits))
        elif kind == "dkg_reveal":
            dkg_checks.check_reveal(payload, parsed, dict(commits), dict(reveals))
        else:
            dkg_checks.check_ack(payload, parsed, dict(commits), dict(reveals), {})
    except _core_errors() as exc:
        raise _reject(exc) from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CoreRejection("invalid_schema", type(exc).__name__) from None


def _element(text: str) -> Any:
    from phieukin.crypto.group import Element

    return Element.from_hex(text, "element")


def joint_key_payload(setup: dict[str, Any], reveals: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The ``joint_key`` event: Y, every Y_j and the election fingerprint (protocol.md §6.3)."""
    from phieukin.crypto import threshold

    indices = [x["index"] for x in setup["trustees"]]
    y, ys = threshold.joint_keys(reveals, indices)
    return {
        "public_key": y.hex(),
        "verification_keys": [ys[j].hex() for j in indices],
        "fingerprint": fingerprint(setup, y.hex()),
    }


def encrypted_tally(ctx: Any, ballots: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``encrypted_tally`` payload: component-wise sum of the counted ballots (§4.7)."""
    from phieukin.crypto.ballot import parse_ballot
    from phieukin.crypto.tally import tally_ballots, tally_to_json

    parsed = (parse_ballot(b, ctx.manifest) for b in ballots)
    tally = tally_ballots(ctx.manifest, parsed)
    return {"counted": len(ballots), "ciphertexts": tally_to_json(tally)}


def check_partial(payload: Any, ctx: Any, tally: dict[str, Any], verification_key: str) -> None:
    """Verify one trustee's partial decryption of the tally (Chaum–Pedersen proofs, §4.3)."""
    from phieukin.crypto.tally import tally_from_json, verify_partial_decryption

    try:
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
