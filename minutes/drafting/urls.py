"""URLs of the drafting workspace, included under /workspace/ by minutes/urls.py."""

from django.urls import path

from minutes.drafting import views

urlpatterns = [
    path("", views.workspace_home, name="workspace_home"),
    path("bodies/<int:body_pk>/start/", views.meeting_start, name="workspace_start"),
    path("meetings/<int:pk>/", views.meeting_edit, name="workspace_meeting"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="workspace_attendance"),
    path("meetings/<int:pk>/agenda/", views.agenda, name="workspace_agenda"),
    path("meetings/<int:pk>/agenda/renumber/", views.agenda_renumber, name="workspace_renumber"),
    path("meetings/<int:pk>/history/", views.meeting_history, name="workspace_history"),
    path("attendance/<int:pk>/status/", views.attendance_status, name="workspace_attendance_status"),
    path("attendance/<int:pk>/", views.attendance_edit, name="workspace_attendance_edit"),
    path("attendance/<int:pk>/remove/", views.attendance_remove, name="workspace_attendance_remove"),
    path("items/<int:pk>/", views.item_edit, name="workspace_item"),
    path("items/<int:pk>/move/", views.item_move, name="workspace_item_move"),
    path("items/<int:pk>/delete/", views.item_delete, name="workspace_item_delete"),
    path("items/<int:pk>/presenters/", views.presenter_add, name="workspace_presenter_add"),
    path("presenters/<int:pk>/remove/", views.presenter_remove, name="workspace_presenter_remove"),
    path("items/<int:pk>/contributions/", views.contribution_add, name="workspace_contribution_add"),
    path("contributions/<int:pk>/", views.contribution_edit, name="workspace_contribution"),
    path("contributions/<int:pk>/move/", views.contribution_move, name="workspace_contribution_move"),
    path("contributions/<int:pk>/delete/", views.contribution_delete, name="workspace_contribution_delete"),
    path("items/<int:pk>/decisions/", views.decision_add, name="workspace_decision_add"),
    path("decisions/<int:pk>/", views.decision_edit, name="workspace_decision"),
    path("decisions/<int:pk>/delete/", views.decision_delete, name="workspace_decision_delete"),
    path("meetings/<int:pk>/minute-takers/", views.minute_taker_add, name="workspace_minute_taker_add"),
    path("minute-takers/<int:pk>/", views.minute_taker_edit, name="workspace_minute_taker"),
    path("minute-takers/<int:pk>/move/", views.minute_taker_move, name="workspace_minute_taker_move"),
    path("minute-takers/<int:pk>/remove/", views.minute_taker_remove, name="workspace_minute_taker_remove"),
    path("items/<int:pk>/figures/", views.figure_add, name="workspace_figure_add"),
    path("figures/<int:pk>/", views.figure_edit, name="workspace_figure"),
    path("figures/<int:pk>/move/", views.figure_move, name="workspace_figure_move"),
    path("figures/<int:pk>/delete/", views.figure_delete, name="workspace_figure_delete"),
    path("meetings/<int:pk>/attachments/", views.attachments, name="workspace_attachments"),
    path("items/<int:pk>/attachments/", views.item_attachment_add, name="workspace_item_attachment_add"),
    path("attachments/<int:pk>/", views.attachment_edit, name="workspace_attachment"),
    path("attachments/<int:pk>/move/", views.attachment_move, name="workspace_attachment_move"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="workspace_attachment_delete"),
]
