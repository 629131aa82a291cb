"""Every import between parts follows the arrows of docs/architecture.md §2, and none cycles.

The allowed arrows are read from the table in docs/architecture.md (between the
``arrows:begin`` and ``arrows:end`` markers), so the rule is written once, where a reader looks
for it. Every module under src/phieukin is parsed and every import in it is checked, eager or
lazy (inside a function), absolute or relative.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "phieukin"
TABLE = ROOT / "docs" / "architecture.md"
DJANGO = {"django", "ninja"}
EDGE_FILES = re.compile(r"(views\w*|urls|admin|forms|api_views|\w*labels)\.py")
EDGE_DIRS = {"templatetags", "management"}

# Arrows that break the rule today, each with the change that removes it. The tests below
# leave them out, and ``test_the_known_violations_are_still_there`` fails as soon as one is
# gone, so that its entry is removed here and the rule holds without exception.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Row:
    part: str  # "organizations" or, for one module, "organizations.member_rules"
    kind: str  # pure, helpers, app, edge
    allowed: frozenset[str]
    edge_allowed: frozenset[str]


def read_table(text: str) -> dict[str, Row]:
    block = text.split("<!-- arrows:begin", 1)[1].split("<!-- arrows:end -->", 1)[0]
    rows: dict[str, Row] = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        part, kind, allowed, edge = cells
        rows[part.strip("`")] = Row(part.strip("`"), kind, _names(allowed), _names(edge))
    return rows


def _names(cell: str) -> frozenset[str]:
    return frozenset(n.strip().strip("`") for n in cell.split(",") if n.strip() not in {"—", ""})


ROWS = read_table(TABLE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Import:
    module: str  # "organizations.importing.write"
    path: Path
    line: int
    candidates: tuple[str, ...]  # what it names, most specific last ("accounts", "accounts.x")
    external: str  # the top-level name when it is not phieukin ("django")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, module: str | None = None) -> list[Import]:
    """Every import statement of the file, anywhere in it, as phieukin-relative names.

    ``module``: the file's dotted name under phieukin (default: from its place under src/).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = module_name(path) if module is None else module
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [_import(module, path, node.lineno, a.name, ()) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".") if package else []
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join(["phieukin", *anchor, *([base] if base else [])])
            names = tuple(a.name for a in node.names if a.name != "*")
            found.append(_import(module, path, node.lineno, base, names))
    return found


def _import(module: str, path: Path, line: int, name: str, names: tuple[str, ...]) -> Import:
    top, _, rest = name.partition(".")
    if top != "phieukin":
        return Import(module, path, line, (), top)
    candidates = (rest, *(f"{rest}.{n}" if rest else n for n in names)) if rest else names
    return Import(module, path, line, tuple(c for c in candidates if c), "")


def row_of(module: str) -> Row:
    """The most specific row: the module's own, else its top-level part's."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        row = ROWS.get(".".join(parts[:n]))
        if row is not None:
            return row
    raise AssertionError(f"{module}: no row in docs/architecture.md §2 for this part")


def is_edge(path: Path) -> bool:
    rel = path.relative_to(SRC).parts
    return bool(EDGE_FILES.fullmatch(rel[-1])) or bool(EDGE_DIRS & set(rel[:-1]))


def matches(name: str, entries: frozenset[str]) -> bool:
    return any(name == e or name.startswith(e + ".") for e in entries)


def violation(imp: Import) -> str | None:
    """Why ``imp`` is not allowed by the table, or None."""
    row = row_of(imp.module)
    where = f"{imp.path.relative_to(ROOT)}:{imp.line}"
    if imp.external:
        if row.kind == "pure" and imp.external in DJANGO:
            return f"{where}: {imp.module} is pure and imports {imp.external}"
        return None
    own = imp.module.split(".")[0]
    scoped = "." in row.part  # a module-level row restricts even imports from its own package
    allowed = row.allowed | (row.edge_allowed if is_edge(imp.path) else frozenset())
    for name in imp.candidates:
        if name.split(".")[0] == own and not scoped:
            return None
        if scoped and (name == row.part or name.startswith(row.part + ".")):
            return None
        if matches(name, allowed):
            return None
    target = imp.candidates[-1] if imp.candidates else "phieukin"
    if (own, target.split(".")[0]) in KNOWN_VIOLATIONS and not scoped:
        return None
    return f"{where}: {row.part} → {target} is not an arrow of docs/architecture.md §2"


def source_files() -> list[Path]:
    """Every module but the migrations (generated) and the package's own ``__init__``."""
    return sorted(
        p for p in SRC.rglob("*.py") if "migrations" not in p.parts and p != SRC / "__init__.py"
    )


