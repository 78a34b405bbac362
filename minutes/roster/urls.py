"""URLs of the roster pages, included under /workspace/ by minutes/urls.py."""

from django.urls import path

from minutes.roster import views

urlpatterns = [
    path("bodies/<int:body_pk>/roster/", views.roster, name="roster"),
    path("bodies/<int:body_pk>/roster/import/", views.roster_import, name="roster_import"),
    path("bodies/<int:body_pk>/roster/people/<int:person_pk>/login/", views.login_create, name="roster_login"),
    path(
        "bodies/<int:body_pk>/roster/people/<int:person_pk>/password-link/",
        views.password_link,
        name="roster_password_link",
    ),
]
