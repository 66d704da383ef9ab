from django.urls import path

from ponte.community import views

app_name = "community"

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_read, name="mark-read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
    path("conversations/", views.inbox, name="inbox"),
    path("conversations/<int:pk>/", views.conversation, name="conversation"),
]
