from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "ponte.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default = True


class PonteAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that asks for the second factor (accounts/admin_site.py)."""

    default = False
    default_site = "ponte.accounts.admin_site.PonteAdminSite"
