"""Programmes of decentralised cooperation (CRIC, LOCALISE SDGs, LEAD4SDGs…)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A multi-year programme led by a network, usually with external funders."""

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
