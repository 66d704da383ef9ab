"""The admin site, asking for the second factor of accounts that turned two-factor sign-in
on: such an account reaches the admin only from a session that confirmed a code (at the
admin's sign-in or the site's), never with its password alone."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from ponte.accounts import services


class PonteAdminSite(AdminSite):
    login_template = "accounts/admin_login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        user = request.user
        return not services.two_factor_enabled(user) or bool(user.is_verified())  # type: ignore[union-attr]
