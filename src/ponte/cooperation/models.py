"""Programmes of decentralised cooperation (CRIC, LOCALISE SDGs, LEAD4SDGs…)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A multi-year programme led by a network (with others co-leading it, if any), usually
    with external funders."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    lead_network = models.ForeignKey(
        "directory.Network",
        verbose_name=_("lead network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    co_lead_networks = models.ManyToManyField(
        "directory.Network",
        blank=True,
        related_name="co_led_programmes",
        verbose_name=_("co-leading networks"),
    )
    funders = models.JSONField(_("funders"), default=list, blank=True)
    countries = models.ManyToManyField("directory.Country", blank=True, related_name="programmes")
    themes = models.ManyToManyField("directory.Theme", blank=True, related_name="programmes")
    sdg_goals = models.ManyToManyField("directory.SdgGoal", blank=True, related_name="programmes")
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.acronym or self.name

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("A programme cannot end before it starts.")})


class Partnership(models.Model):
    """Two or more local governments and/or networks cooperating under an agreement."""

    class Kind(models.TextChoices):
        SISTER_CITIES = "sister-cities", _("Sister cities")
        MOU = "mou", _("Memorandum of understanding")
        TECHNICAL_EXCHANGE = "technical-exchange", _("Technical exchange")
        NETWORK_PROGRAMME = "network-programme", _("Network programme")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        COMPLETED = "completed", _("Completed")

    # Allowed status changes: from -> set of to.
    TRANSITIONS = {
        "proposed": {"active", "suspended"},
        "active": {"suspended", "completed"},
        "suspended": {"active", "completed"},
        "completed": set(),
    }

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    themes = models.ManyToManyField("directory.Theme", blank=True, related_name="partnerships")
    sdg_targets = models.ManyToManyField(
        "directory.SdgTarget", blank=True, related_name="partnerships"
    )
    origin_note = models.CharField(_("where it came from"), max_length=300, blank=True)
    # The accepted match it grew out of, if any.
    origin_interest = models.ForeignKey(
        "matching.Interest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnerships",
        verbose_name=_("match it came from"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="partnership_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A partnership cannot end before it starts.")})


class Participant(models.Model):
    """A local government or network taking part in a partnership."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="participants"
    )
    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partnership_roles",
    )
    network = models.ForeignKey(
        "directory.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partnership_roles",
    )
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(local_government__isnull=False, network__isnull=True)
                | models.Q(local_government__isnull=True, network__isnull=False),
                name="participant_is_a_local_government_or_a_network",
            )
        ]

    def __str__(self) -> str:
        return str(self.local_government or self.network)


