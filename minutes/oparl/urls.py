"""The OParl 1.1 interface, at /oparl/v1.1/ (outside the language prefixes: ids are stable)."""

from django.urls import path

from . import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.body_list, name="body_list"),
    path("body/<int:pk>/", views.body, name="body"),
    path("body/<int:pk>/organizations/", views.organization_list, name="organization_list"),
    path("body/<int:pk>/people/", views.person_list, name="person_list"),
    path("body/<int:pk>/memberships/", views.membership_list, name="membership_list"),
    path("body/<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("body/<int:pk>/agenda-items/", views.agenda_item_list, name="agenda_item_list"),
    path("body/<int:pk>/papers/", views.paper_list, name="paper_list"),
    path("body/<int:pk>/consultations/", views.consultation_list, name="consultation_list"),
    path("body/<int:pk>/files/", views.file_list, name="file_list"),
    path("body/<int:pk>/locations/", views.location_list, name="location_list"),
    path("body/<int:pk>/legislative-terms/", views.legislative_term_list, name="legislative_term_list"),
    path("gremium/<int:pk>/", views.gremium, name="gremium"),
    path("gremium/<int:pk>/meetings/", views.gremium_meetings, name="gremium_meetings"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("person/<int:pk>/", views.person, name="person"),
    path("membership/<int:pk>/", views.membership, name="membership"),
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("agenda-item/<int:pk>/", views.agenda_item, name="agenda_item"),
    path("paper/<int:pk>/", views.paper, name="paper"),
    path("consultation/<int:pk>/", views.consultation, name="consultation"),
    path("file/<int:pk>/", views.file, name="file"),
    path("file/<int:pk>/access/", views.file_access, name="file_access"),
    path("file/<int:pk>/download/", views.file_download, name="file_download"),
    path("protocol/<int:pk>/", views.protocol_file, name="protocol_file"),
    path("protocol/<int:pk>/access/", views.protocol_file_access, name="protocol_file_access"),
    path("protocol/<int:pk>/download/", views.protocol_file_download, name="protocol_file_download"),
    path("location/<int:pk>/", views.location, name="location"),
    path("legislative-term/<int:pk>/", views.legislative_term, name="legislative_term"),
]
