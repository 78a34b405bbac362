"""The drafting workspace pages: who may use them, what they show, what they refuse and how."""

import html
import re

import pytest
from django.urls import reverse

from council.models import AttendanceGroup
from minutes import lock
from minutes.drafting import services as drafting
from minutes.models import AgendaItem, Attendance, Contribution, Decision, Meeting
from tests.factories import body_group


def page(response) -> str:
    return html.unescape(response.content.decode())


# --- Who may -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, meeting):
    response = client.get(reverse("minutes:workspace_agenda", args=[meeting.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_members_never_see_a_draft_in_the_workspace(client, council, meeting):
    client.force_login(council.users.member)
    item = meeting.agenda_items.get()
    assert client.get(reverse("minutes:workspace_agenda", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("minutes:workspace_item", args=[item.pk])).status_code == 404
    response = client.post(
        reverse("minutes:workspace_contribution_add", args=[item.pk]), {"speaker_name": "Frau Alpha", "text": "x"}
    )
    assert response.status_code == 404
    assert not Contribution.objects.exists()


def test_the_chair_sees_the_draft_but_may_not_draft(client, council, meeting):
    client.force_login(council.users.chair)
    item = meeting.agenda_items.get()
    assert client.get(reverse("minutes:workspace_item", args=[item.pk])).status_code == 403
    response = client.post(
        reverse("minutes:workspace_contribution_add", args=[item.pk]), {"speaker_name": "Frau Alpha", "text": "x"}
    )
    assert response.status_code == 403
    assert not Contribution.objects.exists()
    assert client.get(reverse("minutes:workspace_home")).status_code == 403
    assert client.get(reverse("minutes:workspace_start", args=[council.body.pk])).status_code == 403


def test_a_superuser_may_draft(client, council, meeting):
    client.force_login(council.users.superuser)
    assert client.get(reverse("minutes:workspace_agenda", args=[meeting.pk])).status_code == 200


def test_a_submitted_protocol_cannot_be_edited_in_the_workspace(secretary_client, meeting):
    with lock.unlocked():  # only the workflow services change a status
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SUBMITTED)
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_item", args=[item.pk]),
        {"number": "1", "title": "Geändert", "revision": item.revision},
    )
    assert response.status_code == 409
    assert "Dieses Protokoll ist kein Entwurf mehr und kann nicht mehr geändert werden." in page(response)
    assert "Geändert" in page(response)  # what was typed comes back
    assert AgendaItem.objects.get().title == "Hallenbelegung"
    # the history stays readable for the secretariat
    assert secretary_client.get(reverse("minutes:workspace_history", args=[meeting.pk])).status_code == 200


# --- Starting a meeting and attendance ---------------------------------------------------


def test_start_form_is_prefilled_and_starting_opens_the_attendance(secretary_client, council):
    url = reverse("minutes:workspace_start", args=[council.body.pk])
    form = secretary_client.get(url).context["form"]
    assert form.initial["number"] == 1
    assert form.initial["chair"] == council.people.chair
    response = secretary_client.post(
        url,
        {
            "number": 1,
            "date": "2024-06-06",
            "start_time": "18:00",
            "end_time": "20:00",
            "chair": council.people.chair.pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("minutes:workspace_attendance", args=[meeting.pk])
    text = page(secretary_client.get(response.url))
    assert "Frau Alpha" in text and "Turnverein 1861 e.V." in text


def test_meeting_that_ends_before_it_starts_is_refused_next_to_the_field(secretary_client, council):
    response = secretary_client.post(
        reverse("minutes:workspace_start", args=[council.body.pk]),
        {"number": 1, "date": "2024-06-06", "start_time": "18:00", "end_time": "17:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_time"] == ["Die Sitzung kann nicht enden, bevor sie beginnt."]
    assert not Meeting.objects.exists()


def test_public_part_outside_the_meeting_is_refused(secretary_client, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_meeting", args=[meeting.pk]),
        {
            "number": 7,
            "date": "2024-03-14",
            "start_time": "17:30",
            "end_time": "20:00",
            "public_start_time": "17:00",
            "public_end_time": "21:00",
            "revision": meeting.revision,
        },
    )
    errors = response.context["form"].errors
    assert errors["public_start_time"] == ["Der öffentliche Teil kann nicht vor der Sitzung beginnen."]
    assert errors["public_end_time"] == ["Der öffentliche Teil kann nicht nach der Sitzung enden."]
    meeting.refresh_from_db()
    assert meeting.public_start_time is None


def test_one_click_marks_a_member_excused(secretary_client, council, meeting):
    row = meeting.attendances.get(person=council.people.beta)
    response = secretary_client.post(
        reverse("minutes:workspace_attendance_status", args=[row.pk]), {"status": "excused"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Attendance.Status.EXCUSED


def test_late_arrival_and_deputy_are_saved(secretary_client, council, meeting):
    row = meeting.attendances.get(person=council.people.gamma)
    prefix = f"a{row.pk}"
    response = secretary_client.post(
        reverse("minutes:workspace_attendance_edit", args=[row.pk]),
        {
            f"{prefix}-arrival": "17:45",
            f"{prefix}-group": row.group_id,
            f"{prefix}-affiliation": "CDU",
            f"{prefix}-revision": row.revision,
        },
    )
    assert response.status_code == 302
    response = secretary_client.post(
        reverse("minutes:workspace_deputation_add", args=[row.pk]), {f"d{row.pk}-member": council.people.former.pk}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert str(row.arrival) == "17:45:00"
    assert [d.member for d in row.deputations.all()] == [council.people.former]
    assert "in Vertretung für Herrn Früher" in page(
        secretary_client.get(reverse("minutes:workspace_attendance", args=[meeting.pk]))
    )


def test_leaving_before_arriving_is_refused_and_keeps_the_typed_times(secretary_client, council, meeting):
    row = meeting.attendances.get(person=council.people.gamma)
    prefix = f"a{row.pk}"
    response = secretary_client.post(
        reverse("minutes:workspace_attendance_edit", args=[row.pk]),
        {
            f"{prefix}-arrival": "19:00",
            f"{prefix}-departure": "18:00",
            f"{prefix}-group": row.group_id,
            f"{prefix}-revision": row.revision,
        },
    )
    assert response.status_code == 400
    text = page(response)
    assert "Der Weggang muss nach der Ankunft liegen." in text
    assert 'value="19:00"' in text and 'value="18:00"' in text
    row.refresh_from_db()
    assert row.arrival is None


def test_a_guest_is_added_with_a_new_person(secretary_client, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_attendance", args=[meeting.pk]),
        {"form_of_address": "Frau", "given_name": "Serap", "family_name": "Balles", "affiliation": "Kinderschutzbund"},
    )
    assert response.status_code == 302
    guest = meeting.attendances.get(group__kind=AttendanceGroup.Kind.GUESTS)
    assert guest.person.addressed_name == "Frau Balles"
    assert guest.affiliation == "Kinderschutzbund"


def test_a_guest_needs_a_name(secretary_client, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_attendance", args=[meeting.pk]), {"given_name": "Serap"}
    )
    assert response.status_code == 400
    assert response.context["guest_form"].errors["family_name"]
    assert 'value="Serap"' in page(response)
    assert not meeting.attendances.filter(group__kind=AttendanceGroup.Kind.GUESTS).exists()


# --- Agenda ---------------------------------------------------------------------------------


def test_item_number_twice_is_refused_next_to_the_number(secretary_client, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_agenda", args=[meeting.pk]),
        {"number": "1", "title": "Noch ein Punkt", "public": "on"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["number"] == ["Die Punktnummer 1 ist in dieser Sitzung schon vergeben."]
    assert "Noch ein Punkt" in page(response)
    assert meeting.agenda_items.count() == 1


def test_items_are_added_moved_and_renumbered(secretary_client, meeting):
    agenda_url = reverse("minutes:workspace_agenda", args=[meeting.pk])
    secretary_client.post(agenda_url, {"number": "1.1", "title": "Unterpunkt", "public": "on"})
    secretary_client.post(agenda_url, {"number": "5", "title": "Nichtöffentlich"})
    last = AgendaItem.objects.get(title="Nichtöffentlich")
    assert not last.public
    secretary_client.post(reverse("minutes:workspace_item_move", args=[last.pk]), {"direction": "up"})
    secretary_client.post(reverse("minutes:workspace_renumber", args=[meeting.pk]))
    # the sub-item now follows item 2, so it becomes 2.1
    assert list(meeting.agenda_items.values_list("number", "title")) == [
        ("1", "Hallenbelegung"),
        ("2", "Nichtöffentlich"),
        ("2.1", "Unterpunkt"),
    ]


def test_an_item_is_marked_without_discussion_in_the_workspace(secretary_client, meeting):
    secretary_client.post(
        reverse("minutes:workspace_agenda", args=[meeting.pk]),
        {"number": "2", "title": "Verschiedenes", "public": "on", "without_discussion": "on"},
    )
    item = AgendaItem.objects.get(title="Verschiedenes")
    assert item.without_discussion
    page_html = page(secretary_client.get(reverse("minutes:workspace_item", args=[item.pk])))
    checkbox = re.search(r'<input[^>]*name="without_discussion"[^>]*>', page_html).group(0)
    assert "checked" in checkbox


def test_presenter_with_a_new_person_and_role(secretary_client, meeting):
    item = meeting.agenda_items.get()
    secretary_client.post(
        reverse("minutes:workspace_presenter_add", args=[item.pk]),
        {"form_of_address": "Frau", "given_name": "Renate", "family_name": "Schmetz", "role": "Leitung Fachbereich"},
    )
    assert str(item.presenters.get()) == "Renate Schmetz, Leitung Fachbereich"


# --- Deliberation ------------------------------------------------------------------------------


def test_contribution_with_a_typed_speaker_and_a_bulleted_list(secretary_client, council, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_contribution_add", args=[item.pk]),
        {"speaker_name": "frau alpha", "text": "berichtet:\n\n- erstens\n- zweitens"},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.speaker == council.people.alpha
    text = page(secretary_client.get(reverse("minutes:workspace_item", args=[item.pk])))
    assert "<strong>Frau Alpha</strong> berichtet:" in text
    assert "<li>erstens</li>" in text


def test_speaker_list_offers_the_meetings_attendees_and_guests_but_not_the_excused(secretary_client, council, meeting):
    drafting.add_guest(
        meeting, by=council.users.secretary, new_person={"form_of_address": "Herr", "family_name": "Gast"}
    )
    beta = meeting.attendances.get(person=council.people.beta)
    drafting.save_attendance(beta, by=council.users.secretary, status=Attendance.Status.EXCUSED)
    text = page(secretary_client.get(reverse("minutes:workspace_item", args=[meeting.agenda_items.get().pk])))
    datalist = text[text.index('<datalist id="speakers">') : text.index("</datalist>")]
    for name in ("Herr Vogt", "Frau Alpha", "Herr Gast", "Frau Gegner"):
        assert f'value="{name}"' in datalist
    assert "Herr Beta" not in datalist


def test_a_contribution_without_a_speaker_is_a_paragraph_of_its_own(secretary_client, council, meeting):
    item = meeting.agenda_items.get()
    add = reverse("minutes:workspace_contribution_add", args=[item.pk])
    secretary_client.post(add, {"speaker_name": "Frau Alpha", "text": "berichtet über die Hallenzeiten."})
    response = secretary_client.post(add, {"speaker_name": "", "text": "Fragen werden nicht gestellt."})
    assert response.status_code == 302
    assert list(item.contributions.values_list("speaker", "text")) == [
        (council.people.alpha.pk, "berichtet über die Hallenzeiten."),
        (None, "Fragen werden nicht gestellt."),
    ]
    narrative = item.contributions.get(speaker=None)
    # It can be moved to the front like any contribution, and prints without a name.
    secretary_client.post(reverse("minutes:workspace_contribution_move", args=[narrative.pk]), {"direction": "up"})
    assert list(item.contributions.values_list("text", flat=True))[0] == "Fragen werden nicht gestellt."
    text = page(secretary_client.get(meeting.get_absolute_url()))
    assert re.search(r'<div class="contribution narrative"><p>Fragen werden nicht gestellt.</p>\s*</div>', text)
    assert "<strong>Frau Alpha</strong> berichtet über die Hallenzeiten." in text


def test_words_before_the_speaker_without_a_speaker_are_refused_and_the_text_is_kept(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_contribution_add", args=[item.pk]),
        {"speaker_name": "", "speaker_prefix": "Die Sprecherin", "text": "Ein langer Text."},
    )
    assert response.status_code == 400
    assert response.context["contribution_form"].errors["speaker_prefix"] == [
        "Worte vor dem Namen brauchen eine/n Redner/in; ohne schreiben Sie sie in den Text."
    ]
    assert "Ein langer Text." in page(response)
    assert not Contribution.objects.exists()


def test_unknown_speaker_is_refused(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_contribution_add", args=[item.pk]), {"speaker_name": "Herr Niemand", "text": "x"}
    )
    assert response.status_code == 400
    assert "steht nicht auf der Anwesenheitsliste" in response.context["contribution_form"].errors["speaker_name"][0]


def test_oversized_text_is_refused_in_german(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_contribution_add", args=[item.pk]),
        {"speaker_name": "Frau Alpha", "text": "x" * 50_001},
    )
    assert response.status_code == 400
    assert "höchstens 50000 Zeichen" in response.context["contribution_form"].errors["text"][0]
    assert not Contribution.objects.exists()


def test_preview_renders_without_saving(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_contribution_add", args=[item.pk]),
        {"speaker_name": "Frau Alpha", "text": "sagt **fett**.", "preview": "1"},
    )
    assert response.status_code == 200
    assert "<strong>Frau Alpha</strong> sagt <strong>fett</strong>." in page(response)
    assert not Contribution.objects.exists()


def test_deleting_a_contribution_asks_first(secretary_client, council, meeting):
    contribution = drafting.add_contribution(
        meeting.agenda_items.get(), by=council.users.secretary, speaker=council.people.alpha, text="weg damit"
    )
    url = reverse("minutes:workspace_contribution_delete", args=[contribution.pk])
    response = secretary_client.get(url)
    assert "Wirklich löschen?" in page(response)
    assert Contribution.objects.exists()
    secretary_client.post(url)
    assert not Contribution.objects.exists()


def test_stale_save_shows_both_texts_and_overwrites_nothing(client, council, meeting):
    contribution = drafting.add_contribution(
        meeting.agenda_items.get(), by=council.users.secretary, speaker=council.people.alpha, text="Erste Fassung."
    )
    client.force_login(council.users.secretary)
    url = reverse("minutes:workspace_contribution", args=[contribution.pk])
    stale_revision = client.get(url).context["form"].initial["revision"]
    first = client.post(
        url, {"speaker_name": "Frau Alpha", "text": "Fassung von Tab eins.", "revision": stale_revision}
    )
    assert first.status_code == 302
    second = client.post(
        url, {"speaker_name": "Frau Alpha", "text": "Fassung von Tab zwei.", "revision": stale_revision}
    )
    assert second.status_code == 409
    text = page(second)
    assert "Jemand anderes hat dies inzwischen gespeichert." in text
    assert "Fassung von Tab eins." in text  # theirs, shown
    assert "Fassung von Tab zwei." in text  # mine, still in the form
    contribution.refresh_from_db()
    assert contribution.text == "Fassung von Tab eins."
    # saving again after seeing both is a conscious decision and goes through
    again = client.post(
        url,
        {
            "speaker_name": "Frau Alpha",
            "text": "Zusammengeführt.",
            "revision": second.context["form"]["revision"].value(),
        },
    )
    assert again.status_code == 302
    contribution.refresh_from_db()
    assert contribution.text == "Zusammengeführt."


def test_stale_item_save_is_refused(secretary_client, meeting):
    item = meeting.agenda_items.get()
    url = reverse("minutes:workspace_item", args=[item.pk])
    secretary_client.post(url, {"number": "1", "title": "Neuer Titel", "revision": 1})
    response = secretary_client.post(url, {"number": "1", "title": "Alter Stand", "revision": 1})
    assert response.status_code == 409
    text = page(response)
    assert "Jemand anderes hat dies inzwischen gespeichert." in text
    assert "Neuer Titel" in text and 'value="Alter Stand"' in text
    assert AgendaItem.objects.get().title == "Neuer Titel"


def test_votes_exceeding_the_voting_members_present_are_refused_next_to_the_votes(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_decision_add", args=[item.pk]),
        {"text": "Die Halle wird vergeben.", "result": "accepted", "votes_yes": 4, "votes_no": 0, "votes_abstain": 1},
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors["votes_yes"] == [
        "5 Stimmen, aber bei TOP 1 waren nur 4 stimmberechtigte Mitglieder anwesend."
    ]
    assert "Die Halle wird vergeben." in page(response)
    assert not Decision.objects.exists()


def test_accepted_without_a_majority_is_refused_next_to_the_result(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_decision_add", args=[item.pk]),
        {"text": "Die Halle wird vergeben.", "result": "accepted", "votes_yes": 1, "votes_no": 2, "votes_abstain": 0},
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors["result"] == [
        "Angenommen mit 1 Ja- und 2 Nein-Stimmen? Bitte Ergebnis oder Stimmen prüfen."
    ]
    assert not Decision.objects.exists()


def test_textareas_never_cut_pasted_text_in_the_browser(secretary_client, meeting):
    # A browser silently truncates at maxlength; the server checks the length instead.
    item = meeting.agenda_items.get()
    html = secretary_client.get(reverse("minutes:workspace_item", args=[item.pk])).content.decode()
    textareas = re.findall(r"<textarea[^>]*>", html)
    assert len(textareas) >= 2
    assert not [tag for tag in textareas if "maxlength" in tag]


def test_decision_with_votes_is_recorded(secretary_client, meeting):
    item = meeting.agenda_items.get()
    secretary_client.post(
        reverse("minutes:workspace_decision_add", args=[item.pk]),
        {"text": "Die Halle wird vergeben.", "result": "accepted", "votes_yes": 3, "votes_no": 0, "votes_abstain": 1},
    )
    decision = Decision.objects.get()
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (3, 0, 1)


# --- History --------------------------------------------------------------------------------------


def test_history_page_shows_who_changed_what(secretary_client, council, meeting):
    item = meeting.agenda_items.get()
    secretary_client.post(
        reverse("minutes:workspace_item", args=[item.pk]), {"number": "1", "title": "Hallenzeiten", "revision": 1}
    )
    text = page(secretary_client.get(reverse("minutes:workspace_history", args=[meeting.pk])))
    assert "sekretariat" in text
    assert "Hallenbelegung" in text and "Hallenzeiten" in text
    assert "geändert" in text


def test_history_is_only_for_the_secretariat(client, council, meeting):
    client.force_login(council.users.chair)
    assert client.get(reverse("minutes:workspace_history", args=[meeting.pk])).status_code == 403
    client.force_login(council.users.member)
    assert client.get(reverse("minutes:workspace_history", args=[meeting.pk])).status_code == 404


@pytest.mark.parametrize("name", ["workspace_meeting", "workspace_attendance", "workspace_agenda", "workspace_history"])
def test_workspace_pages_render_for_the_secretariat(secretary_client, meeting, name):
    response = secretary_client.get(reverse(f"minutes:{name}", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Niederschrift des Sportausschusses" in page(response)


def test_stale_decision_and_stale_meeting_facts_are_refused(secretary_client, council, meeting):
    item = meeting.agenda_items.get()
    decision = drafting.add_decision(item, by=council.users.secretary, text="Erster Wortlaut", result="accepted")
    url = reverse("minutes:workspace_decision", args=[decision.pk])
    secretary_client.post(url, {"text": "Zweiter Wortlaut", "result": "accepted", "revision": 1})
    response = secretary_client.post(url, {"text": "Dritter Wortlaut", "result": "rejected", "revision": 1})
    assert response.status_code == 409
    text = page(response)
    assert "Zweiter Wortlaut" in text and "Dritter Wortlaut" in text
    assert Decision.objects.get().text == "Zweiter Wortlaut"

    url = reverse("minutes:workspace_meeting", args=[meeting.pk])
    facts = {"number": 7, "date": "2024-03-14", "building": "Rathaus", "room": "Saal 2", "revision": meeting.revision}
    assert secretary_client.post(url, facts).status_code == 302
    response = secretary_client.post(url, {**facts, "room": "Saal 3"})
    assert "Jemand anderes hat dies inzwischen gespeichert." in page(response)
    meeting.refresh_from_db()
    assert meeting.room == "Saal 2"


def test_members_cannot_change_attendance(client, council, meeting):
    client.force_login(council.users.member)
    row = meeting.attendances.get(person=council.people.beta)
    response = client.post(reverse("minutes:workspace_attendance_status", args=[row.pk]), {"status": "absent"})
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == Attendance.Status.PRESENT


def test_the_workspace_of_a_submitted_protocol_explains_why_it_is_closed(secretary_client, meeting):
    with lock.unlocked():  # only the workflow services change a status
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SUBMITTED)
    response = secretary_client.get(reverse("minutes:workspace_agenda", args=[meeting.pk]))
    assert response.status_code == 403
    assert "Kein Entwurf mehr" in page(response)


def test_a_guest_can_be_removed_again(secretary_client, council, meeting):
    guest = drafting.add_guest(meeting, by=council.users.secretary, new_person={"family_name": "Gast"})
    secretary_client.post(reverse("minutes:workspace_attendance_remove", args=[guest.pk]))
    assert not meeting.attendances.filter(group__kind=AttendanceGroup.Kind.GUESTS).exists()


def test_the_attendance_page_queries_do_not_grow_with_the_roster(secretary_client, council, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from council.models import Person

    url = reverse("minutes:workspace_attendance", args=[meeting.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert secretary_client.get(url).status_code == 200
        return len(queries)

    before = count()
    for i in range(5):
        person = Person.objects.create(form_of_address="Frau", family_name=f"Gast{i}")
        group = body_group(meeting.body, kind=AttendanceGroup.Kind.GUESTS, votes=False)
        Attendance.objects.create(meeting=meeting, person=person, order=500 + i, group=group)
    assert count() == before


# --- One shape for edits and deletes ------------------------------------------------------------


def _theirs(response) -> str:
    """The stored version the conflict shows (the panel marked data-conflict=theirs)."""
    match = re.search(r'<dl[^>]*data-conflict="theirs">(.*?)</dl>', response.content.decode(), re.S)
    assert match, "no conflict panel"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("kind", ["meeting", "item", "contribution", "decision"])
def test_every_edit_answers_a_stale_save_alike(secretary_client, council, meeting, kind):
    by, item = council.users.secretary, meeting.agenda_items.get()
    if kind == "meeting":
        url = reverse("minutes:workspace_meeting", args=[meeting.pk])
        base = {"number": 7, "date": "2024-03-14", "start_time": "17:30", "end_time": "20:00", "building": "Rathaus"}
        field, theirs, mine = "room", "Saal 2", "Saal 3"
    elif kind == "item":
        url = reverse("minutes:workspace_item", args=[item.pk])
        base, field, theirs, mine = {"number": "1"}, "title", "Hallenzeiten", "Hallenvergabe"
    elif kind == "contribution":
        row = drafting.add_contribution(item, by=by, speaker=council.people.alpha, text="Erste Fassung.")
        url = reverse("minutes:workspace_contribution", args=[row.pk])
        base, field, theirs, mine = {"speaker_name": "Frau Alpha"}, "text", "Zeile eins.\n\nZeile zwei.", "Meins."
    else:
        row = drafting.add_decision(item, by=by, text="Erster Wortlaut", result="accepted")
        url = reverse("minutes:workspace_decision", args=[row.pk])
        base, field, theirs, mine = {"result": "accepted"}, "text", "Zweiter Wortlaut", "Dritter Wortlaut"

    form = "item_form" if kind == "item" else "form"
    opened = secretary_client.get(url).context[form]["revision"].value()
    assert secretary_client.post(url, {**base, field: theirs, "revision": opened}).status_code == 302
    response = secretary_client.post(url, {**base, field: mine, "revision": opened})

    assert response.status_code == 409
    text = page(response)
    assert "Jemand anderes hat dies inzwischen gespeichert." in text
    assert theirs in _theirs(response)  # what is stored now, with its line breaks
    assert mine not in _theirs(response) and mine in text  # what I typed, still in the form
    assert response.context[form]["revision"].value() == opened + 1
    # Saving again after reading theirs is a conscious overwrite.
    assert secretary_client.post(url, {**base, field: mine, "revision": opened + 1}).status_code == 302
    assert mine in page(secretary_client.get(url))


@pytest.mark.parametrize("kind", ["item", "contribution", "decision"])
def test_every_delete_asks_first_then_deletes_and_says_so(secretary_client, council, meeting, kind):
    by, item = council.users.secretary, meeting.agenda_items.get()
    item_url = reverse("minutes:workspace_item", args=[item.pk])
    if kind == "item":
        row, done, said = item, reverse("minutes:workspace_agenda", args=[meeting.pk]), "TOP 1 gelöscht."
    elif kind == "contribution":
        row = drafting.add_contribution(item, by=by, speaker=council.people.alpha, text="weg damit")
        done, said = item_url, "Wortbeitrag gelöscht."
    else:
        row = drafting.add_decision(item, by=by, text="weg damit", result="accepted")
        done, said = item_url, "Beschluss gelöscht."
    url = reverse(f"minutes:workspace_{kind}_delete", args=[row.pk])

    question = secretary_client.get(url)
    assert question.status_code == 200
    assert "Wirklich löschen?" in page(question)
    assert f'href="{item_url}"' in question.content.decode()  # “Abbrechen” goes back to the item
    assert type(row).objects.filter(pk=row.pk).exists()

    response = secretary_client.post(url, follow=True)
    assert response.redirect_chain[0][0] == done
    assert said in page(response)
    assert not type(row).objects.filter(pk=row.pk).exists()


def test_the_meeting_facts_of_the_opening_are_saved_in_the_workspace(secretary_client, meeting):
    response = secretary_client.post(
        reverse("minutes:workspace_meeting", args=[meeting.pk]),
        {
            "number": 7,
            "date": "2024-03-14",
            "start_time": "17:30",
            "end_time": "20:00",
            "invitation_date": "2024-03-01",
            "duly_convened": "true",
            "public_notice_date": "2024-03-06",
            "public_notice": "im Amtsblatt Nr. 10",
            "quorum_stated": "false",
            "revision": meeting.revision,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.invitation_date.isoformat(), meeting.duly_convened, meeting.quorum_stated) == (
        "2024-03-01",
        True,
        False,
    )
    assert meeting.public_notice == "im Amtsblatt Nr. 10"


def test_item_times_are_saved_and_a_close_before_the_call_is_refused(secretary_client, meeting):
    item = meeting.agenda_items.get()
    url = reverse("minutes:workspace_item", args=[item.pk])
    base = {"number": "1", "title": item.title, "revision": item.revision}
    refused = secretary_client.post(url, {**base, "start_time": "18:00", "end_time": "17:45"})
    assert refused.status_code == 400
    assert refused.context["item_form"].errors["end_time"] == ["Ein TOP kann nicht enden, bevor er aufgerufen wurde."]
    assert secretary_client.post(url, {**base, "start_time": "17:35", "end_time": "18:05"}).status_code == 302
    item.refresh_from_db()
    assert (str(item.start_time), str(item.end_time)) == ("17:35:00", "18:05:00")
    assert "4 stimmberechtigte Mitglieder bei diesem TOP anwesend." in page(secretary_client.get(url))
