"""What people do with proposed matches: express interest, accept, decline. Decisions are
kept to evaluate the engine (`ponte match stats`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Interest(models.Model):
    """One local government tells another that a proposed match is worth pursuing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    need = models.ForeignKey(
        "exchange.Need",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
        verbose_name=_("need"),
    )
    from_local_government = models.ForeignKey(
        "directory.LocalGovernment",
        on_delete=models.CASCADE,
        related_name="interests_sent",
        verbose_name=_("from"),
    )
    to_local_government = models.ForeignKey(
        "directory.LocalGovernment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interests_received",
        verbose_name=_("to"),
    )
    to_network = models.ForeignKey(
        "directory.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interests_received",
        verbose_name=_("to network"),
    )
    # The proposed match as it was shown: "practice:12", "offer:3", "local_government:7".
    candidate_key = models.CharField(_("match"), max_length=120)
    candidate_title = models.CharField(_("match title"), max_length=400)
    rank = models.PositiveSmallIntegerField(_("rank shown"))
    score = models.FloatField(_("score"))
    factors = models.JSONField(_("reasons"), default=list)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decision_note = models.TextField(_("answer"), max_length=2000, blank=True)
    # A match a network's staff proposed between two of its members: both sides answer it,
    # and it is accepted once both have.
    brokered_by = models.ForeignKey(
        "directory.Network",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests_brokered",
        verbose_name=_("proposed by network"),
    )
    # For a brokered match: the side that accepted first, while the other has not answered.
    accepted_first_by = models.ForeignKey(
        "directory.LocalGovernment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted first by"),
    )
    conversation = models.OneToOneField(
        "community.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interest",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "from_local_government", "candidate_key"],
                name="one_interest_per_match",
            ),
            # A peer match has no need, and SQL counts NULLs as distinct: without this a
            # second click would send a second interest in the same peer.
            models.UniqueConstraint(
                fields=["from_local_government", "candidate_key"],
                condition=models.Q(need__isnull=True),
                name="one_interest_per_peer_match",
            ),
            models.CheckConstraint(
                condition=models.Q(to_local_government__isnull=False)
                | models.Q(to_network__isnull=False),
                name="interest_has_a_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_local_government} → {self.candidate_title}"

    @property
    def recipient_name(self) -> str:
        return str(self.to_local_government or self.to_network)


class DigestEntry(models.Model):
    """A match already sent in a digest for a need, so the next digest only has new ones."""

    need = models.ForeignKey("exchange.Need", on_delete=models.CASCADE, related_name="+")
    candidate_key = models.CharField(max_length=120)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "candidate_key"], name="digest_once_per_match")
        ]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.candidate_key}"
