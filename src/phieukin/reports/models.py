"""The reports app's own records: the register of document numbers, the year's targets and
what the secretary adds to the minutes (``register_models``). Otherwise it reads the other apps
and writes documents.

The roll-up counts it shows are kept by the app that writes them
(``phieukin.evaluations.rollup_models``): nothing imports reports, and reports imports no
app that imports it back.
"""

from __future__ import annotations

# Importing them here registers them with the app.
from phieukin.reports.register_models import (
    DocType,
    DocumentNumber,
    IssuerKind,
    MinutesRecord,
    TargetAssessment,
    YearTarget,
)

__all__ = [
    "DocType",
    "DocumentNumber",
    "IssuerKind",
    "MinutesRecord",
    "TargetAssessment",
    "YearTarget",
]
