"""Many ballot shapes at once: JS ballots for random manifests and choices verify in Python,
their audits open in Python, and a mistyped credential code is refused without echoing it."""

from __future__ import annotations

import random
from typing import Any

from phieukin.crypto.audit import check_audited_ballot
from phieukin.crypto.ballot import check_ballot
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.crypto.election import ElectionContext, parse_setup
from phieukin.crypto.group import Element

from .conftest import RunJs, ok, python_election


def random_question(rng: random.Random, k: int) -> tuple[dict[str, Any], list[int]]:
    n = rng.randint(1, 6)
    lo = rng.randint(0, n)
    hi = rng.randint(lo, n)
    picked = set(rng.sample(range(n), rng.randint(lo, hi)))
    question = {
        "id": f"q{k}",
        "kind": "choose",
        "label": f"Câu {k}",
        "options": [f"Lựa chọn {o}" for o in range(n)],
        "min": lo,
        "max": hi,
    }
    return question, [int(o in picked) for o in range(n)]


def test_it_cross_verifies_random_shapes(run_js: RunJs) -> None:
    rng = random.Random(20261125)
    base = python_election(n=1, t=1)
    public = Element.from_hex(base["election"]["public_key"])
    cases = []
    for case in range(12):
        pairs = [random_question(rng, k) for k in range(rng.randint(1, 3))]
        setup = {
            **base["setup"],
            "election_id": f"shapes-{case}",
            "manifest": {"title": "Hình dạng", "questions": [q for q, _ in pairs]},
        }
        ctx = ElectionContext.create(parse_setup(setup), public)
        code = generate_code()
        election = {
            "election_id": setup["election_id"],
            "fingerprint": ctx.fingerprint.hex(),
            "public_key": public.hex(),
        }
        cases.append((ctx, code, setup["manifest"], election, [c for _, c in pairs]))
    results = run_js(
        [
            ("encrypt_ballot", {"manifest": m, "election": e, "choices": c, "code": code})
            for _, code, m, e, c in cases
        ]
    )
    for (ctx, code, _, _, choices), result in zip(cases, results, strict=True):
        made = ok(result)
        cred = derive_credential(ctx.setup.election_id, code).public.hex()
        check_ballot(made["ballot"], ctx, [cred])
        check_audited_ballot(made["audit"], ctx, [cred])
        assert made["audit"]["choices"] == choices


def test_it_refuses_a_mistyped_code_without_echoing_it(run_js: RunJs) -> None:
    election = python_election(n=1, t=1)
    code = generate_code()
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    args = {
        "manifest": election["setup"]["manifest"],
        "election": election["election"],
        "choices": [[1, 0, 0, 0, 0], [1, 0, 0, 0]],
        "code": typo,
    }
    refused, out_of_bounds = run_js(
        [
            ("encrypt_ballot", args),
            ("encrypt_ballot", {**args, "code": code, "choices": [[1, 1, 0, 0, 0], [1, 0, 0, 0]]}),
        ]
    )
    assert refused["error"]["code"] == "invalid_credential_code"
    assert typo not in refused["error"]["message"]
    assert typo.replace("-", "") not in refused["error"]["message"]
    assert out_of_bounds["error"]["code"] == "invalid_ballot"
