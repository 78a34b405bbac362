"""Feeds: RSS and Atom of newly published protocols per body, iCalendar of meetings.

Feeds are read by programs without a login, so they always show the anonymous view:
published protocols and their public items only.
"""

from datetime import datetime, timedelta

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from council.models import Body
from minutes.portal import selectors
from minutes.portal.forms import CalendarForm

FEED_LENGTH = 20
# Meetings without an end time are announced with this length.
DEFAULT_DURATION = timedelta(hours=2)


class PublishedProtocolsFeed(Feed):
    """RSS 2.0: the latest published protocols of one body."""

    def get_object(self, request, body_pk):
        return get_object_or_404(Body, pk=body_pk)

    def title(self, body):
        return _("Protocols of %(body)s") % {"body": body.name}

    def link(self, body):
        return reverse("minutes:meeting_list") + f"?body={body.pk}"

    def description(self, body):
        return _("Newly published protocols of %(body)s") % {"body": body.name}

    def items(self, body):
        return selectors.published_protocols_with_public_items(body)[:FEED_LENGTH]

    def item_title(self, meeting):
        return f"{meeting.display_title} – {meeting.date:%d.%m.%Y}"

    def item_description(self, meeting):
        # RSS <description> and Atom <summary type="html"> are HTML that feed readers render:
        # the titles are text in it, escaped (the feed's XML escapes this HTML once more).
        return format_html_join(
            mark_safe("<br>\n"), "TOP {}: {}", ((item.number, item.title) for item in meeting.agenda_items.all())
        )

    def item_pubdate(self, meeting):
        return _published_at(meeting)

    def item_updateddate(self, meeting):
        return meeting.modified


class PublishedProtocolsAtomFeed(PublishedProtocolsFeed):
    feed_type = Atom1Feed
    subtitle = PublishedProtocolsFeed.description


def _published_at(meeting):
    """When the workflow published the protocol (its 'published' event), else its last change."""
    return getattr(meeting, "published_at", None) or meeting.modified


@require_safe
def meetings_calendar(request):
    """All meetings as iCalendar (RFC 5545): when, where, which body — the invitation's facts."""
    form = CalendarForm(request.GET)
    if not form.is_valid():
        raise Http404(_("There is no such body."))
    meetings = selectors.calendar_meetings(form.cleaned_data["body"])
    calendar = Calendar()
    calendar.add("prodid", "-//Ratsprotokoll//Meetings//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Meetings"))
    calendar.add("x-wr-timezone", "Europe/Berlin")
    for meeting in meetings:
        calendar.add_component(_event(request, meeting))
    calendar.add_missing_timezones()  # RFC 5545: a VTIMEZONE for every TZID used
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sitzungen.ics"'
    return response


def _event(request, meeting) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{request.get_host()}")
    event.add("summary", f"{meeting.body.name}: {meeting.number}. {_('meeting')}")
    tz = timezone.get_default_timezone()  # Europe/Berlin
    if meeting.start_time:
        start = datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
        end = start + DEFAULT_DURATION
        if meeting.end_time:
            end = datetime.combine(meeting.date, meeting.end_time, tzinfo=tz)
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", meeting.date)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("dtstamp", meeting.modified)
    if meeting.status == meeting.Status.PUBLISHED:
        url = request.build_absolute_uri(meeting.get_absolute_url())
        event.add("url", url)
        event.add("description", _("Protocol: %(url)s") % {"url": url})
    return event
