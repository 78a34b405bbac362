"""Messages that help (issue 12): a speaker the form refuses is told why, with the step that
helps as a button of the same form — mark an excused member present from now, or add an
unknown person as a guest — and the typed contribution is saved with it."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from minutes.drafting import services as drafting
from minutes.drafting.speakers import guest_name
from minutes.models import Attendance


def page(response) -> str:
    return html.unescape(response.content.decode())


def add_url(meeting):
    return reverse("minutes:workspace_contribution_add", args=[meeting.agenda_items.get().pk])


def excuse(meeting, person, by):
    row = meeting.attendances.get(person=person)
    drafting.save_attendance(row, by=by, revision=row.revision, status=Attendance.Status.EXCUSED)
    return row


def test_an_excused_member_named_as_speaker_is_said_to_be_excused_with_the_offer(secretary_client, council, meeting):
    excuse(meeting, council.people.beta, council.users.secretary)
    response = secretary_client.post(add_url(meeting), {"speaker_name": "Herr Beta", "text": "Er berichtet."})
    text = page(response)
    assert response.status_code == 400
    assert "Herr Beta ist als entschuldigt eingetragen und kann daher nicht sprechen." in text
    assert "steht nicht auf der Anwesenheitsliste" not in text
    assert "Herr Beta als anwesend eintragen und speichern" in text  # the meeting is not today: no time
    assert "Er berichtet." in text


def test_accepting_the_offer_marks_them_present_and_saves_the_contribution(secretary_client, council, meeting):
    row = excuse(meeting, council.people.beta, council.users.secretary)
    response = secretary_client.post(
        add_url(meeting),
        {"speaker_name": "Herr Beta", "text": "Er berichtet.", "speaker_offer": f"present:{row.pk}"},
        follow=True,
    )
    assert "Herr Beta ist jetzt als anwesend eingetragen." in page(response)
    row.refresh_from_db()
    assert row.status == Attendance.Status.PRESENT and row.arrival is None
    contribution = meeting.agenda_items.get().contributions.get()
    assert (contribution.speaker, contribution.text) == (council.people.beta, "Er berichtet.")


def test_during_todays_meeting_they_are_present_from_now(secretary_client, council):
    meeting = drafting.start_meeting(
        council.body, by=council.users.secretary, number=8, date=timezone.localdate(), chair=council.people.chair
    )
    drafting.add_agenda_item(meeting, by=council.users.secretary, number="1", title="Bericht")
    row = excuse(meeting, council.people.gamma, council.users.secretary)
    offered = page(secretary_client.post(add_url(meeting), {"speaker_name": "Frau Gamma", "text": "Sie fragt."}))
    assert "Frau Gamma ab " in offered and " Uhr als anwesend eintragen und speichern" in offered
    secretary_client.post(
        add_url(meeting), {"speaker_name": "Frau Gamma", "text": "Sie fragt.", "speaker_offer": f"present:{row.pk}"}
    )
    row.refresh_from_db()
    assert row.status == Attendance.Status.PRESENT
    assert row.arrival is not None and abs(
        datetime.datetime.combine(meeting.date, row.arrival) - timezone.localtime().replace(tzinfo=None)
    ) < datetime.timedelta(minutes=2)


def test_an_unknown_speaker_is_offered_as_a_guest_and_saved_with_the_text(secretary_client, council, meeting):
    response = secretary_client.post(add_url(meeting), {"speaker_name": "Frau Dr. Neuhaus", "text": "Sie stellt vor."})
    text = page(response)
    assert "„Frau Dr. Neuhaus“ steht nicht auf der Anwesenheitsliste dieser Sitzung." in text
    assert "„Frau Dr. Neuhaus“ als Gast hinzufügen und speichern" in text

    secretary_client.post(
        add_url(meeting), {"speaker_name": "Frau Dr. Neuhaus", "text": "Sie stellt vor.", "speaker_offer": "guest"}
    )
    guest = meeting.attendances.get(person__family_name="Neuhaus")
    assert guest.group.kind == "guests"
    assert (guest.person.form_of_address, guest.person.title) == ("Frau", "Dr.")
    contribution = meeting.agenda_items.get().contributions.get()
    assert contribution.speaker == guest.person and contribution.text == "Sie stellt vor."


def test_an_offer_for_a_row_of_another_meeting_does_nothing(secretary_client, council, meeting):
    other = drafting.start_meeting(council.body, by=council.users.secretary, number=8, date=datetime.date(2024, 4, 1))
    foreign = excuse(other, council.people.beta, council.users.secretary)
    excuse(meeting, council.people.beta, council.users.secretary)
    response = secretary_client.post(
        add_url(meeting), {"speaker_name": "Herr Beta", "text": "x", "speaker_offer": f"present:{foreign.pk}"}
    )
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert foreign.status == Attendance.Status.EXCUSED


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Frau Dr. Müller", ("Frau", "Dr.", "", "Müller")),
        ("Anna Müller", ("", "", "Anna", "Müller")),
        ("Herr Hans Meier", ("Herr", "", "Hans", "Meier")),
        ("Müller", ("", "", "", "Müller")),
    ],
)
def test_a_typed_name_becomes_a_person(typed, expected):
    person = guest_name(typed)
    assert (person["form_of_address"], person["title"], person["given_name"], person["family_name"]) == expected
