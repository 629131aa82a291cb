"""The pure core must not import Django or any Django app (STYLE R2, DESIGN §3)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "phieukin"
PURE = ["crypto", "record", "rules"]
DJANGO_APPS = {
    "accounts",
    "audit",
    "organizations",
    "meetings",
    "voting",
    "evaluations",
    "reports",
    "api",
    "web",
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _forbidden(name: str) -> bool:
    parts = name.split(".")
    if parts[0] == "django" or parts[0] == "ninja":
        return True
    return len(parts) > 1 and parts[0] == "phieukin" and parts[1] in DJANGO_APPS


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_import_no_django(package: str) -> None:
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for path in sorted((SRC / package).rglob("*.py"))
        for name in _imports(path)
        if _forbidden(name)
    ]
    assert offenders == []


def test_voting_never_imports_evaluations() -> None:
    """A ballot carries its own labels and an opaque reference to what it decides."""
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted((SRC / "voting").rglob("*.py"))
        for name in _imports(path)
        if name.startswith("phieukin.evaluations")
    ]
    assert offenders == []


def _is_edge(path: Path) -> bool:
    """Views and URLconfs are the thin HTTP edge: they may call the one permission layer."""
    return path.name.startswith("views") or path.name == "urls.py"


def test_organizations_imports_no_other_app() -> None:
    """The organization tree is the base every app builds on, so its domain (models,
    services, importing, admin) imports no other app. Its HTTP edge may import exactly one
    thing from elsewhere: the permission layer, so that no view skips the check."""
    others = DJANGO_APPS - {"organizations", "web"}
    allowed_at_edge = {"phieukin.accounts.permissions"}
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for path in sorted((SRC / "organizations").rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] == "phieukin"
        and len(name.split(".")) > 1
        and name.split(".")[1] in others
        and not (_is_edge(path) and name in allowed_at_edge)
    ]
    assert offenders == []


def test_the_architecture_test_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport phieukin.voting.models\n")
    assert [n for n in _imports(bad) if _forbidden(n)] == ["django.db", "phieukin.voting.models"]


def test_nothing_imports_reports() -> None:
    """Reports read the other apps and write documents; no domain app imports them back (the
    roll-up tables belong to evaluations, which writes them). Only the project (web) mounts
    their URLs."""
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for app in sorted(DJANGO_APPS - {"reports", "web"})
        for path in sorted((SRC / app).rglob("*.py"))
        for name in _imports(path)
        if name.startswith("phieukin.reports")
    ]
    assert offenders == []
