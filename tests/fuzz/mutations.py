"""Structure-aware mutations of protocol JSON, shared by the fuzz tests.

A mutation picks one node of a valid document (by a path drawn from its tree) and deletes it,
replaces it with a hostile value, or adds an unknown key beside it. Hostile values are what a
parser gets wrong: wrong types, integers beyond 2^53 or 2^255, non-canonical hex (upper case,
odd length, the group order), the identity point, huge strings, deep nesting.
"""

from __future__ import annotations

import copy
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded in CI (the whole fuzz set stays well under 30 s); `make fuzz` raises it.
EXAMPLES = int(os.environ.get("PHIEUKIN_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=False,
)

ELL = 2**252 + 27742317777372353535851937790883648493  # ristretto255 group order
HOSTILE: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**53, -(2**53), 2**64, 2**255, -1, 0, ELL, ELL + 1]),
    st.floats(allow_nan=False),
    st.text(max_size=80),
    st.sampled_from(
        [
            "00" * 32,  # identity point / zero scalar
            "ff" * 32,  # not a field element
            "AB" * 32,  # upper-case hex
            "0" * 63,  # odd length
            "0" * 66,
            ELL.to_bytes(32, "little").hex(),  # non-reduced scalar
            (ELL + 1).to_bytes(32, "little").hex(),
            "zz" * 32,
            "",
            "x" * 10_000,
        ]
    ),
    st.lists(st.integers(), max_size=4),
    st.dictionaries(
        st.sampled_from(["a", "c", "s", "alpha", "beta", "x"]), st.integers(), max_size=3
    ),
    st.just([[[[[[[[[]]]]]]]]]),
)


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every node's path (keys and indices), the root included."""
    found = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for k, value in enumerate(doc):
            found += paths(value, (*prefix, k))
    return found


def _hostile(draw: st.DrawFn) -> Any:
    return copy.deepcopy(draw(HOSTILE))  # never share a drawn object (st.just returns one)


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw: st.DrawFn, original: Any) -> Any:
    """One to three mutations of a deep copy of ``original`` (never the original object)."""
    doc = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        options = [p for p in paths(doc) if p]
        if not options:
            return _hostile(draw)
        path = draw(st.sampled_from(options))
        parent, last = _parent(doc, path), path[-1]
        action = draw(st.sampled_from(["replace", "delete", "add", "swap"]))
        if action == "replace":
            parent[last] = _hostile(draw)
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "hash", "z", "A"]))] = _hostile(draw)
        elif action == "add":
            parent.append(_hostile(draw))
        else:  # swap with a sibling value of the same document (well-typed but wrong)
            other = draw(st.sampled_from(options))
            source = _parent(doc, other)[other[-1]]
            parent[last] = copy.deepcopy(source)
    return doc
