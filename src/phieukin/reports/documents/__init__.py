"""Party documents (HD 36-HD/VPTW layout) built from model instances, as DOCX or PDF bytes.

Each builder assembles a format-neutral ``layout.Document`` and hands it to ``render``, so the
DOCX (python-docx) and the PDF (reportlab with the vendored Liberation Serif embedded) always
carry the same text. Public builders: ``build_submission``, ``build_tally_report``,
``build_minutes``, ``build_decision``, ``build_dossier_list``.
"""

from __future__ import annotations

from phieukin.reports.documents.decision import build_decision
from phieukin.reports.documents.dossier import build_dossier_list
from phieukin.reports.documents.minutes import build_minutes
from phieukin.reports.documents.submission import build_submission
from phieukin.reports.documents.tally import build_tally_report

__all__ = [
    "build_decision",
    "build_dossier_list",
    "build_minutes",
    "build_submission",
    "build_tally_report",
]
