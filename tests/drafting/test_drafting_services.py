"""minutes.drafting: starting a meeting, attendance, agenda, deliberation, concurrency, history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from minutes import lock
from minutes.drafting import services as drafting
from minutes.exceptions import DraftingError, EditConflict, ProtocolLocked
from minutes.history import meeting_history
from minutes.models import AgendaItem, Attendance, Contribution, Meeting


def test_new_meeting_is_prefilled_from_the_last_meeting_and_the_roster(council, meeting):
    meeting.public_start_time = datetime.time(17, 30)
    meeting.save()
    defaults = drafting.meeting_defaults(council.body, on=datetime.date(2024, 5, 2))
    assert defaults["number"] == 8
    assert defaults["date"] == datetime.date(2024, 5, 2)
    assert defaults["start_time"] == datetime.time(17, 30)
    assert defaults["end_time"] == datetime.time(20, 0)
    assert defaults["public_start_time"] == datetime.time(17, 30)
    assert (defaults["building"], defaults["room"]) == ("Rathaus", "Sitzungssaal")
    assert defaults["chair"] == council.people.chair


def test_first_meeting_of_a_body_gets_number_one_and_its_chair(council):
    defaults = drafting.meeting_defaults(council.body)
    assert defaults["number"] == 1
    assert defaults["chair"] == council.people.chair


def test_started_meeting_lists_every_current_member_present_with_their_affiliation(council, meeting):
    rows = {a.person.family_name: a for a in meeting.attendances.select_related("person", "group")}
    # the chair is printed under “Vorsitz”, the minute-taker (the secretariat) under
    # “Schriftführung” only, a former member is gone
    assert set(rows) == {"Alpha", "Beta", "Gamma", "Delta", "Epsilon"}
    assert all(a.status == Attendance.Status.PRESENT for a in rows.values())
    assert rows["Alpha"].affiliation == "Turnverein 1861 e.V."
    assert rows["Beta"].affiliation == "Bereich Wirtschaft"
    # the body's default groups (council.groups.DEFAULTS)
    assert rows["Alpha"].group.name == "Stimmberechtigte Mitglieder" and rows["Alpha"].group.votes
    assert rows["Delta"].group.name == "Beratende Mitglieder" and not rows["Delta"].group.votes
    assert rows["Epsilon"].group.name == "Verwaltung"
    assert [m.person.family_name for m in meeting.minute_takers.all()] == ["Gegner"]


def test_started_meeting_has_minute_takers_and_the_bodys_signature_lines(council, meeting):
    assert [m.person for m in meeting.minute_takers.all()] == [council.people.secretary]
    lines = [(line.role, line.person) for line in meeting.signature_lines.all()]
    assert lines == [("chair", council.people.chair), ("minute_taker", None)]


def test_only_the_secretariat_may_start_a_meeting(council):
    with pytest.raises(PermissionDenied):
        drafting.start_meeting(council.body, by=council.users.chair, number=1, date=datetime.date(2024, 1, 1))
    assert not Meeting.objects.exists()


def test_meeting_number_cannot_be_used_twice_in_a_body(council, meeting):
    with pytest.raises(DraftingError):
        drafting.start_meeting(council.body, by=council.users.secretary, number=7, date=datetime.date(2024, 1, 1))


def test_voting_members_present_counts_present_voting_members_and_a_voting_chair(council, meeting):
    assert drafting.voting_members_present(meeting) == 4  # Alpha, Beta, Gamma + the chair
    alpha = meeting.attendances.get(person=council.people.alpha)
    drafting.save_attendance(alpha, by=council.users.secretary, status=Attendance.Status.EXCUSED)
    assert drafting.voting_members_present(meeting) == 3


def test_renumbering_numbers_items_in_order_and_keeps_sub_items(council, meeting):
    by = council.users.secretary
    for number, title in [("9", "Zwei"), ("9.1", "Zwei a"), ("9.5", "Zwei b"), ("3", "Drei")]:
        drafting.add_agenda_item(meeting, by=by, number=number, title=title)
    drafting.renumber_agenda(meeting, by=by)
    assert list(meeting.agenda_items.values_list("number", "title")) == [
        ("1", "Hallenbelegung"),
        ("2", "Zwei"),
        ("2.1", "Zwei a"),
        ("2.2", "Zwei b"),
        ("3", "Drei"),
    ]


def test_renumber_can_swap_numbers_without_clashing(council, meeting):
    by = council.users.secretary
    second = drafting.add_agenda_item(meeting, by=by, number="2", title="Zweites")
    drafting.move_agenda_item(second, by=by, direction=-1)
    assert list(meeting.agenda_items.values_list("number", flat=True)) == ["2", "1"]
    drafting.renumber_agenda(meeting, by=by)
    assert list(meeting.agenda_items.values_list("number", "title")) == [("1", "Zweites"), ("2", "Hallenbelegung")]


def test_item_number_twice_in_a_meeting_is_refused(council, meeting):
    with pytest.raises(DraftingError) as error:
        drafting.add_agenda_item(meeting, by=council.users.secretary, number="1", title="Noch eins")
    assert "1" in str(error.value.message)
    assert meeting.agenda_items.count() == 1


def test_moving_a_contribution_down_swaps_it_with_the_next(council, meeting):
    by, item = council.users.secretary, meeting.agenda_items.get()
    first = drafting.add_contribution(item, by=by, speaker=council.people.alpha, text="eins")
    drafting.add_contribution(item, by=by, speaker=council.people.beta, text="zwei")
    drafting.move_contribution(first, by=by, direction=1)
    assert list(item.contributions.values_list("text", flat=True)) == ["zwei", "eins"]
    drafting.move_contribution(first, by=by, direction=1)  # already last: nothing happens
    assert list(item.contributions.values_list("text", flat=True)) == ["zwei", "eins"]


def test_stale_contribution_is_refused_and_the_newer_text_stays(council, meeting):
    by, item = council.users.secretary, meeting.agenda_items.get()
    contribution = drafting.add_contribution(item, by=by, speaker=council.people.alpha, text="Erste Fassung")
    drafting.save_contribution(contribution, by=by, revision=1, text="Von Frau Gegner korrigiert")
    with pytest.raises(EditConflict) as conflict:
        drafting.save_contribution(contribution, by=by, revision=1, text="Veraltete Fassung")
    assert conflict.value.current.text == "Von Frau Gegner korrigiert"
    contribution.refresh_from_db()
    assert (contribution.text, contribution.revision) == ("Von Frau Gegner korrigiert", 2)


def test_votes_may_not_exceed_the_voting_members_present(council, meeting):
    item = meeting.agenda_items.get()
    with pytest.raises(DraftingError) as error:
        drafting.add_decision(
            item, by=council.users.secretary, text="Antrag", result="accepted", votes_yes=4, votes_no=1
        )
    assert "4" in str(error.value.message) and "5" in str(error.value.message)
    drafting.add_decision(item, by=council.users.secretary, text="Antrag", result="accepted", votes_yes=3, votes_no=1)
    assert item.decisions.count() == 1


def test_a_protocol_that_left_the_draft_state_cannot_be_changed(council, meeting):
    with lock.unlocked():  # only the workflow services change a status
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SUBMITTED)
    item = meeting.agenda_items.get()
    with pytest.raises(ProtocolLocked):
        drafting.add_contribution(item, by=council.users.secretary, speaker=council.people.alpha, text="zu spät")
    with pytest.raises(ProtocolLocked):
        drafting.save_agenda_item(item, by=council.users.secretary, revision=item.revision, title="Neu")
    assert not Contribution.objects.exists()
    assert AgendaItem.objects.get().title == "Hallenbelegung"


def test_only_the_secretariat_may_change_a_draft(council, meeting):
    item = meeting.agenda_items.get()
    for user in (council.users.chair, council.users.member, council.users.stranger):
        with pytest.raises(PermissionDenied):
            drafting.add_contribution(item, by=user, speaker=council.people.alpha, text="nicht erlaubt")
    assert not Contribution.objects.exists()


def test_every_change_is_recorded_with_who_and_before_and_after(council, meeting):
    by, item = council.users.secretary, meeting.agenda_items.get()
    contribution = drafting.add_contribution(item, by=by, speaker=council.people.alpha, text="berichtet kurz.")
    drafting.save_contribution(contribution, by=by, revision=1, text="berichtet ausführlich.")
    drafting.save_agenda_item(item, by=by, revision=item.revision, title="Hallenbelegung 2024")
    drafting.delete_contribution(Contribution.objects.get(), by=by)

    history = Contribution.history.filter(id=contribution.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert all(h.history_user == by for h in history)

    entries = meeting_history(meeting)
    changed = [e for e in entries if e.changes]
    texts = {(c.label, c.old, c.new) for e in changed for c in e.changes}
    assert ("Text", "berichtet kurz.", "berichtet ausführlich.") in texts
    assert ("Titel", "Hallenbelegung", "Hallenbelegung 2024") in texts
    assert {e.who for e in entries} == {"sekretariat"}
    assert any(e.action == "gelöscht" and e.kind == "Wortbeitrag" for e in entries)


def test_history_shows_the_attendance_list_of_a_new_meeting_as_one_line(council, meeting):
    entries = meeting_history(meeting)
    attendance = [e for e in entries if e.kind == "Anwesenheit"]
    assert len(attendance) == 1
    assert attendance[0].count == 5
    assert "Frau Alpha" in attendance[0].what


def test_the_services_keep_the_rules_the_forms_show_and_name_the_field(council, meeting):
    by, item = council.users.secretary, meeting.agenda_items.get()
    refusals = [
        (lambda: drafting.add_agenda_item(meeting, by=by, number="1", title="Doppelt"), "number"),
        (lambda: drafting.add_decision(item, by=by, text="A", result="accepted", votes_yes=5), "votes_yes"),
        (lambda: drafting.add_decision(item, by=by, text="A", result="accepted", votes_yes=1, votes_no=2), "result"),
        (lambda: drafting.save_meeting(meeting, by=by, revision=1, end_time=datetime.time(17, 0)), "end_time"),
        (lambda: drafting.start_meeting(council.body, by=by, number=7, date=datetime.date(2024, 5, 2)), "number"),
        (
            lambda: drafting.save_attendance(
                meeting.attendances.first(), by=by, arrival=datetime.time(19, 0), departure=datetime.time(18, 0)
            ),
            "departure",
        ),
    ]
    for attempt, field in refusals:
        with pytest.raises(DraftingError) as error:
            attempt()
        assert error.value.field == field
    assert not item.decisions.exists()
    assert meeting.agenda_items.count() == 1
    meeting.refresh_from_db()
    assert (meeting.end_time, meeting.revision) == (datetime.time(20, 0), 1)


def test_change_content_bumps_the_revision_and_records_the_user(council, meeting):
    item = meeting.agenda_items.get()
    changed = drafting.change_content(item, by=council.users.superuser, changes={"title": "Neu"})  # no comparison
    assert (changed.title, changed.revision) == ("Neu", 2)
    with pytest.raises(EditConflict):
        drafting.change_content(item, by=council.users.superuser, changes={"title": "Alt"}, revision=1)
    assert AgendaItem.objects.get().title == "Neu"
    assert AgendaItem.history.filter(id=item.pk).latest("history_date").history_user == council.users.superuser


def test_delete_content_refuses_a_locked_protocol_and_records_the_user(council, meeting):
    item = meeting.agenda_items.get()
    with lock.unlocked():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SUBMITTED)
    with pytest.raises(ProtocolLocked):
        drafting.delete_content(item, by=council.users.secretary)
    with lock.unlocked():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    pk = item.pk
    drafting.delete_content(item, by=council.users.secretary)
    assert not AgendaItem.objects.exists()
    assert AgendaItem.history.get(id=pk, history_type="-").history_user == council.users.secretary
