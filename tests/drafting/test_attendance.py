"""Attendance as real bodies keep it: registered deputies who attend, a deputy sitting for
different members one after the other, quorum per item from arrival, departure and item
times, named votes, organisations as attendees, removable rows, edit conflicts."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from council.models import AttendanceGroup, Membership, Organization, Person
from minutes import presence
from minutes.approval.completeness import check_completeness
from minutes.drafting import services as drafting
from minutes.exceptions import DraftingError, EditConflict
from minutes.models import Attendance, Decision, Deputation, Vote
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, body_group

T = datetime.time


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def zeta(council):
    """Herr Zeta, registered deputy of Frau Alpha."""
    person = PersonFactory(form_of_address="Herr", family_name="Zeta", given_name="Zacharias")
    alpha = council.body.memberships.get(person=council.people.alpha)
    MembershipFactory(
        body=council.body, person=person, role=Membership.Role.MEMBER, deputy_of=alpha, label="Turnverein (Vertretung)"
    )
    return person


def row(meeting, person) -> Attendance:
    return meeting.attendances.get(person=person)


# --- Who is listed ---------------------------------------------------------------------


def test_registered_deputies_are_listed_only_when_they_attend(council, zeta):
    by = council.users.secretary
    meeting = drafting.start_meeting(council.body, by=by, number=8, date=datetime.date(2024, 4, 11))
    assert not meeting.attendances.filter(person=zeta).exists()
    assert drafting.voting_members_present(meeting) == 3  # Alpha, Beta, Gamma (no chair set)

    drafting.save_attendance(row(meeting, council.people.alpha), by=by, status=Attendance.Status.EXCUSED)
    deputation = drafting.add_deputy(meeting, by=by, person=zeta, member=council.people.alpha)
    deputy = deputation.deputy
    assert (deputy.person, deputy.status, deputy.group.name) == (zeta, "present", "Stimmberechtigte Mitglieder")
    assert deputy.affiliation == "Turnverein (Vertretung)"
    assert drafting.voting_members_present(meeting) == 3  # Zeta in Alpha's seat
    # A member who is there needs no deputy.
    with pytest.raises(DraftingError, match="Herr Beta war während der ganzen Sitzung anwesend"):
        drafting.validate_deputation(Deputation(deputy=deputy, member=council.people.beta))


def test_a_membership_group_puts_the_member_there(council):
    assert len(drafting.attendance_groups.attendance_groups(council.body)) == 4  # the defaults
    press = AttendanceGroup.objects.create(body=council.body, name="Presse", order=9, kind="members", votes=False)
    council.body.memberships.filter(person=council.people.beta).update(group=press)
    meeting = drafting.start_meeting(
        council.body, by=council.users.secretary, number=8, date=datetime.date(2024, 4, 11)
    )
    assert row(meeting, council.people.beta).group == press
    assert drafting.voting_members_present(meeting) == 2


def test_a_row_in_another_bodys_group_is_refused(council, meeting):
    foreign = body_group(BodyFactory())
    alpha = row(meeting, council.people.alpha)
    with pytest.raises(DraftingError) as refused:
        drafting.save_attendance(alpha, by=council.users.secretary, group=foreign)
    assert (refused.value.field, str(refused.value.message)) == ("group", "Wählen Sie eine Gruppe dieses Gremiums.")


# --- Deputies for different members in different periods ---------------------------------


@pytest.fixture
def relay(council, meeting, zeta):
    """Frau Alpha leaves at 18.30, Herr Beta arrives then; Herr Zeta sits for Beta until
    18.30 and for Alpha from 18.30. Item 1 closes at 18.00, item 2 at 19.00."""
    by = council.users.secretary
    alpha, beta = row(meeting, council.people.alpha), row(meeting, council.people.beta)
    drafting.save_attendance(alpha, by=by, departure=T(18, 30))
    drafting.save_attendance(beta, by=by, arrival=T(18, 30))
    drafting.add_deputy(meeting, by=by, person=zeta, member=council.people.beta, end=T(18, 30))
    drafting.add_deputy(meeting, by=by, person=zeta, member=council.people.alpha, start=T(18, 30))
    first = meeting.agenda_items.get()
    drafting.save_agenda_item(first, by=by, revision=first.revision, start_time=T(17, 35), end_time=T(18, 0))
    second = drafting.add_agenda_item(meeting, by=by, number="2", title="Zuschüsse", end_time=T(19, 0))
    return first, second


def test_one_deputy_sits_for_two_members_and_votes_in_each_seat_in_turn(council, meeting, zeta, relay):
    first, second = relay
    people = council.people
    at = presence.item_presence(meeting)
    assert at[first.pk].seats == {
        people.chair.pk: {people.chair.pk},
        people.alpha.pk: {people.alpha.pk},
        people.beta.pk: {zeta.pk},
        people.gamma.pk: {people.gamma.pk},
    }
    assert at[second.pk].seats == {
        people.chair.pk: {people.chair.pk},
        people.alpha.pk: {zeta.pk},
        people.beta.pk: {people.beta.pk},
        people.gamma.pk: {people.gamma.pk},
    }
    assert [d.member for d in row(meeting, zeta).deputations.order_by("pk")] == [people.beta, people.alpha]


def test_two_deputies_for_one_member_or_a_deputy_for_a_present_member_are_refused(council, meeting, zeta, relay):
    by = council.users.secretary
    other = PersonFactory(form_of_address="Frau", family_name="Eta")
    MembershipFactory(body=council.body, person=other)
    with pytest.raises(DraftingError, match="Herr Zeta vertritt Herrn Beta bereits bis 18.30 Uhr"):
        drafting.add_deputy(meeting, by=by, person=other, member=council.people.beta, end=T(18, 0))
    with pytest.raises(DraftingError, match="Frau Gamma war während der ganzen Sitzung anwesend"):
        drafting.add_deputy(meeting, by=by, person=other, member=council.people.gamma)
    with pytest.raises(DraftingError, match="Herr Zeta vertritt Frau Alpha bereits ab 18.30 Uhr"):
        drafting.add_deputy(meeting, by=by, person=zeta, member=council.people.former, start=T(19, 0))
    # Nothing was written by the refusals (the services roll back the row they started).
    assert not meeting.attendances.filter(person=other).exists()


def test_the_deputy_is_printed_with_both_members_declined(client, council, meeting, zeta, relay):
    client.force_login(council.users.secretary)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page(client.get(meeting.get_absolute_url()))))
    assert "Herr Zeta (in Vertretung für Herrn Beta bis 18.30 Uhr, für Frau Alpha ab 18.30 Uhr)" in text


# --- Quorum per item ----------------------------------------------------------------------


def test_votes_beyond_those_present_at_the_item_are_refused_with_the_numbers(council, meeting):
    by = council.users.secretary
    drafting.save_attendance(row(meeting, council.people.gamma), by=by, departure=T(18, 0))
    first = meeting.agenda_items.get()
    drafting.save_agenda_item(first, by=by, revision=first.revision, end_time=T(17, 50))
    second = drafting.add_agenda_item(meeting, by=by, number="2", title="Zuschüsse", end_time=T(19, 0))

    drafting.add_decision(first, by=by, text="A", result="accepted", votes_yes=4)  # all four were there
    with pytest.raises(DraftingError) as refused:
        drafting.add_decision(second, by=by, text="B", result="accepted", votes_yes=4)
    assert str(refused.value.message) == "4 Stimmen, aber bei TOP 2 waren nur 3 stimmberechtigte Mitglieder anwesend."
    assert not second.decisions.exists()


def test_without_item_times_the_neighbouring_times_bound_the_vote(council, meeting):
    by = council.users.secretary
    drafting.save_attendance(row(meeting, council.people.gamma), by=by, departure=T(18, 0))
    first = meeting.agenda_items.get()  # no times: between the start (17.30) and item 2 (18.30)
    second = drafting.add_agenda_item(meeting, by=by, number="2", title="Zuschüsse", start_time=T(18, 30))
    at = presence.item_presence(meeting)
    assert (at[first.pk].count, at[second.pk].count) == (4, 3)  # Gamma may have voted on item 1, not on 2


# --- Named votes ------------------------------------------------------------------------------


def test_a_named_vote_sets_the_counts_and_is_refused_for_someone_who_was_not_there(council, meeting, zeta, relay):
    by, people = council.users.secretary, council.people
    _first, second = relay
    decision = drafting.add_decision(second, by=by, text="Zuschuss", result="accepted")
    with pytest.raises(DraftingError) as refused:
        drafting.save_named_votes(
            decision, by=by, revision=decision.revision, votes={people.alpha.pk: "yes", people.beta.pk: "yes"}
        )
    assert str(refused.value.message).startswith("Frau Alpha war bei TOP 2 nicht stimmberechtigt anwesend")
    assert not decision.named_votes.exists()

    votes = {people.chair.pk: "yes", zeta.pk: "yes", people.beta.pk: "no", people.gamma.pk: "biased"}
    decision = drafting.save_named_votes(decision, by=by, revision=decision.revision, votes=votes)
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain, decision.votes_biased) == (2, 1, 0, 1)
    assert dict(decision.named_votes.values_list("person", "choice")) == votes

    # The counts of a named vote change only with it.
    with pytest.raises(DraftingError, match="namentlich erfasst"):
        drafting.save_decision(decision, by=by, revision=decision.revision, votes_no=0, votes_abstain=1)
    # Two voters cannot hold one seat: at 18.30 Alpha leaves and Zeta takes her seat.
    at_half_past = drafting.add_agenda_item(meeting, by=by, number="3", title="Hallenzeiten", end_time=T(18, 30))
    other = drafting.add_decision(at_half_past, by=by, text="Halle", result="accepted")
    with pytest.raises(DraftingError, match="Herr Zeta und Frau Alpha saßen bei TOP 3 für denselben Sitz"):
        drafting.save_named_votes(other, by=by, revision=other.revision, votes={people.alpha.pk: "yes", zeta.pk: "no"})


def test_a_named_vote_in_the_workspace(client, council, meeting, zeta, relay):
    _first, second = relay
    by, people = council.users.secretary, council.people
    decision = drafting.add_decision(second, by=by, text="Zuschuss", result="accepted")
    client.force_login(by)
    url = reverse("minutes:workspace_decision", args=[decision.pk])
    form = client.get(url).context["vote_form"]
    assert [field.label for _person, field in form.rows()] == ["Herr Vogt", "Herr Beta", "Frau Gamma", "Herr Zeta"]
    votes_url = reverse("minutes:workspace_decision_votes", args=[decision.pk])
    response = client.post(
        votes_url,
        {
            "revision": decision.revision,
            f"vote_{people.chair.pk}": "yes",
            f"vote_{people.beta.pk}": "yes",
            f"vote_{people.gamma.pk}": "abstain",
            f"vote_{zeta.pk}": "no",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (2, 1, 1)
    text = page(client.get(meeting.get_absolute_url()))
    assert "Namentliche Abstimmung" in text
    assert "Ja:</span> Herr Vogt, Herr Beta" in text and "Nein:</span> Herr Zeta" in text

    # Gamma is later recorded as excused: the stored vote is refused next to his name.
    gamma = row(meeting, people.gamma)
    drafting.save_attendance(gamma, by=by, status=Attendance.Status.EXCUSED)
    decision.refresh_from_db()
    response = client.post(votes_url, {"revision": decision.revision, f"vote_{people.gamma.pk}": "abstain"})
    assert response.status_code == 400
    assert response.context["vote_form"].errors[f"vote_{people.gamma.pk}"]
    problems = [p.message for p in check_completeness(meeting)]
    assert "Frau Gamma hat unter TOP 2 namentlich abgestimmt, war dort aber nicht stimmberechtigt anwesend." in problems


# --- Organisations, removable rows, conflicts ----------------------------------------------------


def test_an_organisation_attends_as_such_without_becoming_a_person(client, council, meeting):
    client.force_login(council.users.secretary)
    people_before = Person.objects.count()
    url = reverse("minutes:workspace_attendance", args=[meeting.pk])
    response = client.post(url, {"new_organization": "Rheinstädter Anzeiger", "affiliation": "Presse"})
    assert response.status_code == 302
    guest = meeting.attendances.get(organization__name="Rheinstädter Anzeiger")
    assert guest.person is None and guest.group.kind == "guests"
    assert Person.objects.count() == people_before
    assert Organization.objects.filter(name="Rheinstädter Anzeiger").count() == 1
    again = client.post(url, {"organization": guest.organization.pk})
    assert again.status_code == 400  # not offered twice
    text = page(client.get(meeting.get_absolute_url()))
    row = r"<th scope=\"row\" class=\"name\">Rheinstädter Anzeiger</th>\s*<td class=\"affiliation\">Presse</td>"
    assert re.search(row, text)


def test_any_row_can_be_removed_and_the_check_then_asks_for_the_member(client, council, meeting):
    client.force_login(council.users.secretary)
    beta = row(meeting, council.people.beta)
    response = client.post(reverse("minutes:workspace_attendance_remove", args=[beta.pk]), follow=True)
    assert (
        "Herr Beta von der Anwesenheitsliste genommen" in page(response)
        or not meeting.attendances.filter(pk=beta.pk).exists()
    )
    assert not meeting.attendances.filter(person=council.people.beta).exists()
    assert any("Herr Beta ist Mitglied" in p.message for p in check_completeness(meeting))


def test_two_secretaries_on_the_attendance_page_the_second_save_shows_the_first(client, council, meeting):
    """Issue 9, finding 8: the first one's arrival time is no longer silently reverted."""
    client.force_login(council.users.secretary)
    gamma = row(meeting, council.people.gamma)
    opened = client.get(reverse("minutes:workspace_attendance_row", args=[gamma.pk]))  # the row, opened
    prefix = f"a{gamma.pk}"
    revision = int(re.search(rf'name="{prefix}-revision" value="(\d+)"', opened.content.decode()).group(1))
    edit = reverse("minutes:workspace_attendance_edit", args=[gamma.pk])
    base = {f"{prefix}-group": gamma.group_id, f"{prefix}-revision": revision}

    assert client.post(edit, {**base, f"{prefix}-arrival": "17:45"}).status_code == 302  # the first
    second = client.post(edit, {**base, f"{prefix}-departure": "19:30"})  # the second, from the same page
    assert second.status_code == 409
    text = page(second)
    assert "Jemand anderes hat dies inzwischen gespeichert." in text
    theirs = re.search(r'data-conflict="theirs">(.*?)</dl>', text, re.S).group(1)
    assert "gekommen" in theirs and "17.45" in theirs  # the arrival, as the first saved it
    gamma.refresh_from_db()
    assert (gamma.arrival, gamma.departure) == (T(17, 45), None)  # nothing of the stale save written
    assert 'value="19:30"' in text  # what the second typed, still in the form

    # A status click from the stale page is refused alike.
    status = client.post(
        reverse("minutes:workspace_attendance_status", args=[gamma.pk]), {"status": "absent", "revision": revision}
    )
    assert status.status_code == 409
    gamma.refresh_from_db()
    assert gamma.status == "present"

    # Saving again after reading theirs: both times, as the second now typed them.
    again = client.post(
        edit,
        {**base, f"{prefix}-revision": gamma.revision, f"{prefix}-arrival": "17:45", f"{prefix}-departure": "19:30"},
    )
    assert again.status_code == 302
    gamma.refresh_from_db()
    assert (gamma.arrival, gamma.departure) == (T(17, 45), T(19, 30))


