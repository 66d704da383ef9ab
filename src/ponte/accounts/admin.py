from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ponte.accounts.forms import AdminSignInForm
from ponte.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[Any]):
    list_display = ["username", "email", "role", "local_government", "network", "is_demo"]
    list_filter = ["role", "is_demo", "is_staff"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Ponte",
            {
                "fields": (
                    "role",
                    "local_government",
                    "requested_local_government",
                    "network",
                    "timezone",
                    "preferred_language",
                    "is_demo",
                )
            },
        ),
    )
    autocomplete_fields = ["local_government", "requested_local_government", "network"]


# The admin's sign-in counts attempts like the site's (django-axes locks both paths alike).
admin.site.login_form = AdminSignInForm
