"""The workflow from the workspace: the “Freigabe” tab, signed protocols on the home page,
the email to the secretariat at the last signature, the chair's comment next to each item."""

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from minutes.approval import services
from minutes.models import Meeting
from tests.conftest import PASSWORD, line_of


def tab_url(meeting):
    return reverse("minutes:workspace_approval", args=[meeting.pk])


def test_the_workspace_has_an_approval_tab_in_the_same_browser_tab(client, draft_demo, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("minutes:workspace_agenda", args=[draft_demo.pk])).content.decode()
    link = f'href="{tab_url(draft_demo)}"'
    assert link in html
    anchor = html[html.rindex("<a", 0, html.index(link)) : html.index(">", html.index(link))]
    assert "_blank" not in anchor


def test_the_approval_tab_lists_what_is_missing_with_links(client, meeting, council):
    client.force_login(council.users.secretary)
    response = client.get(tab_url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert "TOP 1 „Hallenbelegung“ hat weder Wortbeitrag noch Beschluss" in html
    assert reverse("minutes:workspace_item", args=[meeting.agenda_items.get().pk]) in html
    assert "Zur Freigabe einreichen" in html


def test_submitting_from_the_tab_stays_in_the_workspace(client, draft_demo, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("minutes:approval_submit", args=[draft_demo.pk]), {"from": "workspace", "comment": ""}
    )
    assert response.status_code == 302 and response["Location"] == tab_url(draft_demo)
    html = client.get(response["Location"]).content.decode()
    assert "Das Protokoll wurde zur Freigabe eingereicht." in html
    assert "Zur Freigabe vorgelegt" in html
    draft_demo.refresh_from_db()
    assert draft_demo.status == Meeting.Status.SUBMITTED


def test_an_incomplete_protocol_is_refused_in_the_tab_with_the_typed_note(client, meeting, council):
    client.force_login(council.users.secretary)
    response = client.post(
        reverse("minutes:approval_submit", args=[meeting.pk]), {"from": "workspace", "comment": "Bitte bald"}
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Das Protokoll ist noch nicht vollständig" in html
    assert "Bitte bald" in html and "Hallenbelegung" in html
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def test_the_approval_tab_is_for_the_secretariat(client, draft_demo, chair):
    client.force_login(chair)
    assert client.get(tab_url(draft_demo)).status_code == 403


def test_a_signed_protocol_waits_on_the_workspace_home_to_be_published(client, signed, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("minutes:workspace_home")).content.decode()
    assert "Unterschrieben – zu veröffentlichen" in html
    assert reverse("minutes:approval_review", args=[signed.pk]) in html
    services.publish(signed, by=secretariat)
    assert "Unterschrieben – zu veröffentlichen" not in client.get(reverse("minutes:workspace_home")).content.decode()


def test_the_last_signature_writes_to_the_secretariat(submitted, django_capture_on_commit_callbacks):
    users = User.objects
    mail.outbox.clear()
    chair, manager = users.get(username="vorsitz"), users.get(username="geschaeftsfuehrung")
    with django_capture_on_commit_callbacks(execute=True):
        services.sign(submitted, by=chair, line=line_of(submitted, chair), password=PASSWORD)
    assert mail.outbox == []  # not yet: a signature is missing
    with django_capture_on_commit_callbacks(execute=True):
        services.sign(submitted, by=manager, line=line_of(submitted, manager), password=PASSWORD)
    assert [m.to for m in mail.outbox] == [["sekretariat@example.org"]]
    assert "zu veröffentlichen" in mail.outbox[0].subject
    assert reverse("minutes:approval_review", args=[submitted.pk]) in mail.outbox[0].body


def test_no_such_mail_when_the_body_publishes_on_signing(submitted, django_capture_on_commit_callbacks):
    submitted.body.publish_on_signing = True
    submitted.body.save()
    users = User.objects
    for username in ("vorsitz", "geschaeftsfuehrung"):
        signer = users.get(username=username)
        with django_capture_on_commit_callbacks(execute=True):
            services.sign(submitted, by=signer, line=line_of(submitted, signer), password=PASSWORD)
    assert any("veröffentlicht" in m.subject for m in mail.outbox)  # the members are told instead
    assert not any("zu veröffentlichen" in m.subject for m in mail.outbox)


def test_the_chairs_comment_box_is_next_to_each_item(client, submitted, chair):
    client.force_login(chair)
    html = client.get(reverse("minutes:approval_review", args=[submitted.pk])).content.decode()
    top3 = submitted.agenda_items.get(number="3")
    section = html[html.index(f'id="top-{top3.pk}"') :]
    section = section[: section.index("</section>")]
    assert f'name="item_{top3.pk}"' in section and 'form="request-changes"' in section
    assert 'id="request-changes"' in html
