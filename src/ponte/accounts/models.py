"""People who use Ponte, their affiliation and role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.IntegerChoices):
    """What an account may do. Gaps leave room for roles added later without renumbering."""

    MEMBER = 100, _("Member (focal point of a local government)")
    NETWORK_STAFF = 200, _("Network staff")
    PLATFORM_ADMIN = 400, _("Platform administrator")


class EmailDelivery(models.TextChoices):
    """How a person's notifications reach their mailbox (they are always in the app)."""

    IMMEDIATE = "immediate", _("One email per notification, as it happens")
    DAILY = "daily", _("One email a day with what is still unread")
    OFF = "off", _("No email")


class User(AbstractUser):
    """An account. Visitors are simply not signed in; every account has a role."""

    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices, default=Role.MEMBER)
    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        verbose_name=_("local government"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )
    requested_local_government = models.ForeignKey(
        "directory.LocalGovernment",
        verbose_name=_("requested local government"),
        help_text=_("Affiliation asked for at sign-up, until network staff confirm it."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    network = models.ForeignKey(
        "directory.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_accounts",
    )
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False)
    email_delivery = models.CharField(
        _("notifications by email"),
        max_length=12,
        choices=EmailDelivery.choices,
        default=EmailDelivery.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role == Role.NETWORK_STAFF and self.network_id is None:
            raise ValidationError(
                {"network": _("Network staff must be affiliated with a network.")}
            )

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role >= Role.PLATFORM_ADMIN

    @property
    def is_network_staff(self) -> bool:
        return self.role == Role.NETWORK_STAFF and self.network_id is not None


class TokenScope(models.TextChoices):
    """What a personal access token may do in the API. Writing includes reading."""

    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A personal access token for the JSON API (`Authorization: Bearer <secret>`).

    Only the SHA-256 digest of the secret is kept: the secret is shown once, when the token is
    made. `prefix` (the secret's first characters) lets its owner tell tokens apart."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(
        _("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ
    )
    prefix = models.CharField(_("prefix"), max_length=20)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
