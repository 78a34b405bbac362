"""URLs of the portal (reading, searching, downloading, feeds, people), at the site root."""

from django.urls import path

from minutes.portal import feeds, files, people, record, views

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/pdf/", views.meeting_pdf, name="meeting_pdf"),
    path(
        "meetings/<int:pk>/pdf/nichtoeffentlich/",
        views.meeting_pdf,
        {"part": views.PdfPart.NON_PUBLIC},
        name="meeting_pdf_non_public",
    ),
    path("meetings/<int:pk>/daten/", record.meeting_data, name="meeting_data"),
    path(
        "meetings/<int:pk>/daten/nichtoeffentlich/",
        record.meeting_data,
        {"part": views.PdfPart.NON_PUBLIC},
        name="meeting_data_non_public",
    ),
    path("pruefen/", record.record_check, name="record_check"),
    path("meetings/calendar.ics", feeds.meetings_calendar, name="calendar"),
    path("search/", views.search, name="search"),
    path("bodies/<int:body_pk>/feed/rss/", feeds.PublishedProtocolsFeed(), name="feed_rss"),
    path("bodies/<int:body_pk>/feed/atom/", feeds.PublishedProtocolsAtomFeed(), name="feed_atom"),
    path("people/", people.person_list, name="person_list"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("files/figures/<int:pk>/", files.figure_image, name="figure_image"),
    path("files/attachments/<int:pk>/", files.attachment, name="attachment"),
    path("media/<path:path>", files.legacy_media, name="legacy_media"),
]
