"""What a body chooses about its protocols' print: layout of the attendance, how deputies
are printed, names, heading and preamble in its own wording, named votes."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from council.admin import BodyAdminForm
from council.models import Body, Membership
from minutes.approval.completeness import check_completeness
from minutes.drafting import services as drafting
from minutes.models import Attendance
from tests.factories import MembershipFactory, PersonFactory

from .test_seed_protocol import page_text

T = datetime.time


@pytest.fixture
def deputy(council, meeting):
    """Frau Alpha excused; Herr Zeta, her registered deputy, sits for her."""
    by = council.users.secretary
    zeta = PersonFactory(form_of_address="Herr", family_name="Zeta", given_name="Zacharias", council_title="Ratsherr")
    alpha = council.body.memberships.get(person=council.people.alpha)
    MembershipFactory(body=council.body, person=zeta, deputy_of=alpha)
    drafting.save_attendance(meeting.attendances.get(person=council.people.alpha), by=by, status="excused")
    drafting.add_deputy(meeting, by=by, person=zeta, member=council.people.alpha)
    return zeta


def printed(client, council, meeting, **body_settings) -> str:
    Body.objects.filter(pk=council.body.pk).update(**body_settings)
    client.force_login(council.users.secretary)
    return page_text(client.get(meeting.get_absolute_url()))


def test_by_default_the_deputy_is_printed_with_the_member_under_their_own_status(client, council, meeting, deputy):
    text = printed(client, council, meeting)
    participants = text[text.index("Teilnehmende") : text.index("Entschuldigt Entschuldigt")]
    assert "Herr Zeta (in Vertretung für Frau Alpha)" in participants
    assert "Frau Alpha Turnverein 1861 e.V." in text[text.index("Entschuldigt Entschuldigt") :]


def test_a_body_may_print_the_member_represented_by_the_deputy(client, council, meeting, deputy):
    text = printed(client, council, meeting, deputies_printed="with_member")
    assert "Frau Alpha (vertreten durch Herrn Zeta) Turnverein 1861 e.V." in text
    assert "Herr Zeta" not in text.replace("durch Herrn Zeta", "")


def test_a_body_may_print_only_the_deputy(client, council, meeting, deputy):
    text = printed(client, council, meeting, deputies_printed="deputy_only")
    assert "Herr Zeta (in Vertretung für Frau Alpha)" in text
    assert "Entschuldigt Entschuldigt" not in text  # Alpha was the only one excused
    assert "Frau Alpha Turnverein" not in text


def test_one_table_per_group_with_a_status_column(client, council, meeting, deputy):
    drafting.save_attendance(
        meeting.attendances.get(person=council.people.gamma), by=council.users.secretary, status="absent"
    )
    text = printed(
        client, council, meeting, attendance_layout="by_group", deputies_printed="with_member", name_council_title=True
    )
    in_order = [
        "Stimmberechtigte Mitglieder Stimmberechtigte Mitglieder Name Zugehörigkeit Status",
        "Frau Alpha Turnverein 1861 e.V. vertreten durch Ratsherrn Zeta",
        "Herr Beta Bereich Wirtschaft anwesend",
        "Frau Gamma CDU nicht anwesend",
        "Beratende Mitglieder",
        "Herr Delta Seniorenrat anwesend",
        "Verwaltung",
        "Frau Epsilon Fachbereich Sport anwesend",
        "Schriftführung",
        "Frau Gegner Fachbereich Sport",
    ]
    position = 0
    for needle in in_order:
        position = text.index(needle, position)
    assert "Teilnehmende" not in text and "Entschuldigt" not in text  # no lists per status


def test_names_with_given_names_and_council_titles_everywhere_the_protocol_names_someone(client, council, meeting):
    council.people.beta.council_title = "Ratsherr"
    council.people.beta.save()
    council.body.memberships.filter(person=council.people.chair).update(council_title="Bürgermeister")
    item = meeting.agenda_items.get()
    drafting.add_contribution(item, by=council.users.secretary, speaker=council.people.beta, text="fragt nach.")
    drafting.add_contribution(item, by=council.users.secretary, speaker=council.people.chair, text="antwortet.")
    text = printed(client, council, meeting, name_council_title=True, name_given_name=True)
    assert "Ratsherr Bernd Beta Bereich Wirtschaft" in text  # attendance
    assert "Ratsherr Bernd Beta fragt nach." in text  # speaker line
    assert "Bürgermeister Karl Vogt antwortet." in text  # the chair's title in this body
    assert "Frau Gisela Gegner Fachbereich Sport" in text  # minute-taker
    # The speaker field of the workspace offers the names as printed.
    page = council_page = client.get(f"/workspace/items/{item.pk}/").content.decode()
    assert 'value="Ratsherr Bernd Beta"' in page and council_page


def test_the_heading_and_the_preamble_in_the_bodys_wording(client, council, meeting):
    settings = {
        "protocol_title": "Niederschrift über die {number}. Sitzung des {body}",
        "protocol_date_line": "Datum des Protokolls: {protocol_date}",
        "preamble": "{chair} eröffnet die Sitzung, zu der am {invitation_date} {convened} eingeladen wurde; "
        "es sind {voting_present} von {voting_members} Stimmberechtigten anwesend, der Ausschuss ist {quorum}.",
    }
    text = printed(client, council, meeting, **settings)
    assert "Niederschrift über die 7. Sitzung des Sportausschusses" not in text  # the body's name is as it is
    assert "Niederschrift über die 7. Sitzung des Sportausschuss" in text
    assert "[fehlt: das Datum der Einladung]" in text and "[fehlt: „ordnungsgemäß“" in text
    meeting.refresh_from_db()
    meeting.body.refresh_from_db()
    problems = [p.message for p in check_completeness(meeting)]
    assert any(m.startswith("Der Eröffnungstext braucht noch: das Datum der Einladung,") for m in problems)

    meeting = drafting.save_meeting(
        meeting,
        by=council.users.secretary,
        revision=meeting.revision,
        protocol_date=datetime.date(2024, 3, 28),
        invitation_date=datetime.date(2024, 3, 1),
        duly_convened=True,
        quorum_stated=True,
    )
    text = printed(client, council, meeting)
    assert "Datum des Protokolls: 28.03.2024" in text
    assert (
        "Herr Vogt eröffnet die Sitzung, zu der am 01.03.2024 ordnungsgemäß eingeladen wurde; es sind 4 von 4 "
        "Stimmberechtigten anwesend, der Ausschuss ist beschlussfähig." in text
    )
    assert not any("Eröffnungstext" in p.message for p in check_completeness(meeting))


def test_the_wording_is_text_not_code(client, council, meeting):
    form = BodyAdminForm(
        {"name": council.body.name, "preamble": "{chair.__class__} {{ 7 }} {secret}", "protocol_date_line": "x"},
        instance=council.body,
    )
    assert not form.is_valid()
    assert form.errors["preamble"][0].startswith("Unbekannter Platzhalter {secret}. Erlaubt sind: {body}, {number}")
    with pytest.raises(ValidationError):
        Body(name="X", protocol_title="{__import__}").full_clean()
    # What a meeting states is printed as text, never as markup or HTML.
    meeting.public_notice = "**fett** <script>alert(1)</script>"
    meeting.save()
    Body.objects.filter(pk=council.body.pk).update(preamble="Bekannt gemacht {public_notice}.")
    client.force_login(council.users.secretary)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Bekannt gemacht **fett** &lt;script&gt;alert(1)&lt;/script&gt;." in html
    assert "<script>alert(1)" not in html


def test_a_named_vote_printed_as_a_table(client, council, meeting):
    by = council.users.secretary
    decision = drafting.add_decision(meeting.agenda_items.get(), by=by, text="Halle", result="accepted")
    people = council.people
    drafting.save_named_votes(
        decision,
        by=by,
        revision=decision.revision,
        votes={people.chair.pk: "yes", people.alpha.pk: "no", people.beta.pk: "yes", people.gamma.pk: "abstain"},
    )
    text = printed(client, council, meeting, named_votes_layout="table")
    assert "Abstimmung: 2 Ja, 1 Nein, 1 Enthaltung – angenommen" in text
    assert "Namentliche Abstimmung Name Stimme Herr Vogt Ja Frau Alpha Nein Herr Beta Ja Frau Gamma Enthaltung" in text


def test_every_group_prints_under_its_own_heading(client, council, meeting):
    from council.models import AttendanceGroup

    press = AttendanceGroup.objects.create(body=council.body, name="Presse", order=5, kind="guests")
    external = AttendanceGroup.objects.create(
        body=council.body, name="Extern", heading="Externe Sachverständige", order=3
    )
    reporter = PersonFactory(form_of_address="Frau", family_name="Kiel")
    expert = PersonFactory(form_of_address="Herr", family_name="Sachs")
    for person, group in ((reporter, press), (expert, external)):
        drafting.add_content(
            Attendance(meeting=meeting, person=person, group=group), by=council.users.secretary, append=True
        )
    text = printed(client, council, meeting)
    assert re.search(r"Teilnehmende .*Externe Sachverständige .*Herr Sachs .*Presse .*Frau Kiel", text)
    assert Membership.objects.filter(person=reporter).count() == 0
