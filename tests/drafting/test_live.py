"""Live mode (issue 12) on the server: item times printed where the body wants them, the
one-click times and the speakers' queue through the drafting services, refused on a
submitted protocol with what was typed."""

import datetime
import re

from django.urls import reverse

from council.models import Body
from minutes.approval import services as approval
from minutes.models import AgendaItem, ContributionDraft, SpeakerRequest


def test_item_times_are_printed_where_the_body_wants_them(client, draft_demo, secretariat):
    item = draft_demo.agenda_items.get(number="3")
    AgendaItem.objects.filter(pk=item.pk).update(start_time=datetime.time(17, 5), end_time=datetime.time(17, 40))
    client.force_login(secretariat)
    assert "Aufruf 17" not in client.get(draft_demo.get_absolute_url()).content.decode()
    Body.objects.filter(pk=draft_demo.body_id).update(print_item_times=True)
    page = client.get(draft_demo.get_absolute_url()).content.decode()
    assert re.search(r"Aufruf 17[.:]05( Uhr)?, Schluss 17[.:]40", page)


def test_calling_an_item_now_is_refused_when_someone_saved_it_meanwhile(client, draft_demo, secretariat):
    item = draft_demo.agenda_items.get(number="3")
    client.force_login(secretariat)
    url = reverse("minutes:workspace_item_live", args=[item.pk])
    response = client.post(url, {"event": "call", "revision": item.revision - 1 or 99})
    assert response.status_code == 409
    assert "inzwischen gespeichert" in response.content.decode()
    response = client.post(url, {"event": "call", "revision": item.revision})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.start_time is not None
    assert item.history.first().history_user == secretariat


def test_a_request_to_speak_becomes_a_contribution(client, draft_demo, secretariat):
    item = draft_demo.agenda_items.get(number="3")
    client.force_login(secretariat)
    client.post(reverse("minutes:workspace_speaker_request_add", args=[item.pk]), {"speaker_name": "Frau Müller"})
    request = SpeakerRequest.objects.get(item=item)
    assert request.speaker.family_name == "Müller"
    url = reverse("minutes:workspace_speaker_request_contribution", args=[request.pk])
    response = client.post(url, {"note": "berichtet vom Sommerfest."})
    assert response.status_code == 302
    assert item.contributions.last().text == "berichtet vom Sommerfest."
    assert not SpeakerRequest.objects.filter(item=item).exists()


def test_an_unknown_speaker_is_not_put_on_the_queue(client, draft_demo, secretariat):
    item = draft_demo.agenda_items.get(number="3")
    client.force_login(secretariat)
    url = reverse("minutes:workspace_speaker_request_add", args=[item.pk])
    response = client.post(url, {"speaker_name": "Herr Niemand", "note": "meine Stichworte"})
    assert response.status_code == 400
    assert "meine Stichworte" in response.content.decode()
    assert not SpeakerRequest.objects.filter(item=item).exists()


def test_the_queue_of_a_submitted_protocol_is_refused_with_the_note(client, draft_demo, secretariat):
    item = draft_demo.agenda_items.get(number="3")
    approval.submit_for_approval(draft_demo, by=secretariat)
    client.force_login(secretariat)
    url = reverse("minutes:workspace_speaker_request_add", args=[item.pk])
    response = client.post(url, {"speaker_name": "Frau Müller", "note": "meine Stichworte"})
    assert response.status_code == 409
    assert "meine Stichworte" in response.content.decode()
    assert not SpeakerRequest.objects.filter(item=item).exists()


def test_an_autosaved_draft_comes_back_and_never_touches_the_saved_contribution(
    client, draft_demo, secretariat, django_user_model
):
    item = draft_demo.agenda_items.get(number="3")
    contributions = list(item.contributions.values_list("pk", "text"))
    client.force_login(secretariat)
    url = reverse("minutes:workspace_contribution_draft", args=[item.pk])
    response = client.post(url, {"speaker_name": "Frau Müller", "text": "berichtet noch unvollst"})
    assert response.status_code == 204
    assert list(item.contributions.values_list("pk", "text")) == contributions
    page = client.get(reverse("minutes:workspace_item", args=[item.pk])).content.decode()
    assert "berichtet noch unvollst</textarea>" in page
    assert "noch nicht als Wortbeitrag gespeichert" in page

    # another member of the secretariat does not get it
    other = django_user_model.objects.get(username="admin")
    client.force_login(other)
    assert (
        "berichtet noch unvollst" not in client.get(reverse("minutes:workspace_item", args=[item.pk])).content.decode()
    )

    # saving the contribution removes the draft
    client.force_login(secretariat)
    add = reverse("minutes:workspace_contribution_add", args=[item.pk])
    client.post(add, {"speaker_name": "Frau Müller", "text": "berichtet vollständig.", "speaker_prefix": ""})
    page = client.get(reverse("minutes:workspace_item", args=[item.pk])).content.decode()
    assert "berichtet noch unvollst" not in page
    assert ContributionDraft.objects.count() == 0


def test_a_draft_too_long_to_keep_is_refused(client, draft_demo, secretariat):
    item = draft_demo.agenda_items.get(number="3")
    client.force_login(secretariat)
    url = reverse("minutes:workspace_contribution_draft", args=[item.pk])
    assert client.post(url, {"speaker_name": "x" * 201, "text": "kurz"}).status_code == 400
    assert ContributionDraft.objects.count() == 0
