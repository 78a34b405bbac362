"""The portal's pages keep a fixed number of queries however much there is to read."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from council.models import Body, Membership, Person
from minutes import frozen_copies
from minutes.models import Meeting


def generate(**sizes):
    options = {
        "bodies": 1,
        "years": 1,
        "meetings_per_year": 2,
        "items_per_meeting": 3,
        "contributions_per_item": 2,
        "members_per_body": 4,
        **sizes,
    }
    call_command("generate_large_city", replace=True, verbosity=0, **{k: v for k, v in options.items()})
    # A new city: no page kept for visitors yet, so each page is counted as it is made.
    cache.clear()
    frozen_copies.forget_local_memory()


def pages(client) -> dict[str, str]:
    body = Body.objects.filter(classification="SYNTHETIC").order_by("pk").first()
    meeting = Meeting.objects.filter(body=body).order_by("pk").first()
    person = Person.objects.filter(memberships__body=body).order_by("pk")[1]
    chair = meeting.chair
    inflected = "Bereichen" if connection.vendor == "postgresql" else "Bereich"
    return {
        "home": "/",
        "list": "/meetings/",
        "list per body and year": f"/meetings/?body={body.pk}&year=2015",
        "protocol": meeting.get_absolute_url(),
        "search": "/search/?q=Bereich",
        "search for a speaker's name": f"/search/?q={chair.family_name}",
        # German word forms only on PostgreSQL; SQLite's fallback search matches the word itself.
        "search with filters": f"/search/?q={inflected}&body={body.pk}&year=2015&person={person.pk}",
        "person": f"/people/{person.pk}/",
        "chair's person page": f"/people/{chair.pk}/",
        "people": "/people/",
        "rss": f"/bodies/{body.pk}/feed/rss/",
    }


def count_queries(client) -> dict[str, int]:
    counts = {}
    for name, url in pages(client).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        if name.startswith("search"):  # the search really found something
            assert "Ergebnis" in response.content.decode() and ">0 Ergebnisse<" not in response.content.decode()
        counts[name] = len(queries)
    return counts


def member_client() -> Client:
    body = Body.objects.filter(classification="SYNTHETIC").order_by("pk").first()
    person = Person.objects.filter(memberships__body=body).order_by("pk")[2]
    user = get_user_model().objects.create_user(f"member-{person.pk}", password="x")
    Person.objects.filter(pk=person.pk).update(user=user)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("reader", ["anonymous", "member"])
def test_portal_pages_keep_their_query_count_as_the_data_grows(db, reader):
    generate()
    client = member_client() if reader == "member" else Client()
    small = count_queries(client)

    # Three times the bodies, four times the years and meetings, longer protocols.
    generate(bodies=3, years=4, meetings_per_year=3, items_per_meeting=6, contributions_per_item=5, members_per_body=8)
    client = member_client() if reader == "member" else Client()
    large = count_queries(client)

    assert large == small
    # The most: a member's protocol page, which also reads the deputies of the attendance list
    # and the papers on its items.
    assert max(small.values()) <= 22


def test_large_city_is_generated_at_the_requested_size(db):
    generate(bodies=2, years=3, meetings_per_year=4, items_per_meeting=5, contributions_per_item=3, members_per_body=5)
    assert Meeting.objects.filter(body__classification="SYNTHETIC", status=Meeting.Status.PUBLISHED).count() == 24
    assert Membership.objects.filter(body__classification="SYNTHETIC").count() == 10
    from minutes.models import Contribution

    assert Contribution.objects.filter(item__meeting__body__classification="SYNTHETIC").count() == 24 * 5 * 3
    generate(bodies=1, years=1, meetings_per_year=1)  # --replace removes the earlier data
    assert Meeting.objects.filter(body__classification="SYNTHETIC").count() == 1
