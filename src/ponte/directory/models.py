"""Reference data (countries, regions, languages, cities, SDGs, themes, hazards) and the
directory built on it (local governments, networks, memberships, committees)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ponte.core.text import translated


class TranslatedNamesMixin(models.Model):
    """Reference records carry their names as {language: name}; `label` picks the active one."""

    names = models.JSONField(_("names by language"), default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        return translated(self.names, get_language() or "en", getattr(self, "name", ""))


class PonteRegion(models.TextChoices):
    """Ponte's own grouping, used throughout the UI."""

    ASIA_PACIFIC = "asia-pacific", _("Asia-Pacific")
    LATIN_AMERICA = "latin-america", _("Latin America and the Caribbean")
    REST = "rest-of-world", _("Rest of the world")


class Region(TranslatedNamesMixin):
    """A UN M49 region or sub-region (e.g. 142 Asia, 035 South-eastern Asia, 419 Latin America)."""

    code = models.CharField(_("M49 code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Currency(models.Model):
    """An ISO 4217 currency."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    numeric = models.CharField(_("numeric code"), max_length=3, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return self.code


class Country(TranslatedNamesMixin):
    """An ISO 3166-1 country with its UN M49 region and Ponte region."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, primary_key=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric"), max_length=3)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("M49 region")
    )
    subregion = models.ForeignKey(
        Region,
        null=True,
        on_delete=models.PROTECT,
        related_name="countries",
        verbose_name=_("M49 sub-region"),
    )
    ponte_region = models.CharField(
        _("Ponte region"), max_length=20, choices=PonteRegion.choices, db_index=True
    )
    currencies = models.ManyToManyField(Currency, blank=True, related_name="countries")

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.label  # in the reader's language: forms' choices show it


class Language(TranslatedNamesMixin):
    """An ISO 639 language; `code` is the two-letter code where one exists, else ISO 639-3."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    iso639_3 = models.CharField(_("ISO 639-3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.label  # in the reader's language: forms' choices show it


class City(models.Model):
    """A GeoNames populated place: the seed of a local government record."""

    geonameid = models.PositiveIntegerField(_("GeoNames id"), primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    ascii_name = models.CharField(_("ASCII name"), max_length=200)
    # Folded name and alternate names as "|a|b|", for accent- and case-insensitive lookup.
    search_names = models.TextField(_("search names"), blank=True)
    alternate_names = models.JSONField(_("alternate names"), default=list, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    admin1_code = models.CharField(_("admin area code"), max_length=20, blank=True)
    population = models.PositiveBigIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    timezone = models.CharField(_("time zone"), max_length=64)

    class Meta:
        ordering = ["-population"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})"


class SdgGoal(TranslatedNamesMixin):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(_("colour"), max_length=7)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self) -> str:
        return f"SDG {self.number}: {self.name}"


class SdgTarget(models.Model):
    """One of the 169 SDG targets, with its official code (1.1 … 17.19, 1.a …)."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("position within the goal"))
    title = models.TextField(_("title"))

    class Meta:
        ordering = ["goal", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"{self.code}"


class Theme(TranslatedNamesMixin):
    """A topic of cooperation with a stable slug (e.g. climate-finance)."""

    slug = models.SlugField(_("slug"), primary_key=True, max_length=50)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    keywords = models.JSONField(_("keywords by language"), default=dict, blank=True)
    sdg_goals = models.ManyToManyField(SdgGoal, blank=True, related_name="themes")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label  # in the reader's language: forms' choices show it


class Hazard(TranslatedNamesMixin):
    """A natural or health hazard a place faces (flood, cyclone, epidemic…)."""

    slug = models.SlugField(_("slug"), primary_key=True, max_length=50)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self) -> str:
        return self.label  # in the reader's language: forms' choices show it


class Network(models.Model):
    """A network or association of local governments (UCLG ASPAC, MERCOCIUDADES…)."""

    class Kind(models.TextChoices):
        GLOBAL = "global", _("Global network")
        REGIONAL = "regional", _("Regional network")
        NATIONAL = "national", _("National association")
        ASSOCIATION = "association", _("Association or partner organisation")

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.CharField(_("area"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    founded = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The languages it works and interprets in: members speaking different ones can still talk.
    working_languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("working languages")
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.acronym or self.name


class LocalGovernment(models.Model):
    """A city, municipality, province, regency, district or metropolitan authority."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        MUNICIPALITY = "municipality", _("Municipality")
        REGENCY = "regency", _("Regency")
        DISTRICT = "district", _("District")
        PROVINCE = "province", _("Province or state")
        METROPOLITAN = "metropolitan", _("Metropolitan authority")

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=200)
    official_name = models.CharField(_("official name"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.CITY)
    city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.SET_NULL, related_name="local_governments"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="local_governments")
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    coastal = models.BooleanField(_("coastal"), default=False)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="local_governments")
    hazards = models.ManyToManyField(Hazard, blank=True, related_name="local_governments")
    themes = models.ManyToManyField(Theme, blank=True, related_name="local_governments")
    sdg_targets = models.ManyToManyField(SdgTarget, blank=True, related_name="local_governments")
    networks = models.ManyToManyField(
        Network, through="Membership", blank=True, related_name="members"
    )
    search_names = models.TextField(_("search names"), blank=True)
    # Incremented on every edit; an editor holding an older version gets a conflict.
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="local_government_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="local_government_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.city_id and self.city and self.city.country_id != self.country_id:
            raise ValidationError({"city": _("The city lies in another country.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    @property
    def ponte_region(self) -> str:
        return self.country.ponte_region


class FocalPoint(models.Model):
    """A contact person for a local government's international relations."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="focal_points"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A local government's membership of a network."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        PRESIDENT = "president", _("President")
        CO_PRESIDENT = "co-president", _("Co-president")
        VICE_PRESIDENT = "vice-president", _("Vice-president")
        EXECUTIVE_BUREAU = "executive-bureau", _("Executive bureau")
        TREASURER = "treasurer", _("Treasurer")

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    since = models.PositiveSmallIntegerField(
        _("member since"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["network__name", "local_government__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "network"], name="unique_network_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} in {self.network}"


class Committee(models.Model):
    """A committee, thematic unit or working group inside a network."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Committee")
        THEMATIC_UNIT = "thematic-unit", _("Thematic unit")
        WORKING_GROUP = "working-group", _("Working group")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="committees")
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="committees")
    members = models.ManyToManyField(
        LocalGovernment, through="CommitteeMembership", blank=True, related_name="committees"
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["network__name", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name


class CommitteeMembership(models.Model):
    """A local government sitting on a committee; it must be a member of the network."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co-chair", _("Co-chair")
        VICE_CHAIR = "vice-chair", _("Vice-chair")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["committee", "local_government__name"]
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "local_government"], name="unique_committee_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} on {self.committee}"
