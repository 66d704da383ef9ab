from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top of the house: wires every app into one site (URLs, the API, the home page,
    demo content, `ponte import|export`). Nothing imports it."""

    name = "ponte.site"
    label = "site"
    verbose_name = "Ponte site"
