"""The completeness check before submitting: what it reports, where it links, and per-body rules."""

import pytest
from django.urls import reverse

from council.models import Membership, Person
from minutes.approval.completeness import check_completeness
from minutes.models import AgendaItem, Attendance, Decision, Deputation
from tests.factories import body_group


def messages(meeting):
    return [problem.message for problem in check_completeness(meeting)]


def test_the_seed_protocol_is_complete(draft_demo):
    assert check_completeness(draft_demo) == []


def test_a_missing_chair_is_reported_with_a_link_to_the_meeting(draft_demo):
    draft_demo.chair = None
    draft_demo.save()
    [problem] = check_completeness(draft_demo)
    assert problem.message == "Es ist kein Vorsitz angegeben."
    assert problem.url == reverse("minutes:workspace_meeting", args=[draft_demo.pk])


def test_a_meeting_without_attendance_is_reported(draft_demo):
    draft_demo.attendances.update(status=Attendance.Status.EXCUSED)
    assert "Es ist keine Anwesenheit erfasst." in messages(draft_demo)


def test_a_member_missing_from_the_attendance_list_is_named(draft_demo):
    draft_demo.attendances.filter(person__family_name="Ercan").delete()
    [problem] = check_completeness(draft_demo)
    assert problem.message.startswith("Herr Ercan ist Mitglied des Gremiums, fehlt aber in der Anwesenheitsliste")
    assert problem.url == reverse("minutes:workspace_attendance", args=[draft_demo.pk])


def test_a_member_represented_by_a_deputy_counts_as_listed(draft_demo):
    ercan = Person.objects.get(family_name="Ercan")
    draft_demo.attendances.filter(person=ercan).delete()
    deputy = Person.objects.create(form_of_address="Herr", family_name="Hechler")
    row = Attendance.objects.create(meeting=draft_demo, person=deputy, order=999, group=body_group(draft_demo.body))
    Deputation.objects.create(deputy=row, member=ercan)
    assert check_completeness(draft_demo) == []


def test_an_item_without_content_is_reported_unless_marked_without_discussion(draft_demo):
    item = AgendaItem.objects.create(meeting=draft_demo, number="6", order=99, title="Verschiedenes")
    [problem] = check_completeness(draft_demo)
    assert "TOP 6 „Verschiedenes“ hat weder Wortbeitrag noch Beschluss" in problem.message
    assert problem.url == reverse("minutes:workspace_item", args=[item.pk])
    assert problem.link_text == "TOP 6 bearbeiten"

    item.without_discussion = True
    item.save()
    assert check_completeness(draft_demo) == []


def test_a_resolution_without_its_vote_is_reported(draft_demo):
    decision = Decision.objects.get(item__meeting=draft_demo)
    decision.votes_no = None
    decision.save()
    [problem] = check_completeness(draft_demo)
    assert problem.message == "Einem Beschluss unter TOP 5 fehlt das Abstimmungsergebnis: Ja, Nein und Enthaltungen."
    assert problem.url == reverse("minutes:workspace_item", args=[decision.item_id])
    decision.result = Decision.Result.NOTED  # taken note of: no vote needed
    decision.save()
    assert check_completeness(draft_demo) == []


def test_a_signer_who_was_not_there_and_holds_no_function_is_reported(draft_demo):
    stranger = Person.objects.create(form_of_address="Frau", given_name="Eva", family_name="Fremd")
    line = draft_demo.signature_lines.get(order=2)
    line.person = stranger
    line.save()
    assert messages(draft_demo) == [
        "Frau Fremd unterschreibt das Protokoll, war aber weder in der Sitzung anwesend noch hat er/sie die "
        "Funktion „Geschäftsführung“ inne."
    ]
    # Holding the function in the body is enough.
    Membership.objects.create(body=draft_demo.body, person=stranger, role=Membership.Role.MANAGEMENT)
    assert check_completeness(draft_demo) == []


def test_missing_signature_lines_are_reported(draft_demo):
    draft_demo.signature_lines.get(order=2).delete()
    assert messages(draft_demo) == [
        "Das Gremium verlangt 2 Unterschriften, das Protokoll hat aber 1 Unterschriftszeilen."
    ]


@pytest.mark.parametrize(
    "rule, breakage",
    [
        ("check_chair", lambda m: m.__class__.objects.filter(pk=m.pk).update(chair=None)),
        ("check_item_content", lambda m: AgendaItem.objects.create(meeting=m, number="9", order=99, title="Leer")),
        ("check_votes", lambda m: Decision.objects.filter(item__meeting=m).update(votes_yes=None)),
        ("check_absences", lambda m: m.attendances.filter(person__family_name="Ercan").delete()),
    ],
)
def test_each_rule_can_be_switched_off_per_body(draft_demo, rule, breakage):
    breakage(draft_demo)
    draft_demo.refresh_from_db()
    assert check_completeness(draft_demo) != []
    setattr(draft_demo.body, rule, False)
    draft_demo.body.save()
    draft_demo.refresh_from_db()
    assert check_completeness(draft_demo) == []


def test_the_approval_page_lists_what_is_missing_with_links(client, draft_demo):
    item = AgendaItem.objects.create(meeting=draft_demo, number="6", order=99, title="Verschiedenes")
    client.force_login(draft_demo.signature_lines.first().person.user)  # the chair sees the page …
    html = client.get(reverse("minutes:approval_review", args=[draft_demo.pk])).content.decode()
    assert "Bevor das Protokoll eingereicht" not in html

    client.force_login(Person.objects.get(family_name="Gegner").user)  # … the secretariat gets the check
    html = client.get(reverse("minutes:approval_review", args=[draft_demo.pk])).content.decode()
    assert "Bevor das Protokoll eingereicht werden kann, fehlt noch:" in html
    assert "TOP 6 „Verschiedenes“ hat weder Wortbeitrag noch Beschluss" in html
    assert f'href="{reverse("minutes:workspace_item", args=[item.pk])}"' in html

    response = client.post(reverse("minutes:approval_submit", args=[draft_demo.pk]), follow=True)
    assert "Das Protokoll ist noch nicht vollständig; es wurde nichts eingereicht." in response.content.decode()
    draft_demo.refresh_from_db()
    assert draft_demo.status == "draft"
