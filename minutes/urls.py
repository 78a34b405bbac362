"""The URLs of the minutes app: each feature package brings its own."""

from django.urls import include, path

app_name = "minutes"

urlpatterns = [
    path("", include("minutes.portal.urls")),
    path("", include("minutes.approval.urls")),
    path("workspace/", include("minutes.drafting.urls")),
    path("workspace/", include("minutes.roster.urls")),
    path("workspace/", include("minutes.oparl.workspace_urls")),
]
