from typing import Any

from django.contrib import admin

from ponte.directory import models


class MembershipInline(admin.TabularInline[Any, Any]):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["network"]


class FocalPointInline(admin.TabularInline[Any, Any]):
    model = models.FocalPoint
    extra = 0


@admin.register(models.LocalGovernment)
class LocalGovernmentAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "level", "country", "population", "is_demo"]
    list_filter = ["level", "country__ponte_region", "is_demo"]
    search_fields = ["name", "official_name", "search_names"]
    autocomplete_fields = ["city", "country", "languages", "hazards", "themes", "sdg_targets"]
    inlines = [MembershipInline, FocalPointInline]
    readonly_fields = ["search_names", "version"]


@admin.register(models.Network)
class NetworkAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "acronym", "kind", "is_demo"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    # A select of all 7,923 ISO 639-3 languages took 1.5 s to render.
    autocomplete_fields = ["working_languages"]


@admin.register(models.Committee)
class CommitteeAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "network", "kind"]
    list_filter = ["network"]
    search_fields = ["name"]


@admin.register(models.City)
class CityAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "country", "population", "timezone"]
    list_filter = ["country__ponte_region"]
    search_fields = ["name", "search_names"]


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin[Any]):
    list_display = ["iso2", "name", "subregion", "ponte_region"]
    list_filter = ["ponte_region"]
    search_fields = ["iso2", "name"]


@admin.register(models.Language)
class LanguageAdmin(admin.ModelAdmin[Any]):
    list_display = ["code", "iso639_3", "name"]
    search_fields = ["code", "name"]


@admin.register(models.Hazard)
class HazardAdmin(admin.ModelAdmin[Any]):
    search_fields = ["slug", "name"]


@admin.register(models.Theme)
class ThemeAdmin(admin.ModelAdmin[Any]):
    search_fields = ["slug", "name"]


@admin.register(models.SdgTarget)
class SdgTargetAdmin(admin.ModelAdmin[Any]):
    list_display = ["code", "goal", "title"]
    list_filter = ["goal"]
    search_fields = ["code", "title"]


admin.site.register([models.Region, models.Currency, models.SdgGoal])