class Project(models.Model):
    """A funded project, reported in IATI terms (status, participating organisations, money)."""

    class Status(models.IntegerChoices):  # IATI ActivityStatus codelist
        PIPELINE = 1, _("Pipeline / identification")
        IMPLEMENTATION = 2, _("Implementation")
        FINALISATION = 3, _("Finalisation")
        CLOSED = 4, _("Closed")
        CANCELLED = 5, _("Cancelled")
        SUSPENDED = 6, _("Suspended")

    TRANSITIONS = {1: {2, 5}, 2: {3, 6, 5}, 3: {4}, 4: set(), 5: set(), 6: {2, 5}}

    identifier = models.CharField(_("IATI identifier"), max_length=150, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    status = models.PositiveSmallIntegerField(
        _("status"), choices=Status.choices, default=Status.PIPELINE
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    locations = models.ManyToManyField(
        "directory.LocalGovernment", blank=True, related_name="projects"
    )
    themes = models.ManyToManyField("directory.Theme", blank=True, related_name="projects")
    sdg_targets = models.ManyToManyField("directory.SdgTarget", blank=True, related_name="projects")
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo content"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if (
                getattr(self, start)
                and getattr(self, end)
                and getattr(self, end) < getattr(self, start)
            ):
                raise ValidationError({end: _("The project cannot end before it starts.")})


class ProjectOrganisation(models.Model):
    """An organisation taking part in a project, with its IATI role (funding, implementing…)."""

    class Role(models.IntegerChoices):  # IATI OrganisationRole codelist
        FUNDING = 1, _("Funding")
        ACCOUNTABLE = 2, _("Accountable")
        EXTENDING = 3, _("Extending")
        IMPLEMENTING = 4, _("Implementing")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="organisations")
    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices)
    name = models.CharField(_("name"), max_length=300)
    ref = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True)
    # IATI OrganisationType: 10 government, 40 multilateral, 21 international NGO, 90 other…
    type = models.CharField(_("organisation type"), max_length=3, default="10")
    local_government = models.ForeignKey(
        "directory.LocalGovernment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    network = models.ForeignKey(
        "directory.Network", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Budget(models.Model):
    """Money planned for a period, in its own currency (never summed across currencies)."""

    class Type(models.IntegerChoices):  # IATI BudgetType
        ORIGINAL = 1, _("Original")
        REVISED = 2, _("Revised")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets")
    type = models.PositiveSmallIntegerField(_("type"), choices=Type.choices, default=Type.ORIGINAL)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.ForeignKey("directory.Currency", on_delete=models.PROTECT, related_name="+")
    value_date = models.DateField(_("value date"))

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="budget_is_not_negative"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="budget_period_is_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.currency_id}"

    def clean(self) -> None:
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("A budget cannot be negative.")})
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class Transaction(models.Model):
    """Money committed, disbursed or spent, in its own currency."""

    class Type(models.IntegerChoices):  # IATI TransactionType (subset)
        INCOMING_FUNDS = 1, _("Incoming funds")
        COMMITMENT = 2, _("Outgoing commitment")
        DISBURSEMENT = 3, _("Disbursement")
        EXPENDITURE = 4, _("Expenditure")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transactions")
    type = models.PositiveSmallIntegerField(_("type"), choices=Type.choices)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.ForeignKey("directory.Currency", on_delete=models.PROTECT, related_name="+")
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    receiver = models.CharField(_("receiver"), max_length=300, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="transaction_is_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.value} {self.currency_id}"


class ProjectResult(models.Model):
    """A result with one indicator: unit, baseline, and target/actual per period."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("title"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.title


class ResultPeriod(models.Model):
    """Target and actual value of a result's indicator for one period."""

    result = models.ForeignKey(ProjectResult, on_delete=models.CASCADE, related_name="periods")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    class Meta:
        ordering = ["period_start"]
        verbose_name = _("result period")
        verbose_name_plural = _("result periods")

    def __str__(self) -> str:
        return f"{self.result} {self.period_start}–{self.period_end}"


class Activity(models.Model):
    """Something the project does on dates: a study visit, a workshop, a procurement."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Under way")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An activity cannot end before it starts.")})


class Document(models.Model):
    """A file of a partnership or a project (a signed MoU, a report), with its IATI
    document category."""

    class Category(models.TextChoices):  # IATI DocumentCategory codelist (a subset)
        MOU = "A09", _("Memorandum of understanding")
        AGREEMENT = "A10", _("Agreement or contract")
        OBJECTIVES = "A02", _("Objectives or purpose")
        RESULTS = "A08", _("Results, outcomes and outputs")
        REVIEW = "A07", _("Review and evaluation")
        ANNUAL_REPORT = "B01", _("Annual report")
        OTHER = "A12", _("Other")

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(
        _("category"), max_length=3, choices=Category.choices, default=Category.OTHER
    )
    file = models.FileField(_("file"), upload_to="cooperation/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partnership__isnull=False, project__isnull=True)
                | models.Q(partnership__isnull=True, project__isnull=False),
                name="document_of_a_partnership_or_a_project",
            )
        ]

    def __str__(self) -> str:
        return self.title
