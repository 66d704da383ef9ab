from django.urls import path

from ponte.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnerships"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
]
