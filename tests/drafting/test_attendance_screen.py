"""Attendance in one screen (issue 12): small enough for a body of forty, each row changed
without a page load (JSON with the row's HTML for the page's script, a redirect without it),
many rows marked at once, and a body whose attendance starts as “not recorded”."""

import datetime
import html
import json

import pytest
from django.urls import reverse

from council.models import Body, Membership
from minutes.approval.completeness import check_completeness
from minutes.drafting import services as drafting
from minutes.models import Attendance
from tests.factories import MembershipFactory, PersonFactory

JSON = {"HTTP_ACCEPT": "application/json"}


def page(response) -> str:
    return html.unescape(response.content.decode())


def row(meeting, person) -> Attendance:
    return meeting.attendances.get(person=person)


@pytest.fixture
def forty(council):
    """The council grown to forty members (with many more people in the city besides)."""
    for n in range(36):
        MembershipFactory(
            body=council.body,
            person=PersonFactory(family_name=f"Mitglied{n:02}", given_name="Max"),
            role=Membership.Role.MEMBER,
            voting_right=True,
            label=f"Fraktion {n % 4}",
            order=100 + n,
        )
    for n in range(300):  # people of other bodies: never offered in a select of this page
        PersonFactory(family_name=f"Stadt{n:03}")
    return council


def test_the_attendance_screen_of_forty_members_is_under_50_kib(client, forty):
    meeting = drafting.start_meeting(
        forty.body, by=forty.users.secretary, number=1, date=datetime.date(2024, 3, 14), chair=forty.people.chair
    )
    assert meeting.attendances.count() >= 40
    client.force_login(forty.users.secretary)
    response = client.get(reverse("minutes:workspace_attendance", args=[meeting.pk]))
    assert response.status_code == 200
    assert len(response.content) < 50 * 1024, len(response.content)
    text = response.content.decode()
    assert "Stadt" not in text  # no select of every person in the city
    assert text.count("<option") < 200


def mark_url(meeting):
    return reverse("minutes:workspace_attendance_mark", args=[meeting.pk])


def test_a_status_click_answers_the_row_as_it_now_is(client, council, meeting):
    client.force_login(council.users.secretary)
    beta = row(meeting, council.people.beta)
    response = client.post(mark_url(meeting), {"set": f"{beta.pk}:{beta.revision}:excused"}, **JSON)
    assert response.status_code == 200
    answer = json.loads(response.content)
    fragment = html.unescape(answer["rows"][str(beta.pk)])
    assert f'id="attendance-{beta.pk}"' in fragment and "<html" not in fragment
    assert "Entschuldigt" in fragment and f'value="{beta.pk}:{beta.revision + 1}"' in fragment
    assert answer["voting_present"] == "3 stimmberechtigte Mitglieder anwesend."  # of four
    assert row(meeting, council.people.beta).status == Attendance.Status.EXCUSED


