from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

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


# The audit log (core/audit.py) is for platform administrators only: the admin's own model
# permissions would let any staff account that is granted "view log entry" read it.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogAdmin(LogEntryAdmin):  # type: ignore[misc]  # auditlog ships no types
    list_filter = [
        "action",
        ResourceTypeFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("timestamp", admin.DateFieldListFilter),
    ]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_platform_admin", False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_platform_admin", False))
