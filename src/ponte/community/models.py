"""People talking to each other: private conversations between local governments, and the
notifications that tell a user something happened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    """A private thread between local governments, and networks when one is a party (a
    city answering a network's offer). Only the focal points of its local governments, the
    staff of its networks, and platform admins read it."""

    title = models.CharField(_("title"), max_length=300)
    local_governments = models.ManyToManyField(
        "directory.LocalGovernment", related_name="conversations"
    )
    networks = models.ManyToManyField("directory.Network", blank=True, related_name="conversations")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The side the author wrote for: their local government, or their network for staff.
    local_government = models.ForeignKey(
        "directory.LocalGovernment", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    network = models.ForeignKey(
        "directory.Network", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:60]


class Notification(models.Model):
    """Something a user should know. `text` is rendered in the recipient's language when the
    notification is created."""

    class Kind(models.TextChoices):
        INTEREST = "interest", _("Interest in a match")
        DECISION = "decision", _("Answer to your interest")
        MESSAGE = "message", _("New message")
        DIGEST = "digest", _("New matches")
        REVIEW = "review", _("Review")
        AFFILIATION = "affiliation", _("Affiliation with a local government")
        PLEDGE = "pledge", _("Solidarity pledge")
        EVENT = "event", _("Event")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("address"), max_length=400, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When it went out by email (alone or in a daily digest): it is never mailed twice.
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text
