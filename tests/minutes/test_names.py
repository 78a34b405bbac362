"""Names as a body prints them (council.names), declined after a preposition."""

import datetime

import pytest

from council.models import Membership
from council.names import Case, NameFormat, PrintedNames, accusative, printed_names
from tests.factories import BodyFactory, MembershipFactory, PersonFactory


@pytest.mark.parametrize(
    ("nominative", "after_fuer"),
    [
        ("Herr", "Herrn"),
        ("Ratsherr", "Ratsherrn"),
        ("Frau", "Frau"),
        ("Ratsfrau", "Ratsfrau"),
        ("Bürgermeisterin", "Bürgermeisterin"),
        ("Bürgermeister", "Bürgermeister"),
        ("Oberbürgermeister", "Oberbürgermeister"),
        ("Stadtrat", "Stadtrat"),
        ("Erster Beigeordneter", "Ersten Beigeordneten"),
        ("Erste Beigeordnete", "Erste Beigeordnete"),
        ("Sachkundiger Bürger", "Sachkundigen Bürger"),
        ("Sachkundige Bürgerin", "Sachkundige Bürgerin"),
        ("Stellvertretender Vorsitzender", "Stellvertretenden Vorsitzenden"),
    ],
)
def test_titles_are_declined_after_fuer_and_durch(nominative, after_fuer):
    assert accusative(nominative) == after_fuer


def test_a_name_format_prints_what_the_body_asks_for(db):
    person = PersonFactory.build(form_of_address="Herr", title="Dr.", given_name="Klaus", family_name="Fink")
    assert NameFormat().name(person) == "Herr Dr. Fink"  # the seed's format, the default
    assert NameFormat(given_name=True).name(person) == "Herr Dr. Klaus Fink"
    assert NameFormat(form_of_address=False, given_name=True).name(person) == "Dr. Klaus Fink"
    assert NameFormat(academic_title=False).name(person) == "Herr Fink"
    titled = NameFormat(council_title=True, given_name=True)
    assert titled.name(person, council_title="Ratsherr") == "Ratsherr Dr. Klaus Fink"
    assert titled.name(person, council_title="Ratsherr", case=Case.ACCUSATIVE) == "Ratsherrn Dr. Klaus Fink"
    assert titled.name(person) == "Herr Dr. Klaus Fink"  # no council title: the form of address
    assert NameFormat().name(person, council_title="Ratsherr") == "Herr Dr. Fink"  # the body prints none


def test_a_memberships_council_title_comes_before_the_persons_own(db):
    body = BodyFactory(name_council_title=True)
    other = BodyFactory()
    mayor = PersonFactory(form_of_address="Frau", family_name="Roth", council_title="Ratsfrau")
    member = PersonFactory(form_of_address="Herr", family_name="Fink", council_title="Ratsherr")
    citizen = PersonFactory(form_of_address="Frau", family_name="Graf")
    MembershipFactory(body=body, person=mayor, role=Membership.Role.CHAIR, council_title="Bürgermeisterin")
    MembershipFactory(body=body, person=member)
    MembershipFactory(body=body, person=citizen, council_title="Sachkundige Bürgerin")
    MembershipFactory(
        body=body,
        person=member,
        council_title="Stellvertretender Vorsitzender",
        start_date=datetime.date(2030, 1, 1),  # not yet
    )
    names = PrintedNames(body, datetime.date(2024, 3, 14))
    assert names(mayor) == "Bürgermeisterin Roth"
    assert names(member) == "Ratsherr Fink"
    assert names.accusative(member) == "Ratsherrn Fink"
    assert names(citizen) == "Sachkundige Bürgerin Graf"
    # Elsewhere she is what she is herself.
    other.name_council_title = True
    assert PrintedNames(other, datetime.date(2024, 3, 14))(mayor) == "Ratsfrau Roth"
    # Across bodies, with one query at most.
    assert printed_names(
        [(body, datetime.date(2024, 3, 14), mayor), (other, datetime.date(2024, 3, 14), mayor), (body, None, None)]
    ) == ["Bürgermeisterin Roth", "Ratsfrau Roth", ""]


def test_a_body_without_council_titles_never_reads_the_memberships(db, django_assert_num_queries):
    body = BodyFactory()
    person = PersonFactory(form_of_address="Frau", family_name="Duczkowska", council_title="Ratsfrau")
    names = PrintedNames(body, datetime.date(2017, 7, 20))
    with django_assert_num_queries(0):
        assert names(person) == "Frau Duczkowska"
