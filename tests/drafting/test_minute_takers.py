"""Minute-takers (Schriftführung) are kept in the workspace: added, changed, reordered, removed."""

import html

from django.urls import reverse

from minutes import lock
from minutes.drafting import services as drafting
from minutes.models import Meeting, MinuteTaker
from minutes.protocol import build_protocol


def page(response) -> str:
    return html.unescape(response.content.decode())


def printed_minute_takers(meeting) -> list[tuple[str, str]]:
    protocol = build_protocol(meeting.pk, include_non_public=False)
    return [(t.person.addressed_name, t.affiliation) for t in protocol.meeting.minute_takers.all()]


def test_starting_a_meeting_takes_the_minute_takers_from_the_roster(meeting):
    assert printed_minute_takers(meeting) == [("Frau Gegner", "Fachbereich Sport")]


def test_the_attendance_page_lists_the_minute_takers_with_their_forms(secretary_client, meeting):
    response = secretary_client.get(reverse("minutes:workspace_attendance", args=[meeting.pk]))
    text = page(response)
    assert 'id="minute-takers"' in text
    assert "Frau Gegner" in text and "Fachbereich Sport" in text
    assert "Schriftführung hinzufügen" in text


def test_a_minute_taker_from_the_roster_gets_the_affiliation_of_the_roster(secretary_client, council, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_minute_taker_add", args=[meeting.pk]),
        {"taker-person": council.people.admin.pk, "taker-affiliation": ""},
    )
    assert response.status_code == 302
    assert printed_minute_takers(meeting) == [
        ("Frau Gegner", "Fachbereich Sport"),
        ("Frau Epsilon", "Fachbereich Sport"),
    ]
    taker = MinuteTaker.objects.get(person=council.people.admin)
    assert taker.history.first().history_user == council.users.secretary


def test_a_new_person_can_keep_the_minutes(secretary_client, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_minute_taker_add", args=[meeting.pk]),
        {
            "taker-form_of_address": "Herr",
            "taker-given_name": "Paul",
            "taker-family_name": "Schreiber",
            "taker-affiliation": "Hauptamt",
        },
    )
    assert response.status_code == 302
    assert printed_minute_takers(meeting)[-1] == ("Herr Schreiber", "Hauptamt")
    text = page(secretary_client.get(reverse("minutes:meeting_detail", args=[meeting.pk])))
    assert "Herr Schreiber" in text and "Hauptamt" in text


def test_nobody_keeps_the_minutes_twice(secretary_client, council, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_minute_taker_add", args=[meeting.pk]),
        {"taker-person": council.people.secretary.pk, "taker-affiliation": "Doppelt"},
    )
    assert response.status_code == 400  # not offered, and refused if posted anyway
    assert MinuteTaker.objects.filter(meeting=meeting).count() == 1


def test_without_a_person_the_form_says_what_is_missing(secretary_client, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_minute_taker_add", args=[meeting.pk]),
        {"taker-given_name": "Paul", "taker-affiliation": "Hauptamt"},
    )
    assert response.status_code == 400
    text = page(response)
    assert "Wählen Sie eine Person aus der Mitgliederliste oder geben Sie mindestens den Nachnamen" in text
    assert 'value="Hauptamt"' in text and 'value="Paul"' in text


def test_the_affiliation_and_the_person_are_changed_and_a_stale_form_is_refused(secretary_client, council, meeting):
    taker = meeting.minute_takers.get()
    url = reverse("minutes:workspace_minute_taker", args=[taker.pk])
    prefix = f"t{taker.pk}"
    response = secretary_client.post(
        url, {f"{prefix}-person": taker.person_id, f"{prefix}-affiliation": "Amt für Sport", f"{prefix}-revision": 1}
    )
    assert response.status_code == 302
    assert printed_minute_takers(meeting) == [("Frau Gegner", "Amt für Sport")]

    stale = secretary_client.post(
        url,
        {f"{prefix}-person": council.people.admin.pk, f"{prefix}-affiliation": "Alt", f"{prefix}-revision": 1},
    )
    assert stale.status_code == 409
    text = page(stale)
    assert "Jemand anderes hat dies inzwischen gespeichert." in text
    assert "Amt für Sport" in text  # what they saved
    assert printed_minute_takers(meeting) == [("Frau Gegner", "Amt für Sport")]


def test_minute_takers_are_reordered_and_removed(secretary_client, council, meeting):
    drafting.add_minute_taker(meeting, by=council.users.secretary, person=council.people.admin, affiliation="Amt")
    second = MinuteTaker.objects.get(person=council.people.admin)
    secretary_client.post(reverse("minutes:workspace_minute_taker_move", args=[second.pk]), {"direction": "up"})
    assert printed_minute_takers(meeting) == [("Frau Epsilon", "Amt"), ("Frau Gegner", "Fachbereich Sport")]
    first = meeting.minute_takers.get(person=council.people.secretary)
    response = secretary_client.post(reverse("minutes:workspace_minute_taker_remove", args=[first.pk]))
    assert response.status_code == 302
    assert printed_minute_takers(meeting) == [("Frau Epsilon", "Amt")]
    history = page(secretary_client.get(reverse("minutes:workspace_history", args=[meeting.pk])))
    assert "Schriftführung gelöscht:<br><small>Frau Gegner</small>" in history


def test_the_chair_and_a_signed_protocol_cannot_change_the_minute_takers(client, council, meeting):
    client.force_login(council.users.chair)
    taker = meeting.minute_takers.get()
    response = client.post(reverse("minutes:workspace_minute_taker_remove", args=[taker.pk]))
    assert response.status_code == 403
    with lock.unlocked():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SUBMITTED)
    client.force_login(council.users.secretary)
    response = client.post(reverse("minutes:workspace_minute_taker_remove", args=[taker.pk]))
    assert response.status_code == 409  # the secretariat may, but not in this state
    assert MinuteTaker.objects.filter(pk=taker.pk).exists()
