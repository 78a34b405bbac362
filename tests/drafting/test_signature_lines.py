"""Signature lines in the workspace: a function of the body or the one person who signs,
added, reordered and removed by the secretariat; the chair's line follows the chair."""

import pytest
from django.urls import reverse

from minutes.approval.completeness import check_completeness
from minutes.drafting import services as drafting
from minutes.exceptions import DraftingError


def lines(meeting):
    return [(line.role, line.person) for line in meeting.signature_lines.order_by("order")]


def test_the_secretariat_adds_reorders_and_removes_lines_in_the_workspace(secretary_client, council, meeting):
    url = reverse("minutes:workspace_meeting", args=[meeting.pk])
    html = secretary_client.get(url).content.decode()
    assert "Unterschriftszeilen" in html and "Zeile hinzufügen" in html
    response = secretary_client.post(
        reverse("minutes:workspace_signature_line_add", args=[meeting.pk]),
        {"role": "member", "person": council.people.beta.pk},  # no login: the secretariat may name him
        follow=True,
    )
    assert "Unterschriftszeile hinzugefügt." in response.content.decode()
    assert lines(meeting) == [
        ("chair", council.people.chair),
        ("minute_taker", None),
        ("member", council.people.beta),
    ]
    added = meeting.signature_lines.get(role="member")
    secretary_client.post(reverse("minutes:workspace_signature_line_move", args=[added.pk]), {"direction": "up"})
    assert [role for role, _ in lines(meeting)] == ["chair", "member", "minute_taker"]
    secretary_client.post(reverse("minutes:workspace_signature_line_remove", args=[added.pk]))
    assert [role for role, _ in lines(meeting)] == ["chair", "minute_taker"]


def test_a_line_of_a_function_is_printed_without_a_name_until_signed(client, council, meeting):
    client.force_login(council.users.secretary)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Herr Vogt, Vorsitz" in html  # the chair's line names the chair, as the body prints names
    assert "<p>Schriftführung</p>" in html  # whoever keeps the minutes signs; no name yet


def test_the_chairs_line_follows_the_chair(council, meeting):
    secretary = council.users.secretary
    drafting.save_meeting(meeting, by=secretary, revision=meeting.revision, chair=council.people.beta)
    assert lines(meeting)[0] == ("chair", council.people.beta)
    meeting.refresh_from_db()
    drafting.save_meeting(meeting, by=secretary, revision=meeting.revision, chair=None)
    assert lines(meeting)[0] == ("chair", None)  # a line of the function again


def test_nobody_names_themselves_chair_while_the_chairs_line_would_name_them(council, meeting):
    with pytest.raises(DraftingError, match="Vorsitz|chair"):
        drafting.save_meeting(
            meeting, by=council.users.secretary, revision=meeting.revision, chair=council.people.secretary
        )
    assert lines(meeting)[0] == ("chair", council.people.chair)


def test_a_line_of_a_function_nobody_holds_is_reported_before_submitting(council, meeting):
    drafting.add_signature_line(meeting, by=council.users.secretary, role="management")
    messages = [problem.message for problem in check_completeness(meeting)]
    assert any("Geschäftsführung" in message and "niemand" in message.lower() for message in messages)
    problem = next(p for p in check_completeness(meeting) if "Geschäftsführung" in p.message)
    assert problem.url == reverse("minutes:workspace_meeting", args=[meeting.pk]) + "#signatures"
