"""Ballots on an agenda item, the counting board (trustees), credentials and the bulletin board.

What the server keeps is deliberately poor: public keys of credentials (never the codes), the
trustees' public ceremony messages and encrypted shares (never a trustee secret), and the
bulletin board (the election record) as hash-chained rows. No row links a member, a user,
a session or an address to a credential or a ballot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CEREMONY = "ceremony", _("Counting board key ceremony")
    READY = "ready", _("Ready to open")
    OPEN = "open", pgettext_lazy("ballot", "Open")
    CLOSED = "closed", _("Closed, awaiting decryption")
    PUBLISHED = "published", _("Result published")
    CANCELLED = "cancelled", _("Cancelled")


class Policy(models.TextChoices):
    FIRST = "first", _("One ballot per credential: the first accepted counts")


class Ballot(models.Model):
    """A secret ballot held on one agenda item. ``status`` moves only via ``do_transition``."""

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.PROTECT, related_name="ballots"
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=BallotStatus.choices, default=BallotStatus.DRAFT
    )
    policy = models.CharField(max_length=10, choices=Policy.choices, default=Policy.FIRST)
    threshold = models.PositiveSmallIntegerField(_("trustees needed to decrypt (t)"), default=2)
    trustee_count = models.PositiveSmallIntegerField(_("trustees (n)"), default=3)
    small_group_threshold = models.PositiveSmallIntegerField(
        _("small-group warning below"), default=16
    )
    # Fixed at setup; a restarted ceremony gets a new one (protocol.md §2).
    election_id = models.CharField(max_length=64, blank=True)
    # Set when the ceremony completes (joint public key) and at opening (fingerprint of the
    # manifest + key + credential list). Lowercase hex as in the protocol.
    election_public_key = models.CharField(max_length=128, blank=True)
    fingerprint = models.CharField(max_length=128, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["agenda_item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=1) & Q(threshold__lte=models.F("trustee_count")),
                name="ballot_threshold_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def single_trustee(self) -> bool:
        """1-of-1 means one person can decrypt every ballot alone: shown as a warning."""
        return self.trustee_count == 1


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Quality rating (4 levels + blank)")
    APPROVAL = "approval", _("Approve / disapprove / abstain")
    CHOOSE = "choose", _("Choose k of n")


class Question(models.Model):
    """One question of the ballot: its options are the protocol manifest's option list.

    A list of subjects rated on one ballot (e.g. 16 Standing Committee members) is one
    rating question per subject; ``subject_member`` keeps such a subject off the counting board.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    prompt = models.CharField(_("question"), max_length=500)
    options = models.JSONField(_("options"))  # list[str], labels in Vietnamese
    min_choices = models.PositiveSmallIntegerField(default=1)
    max_choices = models.PositiveSmallIntegerField(default=1)
    blank_option = models.SmallIntegerField(
        null=True, blank=True, help_text=_("Index of the explicit blank option (phiếu trắng).")
    )
    subject_ref = models.CharField(max_length=200, blank=True)
    subject_member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["ballot", "order"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "order"], name="question_unique_order"),
            models.CheckConstraint(
                condition=Q(min_choices__lte=models.F("max_choices")),
                name="question_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt


class Trustee(models.Model):
    """A member of the counting board (Ban kiểm phiếu) holding one share of the election key."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="trustees")
    index = models.PositiveSmallIntegerField()  # 1..n, the DKG's participant index
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["ballot", "index"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "index"], name="trustee_unique_index"),
            models.UniqueConstraint(fields=["ballot", "user"], name="trustee_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.index}: {self.user}"


class RejectedSubmission(models.Model):
    """A trustee message the board refused (invalid share or proof): shown, never appended.

    The protocol never appends an invalid partial decryption; keeping the refusal here lets
    the chair see *which* trustee's part was invalid and why.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="rejections")
    trustee = models.ForeignKey(Trustee, on_delete=models.CASCADE, related_name="rejections")
    kind = models.CharField(max_length=24)
    code = models.CharField(max_length=40)
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ballot", "id"]

    def __str__(self) -> str:
        return f"{self.trustee}: {self.code}"

    def get_kind_label(self) -> str:
        """The refused message's step, as people call it (not the record's event code)."""
        return str(EventKind(self.kind).label) if self.kind in EventKind.values else self.kind


class CredentialBatch(models.Model):
    """The cards printed for the members present. Only the count and public keys are kept."""

    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="credential_batch")
    count = models.PositiveIntegerField()
    convened_count = models.PositiveIntegerField()
    present_count = models.PositiveIntegerField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.ballot}: {self.count}"


class Credential(models.Model):
    """A credential's public key (hex). No link to any person: cards are handed out at random."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="credentials")
    public_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "public_key"], name="credential_unique")
        ]

    def __str__(self) -> str:
        return self.public_key


class EventKind(models.TextChoices):
    """The record's event types (protocol.md §3.2; the app writes PHIEUKIN-v2)."""

    SETUP = "setup", _("setup")
    CHAIR_KEY = "chair_key", _("chair's key")
    ATTENDANCE = "attendance", _("attendance signed by the chair")
    DKG_COMMIT = "dkg_commit", _("commitment")
    DKG_REVEAL = "dkg_reveal", _("shares")
    DKG_CHECK = "dkg_check", _("share check")
    DKG_ANSWER = "dkg_answer", _("answer to a complaint")
    DKG_ACK = "dkg_ack", _("acknowledgement")
    JOINT_KEY = "joint_key", _("election key")
    KEY_POSSESSION = "key_possession", _("key file proof")
    CREDENTIALS = "credentials", _("list of cards")
    ENDORSEMENT = "credentials_endorsement", _("confirmation of the list of cards")
    BALLOT = "ballot", _("cast ballot")
    AUDITED = "audited_ballot", _("ballot opened for checking")
    CLOSE = "close", _("close")
    TALLY = "encrypted_tally", _("encrypted tally")
    PARTIAL = "partial_decryption", _("partial decryption")
    RESULT = "result", _("result")


class BoardEvent(models.Model):
    """One event of the bulletin board (= the election record), hash-chained per ballot.

    Appended only by ``board.append`` under the Ballot row lock, so ``seq`` never forks.
    ``credential_key`` duplicates the ballot's signer so the database itself refuses a second
    counted ballot from one credential (one-ballot-per-credential, first accepted).
    No timestamp column: cast times next to check-in times could narrow down a voter.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    body = models.TextField()  # canonical JSON of the whole event, as hashed
    prev_hash = models.CharField(max_length=128)
    hash = models.CharField(max_length=128)
    credential_key = models.CharField(max_length=64, blank=True)
    tracking_code = models.CharField(max_length=128, blank=True, db_index=True)

    class Meta:
        ordering = ["ballot", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "seq"], name="board_unique_seq"),
            models.UniqueConstraint(
                fields=["ballot", "credential_key"],
                condition=Q(kind="ballot"),
                name="board_one_ballot_per_credential",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}#{self.seq} {self.kind}"


class BallotCiphertext(models.Model):
    """Every ciphertext's ``alpha`` of every ballot on the board, cast or audited, once.

    An honest booth never repeats a nonce, so a repeated ``alpha`` means a copied ciphertext:
    a re-signed copy of an audited (public) ballot, or the opening of a cast ballot (a receipt
    for vote buying). The verifier rejects a record holding one (protocol.md §2.3 item 6), so
    the board refuses it first; the unique constraint backs the check made under the lock.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(BoardEvent, on_delete=models.CASCADE, related_name="+")
    alpha = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "alpha"], name="ciphertext_once_per_ballot")
        ]

    def __str__(self) -> str:
        return self.alpha
