"""The exchange: what local governments ask for (needs), what they can give (offers), and
urgent material help after a disaster or in a pandemic (solidarity requests and pledges)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    EXCHANGE_VISIT = "exchange-visit", _("Exchange visit")
    WEBINAR = "webinar", _("Webinar")
    SECONDMENT = "secondment", _("Expert secondment")
    DOCUMENTS = "documents", _("Documents")


# Formats that need both sides in a meeting at the same time.
LIVE_FORMATS = {Format.WEBINAR, Format.EXCHANGE_VISIT}


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


class Post(models.Model):
    """What needs and offers share: text in one language, tags, review and expiry."""

    external_id = models.CharField(
        _("external id"), max_length=200, unique=True, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (Markdown)"), max_length=10000)
    language = models.ForeignKey(
        "directory.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    formats = models.JSONField(_("formats"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PostStatus.choices,
        default=PostStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    # Open posts close themselves after this day unless renewed (`ponte exchange expire`).
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        unknown = [f for f in self.formats if f not in Format.values]
        if unknown:
            raise ValidationError({"formats": _("Unknown format: %s") % ", ".join(unknown)})

    @property
    def is_open(self) -> bool:
        return self.status == PostStatus.OPEN

    def format_labels(self) -> list[str]:
        return [str(Format(f).label) for f in self.formats if f in Format.values]


class Need(Post):
    """A local government asks for peer learning or technical help."""

    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("local government"),
    )
    themes = models.ManyToManyField("directory.Theme", blank=True, related_name="needs")
    sdg_targets = models.ManyToManyField("directory.SdgTarget", blank=True, related_name="needs")
    hazards = models.ManyToManyField("directory.Hazard", blank=True, related_name="needs")
    preferred_languages = models.ManyToManyField(
        "directory.Language", blank=True, related_name="+", verbose_name=_("preferred languages")
    )
    deadline = models.DateField(_("answer wanted by"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-created_at"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")


class Offer(Post):
    """A local government or a network offers expertise, a visit, training or a practice."""

    class Kind(models.TextChoices):
        EXPERTISE = "expertise", _("Expertise")
        STUDY_VISIT = "study-visit", _("Study visit")
        TRAINING = "training", _("Training")
        PRACTICE_TRANSFER = "practice-transfer", _("Transfer of a practice")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.EXPERTISE)
    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("local government"),
    )
    network = models.ForeignKey(
        "directory.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("network"),
    )
    practice = models.ForeignKey(
        "knowledge.Item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        verbose_name=_("practice offered"),
    )
    themes = models.ManyToManyField("directory.Theme", blank=True, related_name="offers")
    sdg_targets = models.ManyToManyField("directory.SdgTarget", blank=True, related_name="offers")
    hazards = models.ManyToManyField("directory.Hazard", blank=True, related_name="offers")
    languages = models.ManyToManyField(
        "directory.Language", blank=True, related_name="+", verbose_name=_("offered in")
    )

    class Meta:
        ordering = ["-opened_at", "-created_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(local_government__isnull=False, network__isnull=True)
                | models.Q(local_government__isnull=True, network__isnull=False),
                name="offer_from_a_local_government_or_a_network",
            )
        ]

    @property
    def provider_name(self) -> str:
        provider = self.local_government or self.network
        return str(provider) if provider else ""


class SolidarityRequest(models.Model):
    """Urgent material help. Opens at once (no review: it is urgent); staff can close it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FULFILLED = "fulfilled", _("Fulfilled")
        CLOSED = "closed", _("Closed")

    external_id = models.CharField(
        _("external id"), max_length=200, unique=True, null=True, blank=True
    )
    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="solidarity_requests",
        verbose_name=_("local government"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (Markdown)"), max_length=10000)
    language = models.ForeignKey(
        "directory.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    hazard = models.ForeignKey(
        "directory.Hazard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solidarity_requests",
        verbose_name=_("hazard"),
    )
    delivery_place = models.CharField(_("delivery place"), max_length=300)
    deadline = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A network whose staff opened the request on behalf of its member local government.
    opened_by_network = models.ForeignKey(
        "directory.Network",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solidarity_requests_opened",
        verbose_name=_("opened by network"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("solidarity request")
        verbose_name_plural = _("solidarity requests")

    def __str__(self) -> str:
        return self.title


class SolidarityItem(models.Model):
    """One thing asked for, with its quantity and unit."""

    request = models.ForeignKey(SolidarityRequest, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(_("quantity asked"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("requested item")
        verbose_name_plural = _("requested items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="solidarity_item_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity.normalize():f} {self.unit} {self.name}"

    def committed(self) -> Decimal:
        """Pledged, shipped or received: everything not cancelled."""
        return sum(
            (p.quantity for p in self.pledges.all() if p.status != Pledge.Status.CANCELLED),
            Decimal(0),
        )

    def received(self) -> Decimal:
        return sum(
            (p.quantity for p in self.pledges.all() if p.status == Pledge.Status.RECEIVED),
            Decimal(0),
        )

    def missing(self) -> Decimal:
        return max(self.quantity - self.committed(), Decimal(0))


class Pledge(models.Model):
    """A local government promises part of an item, then ships it; the requester confirms."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        SHIPPED = "shipped", _("Shipped")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    # Who moves a pledge forward: the pledging side ships, the requesting side confirms.
    TRANSITIONS = {
        "pledged": {"shipped": "pledger", "cancelled": "pledger"},
        "shipped": {"received": "requester"},
        "received": {},
        "cancelled": {},
    }

    item = models.ForeignKey(SolidarityItem, on_delete=models.CASCADE, related_name="pledges")
    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("pledged by"),
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLEDGED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("pledged on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="pledge_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government}: {self.quantity.normalize():f} {self.item.unit}"
