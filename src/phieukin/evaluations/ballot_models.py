"""A rating agenda item's secret ballots, as the evaluations app knows them.

The voting app holds the ballot (questions with their labels and opaque references, the
counting board, the record) and knows nothing of subjects; this row is the evaluations side of
the link: which agenda item, which subjects (one rating question each, in the order of the
questions), which round. A round-2 ballot (``previous``) re-votes, on the same agenda item, the
subjects for which round 1 gave no level (the rule set's ``OnFailure.REVOTE``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import Subject


class RatingBallot(models.Model):
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.PROTECT, related_name="rating_ballots"
    )
    ballot = models.OneToOneField(
        "voting.Ballot", on_delete=models.PROTECT, related_name="rating_ballot"
    )
    subjects = models.ManyToManyField(Subject, related_name="rating_ballots")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_round"
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rating ballot")
        verbose_name_plural = _("rating ballots")
        ordering = ["agenda_item", "round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(round=1, previous__isnull=True)
                | Q(round__gt=1, previous__isnull=False),
                name="ratingballot_round_links_previous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot} ({self.round})"
