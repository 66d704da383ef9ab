from django.urls import path, re_path

from ponte.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.create, name="create"),
    path("preview/", views.preview, name="preview"),
    path("review/", views.review, name="review"),
    path("feed/", views.LibraryFeed(), name="feed"),
    path("feed/<slug:theme>/", views.LibraryFeed(), name="theme-feed"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/translate/", views.translate, name="translate"),
    path("<slug:slug>/attach/", views.attach, name="attach"),
    path("<slug:slug>/files/<int:pk>/", views.attachment, name="attachment"),
    re_path(
        r"^(?P<slug>[-\w]+)/(?P<action>submit|publish|return|archive|restore)/$",
        views.transition,
        name="transition",
    ),
]
