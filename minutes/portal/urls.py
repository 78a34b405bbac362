"""URLs of the portal (reading, searching, downloading, feeds, people), at the site root."""

from django.urls import path

from minutes.portal import feeds, people, views

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
    path("meetings/calendar.ics", feeds.meetings_calendar, name="calendar"),
    path("search/", views.search, name="search"),
    path("bodies/<int:body_pk>/feed/rss/", feeds.PublishedProtocolsFeed(), name="feed_rss"),
    path("bodies/<int:body_pk>/feed/atom/", feeds.PublishedProtocolsAtomFeed(), name="feed_atom"),
    path("people/", people.person_list, name="person_list"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
]
