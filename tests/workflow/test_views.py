"""The approval pages: who sees which action, and each POST turns into a service call or a message."""

from django.contrib.auth.models import User
from django.urls import reverse

from minutes.models import Meeting, ProtocolDocument, Signature
from tests.conftest import line_of


def review_url(meeting):
    return reverse("minutes:approval_review", args=[meeting.pk])


def login(client, username):
    client.force_login(User.objects.get(username=username))


def test_the_approval_page_needs_a_login(client, draft_demo):
    response = client.get(review_url(draft_demo))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_member_does_not_see_an_unpublished_protocol(client, draft_demo):
    login(client, "mitglied")
    assert client.get(review_url(draft_demo)).status_code == 404


def test_the_secretariat_submits_from_the_approval_page(client, draft_demo):
    login(client, "sekretariat")
    html = client.get(review_url(draft_demo)).content.decode()
    assert "Zur Freigabe einreichen" in html and "Das Protokoll ist vollständig." in html
    response = client.post(
        reverse("minutes:approval_submit", args=[draft_demo.pk]), {"comment": "Bitte prüfen"}, follow=True
    )
    assert "Das Protokoll wurde zur Freigabe eingereicht." in response.content.decode()
    draft_demo.refresh_from_db()
    assert draft_demo.status == Meeting.Status.SUBMITTED


def test_the_chair_sees_review_and_sign_but_not_submit(client, submitted):
    login(client, "vorsitz")
    html = client.get(review_url(submitted)).content.decode()
    assert "Änderungen erbitten" in html
    assert "Unterschreiben als Vorsitzender" in html
    assert "Unterschreiben als Geschäftsführung" not in html  # nobody signs for someone else
    assert "Zur Freigabe einreichen" not in html


def test_the_chair_requests_changes_on_an_item(client, submitted):
    login(client, "vorsitz")
    top3 = submitted.agenda_items.get(number="3")
    response = client.post(
        reverse("minutes:approval_request_changes", args=[submitted.pk]),
        {"comment": "", f"item_{top3.pk}": "Bitte den Namen prüfen"},
        follow=True,
    )
    html = response.content.decode()
    assert "Das Protokoll ging mit Ihren Anmerkungen zurück an das Sekretariat." in html
    assert "Bitte den Namen prüfen" in html  # in the timeline
    submitted.refresh_from_db()
    assert submitted.status == Meeting.Status.DRAFT


def test_signing_with_a_wrong_password_signs_nothing(client, submitted):
    login(client, "vorsitz")
    line = line_of(submitted, User.objects.get(username="vorsitz"))
    response = client.post(
        reverse("minutes:approval_sign", args=[submitted.pk, line.pk]),
        {f"line{line.pk}-line": line.pk, f"line{line.pk}-password": "falsch"},
        follow=True,
    )
    assert "Das Passwort ist nicht richtig. Es wurde nichts unterschrieben." in response.content.decode()
    assert not Signature.objects.exists()


def test_signing_someone_elses_line_by_post_is_refused(client, submitted):
    login(client, "vorsitz")
    line = line_of(submitted, User.objects.get(username="geschaeftsfuehrung"))
    response = client.post(
        reverse("minutes:approval_sign", args=[submitted.pk, line.pk]),
        {f"line{line.pk}-line": line.pk, f"line{line.pk}-password": "demo"},
        follow=True,
    )
    assert "Niemand unterschreibt für jemand anderen" in response.content.decode()
    assert not Signature.objects.exists()


def test_both_signatures_through_the_pages_freeze_the_protocol(client, submitted):
    for username in ("vorsitz", "geschaeftsfuehrung"):
        login(client, username)
        line = line_of(submitted, User.objects.get(username=username))
        response = client.post(
            reverse("minutes:approval_sign", args=[submitted.pk, line.pk]),
            {f"line{line.pk}-line": line.pk, f"line{line.pk}-password": "demo"},
            follow=True,
        )
        assert "Ihre Unterschrift wurde erfasst." in response.content.decode()
    assert "festgeschrieben" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Meeting.Status.SIGNED
    assert "SHA-512" in response.content.decode()

    login(client, "sekretariat")
    response = client.post(reverse("minutes:approval_publish", args=[submitted.pk]), follow=True)
    assert "Das Protokoll ist veröffentlicht." in response.content.decode()
    client.logout()
    assert client.get(submitted.get_absolute_url()).status_code == 200  # public now


def test_the_meeting_page_shows_status_and_timeline_to_those_who_work_on_it(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Veröffentlicht" in html
    assert "Verlauf dieses Protokolls" not in html  # not for the public
    login(client, "sekretariat")
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Verlauf dieses Protokolls" in html
    assert "Zur Freigabe vorgelegt" in html and "Festgeschrieben: Dokumente gespeichert" in html


def test_a_correction_is_linked_both_ways_and_the_original_stays_readable(client, demo):
    login(client, "sekretariat")
    response = client.post(
        reverse("minutes:approval_correct", args=[demo.pk]), {"reason": "Tippfehler in TOP 4"}, follow=True
    )
    correction = Meeting.objects.get(corrects=demo)
    assert response.redirect_chain[-1][0] == review_url(correction)
    html = response.content.decode()
    assert "Dieses Protokoll berichtigt" in html and "Tippfehler in TOP 4" in html
    assert "Berichtigung (Fassung 2). Grund: Tippfehler in TOP 4" in html  # printed in the protocol head

    assert "Berichtigt durch" in client.get(demo.get_absolute_url()).content.decode()
    client.logout()
    original = client.get(demo.get_absolute_url()).content.decode()
    assert "Berichtigt durch" not in original  # a draft correction is not announced to the public
    assert ProtocolDocument.objects.get(meeting=demo, variant="public").html in original


def test_the_submit_message_counts_the_signers_written_to(client, draft_demo, chair, manager):
    login(client, "sekretariat")
    response = client.post(reverse("minutes:approval_submit", args=[draft_demo.pk]), follow=True)
    html = response.content.decode()
    assert "2 Unterzeichnende wurden per E-Mail benachrichtigt." in html
    assert "direkt" not in html


def test_the_submit_message_says_when_nobody_could_be_written_to(client, draft_demo):
    User.objects.update(email="")
    login(client, "sekretariat")
    response = client.post(reverse("minutes:approval_submit", args=[draft_demo.pk]), follow=True)
    html = response.content.decode()
    assert "Das Protokoll wurde zur Freigabe eingereicht." in html
    assert "benachrichtigt" not in html
    assert "Niemand der Unterzeichnenden hat eine E-Mail-Adresse: bitte informieren Sie sie direkt." in html


def test_the_demo_logins_have_email_addresses(draft_demo):
    assert User.objects.get(username="vorsitz").email == "vorsitz@example.org"
    assert User.objects.get(username="sekretariat").email == "sekretariat@example.org"
