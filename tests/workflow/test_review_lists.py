"""Where the chair finds protocols awaiting them, and where the secretariat sees what came back."""

from django.contrib.auth.models import User
from django.urls import reverse

from minutes.approval import services
from tests.conftest import PASSWORD, line_of


def login(client, username):
    client.force_login(User.objects.get(username=username))


def awaiting_page(client, username):
    login(client, username)
    response = client.get(reverse("minutes:approval_awaiting"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_chair_finds_a_submitted_protocol_awaiting_their_signature(client, submitted):
    html = awaiting_page(client, "vorsitz")
    assert reverse("minutes:approval_review", args=[submitted.pk]) in html
    assert "Wartet auf Ihre Unterschrift" in html
    assert f'href="{reverse("minutes:approval_awaiting")}"' in html  # linked in the navigation


def test_once_signed_the_protocol_no_longer_awaits_that_signer(client, submitted, chair):
    services.sign(submitted, by=chair, line=line_of(submitted, chair), password=PASSWORD)
    html = awaiting_page(client, "vorsitz")
    assert reverse("minutes:approval_review", args=[submitted.pk]) in html  # still under review
    assert "Wartet auf Ihre Unterschrift" not in html
    assert "Wartet auf Ihre Unterschrift" in awaiting_page(client, "geschaeftsfuehrung")


def test_drafts_do_not_await_approval(client, draft_demo):
    html = awaiting_page(client, "vorsitz")
    assert reverse("minutes:approval_review", args=[draft_demo.pk]) not in html
    assert "Zur Zeit wartet nichts auf Ihre Freigabe." in html


def test_a_member_has_no_approval_list_in_the_navigation(client, submitted):
    html = awaiting_page(client, "mitglied")
    assert reverse("minutes:approval_review", args=[submitted.pk]) not in html
    assert f'href="{reverse("minutes:approval_awaiting")}"' not in html


def test_the_workspace_home_lists_submitted_protocols_read_only(client, submitted):
    login(client, "sekretariat")
    html = client.get(reverse("minutes:workspace_home")).content.decode()
    assert "Zur Freigabe vorgelegt" in html
    assert reverse("minutes:approval_review", args=[submitted.pk]) in html
    assert reverse("minutes:workspace_agenda", args=[submitted.pk]) not in html


def _send_back(submitted, chair):
    top3 = submitted.agenda_items.get(number="3")
    services.request_changes(
        submitted, by=chair, comment="Bitte die Uhrzeit prüfen", item_comments={top3.pk: "Name falsch geschrieben"}
    )
    return top3


def test_the_workspace_home_marks_a_draft_sent_back(client, submitted, chair):
    login(client, "sekretariat")
    assert "Änderungen erbeten" not in client.get(reverse("minutes:workspace_home")).content.decode()
    _send_back(submitted, chair)
    html = client.get(reverse("minutes:workspace_home")).content.decode()
    assert "Änderungen erbeten" in html


def test_the_chairs_comments_show_where_the_secretariat_drafts(client, submitted, chair):
    top3 = _send_back(submitted, chair)
    top4 = submitted.agenda_items.get(number="4")
    login(client, "sekretariat")
    meeting_page = client.get(reverse("minutes:workspace_meeting", args=[submitted.pk])).content.decode()
    assert "Bitte die Uhrzeit prüfen" in meeting_page and "Name falsch geschrieben" in meeting_page
    item_page = client.get(reverse("minutes:workspace_item", args=[top3.pk])).content.decode()
    assert "Name falsch geschrieben" in item_page and "Bitte die Uhrzeit prüfen" in item_page
    other_item = client.get(reverse("minutes:workspace_item", args=[top4.pk])).content.decode()
    assert "Name falsch geschrieben" not in other_item


def test_the_comments_disappear_once_the_draft_is_resubmitted(client, submitted, chair, secretariat):
    _send_back(submitted, chair)
    services.submit_for_approval(submitted, by=secretariat)
    services.request_changes(submitted, by=chair, comment="Jetzt nur noch TOP 1")
    login(client, "sekretariat")
    html = client.get(reverse("minutes:workspace_meeting", args=[submitted.pk])).content.decode()
    assert "Jetzt nur noch TOP 1" in html
    assert "Name falsch geschrieben" not in html and "Bitte die Uhrzeit prüfen" not in html