def test_stale_attendance_is_refused_by_the_service(council, meeting):
    by = council.users.secretary
    alpha = row(meeting, council.people.alpha)
    drafting.save_attendance(alpha, by=by, revision=alpha.revision, arrival=T(18, 0))
    with pytest.raises(EditConflict) as conflict:
        drafting.save_attendance(alpha, by=by, revision=alpha.revision, status="excused")
    assert conflict.value.current.arrival == T(18, 0)


def test_a_decision_recorded_before_an_attendance_change_is_reported_before_submitting(council, meeting):
    by = council.users.secretary
    item = meeting.agenda_items.get()
    drafting.add_decision(item, by=by, text="Halle", result="accepted", votes_yes=4, votes_no=0, votes_abstain=0)
    drafting.save_attendance(row(meeting, council.people.alpha), by=by, status=Attendance.Status.EXCUSED)
    messages = [p.message for p in check_completeness(meeting)]
    assert "Ein Beschluss unter TOP 1 hat 4 Stimmen, aber nur 3 stimmberechtigte Mitglieder waren anwesend." in messages
    assert Decision.objects.count() == 1 and not Vote.objects.exists()


def test_the_history_names_deputations_and_named_votes(client, council, meeting, zeta, relay):
    from minutes.history import meeting_history

    by, people = council.users.secretary, council.people
    _first, second = relay
    decision = drafting.add_decision(second, by=by, text="Zuschuss", result="rejected")
    drafting.save_named_votes(decision, by=by, revision=decision.revision, votes={people.beta.pk: "no"})
    whats = [entry.what for entry in meeting_history(meeting)]
    assert "Herr Zeta: in Vertretung für Herrn Beta" in whats
    assert "Herr Zeta: in Vertretung für Frau Alpha" in whats
    assert "Herr Beta: Nein" in whats


