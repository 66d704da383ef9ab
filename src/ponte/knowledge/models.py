"""The knowledge library: practices of local governments and resources of networks, in
several languages, with review, revisions, results and attachments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    MODULE = "module", _("Training module")
    TOOLKIT = "toolkit", _("Toolkit")
    REPORT = "report", _("Report")
    VIDEO = "video", _("Video")
    DATASET = "dataset", _("Dataset")


RESOURCE_TYPES = [t for t in ItemType.values if t != ItemType.PRACTICE]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class CostBand(models.TextChoices):
    UNDER_10K = "under-10k", _("Under USD 10,000")
    FROM_10K = "10k-100k", _("USD 10,000 to 100,000")
    FROM_100K = "100k-1m", _("USD 100,000 to 1 million")
    OVER_1M = "over-1m", _("Over USD 1 million")


class Origin(models.TextChoices):
    HUMAN = "human", _("Written by a person")
    MACHINE = "machine", _("Machine translation")


class Item(models.Model):
    """A practice or a resource. Its text in the original language lives here; versions in
    other languages are `ItemTranslation`s."""

    type = models.CharField(
        _("type"), max_length=20, choices=ItemType.choices, default=ItemType.PRACTICE
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=140)
    # Stable key for imports: given in the file, or derived from the content.
    external_id = models.CharField(
        _("external id"), max_length=200, unique=True, null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000)
    body = models.TextField(_("body (Markdown)"), blank=True)
    language = models.ForeignKey(
        "directory.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("original language"),
    )
    language_detected = models.BooleanField(_("language detected automatically"), default=False)
    owner = models.ForeignKey(
        "directory.LocalGovernment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_items",
        verbose_name=_("owner"),
    )
    co_owners = models.ManyToManyField(
        "directory.LocalGovernment", blank=True, related_name="co_owned_knowledge_items"
    )
    publisher_network = models.ForeignKey(
        "directory.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_items",
        verbose_name=_("publishing network"),
    )
    themes = models.ManyToManyField("directory.Theme", blank=True, related_name="knowledge_items")
    sdg_targets = models.ManyToManyField(
        "directory.SdgTarget", blank=True, related_name="knowledge_items"
    )
    hazards = models.ManyToManyField("directory.Hazard", blank=True, related_name="knowledge_items")
    period_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    cost_band = models.CharField(_("cost"), max_length=20, choices=CostBand.choices, blank=True)
    funding_sources = models.JSONField(_("funding sources"), default=list, blank=True)
    barriers = models.TextField(_("barriers"), blank=True)
    enabling_factors = models.TextField(_("enabling factors"), blank=True)
    lessons = models.TextField(_("lessons for a city that wants to transfer it"), blank=True)
    contacts = models.JSONField(_("contacts"), default=list, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    cover = models.ForeignKey(
        "Attachment",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # Incremented on every edit; an editor holding an older version gets a conflict.
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False) | models.Q(publisher_network__isnull=False),
                name="knowledge_item_has_an_owner_or_publisher",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.owner_id is None and self.publisher_network_id is None:
            raise ValidationError(
                _(
                    "A practice belongs to a local government; "
                    "a resource to a network or a local government."
                )
            )
        if self.type == ItemType.PRACTICE and self.owner_id is None:
            raise ValidationError({"owner": _("A practice belongs to a local government.")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    @property
    def is_practice(self) -> bool:
        return self.type == ItemType.PRACTICE

    def version_for(self, language: str | None = None) -> ItemText:
        """The text to show a reader: their language if a version exists, else the original."""
        wanted = (language or get_language() or "en").split("-")[0]
        if wanted != self.language_id:
            for translation in self.translations.all():
                if translation.language_id == wanted:
                    text = ItemText(
                        translation.language_id,
                        translation.title,
                        translation.summary,
                        translation.body,
                        translation.origin,
                        False,
                    )
                    for name in TRANSLATED_PRACTICE_TEXTS:
                        value = getattr(translation, name)
                        # A text not yet translated shows in the original language.
                        setattr(text, name, value or getattr(self, name))
                        text.languages[name] = (
                            translation.language_id if value else self.language_id
                        )
                    return text
        text = ItemText(self.language_id, self.title, self.summary, self.body, Origin.HUMAN, True)
        for name in TRANSLATED_PRACTICE_TEXTS:
            setattr(text, name, getattr(self, name))
            text.languages[name] = self.language_id
        return text


TRANSLATED_PRACTICE_TEXTS = ("barriers", "enabling_factors", "lessons")


class ItemText:
    """One language version of an item's text, as shown to a reader."""

    barriers: str
    enabling_factors: str
    lessons: str

    def __init__(
        self, language: str, title: str, summary: str, body: str, origin: str, is_original: bool
    ) -> None:
        self.language = language
        self.title = title
        self.summary = summary
        self.body = body
        self.origin = origin
        self.is_original = is_original
        # The language each of the practice's other texts is shown in.
        self.languages: dict[str, str] = {}


class ItemTranslation(models.Model):
    """A version of an item in another language, written by a person or by a machine."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="translations")
    language = models.ForeignKey("directory.Language", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000)
    body = models.TextField(_("body (Markdown)"), blank=True)
    # The practice's other texts in this language; empty ones show the original's.
    barriers = models.TextField(_("barriers"), blank=True)
    enabling_factors = models.TextField(_("enabling factors"), blank=True)
    lessons = models.TextField(_("lessons for a city that wants to transfer it"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.HUMAN
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="one_version_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.item} [{self.language_id}]"


class Result(models.Model):
    """A measured result: indicator, unit, baseline, target and achieved value."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="results")
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    achieved = models.DecimalField(
        _("achieved"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # The year the achieved value was measured.
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "position"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.indicator


class Attachment(models.Model):
    """A file attached to an item; type and size are checked on upload."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """A snapshot of an item after each change, with who made it and when."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(_("action"), max_length=30)
    comment = models.TextField(_("comment"), blank=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["item", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.item} r{self.number}"

    @property
    def action_label(self) -> str:
        """What happened, in the reader's language: the stored action is a code."""
        from ponte.knowledge.workflow import WORKFLOW  # the workflow reads these models

        fixed = {
            "created": _("Created"),
            "edited": _("Edited"),
            "imported": _("Imported"),
            "attachment-added": _("Attachment added"),
        }
        if self.action in fixed:
            return str(fixed[self.action])
        if self.action.startswith("version-"):
            return str(_("Version in %(language)s") % {"language": self.action[8:]})
        move = WORKFLOW.transitions.get(self.action)
        return str(move.label) if move is not None else self.action
