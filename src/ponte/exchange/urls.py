from django.urls import path, re_path

from ponte.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.needs, name="home"),
    path("needs/", views.needs, name="needs"),
    path("offers/", views.offers, name="offers"),
    path("review/", views.review, name="review"),
    path("feed/", views.ExchangeFeed(), name="feed"),
    path("needs/new/", views.create, {"kind": "need"}, name="need-create"),
    path("offers/new/", views.create, {"kind": "offer"}, name="offer-create"),
    path("needs/<int:pk>/", views.need, name="need"),
    path("offers/<int:pk>/", views.offer, name="offer"),
    path("needs/<int:pk>/edit/", views.edit, {"kind": "need"}, name="need-edit"),
    path("offers/<int:pk>/edit/", views.edit, {"kind": "offer"}, name="offer-edit"),
    re_path(
        r"^(?P<kind>need|offer)s/(?P<pk>\d+)/(?P<action>submit|approve|return|close|renew)/$",
        views.transition,
        name="transition",
    ),
    path("solidarity/", views.solidarity, name="solidarity"),
    path("solidarity/new/", views.solidarity_create, name="solidarity-create"),
    path("solidarity/<int:pk>/", views.solidarity_detail, name="solidarity-detail"),
    path("solidarity/<int:pk>/pledge/", views.pledge, name="pledge"),
    path(
        "solidarity/<int:pk>/pledges/<int:pledge_id>/",
        views.pledge_advance,
        name="pledge-advance",
    ),
    path("solidarity/<int:pk>/close/", views.solidarity_close, name="solidarity-close"),
]
