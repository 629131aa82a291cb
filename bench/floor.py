"""The library floor of a measurement: operation counts × operation costs, both from this process.

``count_ops(fn)`` runs ``fn`` once with every group-library call counted; ``op_costs()`` times
each kind of call on distinct inputs (fresh scalars and points, no input reused) in CPU time;
``floor_us(counts, costs)`` is their product: what the measured work would cost if Python took no
time at all. Works on this tree's group backends (libdecaf or libsodium, ``group._b``) and on an
older tree whose ``group.py`` called libsodium directly (``group._sodium``), so a git ref of main
can be measured the same way (``verify_ballot.py --baseline-ref``).
"""

from __future__ import annotations

import ctypes
import os
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

L = 2**252 + 27742317777372353535851937790883648493
# The backend calls group.py makes (this tree): global name in group.py -> operation.
BACKEND_CALLS = {
    "_decode": "decode",
    "_encode": "encode",
    "_add": "add",
    "_sub": "sub",
    "_mul": "mul",
    "_base": "base",
    "_base_double": "base_double",
    "_double": "double",
    "_table_mul": "table_mul",
}


def backend_name() -> str:
    from phieukin.crypto import group

    return str(getattr(group, "BACKEND", "sodium (direct, before the backends)"))


def count_ops(fn: Callable[[], Any]) -> dict[str, int]:
    """Run ``fn`` once, counting every group-library call by operation."""
    from phieukin.crypto import group

    counts: Counter[str] = Counter()
    if hasattr(group, "_b"):
        saved = {name: getattr(group, name) for name in BACKEND_CALLS}

        def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
            def call(*args: Any) -> Any:
                counts[BACKEND_CALLS[name]] += 1
                return real(*args)

            return call

        for name, real in saved.items():
            setattr(group, name, counted(name, real))
        try:
            fn()
        finally:
            for name, real in saved.items():
                setattr(group, name, real)
        return dict(counts)
    real_sodium = group._sodium  # an older tree: libsodium called directly

    class Proxy:
        def __getattr__(self, name: str) -> Any:
            counts[name.replace("crypto_", "").replace("ristretto255", "r255")] += 1
            return getattr(real_sodium, name)

    group._sodium = Proxy()
    try:
        fn()
    finally:
        group._sodium = real_sodium
    return dict(counts)


def _scalars(k: int) -> list[bytes]:
    return [(int.from_bytes(os.urandom(64), "little") % L).to_bytes(32, "little") for _ in range(k)]


def _cpu_us(calls: list[Callable[[], Any]]) -> float:
    """CPU µs per call, each call once (distinct inputs), median of 3 passes over fresh lists."""
    start = time.process_time()
    for call in calls:
        call()
    return (time.process_time() - start) * 1e6 / len(calls)


def op_costs(k: int = 150) -> dict[str, float]:
    """CPU µs of one call of each operation, on distinct inputs, in this process."""
    from phieukin.crypto import group

    passes: dict[str, list[float]] = {}
    for _ in range(3):
        for name, cost in _one_pass(group, k).items():
            passes.setdefault(name, []).append(cost)
    return {name: statistics.median(values) for name, values in passes.items()}


def _one_pass(group: Any, k: int) -> dict[str, float]:
    s, c = _scalars(k), _scalars(k)
    if hasattr(group, "_b"):
        b = group._b
        points = [b.base(x) for x in _scalars(k)]
        others = [b.base(x) for x in _scalars(k)]
        encodings = [b.encode(p) for p in points]
        table = b.precompute(points[0])
        return {
            "decode": _cpu_us([lambda e=e: b.decode(e) for e in encodings]),
            "encode": _cpu_us([lambda p=p: b.encode(p) for p in others]),
            "add": _cpu_us(
                [lambda p=p, q=q: b.add(p, q) for p, q in zip(points, others, strict=True)]
            ),
            "sub": _cpu_us(
                [lambda p=p, q=q: b.sub(p, q) for p, q in zip(points, others, strict=True)]
            ),
            "mul": _cpu_us([lambda x=x, p=p: b.mul(x, p) for x, p in zip(s, points, strict=True)]),
            "base": _cpu_us([lambda x=x: b.base(x) for x in s]),
            "base_double": _cpu_us(
                [
                    lambda x=x, y=y, p=p: b.base_double_public(x, y, p)
                    for x, y, p in zip(s, c, points, strict=True)
                ]
            ),
            "double": _cpu_us(
                [
                    lambda x=x, y=y, p=p, q=q: b.double(x, p, y, q)
                    for x, y, p, q in zip(s, c, points, others, strict=True)
                ]
            ),
            "table_mul": _cpu_us([lambda x=x: b.table_mul(table, x) for x in s]),
        }
    so = group._sodium

    def buf() -> Any:
        return ctypes.create_string_buffer(32)

    def base(x: bytes) -> bytes:
        out = buf()
        so.crypto_scalarmult_ristretto255_base(out, x)
        return bytes(out.raw)

    points = [base(x) for x in _scalars(k)]
    others = [base(x) for x in _scalars(k)]
    return {
        "core_r255_is_valid_point": _cpu_us(
            [lambda p=p: so.crypto_core_ristretto255_is_valid_point(p) for p in points]
        ),
        "core_r255_add": _cpu_us(
            [
                lambda p=p, q=q: so.crypto_core_ristretto255_add(buf(), p, q)
                for p, q in zip(points, others, strict=True)
            ]
        ),
        "core_r255_sub": _cpu_us(
            [
                lambda p=p, q=q: so.crypto_core_ristretto255_sub(buf(), p, q)
                for p, q in zip(points, others, strict=True)
            ]
        ),
        "scalarmult_r255": _cpu_us(
            [
                lambda x=x, p=p: so.crypto_scalarmult_ristretto255(buf(), x, p)
                for x, p in zip(s, points, strict=True)
            ]
        ),
        "scalarmult_r255_base": _cpu_us(
            [lambda x=x: so.crypto_scalarmult_ristretto255_base(buf(), x) for x in s]
        ),
    }


def floor_us(counts: dict[str, int | float], costs: dict[str, float]) -> float:
    """Σ count × cost (µs); an operation without a measured cost counts as free (listed apart)."""
    return sum(n * costs.get(name, 0.0) for name, n in counts.items())


def load_average() -> list[float]:
    try:
        return [float(x) for x in os.getloadavg()]
    except OSError:
        return []
