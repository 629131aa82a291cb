"""The audit log's words for the evaluations app's events (see ``phieukin.audit.labels``)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from phieukin.audit.labels import Detail, choices, register
from phieukin.evaluations.models import Cycle, Level, Regulation
from phieukin.evaluations.review_models import DecisionMethod, ShortcomingStatus
from phieukin.evaluations.services.kinds import body_label

LEVELS = choices(Level)

register(
    {
        "evaluations.period_opened": pgettext_lazy("audit", "Evaluation period opened"),
        "evaluations.period_closed": pgettext_lazy("audit", "Evaluation period closed"),
        "evaluations.regulation_changed": pgettext_lazy(
            "audit", "Regulation of the period changed"
        ),
        "evaluations.self_review_submitted": pgettext_lazy("audit", "Self-review submitted"),
        "evaluations.appraised": pgettext_lazy("audit", "Appraisal recorded"),
        "evaluations.commented": pgettext_lazy("audit", "Comment on a self-review"),
        "evaluations.submitted_to_conference": pgettext_lazy(
            "audit", "Submitted to the conference"
        ),
        "evaluations.shortcoming_updated": pgettext_lazy(
            "audit", "Remedy of a shortcoming updated"
        ),
        "evaluations.rating_ballot_created": pgettext_lazy("audit", "Rating ballot created"),
        "evaluations.ballot_result_unrecorded": pgettext_lazy(
            "audit", "Ballot result not recorded"
        ),
        "evaluations.vote_recorded": pgettext_lazy("audit", "Vote result recorded"),
        "evaluations.vote_decision_pending": pgettext_lazy(
            "audit", "Vote result awaiting a decision"
        ),
        "evaluations.paper_vote_recorded": pgettext_lazy("audit", "Paper vote recorded"),
        "evaluations.member_form_set": pgettext_lazy("audit", "Self-review form changed"),
        "evaluations.decided": pgettext_lazy("audit", "Rating decided"),
        "evaluations.re_rated": pgettext_lazy("audit", "Re-rated by the superior"),
        "evaluations.group_changed": pgettext_lazy("audit", "Group of comparable subjects changed"),
        "evaluations.cap_exception_recorded": pgettext_lazy(
            "audit", "Exception to the cap recorded"
        ),
    },
    {
        "year": Detail(pgettext_lazy("audit", "year")),
        "regulation": Detail(pgettext_lazy("audit", "regulation"), values=choices(Regulation)),
        "subjects": Detail(pgettext_lazy("audit", "subjects")),
        "evaluations.rating_ballot_created:subjects": Detail(
            pgettext_lazy("audit", "subjects"), count=True
        ),
        "collectives": Detail(pgettext_lazy("audit", "collectives")),
        "individuals": Detail(pgettext_lazy("audit", "individuals")),
        "out_of_scope": Detail(pgettext_lazy("audit", "not rated")),
        "evaluations.regulation_changed:old": Detail(
            pgettext_lazy("audit", "from"), values=choices(Regulation)
        ),
        "evaluations.regulation_changed:new": Detail(
            pgettext_lazy("audit", "to"), values=choices(Regulation)
        ),
        "evaluations.shortcoming_updated:old": Detail(
            pgettext_lazy("audit", "from"), values=choices(ShortcomingStatus)
        ),
        "evaluations.shortcoming_updated:new": Detail(
            pgettext_lazy("audit", "to"), values=choices(ShortcomingStatus)
        ),
        "evaluations.re_rated:old": Detail(pgettext_lazy("audit", "from"), values=LEVELS),
        "evaluations.re_rated:new": Detail(pgettext_lazy("audit", "to"), values=LEVELS),
        "evaluations.group_changed:old": Detail(pgettext_lazy("audit", "from")),
        "evaluations.group_changed:new": Detail(pgettext_lazy("audit", "to")),
        "level": Detail(pgettext_lazy("audit", "level"), values=LEVELS),
        "outcome": Detail(pgettext_lazy("audit", "outcome"), values=LEVELS),
        "form": Detail(pgettext_lazy("audit", "form")),
        "shortcomings": Detail(pgettext_lazy("audit", "shortcomings")),
        "body": Detail(pgettext_lazy("audit", "body"), values=body_label),
        "method": Detail(pgettext_lazy("audit", "method"), values=choices(DecisionMethod)),
        "cap_warnings": Detail(pgettext_lazy("audit", "cap warnings"), count=True),
        "granted": Detail(pgettext_lazy("audit", "exceptions granted"), count=True),
        "ballot": Detail(pgettext_lazy("audit", "ballot"), ref="voting.Ballot"),
        "round": Detail(pgettext_lazy("audit", "round")),
        "vote_record": Detail(pgettext_lazy("audit", "vote no.")),
        "decision": Detail(pgettext_lazy("audit", "decision no.")),
        "evaluations.paper_vote_recorded:votes": Detail(
            pgettext_lazy("audit", "votes recorded"), count=True
        ),
        "evaluations.member_form_set:old": Detail(pgettext_lazy("audit", "from")),
        "evaluations.member_form_set:new": Detail(pgettext_lazy("audit", "to")),
        "cycle": Detail(pgettext_lazy("audit", "cycle"), values=choices(Cycle)),
        "quarter": Detail(pgettext_lazy("audit", "quarter")),
        "group": Detail(pgettext_lazy("audit", "group")),
    },
)
