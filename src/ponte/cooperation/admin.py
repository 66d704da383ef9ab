from typing import Any

from django.contrib import admin

from ponte.cooperation.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Any]):
    list_display = ["name", "acronym", "lead_network", "start_year", "end_year", "is_demo"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["lead_network", "countries"]
