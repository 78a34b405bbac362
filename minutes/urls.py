from django.urls import include, path

from . import views

app_name = "minutes"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/pdf/", views.meeting_pdf, name="meeting_pdf"),
    path("", include("minutes.workflow")),
    path("workspace/", include("minutes.workspace_urls")),
]
