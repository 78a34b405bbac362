from django.urls import include, path

from . import feeds, portal

app_name = "minutes"

urlpatterns = [
    path("", portal.home, name="home"),
    path("meetings/", portal.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", portal.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/pdf/", portal.meeting_pdf, name="meeting_pdf"),
    path(
        "meetings/<int:pk>/pdf/nichtoeffentlich/",
        portal.meeting_pdf,
        {"part": portal.PdfPart.NON_PUBLIC},
        name="meeting_pdf_non_public",
    ),
    path("meetings/calendar.ics", feeds.meetings_calendar, name="calendar"),
    path("search/", portal.search, name="search"),
    path("bodies/<int:body_pk>/feed/rss/", feeds.PublishedProtocolsFeed(), name="feed_rss"),
    path("bodies/<int:body_pk>/feed/atom/", feeds.PublishedProtocolsAtomFeed(), name="feed_atom"),
    path("", include("minutes.workflow")),
    path("workspace/", include("minutes.workspace_urls")),
]
