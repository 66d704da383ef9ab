"""Top-level URLs: pages per app, the JSON API, admin, i18n and health probes."""

from django.contrib import admin
from django.urls import include, path

from ponte.core import views as core_views
from ponte.core.api import api
from ponte.search import views as search_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("directory/", include("ponte.directory.urls")),
    path("library/", include("ponte.knowledge.urls")),
    path("search/", search_views.search_page, name="search"),
    path("cooperation/", include("ponte.cooperation.urls")),
    path("exchange/", include("ponte.exchange.urls")),
    path("matching/", include("ponte.matching.urls")),
    path("community/", include("ponte.community.urls")),
    path("accounts/", include("ponte.accounts.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("health/", include("ponte.core.health")),
]
