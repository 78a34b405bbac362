"""Feeds date a protocol by when it was published, not by a made-up noon of its protocol date."""

from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree

from django.urls import reverse

from minutes import lock
from minutes.models import ProtocolEvent


def rss_items(client, meeting):
    response = client.get(reverse("minutes:feed_rss", args=[meeting.body_id]))
    return ElementTree.fromstring(response.content).find("channel").findall("item")


def test_the_rss_date_is_the_time_of_publication(client, demo):
    published_at = datetime(2017, 9, 4, 16, 45, 12, tzinfo=UTC)
    with lock.unlocked():
        ProtocolEvent.objects.filter(meeting=demo, action="published").update(created=published_at)
    [item] = rss_items(client, demo)
    assert item.findtext("pubDate") == format_datetime(published_at)


def test_without_a_publication_event_the_rss_date_is_the_last_change(client, demo):
    with lock.unlocked():
        ProtocolEvent.objects.filter(meeting=demo, action="published").delete()
    demo.refresh_from_db()
    [item] = rss_items(client, demo)
    assert item.findtext("pubDate") == format_datetime(demo.modified.astimezone(UTC))
    assert "12:00:00" not in item.findtext("pubDate")