def test_the_new_pages_are_the_secretariats_only(client, council, meeting, zeta, relay):
    """Deputies and named votes: anonymous visitors log in first, members do not see the
    draft (404), the chair sees it but does not draft (403); nothing is written."""
    _first, second = relay
    by = council.users.secretary
    decision = drafting.add_decision(second, by=by, text="Zuschuss", result="rejected")
    deputation = row(meeting, zeta).deputations.first()
    posts = [
        (
            reverse("minutes:workspace_deputy_add", args=[meeting.pk]),
            {"person": zeta.pk, "member": council.people.gamma.pk},
        ),
        (reverse("minutes:workspace_deputation_add", args=[row(meeting, zeta).pk]), {}),
        (reverse("minutes:workspace_deputation_remove", args=[deputation.pk]), {}),
        (reverse("minutes:workspace_decision_votes", args=[decision.pk]), {"revision": decision.revision}),
    ]
    before = (Deputation.objects.count(), Vote.objects.count(), decision.revision)
    for url, data in posts:
        assert client.post(url, data).status_code == 302  # to the login
        client.force_login(council.users.member)
        assert client.post(url, data).status_code == 404
        client.force_login(council.users.chair)
        assert client.post(url, data).status_code == 403
        client.logout()
    decision.refresh_from_db()
    assert (Deputation.objects.count(), Vote.objects.count(), decision.revision) == before
