"""A small body with a roster and logins, faster than the full demo for unit tests."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from council.models import Body, Membership, Organization, Person
from minutes.drafting import services as drafting
from minutes.models import Meeting


def _person(form, family, given="", username=None):
    user = User.objects.create_user(username, password="demo") if username else None
    return Person.objects.create(form_of_address=form, given_name=given, family_name=family, user=user)


@pytest.fixture
def council(db):
    body = Body.objects.create(
        name="Sportausschuss",
        protocol_title="Niederschrift des Sportausschusses",
        signature_roles=["chair", "minute_taker"],
    )
    verein = Organization.objects.create(name="Turnverein 1861 e.V.")
    people = SimpleNamespace(
        chair=_person("Herr", "Vogt", "Karl", "vorsitz"),
        secretary=_person("Frau", "Gegner", "Gisela", "sekretariat"),
        alpha=_person("Frau", "Alpha", "Anna", "mitglied"),
        beta=_person("Herr", "Beta", "Bernd"),
        gamma=_person("Frau", "Gamma", "Gerda"),
        delta=_person("Herr", "Delta", "Dieter"),
        admin=_person("Frau", "Epsilon", "Eva"),
        former=_person("Herr", "Früher", "Fritz"),
    )
    rows = [
        (people.chair, Membership.Role.CHAIR, True, None, ""),
        (people.alpha, Membership.Role.MEMBER, True, verein, ""),
        (people.beta, Membership.Role.MEMBER, True, None, "Bereich Wirtschaft"),
        (people.gamma, Membership.Role.MEMBER, True, None, "CDU"),
        (people.delta, Membership.Role.ADVISORY, False, None, "Seniorenrat"),
        (people.admin, Membership.Role.ADMINISTRATION, False, None, "Fachbereich Sport"),
        (people.secretary, Membership.Role.MINUTE_TAKER, False, None, "Fachbereich Sport"),
        (people.secretary, Membership.Role.SECRETARIAT, False, None, "Fachbereich Sport"),
    ]
    for order, (person, role, voting, org, label) in enumerate(rows, start=1):
        Membership.objects.create(
            body=body, person=person, role=role, voting_right=voting, on_behalf_of=org, label=label, order=order
        )
    Membership.objects.create(
        body=body,
        person=people.former,
        role=Membership.Role.MEMBER,
        end_date=datetime.date(2020, 1, 1),
        start_date=datetime.date(2019, 1, 1),
    )
    users = SimpleNamespace(
        secretary=people.secretary.user,
        chair=people.chair.user,
        member=people.alpha.user,
        superuser=User.objects.create_superuser("admin", password="demo"),
        stranger=User.objects.create_user("fremd", password="demo"),
    )
    return SimpleNamespace(body=body, people=people, users=users, verein=verein)


@pytest.fixture
def meeting(council) -> Meeting:
    """A started draft with one item."""
    meeting = drafting.start_meeting(
        council.body,
        by=council.users.secretary,
        number=7,
        date=datetime.date(2024, 3, 14),
        start_time=datetime.time(17, 30),
        end_time=datetime.time(20, 0),
        chair=council.people.chair,
        building="Rathaus",
        room="Sitzungssaal",
    )
    drafting.add_agenda_item(meeting, by=council.users.secretary, number="1", title="Hallenbelegung")
    return meeting


@pytest.fixture
def secretary_client(client, council):
    client.force_login(council.users.secretary)
    return client
