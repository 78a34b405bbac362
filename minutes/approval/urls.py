"""URLs of the approval workflow, included at the site root by minutes/urls.py."""

from django.urls import path

from minutes.approval import two_factor, views

urlpatterns = [
    path("approval/", views.awaiting, name="approval_awaiting"),
    path("meetings/<int:pk>/approval/", views.review, name="approval_review"),
    path("meetings/<int:pk>/approval/submit/", views.submit, name="approval_submit"),
    path("meetings/<int:pk>/approval/request-changes/", views.request_changes, name="approval_request_changes"),
    path("meetings/<int:pk>/approval/sign/<int:line_pk>/", views.sign, name="approval_sign"),
    path("meetings/<int:pk>/approval/publish/", views.publish, name="approval_publish"),
    path("meetings/<int:pk>/approval/correct/", views.correct, name="approval_correct"),
    path("workspace/meetings/<int:pk>/approval/", views.workspace_approval, name="workspace_approval"),
    path("account/two-factor/", two_factor.status, name="two_factor"),
    path("account/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("account/two-factor/recovery-codes/", two_factor.recovery_codes, name="two_factor_recovery_codes"),
    path("account/two-factor/remove/", two_factor.remove, name="two_factor_remove"),
]