def domain_arrows() -> dict[str, set[str]]:
    """part → parts its domain (non-edge) modules import."""
    arrows: dict[str, set[str]] = defaultdict(set)
    for path in source_files():
        if is_edge(path):
            continue
        own = module_name(path).split(".")[0]
        for imp in imports(path):
            for name in imp.candidates[:1]:
                target = name.split(".")[0]
                if target != own and (own, target) not in KNOWN_VIOLATIONS:
                    arrows[own].add(target)
    return arrows


def cycles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle's nodes, found by depth-first search (the graph is small)."""
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for nxt in sorted(arrows.get(path[-1], ())):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                walk([*path, nxt])

    for start in sorted(arrows):
        walk([start])
    return found


# --------------------------------------------------------------------------- the rule


def test_every_import_between_parts_is_an_allowed_arrow() -> None:
    problems = [v for p in source_files() for i in imports(p) if (v := violation(i))]
    assert problems == []


def test_the_domain_apps_import_each_other_without_a_cycle() -> None:
    assert cycles(domain_arrows()) == []


def test_the_table_itself_has_no_cycle_and_covers_every_part() -> None:
    table = {p: {t.split(".")[0] for t in r.allowed} - {p} for p, r in ROWS.items() if "." not in p}
    assert cycles(table) == []
    parts = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    parts |= {p.stem for p in SRC.glob("*.py") if p.stem != "__init__"}
    assert parts == set(table), "every part of src/phieukin has exactly one row"
    for row in ROWS.values():
        for name in row.allowed | row.edge_allowed:
            assert (SRC / name.replace(".", "/")).exists() or (
                SRC / (name.replace(".", "/") + ".py")
            ).exists(), f"{row.part}: {name} names no module"


def test_the_known_violations_are_still_there() -> None:
    """When this fails, the violation is fixed: delete its KNOWN_VIOLATIONS entry."""
    for own, target in sorted(KNOWN_VIOLATIONS):
        still = [
            i
            for p in source_files()
            if module_name(p).split(".")[0] == own
            for i in imports(p)
            if i.candidates and i.candidates[0].split(".")[0] == target
        ]
        assert still, f"{own} → {target} is gone: remove it from KNOWN_VIOLATIONS"


# --------------------------------------------------------------------------- it can fail


def _check(tmp_path: Path, relative: str, code: str) -> list[str]:
    """The violations of a made-up module at ``relative`` under src/phieukin."""
    path = SRC / relative
    fake = tmp_path / relative
    fake.parent.mkdir(parents=True, exist_ok=True)
    fake.write_text(code, encoding="utf-8")
    found = []
    for imp in imports(fake, module_name(path)):
        placed = Import(imp.module, path, imp.line, imp.candidates, imp.external)
        if (v := violation(placed)) is not None:
            found.append(v.split(": ", 1)[1])
    return found


def test_the_check_refuses_what_the_table_does_not_allow(tmp_path: Path) -> None:
    assert _check(tmp_path, "rules/bad.py", "from django.db import models\n") == [
        "rules.bad is pure and imports django"
    ]
    assert _check(
        tmp_path, "voting/bad.py", "def f():\n    import phieukin.evaluations.models\n"
    ) == ["voting → evaluations.models is not an arrow of docs/architecture.md §2"]
    assert _check(tmp_path, "organizations/bad.py", "from phieukin.accounts import models\n")
    assert (
        _check(tmp_path, "organizations/views.py", "from phieukin.accounts import permissions\n")
        == []
    )
    assert _check(tmp_path, "organizations/views.py", "from phieukin.accounts.models import Role\n")
    assert _check(
        tmp_path, "organizations/member_rules.py", "from phieukin.organizations import models\n"
    )
    assert _check(tmp_path, "organizations/importing/x.py", "from ..models import Member\n") == []
    assert _check(tmp_path, "record/x.py", "from ..voting import models\n") == [
        "record → voting.models is not an arrow of docs/architecture.md §2"
    ]


def test_the_cycle_search_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
