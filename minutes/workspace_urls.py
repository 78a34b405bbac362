"""URLs of the drafting workspace, included under /workspace/ by minutes/urls.py."""

from django.urls import path

from . import workspace

urlpatterns = [
    path("", workspace.workspace_home, name="workspace_home"),
    path("bodies/<int:body_pk>/start/", workspace.meeting_start, name="workspace_start"),
    path("meetings/<int:pk>/", workspace.meeting_edit, name="workspace_meeting"),
    path("meetings/<int:pk>/attendance/", workspace.attendance, name="workspace_attendance"),
    path("meetings/<int:pk>/agenda/", workspace.agenda, name="workspace_agenda"),
    path("meetings/<int:pk>/agenda/renumber/", workspace.agenda_renumber, name="workspace_renumber"),
    path("meetings/<int:pk>/history/", workspace.meeting_history, name="workspace_history"),
    path("attendance/<int:pk>/status/", workspace.attendance_status, name="workspace_attendance_status"),
    path("attendance/<int:pk>/", workspace.attendance_edit, name="workspace_attendance_edit"),
    path("attendance/<int:pk>/remove/", workspace.attendance_remove, name="workspace_attendance_remove"),
    path("items/<int:pk>/", workspace.item_edit, name="workspace_item"),
    path("items/<int:pk>/move/", workspace.item_move, name="workspace_item_move"),
    path("items/<int:pk>/delete/", workspace.item_delete, name="workspace_item_delete"),
    path("items/<int:pk>/presenters/", workspace.presenter_add, name="workspace_presenter_add"),
    path("presenters/<int:pk>/remove/", workspace.presenter_remove, name="workspace_presenter_remove"),
    path("items/<int:pk>/contributions/", workspace.contribution_add, name="workspace_contribution_add"),
    path("contributions/<int:pk>/", workspace.contribution_edit, name="workspace_contribution"),
    path("contributions/<int:pk>/move/", workspace.contribution_move, name="workspace_contribution_move"),
    path("contributions/<int:pk>/delete/", workspace.contribution_delete, name="workspace_contribution_delete"),
    path("items/<int:pk>/decisions/", workspace.decision_add, name="workspace_decision_add"),
    path("decisions/<int:pk>/", workspace.decision_edit, name="workspace_decision"),
    path("decisions/<int:pk>/delete/", workspace.decision_delete, name="workspace_decision_delete"),
]
