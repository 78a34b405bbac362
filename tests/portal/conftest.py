"""A small council for the portal tests: two bodies, published and draft protocols,
public and non-public items — with marker words wherever the public must not look."""

from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from council.models import Body, Membership, Person
from minutes import lock
from minutes.models import AgendaItem, Attendance, Contribution, Decision, Meeting

# Words that must never reach an anonymous visitor, in any page, PDF, feed or search.
NON_PUBLIC_MARKERS = ["Zitronenfalterabsprache", "Maulwurfsvertrag", "Seepferdchenbeschluss"]
DRAFT_MARKERS = ["Kometenentwurf", "Quallenplanung", "Nebelkrähenbericht"]
MARKERS = NON_PUBLIC_MARKERS + DRAFT_MARKERS


def publish(meeting: Meeting) -> Meeting:
    # The approval workflow (services) publishes; tests set the state directly, through the
    # lock that otherwise keeps status changes to the services (minutes/lock.py).
    with lock.unlocked():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    meeting.refresh_from_db()
    return meeting


def add_item(meeting, number, title, *, public=True, contributions=(), decision=None):
    item = AgendaItem.objects.create(meeting=meeting, number=str(number), order=number, title=title, public=public)
    for order, (speaker, text) in enumerate(contributions):
        Contribution.objects.create(item=item, order=order, speaker=speaker, text=text)
    if decision:
        Decision.objects.create(item=item, text=decision, votes_yes=7, votes_no=0, votes_abstain=1)
    return item


@pytest.fixture
def council(db):
    User = get_user_model()
    beirat = Body.objects.create(
        name="Integrationsbeirat", short_name="IB", protocol_title="Protokoll der Integrationsbeiratssitzung"
    )
    sport = Body.objects.create(name="Sportausschuss", protocol_title="Niederschrift des Sportausschusses")

    def person(form, given, family, username=None):
        user = User.objects.create_user(username, password="demo") if username else None
        return Person.objects.create(form_of_address=form, given_name=given, family_name=family, user=user)

    chair = person("Herr", "Konrad", "Seigfried", "vorsitz")
    member = person("Frau", "Olga", "Duczkowska", "mitglied")
    secretariat = person("Frau", "Anne", "Gegner", "sekretariat")
    speaker = person("Herr", "Ali", "Manay")
    outsider = person("Herr", "Paul", "Fremd", "aussen")
    Membership.objects.create(body=beirat, person=chair, role=Membership.Role.CHAIR)
    Membership.objects.create(body=beirat, person=member, role=Membership.Role.MEMBER, order=1)
    Membership.objects.create(body=beirat, person=secretariat, role=Membership.Role.SECRETARIAT, order=2)
    Membership.objects.create(body=sport, person=outsider, role=Membership.Role.MEMBER)

    published = Meeting.objects.create(
        body=beirat,
        number=1,
        date=date(2017, 7, 20),
        start_time=time(17, 30),
        end_time=time(19, 30),
        building="Rathaus",
        room="Großer Sitzungssaal",
        chair=chair,
        protocol_date=date(2017, 8, 12),
    )
    Attendance.objects.create(meeting=published, person=chair, order=0)
    Attendance.objects.create(meeting=published, person=member, order=1)
    Attendance.objects.create(meeting=published, person=speaker, order=2, status=Attendance.Status.EXCUSED)
    add_item(
        published, 1, "Begrüßung", contributions=[(chair, "begrüßt die Anwesenden und stellt die Tagesordnung vor.")]
    )
    add_item(
        published,
        2,
        "Sprachkurse für Geflüchtete",
        contributions=[
            (speaker, "berichtet über die Zuschüsse der Stadt für Sprachkurse im Stadtteil."),
            (member, "fragt nach den Wartelisten der Volkshochschule."),
        ],
        decision="Der Beirat empfiehlt, die Förderung fortzusetzen.",
    )
    add_item(
        published,
        5,
        "Personalangelegenheit Maulwurfsvertrag",
        public=False,
        contributions=[(member, "Die Zitronenfalterabsprache bleibt vertraulich.")],
        decision="Seepferdchenbeschluss: der Beirat stimmt zu.",
    )
    publish(published)

    draft = Meeting.objects.create(body=beirat, number=2, date=date(2017, 9, 14), start_time=time(17, 30))
    Attendance.objects.create(meeting=draft, person=member, order=0, status=Attendance.Status.ABSENT)
    add_item(draft, 1, "Quallenplanung", contributions=[(member, "Der Kometenentwurf wird vorgestellt.")])
    add_item(draft, 2, "Verschiedenes", public=False, contributions=[(chair, "Nebelkrähenbericht.")])

    upcoming = Meeting.objects.create(
        body=beirat,
        number=3,
        date=timezone.localdate() + timedelta(days=30),
        start_time=time(17, 0),
        building="Rathaus",
        room="Raum 101",
    )
    add_item(upcoming, 1, "Nebelkrähenbericht zur Quallenplanung")

    sport_meeting = Meeting.objects.create(
        body=sport,
        number=1,
        date=date(2018, 3, 1),
        start_time=time(18, 0),
        end_time=time(20, 0),
        chair=outsider,
    )
    Attendance.objects.create(meeting=sport_meeting, person=outsider, order=0)
    add_item(sport_meeting, 1, "Hallenzeiten", contributions=[(outsider, "erläutert den Zuschuss für den Hallenbau.")])
    publish(sport_meeting)

    return SimpleNamespace(
        beirat=beirat,
        sport=sport,
        published=published,
        draft=draft,
        upcoming=upcoming,
        sport_meeting=sport_meeting,
        chair=chair,
        member=member,
        secretariat=secretariat,
        speaker=speaker,
        outsider=outsider,
    )


@pytest.fixture
def member_client(client, council):
    client.login(username="mitglied", password="demo")
    return client


@pytest.fixture
def secretariat_client(client, council):
    client.login(username="sekretariat", password="demo")
    return client
