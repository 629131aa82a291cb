"""The audit log's words for the reports app's events (see ``phieukin.audit.labels``)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from phieukin.audit.labels import Detail, register

register(
    {
        "reports.document_numbered": pgettext_lazy("audit", "Document numbered in the register"),
        "reports.target_added": pgettext_lazy("audit", "Target of the year added"),
        "reports.target_removed": pgettext_lazy("audit", "Target of the year removed"),
        "reports.minutes_end_time": pgettext_lazy("audit", "End of the conference recorded"),
    },
    {
        "number": Detail(pgettext_lazy("audit", "number")),
        "signed_on": Detail(pgettext_lazy("audit", "signed on"), date=True),
        "target": Detail(pgettext_lazy("audit", "for")),
        "decisions": Detail(pgettext_lazy("audit", "decisions")),
        "period": Detail(pgettext_lazy("audit", "period"), ref="evaluations.Period"),
        "ends_at": Detail(pgettext_lazy("audit", "ended at")),
    },
)
