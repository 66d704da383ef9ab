from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ponte.accounts"
    label = "accounts"
    verbose_name = "Accounts"