def test_a_status_click_changes_only_its_row_even_with_others_checked(client, council, meeting):
    client.force_login(council.users.secretary)
    beta, gamma = row(meeting, council.people.beta), row(meeting, council.people.gamma)
    response = client.post(
        mark_url(meeting), {"set": f"{beta.pk}:{beta.revision}:absent", "rows": [f"{gamma.pk}:{gamma.revision}"]}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#attendance-{beta.pk}")
    assert row(meeting, council.people.beta).status == Attendance.Status.ABSENT
    assert row(meeting, council.people.gamma).status == Attendance.Status.PRESENT


def test_a_stale_status_click_is_still_refused_with_the_conflict(client, council, meeting):
    client.force_login(council.users.secretary)
    beta = row(meeting, council.people.beta)
    drafting.save_attendance(beta, by=council.users.secretary, revision=beta.revision, status="absent")
    response = client.post(mark_url(meeting), {"set": f"{beta.pk}:{beta.revision}:excused"}, **JSON)
    assert response.status_code == 409
    text = page(response)
    assert "Jemand anderes hat dies inzwischen gespeichert." in text
    assert "Nicht anwesend" in text[text.index('data-conflict="theirs"') :]
    assert row(meeting, council.people.beta).status == Attendance.Status.ABSENT


@pytest.mark.parametrize("value", ["x:1:absent", "1:1:verschollen", "1", ""])
def test_a_status_click_that_cannot_be_read_is_a_bad_request(client, council, meeting, value):
    client.force_login(council.users.secretary)
    assert client.post(mark_url(meeting), {"set": value}).status_code in (400, 404)


def test_many_rows_are_marked_at_once_and_a_stale_one_is_left_alone(client, council, meeting):
    client.force_login(council.users.secretary)
    beta, gamma, delta = (row(meeting, p) for p in (council.people.beta, council.people.gamma, council.people.delta))
    drafting.save_attendance(delta, by=council.users.secretary, revision=delta.revision, arrival=datetime.time(18))
    response = client.post(
        mark_url(meeting),
        {"status": "excused", "rows": [f"{r.pk}:{r.revision}" for r in (beta, gamma, delta)]},
        follow=True,
    )
    text = page(response)
    assert "2 Personen als Entschuldigt markiert." in text
    assert "Herr Delta wurde inzwischen von jemand anderem gespeichert und nicht geändert" in text
    statuses = {r.person.family_name: r.status for r in meeting.attendances.select_related("person")}
    assert (statuses["Beta"], statuses["Gamma"], statuses["Delta"]) == ("excused", "excused", "present")


def test_marking_with_the_script_answers_every_changed_row(client, council, meeting):
    client.force_login(council.users.secretary)
    beta, gamma = row(meeting, council.people.beta), row(meeting, council.people.gamma)
    response = client.post(
        mark_url(meeting),
        {"status": "absent", "rows": [f"{beta.pk}:{beta.revision}", f"{gamma.pk}:{gamma.revision}"]},
        **JSON,
    )
    answer = json.loads(response.content)
    assert set(answer["rows"]) == {str(beta.pk), str(gamma.pk)}
    assert all("Nicht anwesend" in html.unescape(fragment) for fragment in answer["rows"].values())


def test_marking_rows_of_another_meeting_is_refused(client, council, meeting):
    other = drafting.start_meeting(council.body, by=council.users.secretary, number=8, date=datetime.date(2024, 4, 1))
    foreign = other.attendances.first()
    client.force_login(council.users.secretary)
    response = client.post(
        mark_url(meeting),
        {"status": "absent", "rows": [f"{foreign.pk}:{foreign.revision}"]},
        follow=True,
    )
    assert "Eine ausgewählte Zeile steht nicht auf der Anwesenheitsliste dieser Sitzung." in page(response)
    foreign.refresh_from_db()
    assert foreign.status == Attendance.Status.PRESENT


def test_a_rows_forms_are_loaded_when_it_is_opened(client, council, meeting):
    client.force_login(council.users.secretary)
    gamma = row(meeting, council.people.gamma)
    listing = page(client.get(reverse("minutes:workspace_attendance", args=[meeting.pk])))
    assert f'name="a{gamma.pk}-arrival"' not in listing
    url = reverse("minutes:workspace_attendance_row", args=[gamma.pk])
    assert f'class="row-open" href="{url}"' in listing  # without a script: its own page
    fragment = page(client.get(url, HTTP_X_REQUESTED_WITH="fetch"))
    assert f'name="a{gamma.pk}-arrival"' in fragment and f'name="d{gamma.pk}-member"' in fragment
    assert "<html" not in fragment
    own_page = page(client.get(url))
    assert "<html" in own_page and f'name="a{gamma.pk}-arrival"' in own_page


def test_the_forms_below_the_list_open_on_request(client, council, meeting):
    client.force_login(council.users.secretary)
    url = reverse("minutes:workspace_attendance", args=[meeting.pk])
    closed = page(client.get(url))
    assert 'name="member"' not in closed and 'name="taker-person"' not in closed and 'name="person"' not in closed
    assert 'name="member"' in page(client.get(url + "?open=deputy"))
    assert 'name="taker-person"' in page(client.get(url + "?open=takers"))
    assert 'name="person"' in page(client.get(url + "?open=guest"))


def test_a_body_whose_attendance_starts_unrecorded_lists_everyone_unrecorded(client, council):
    council.body.initial_attendance = Body.InitialAttendance.UNRECORDED
    council.body.save()
    meeting = drafting.start_meeting(
        council.body, by=council.users.secretary, number=9, date=datetime.date(2024, 5, 2), chair=council.people.chair
    )
    assert set(meeting.attendances.values_list("status", flat=True)) == {Attendance.Status.UNRECORDED}
    problems = [p.message for p in check_completeness(meeting)]
    for name in ("Frau Alpha", "Herr Beta", "Frau Gamma", "Herr Delta"):
        assert f"{name} ist noch nicht erfasst: als anwesend, entschuldigt oder nicht anwesend eintragen." in problems

    rows = list(meeting.attendances.all())
    drafting.mark_attendances(
        meeting, by=council.users.secretary, status="present", revisions={r.pk: r.revision for r in rows[1:]}
    )
    problems = [p.message for p in check_completeness(meeting)]
    assert sum("noch nicht erfasst" in p for p in problems) == 1
    assert any(rows[0].name in p and "noch nicht erfasst" in p for p in problems)

    client.force_login(council.users.secretary)
    text = page(client.get(reverse("minutes:workspace_attendance", args=[meeting.pk])))
    assert "Nicht erfasst" in text


def test_the_initial_attendance_is_set_in_the_admin(client, council):
    client.force_login(council.users.superuser)
    text = page(client.get(reverse("admin:council_body_change", args=[council.body.pk])))
    assert 'name="initial_attendance"' in text and "Anwesenheit beginnt als" in text
