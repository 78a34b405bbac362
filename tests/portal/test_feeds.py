from xml.etree import ElementTree

from icalendar import Calendar


def test_rss_feed_lists_published_protocols_with_public_items_only(client, city):
    response = client.get(f"/bodies/{city.beirat.pk}/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Protokoll der Integrationsbeiratssitzung – 20.07.2017"]
    assert items[0].findtext("link").endswith(city.published.get_absolute_url())
    description = items[0].findtext("description")
    assert "TOP 2: Sprachkurse für Geflüchtete" in description
    assert "Maulwurfsvertrag" not in description
    assert "Sportausschuss" not in response.content.decode()


def test_atom_feed_is_atom(client, city):
    response = client.get(f"/bodies/{city.sport.pk}/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [entry.findtext("atom:title", namespaces=ns) for entry in root.findall("atom:entry", ns)]
    assert titles == ["Niederschrift des Sportausschusses – 01.03.2018"]


def test_feed_of_a_missing_body_is_not_found(client, city):
    assert client.get("/bodies/999999/feed/rss/").status_code == 404


def test_calendar_has_every_meeting_in_berlin_time_without_unpublished_content(client, city):
    response = client.get("/meetings/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {event["uid"]: event for event in calendar.walk("VEVENT")}
    assert len(events) == 4
    first = events[f"meeting-{city.published.pk}@testserver"]
    assert str(first["summary"]) == "Integrationsbeirat: 1. Sitzung"
    assert first.decoded("dtstart").isoformat() == "2017-07-20T17:30:00+02:00"
    assert str(first["location"]) == "Rathaus, Großer Sitzungssaal"
    assert str(first["url"]).endswith(city.published.get_absolute_url())
    upcoming = events[f"meeting-{city.upcoming.pk}@testserver"]
    assert "url" not in upcoming
    assert b"TZID=Europe/Berlin" in response.content
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert b"Quallenplanung" not in response.content


def test_calendar_filters_by_body(client, city):
    calendar = Calendar.from_ical(client.get("/meetings/calendar.ics", {"body": city.sport.pk}).content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Sportausschuss: 1. Sitzung"]
