"""Extra dossier documents for a bundle, supplied by the project.

The federation app does not import the reports app (docs/architecture.md §2: only the project
does); the project registers a builder here at start-up (``web.apps``) that returns the
period's Mẫu 04 for the sender's organization. A builder returns ``{file name: bytes}``, put
under ``dossier/`` in the bundle and listed in ``dossier/index.json``.
"""

from __future__ import annotations

from collections.abc import Callable

from phieukin.evaluations.models import Period
from phieukin.organizations.models import Organization

Builder = Callable[[Organization, Period], dict[str, bytes]]
_BUILDERS: list[Builder] = []


def register_dossier_builder(builder: Builder) -> None:
    if builder not in _BUILDERS:
        _BUILDERS.append(builder)


def extra_documents(organization: Organization, period: Period) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for builder in _BUILDERS:
        found.update(builder(organization, period))
    return found
