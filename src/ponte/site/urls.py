"""Top-level URLs: pages per app, the JSON API, admin, i18n and health probes."""

from django.contrib import admin
from django.urls import include, path

from ponte.accounts import urls as accounts_urls
from ponte.core import metrics
from ponte.directory import account_urls as directory_account_urls
from ponte.search import views as search_views
from ponte.site import views as site_views
from ponte.site.api import api

urlpatterns = [
    path("", site_views.home, name="home"),
    path("me/", site_views.me, name="me"),
    path("directory/", include("ponte.directory.urls")),
    path("library/", include("ponte.knowledge.urls")),
    path("search/", search_views.search_page, name="search"),
    path("cooperation/", include("ponte.cooperation.urls")),
    path("exchange/", include("ponte.exchange.urls")),
    path("matching/", include("ponte.matching.urls")),
    path("community/", include("ponte.community.urls")),
    path("events/slots/", include("ponte.events.slot_urls")),
    path("events/", include("ponte.events.urls")),
    path(
        "accounts/",
        include((accounts_urls.urlpatterns + directory_account_urls.urlpatterns, "accounts")),
    ),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("health/", include("ponte.core.health")),
    path("metrics", metrics.metrics, name="metrics"),
]

handler400 = "ponte.core.views.bad_request"
handler403 = "ponte.core.views.permission_denied"
handler404 = "ponte.core.views.page_not_found"
handler500 = "ponte.core.views.server_error"
