"""Organization tree, party members, membership history, committees and seats.

The tree uses a materialized path (``/1/17/342/``) so that "this organization and everything
below it" is one indexed prefix query, which is what every roll-up, permission check and
listing needs, at national scale (≈ 60,000 organizations, 300,000 cells). Paths are kept by
``phieukin.organizations.services.tree`` only; never assign ``path`` by hand.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phieukin.lib.text import fold, vi_sort_key
from phieukin.organizations import member_rules as rules
from phieukin.organizations.member_rules import FIELD_SPECS


class OrganizationKind(models.TextChoices):
    CENTRAL = "central", _("Central level")
    PROVINCIAL = "provincial", _("Provincial / city Party organization")
    DIRECT = "direct", _("Party organization directly under the province")
    GRASSROOTS = "grassroots", _("Grassroots Party organization")
    PARTIAL = "partial", _("Partial Party organization")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party cell")
    CELL = "cell", _("Party cell")


# Which kinds may sit under which (a cell has no children).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    OrganizationKind.CENTRAL: {OrganizationKind.PROVINCIAL},
    OrganizationKind.PROVINCIAL: {
        OrganizationKind.DIRECT,
        OrganizationKind.GRASSROOTS,
        OrganizationKind.GRASSROOTS_CELL,
    },
    OrganizationKind.DIRECT: {OrganizationKind.GRASSROOTS, OrganizationKind.GRASSROOTS_CELL},
    OrganizationKind.GRASSROOTS: {OrganizationKind.PARTIAL, OrganizationKind.CELL},
    OrganizationKind.PARTIAL: {OrganizationKind.CELL},
    OrganizationKind.GRASSROOTS_CELL: set(),
    OrganizationKind.CELL: set(),
}
CELL_KINDS = {OrganizationKind(kind) for kind in rules.CELL_KINDS}


class Organization(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/<root id>/.../<own id>/": maintained by services, indexed for prefix (subtree) queries.
    path = models.CharField(max_length=400, db_index=False, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Party organization")
        verbose_name_plural = _("Party organizations")
        ordering = ["path"]
        indexes = [
            # varchar_pattern_ops makes LIKE 'prefix%' use the index on PostgreSQL whatever the
            # database collation; other backends ignore opclasses.
            models.Index(
                fields=["path"], name="org_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["parent", "name"], name="org_parent_name"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="org_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def subtree(self) -> models.QuerySet[Organization]:
        """This organization and all below it: one prefix query on the materialized path."""
        return Organization.objects.filter(path__startswith=self.path)

    def descendants(self) -> models.QuerySet[Organization]:
        return self.subtree().exclude(pk=self.pk)

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def ancestors(self) -> models.QuerySet[Organization]:
        return Organization.objects.filter(pk__in=self.ancestor_ids()).order_by("depth")

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS


# The values are the rules' (``member_rules``); the labels are what a reader sees.
class Sex(models.TextChoices):
    MALE = rules.MALE, _("Male")
    FEMALE = rules.FEMALE, _("Female")


class MemberStatus(models.TextChoices):
    OFFICIAL = rules.OFFICIAL, _("Official member")
    PROBATIONARY = rules.PROBATIONARY, _("Probationary member")
    SUSPENDED = rules.SUSPENDED, _("Suspended from activities")
    EXEMPTED = rules.EXEMPTED, _("Exempted from activities")
    TRANSFERRED = rules.TRANSFERRED, _("Transferred out")


def _length(name: str) -> int:
    return FIELD_SPECS[name].max_length


class Member(models.Model):
    """A party member. ``organization`` is the current cell; history is in ``Membership``.

    The fields are those of ``member_rules.MemberRecord`` (tests/organizations/test_models.py
    checks they agree); the rules they must satisfy are there too.
    """

    card_number = models.CharField(
        _("party card number"), max_length=_length("card_number"), unique=True
    )
    full_name = models.CharField(_("full name"), max_length=_length("full_name"))
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    admitted_on = models.DateField(_("date admitted to the Party"))
    official_on = models.DateField(_("date became official member"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.OFFICIAL
    )
    position = models.CharField(_("position"), max_length=_length("position"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Party cell"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    # Derived from full_name on save: diacritic-free search key and Vietnamese collation key.
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=450, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["sort_key"]
        indexes = [models.Index(fields=["organization", "status"], name="member_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(official_on__isnull=True) | Q(official_on__gte=models.F("admitted_on")),
                name="member_official_after_admitted",
            ),
            models.CheckConstraint(
                condition=Q(admitted_on__gt=models.F("birth_date")),
                name="member_admitted_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.card_number})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(self.full_name)
        self.sort_key = vi_sort_key(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Membership(models.Model):
    """A member's belonging to a cell over time (transfers keep their history)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["member", "start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="membership_end_after_start",
            ),
            # At most one open membership per member.
            models.UniqueConstraint(
                fields=["member"], condition=Q(end_on__isnull=True), name="membership_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.organization_id} from {self.start_on}"


class CommitteeKind(models.TextChoices):
    EXECUTIVE = "executive", _("Executive Committee")  # Ban Chấp hành
    STANDING = "standing", _("Standing Committee")  # Ban Thường vụ
    CELL = "cell", _("Cell committee")  # Chi ủy


class Committee(models.Model):
    """A leadership body of an organization for one term (khóa)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="committees"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices)
    term = models.CharField(_("term"), max_length=60, help_text=_("e.g. XVII, 2020–2025"))
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["organization", "kind", "-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "term"], name="committee_unique_term"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gt=models.F("term_start")),
                name="committee_term_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization} ({self.term})"


class SeatRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")  # Bí thư
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy Secretary")  # Phó Bí thư
    STANDING_MEMBER = "standing_member", _("Standing Committee member")  # Ủy viên BTV
    EXECUTIVE_MEMBER = "executive_member", _("Executive Committee member")  # Ủy viên BCH
    CELL_MEMBER = "cell_member", _("Cell committee member")  # Chi ủy viên


class CommitteeSeat(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="seats")
    role = models.CharField(_("role"), max_length=20, choices=SeatRole.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["committee", "role", "member__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "member"],
                condition=Q(end_on__isnull=True),
                name="seat_one_open_per_member",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="seat_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()}"
