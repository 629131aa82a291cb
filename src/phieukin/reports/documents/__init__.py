"""Party documents (HD 36-HD/VPTW layout) built from model instances, as DOCX or PDF bytes.

Each builder assembles a format-neutral ``layout.Document`` and hands it to ``render``, so the
DOCX (python-docx) and the PDF (reportlab with the vendored Liberation Serif embedded) always
carry the same text. The issuing body of each document is one ``issuers.Issuer`` (header,
number, signature); what they read of the evaluations records is in ``facts``. Public
builders: ``build_submission``, ``build_tally_report``, ``build_minutes``, ``build_issued``
(a registered Quyết định / Thông báo / Mẫu 03), ``build_dossier_list``,
``build_organization_dossier``, ``build_paper_ballots`` (the numbered paper ballots, PDF,
docs/paper.md), ``build_review_form`` (Mẫu 2A/2B/2C), ``build_quarter_rating`` (Mẫu 05).
See docs/documents.md.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phieukin.reports.documents.decision import build_decision
from phieukin.reports.documents.dossier import build_dossier_list, build_organization_dossier
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.documents.minutes import build_minutes
from phieukin.reports.documents.paper_ballot import build_paper_ballots
from phieukin.reports.documents.rerate import build_rerating
from phieukin.reports.documents.self_review import build_quarter_rating, build_review_form
from phieukin.reports.documents.submission import build_submission
from phieukin.reports.documents.tally import build_tally_report
from phieukin.reports.register_models import DocumentNumber


def build_issued(row: DocumentNumber, *, fmt: str = "docx") -> bytes:
    """A document of the register, by what it is: Mẫu 03, a Quyết định/Thông báo on a list of
    decisions, or a Tờ trình."""
    if row.target.startswith("evaluations.Decision:"):
        return build_rerating(row, fmt=fmt)
    if row.target.startswith("evaluations.Submission:"):
        from phieukin.evaluations.models import Submission

        pk = row.target.removeprefix("evaluations.Submission:")
        submission = Submission.objects.filter(pk=int(pk) if pk.isdigit() else 0).first()
        if submission is None:
            raise DocumentError(_("The submission of this register entry no longer exists."))
        return build_submission(submission, fmt=fmt)
    return build_decision(row, fmt=fmt)


__all__ = [
    "build_decision",
    "build_dossier_list",
    "build_issued",
    "build_minutes",
    "build_organization_dossier",
    "build_paper_ballots",
    "build_quarter_rating",
    "build_rerating",
    "build_review_form",
    "build_submission",
    "build_tally_report",
]
