"""The import button of the workspace, included under /workspace/ by minutes/urls.py."""

from django.urls import path

from minutes.oparl import workspace

urlpatterns = [
    path("bodies/<int:body_pk>/oparl-import/", workspace.oparl_import, name="workspace_oparl_import"),
]
