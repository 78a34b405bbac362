"""A correction in progress is a draft: only those who may open it see the link to it."""

from django.contrib.auth.models import User

from minutes.approval import services
from tests.conftest import PASSWORD, line_of


def _page(client, meeting, username=None):
    if username:
        client.force_login(User.objects.get(username=username))
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _published(signed, secretariat):
    return services.publish(signed, by=secretariat)


def test_a_draft_correction_is_not_announced_to_anonymous_visitors(client, signed, secretariat):
    original = _published(signed, secretariat)
    correction = services.start_correction(original, by=secretariat, reason="Name in TOP 3 falsch")
    html = _page(client, original)
    assert "Berichtigt durch" not in html
    assert correction.get_absolute_url() not in html
    assert "Name in TOP 3 falsch" not in html


def test_a_draft_correction_is_not_announced_to_members(client, signed, secretariat, member):
    original = _published(signed, secretariat)
    correction = services.start_correction(original, by=secretariat, reason="Name in TOP 3 falsch")
    html = _page(client, original, "mitglied")
    assert "Berichtigt durch" not in html and correction.get_absolute_url() not in html


def test_the_secretariat_sees_its_draft_correction_linked(client, signed, secretariat):
    original = _published(signed, secretariat)
    correction = services.start_correction(original, by=secretariat, reason="Name in TOP 3 falsch")
    html = _page(client, original, "sekretariat")
    assert "Berichtigt durch" in html and correction.get_absolute_url() in html
    assert client.get(correction.get_absolute_url()).status_code == 200


def test_a_published_correction_is_linked_for_everyone(client, signed, secretariat, chair, manager):
    original = _published(signed, secretariat)
    correction = services.start_correction(original, by=secretariat, reason="Name in TOP 3 falsch")
    services.submit_for_approval(correction, by=secretariat)
    services.sign(correction, by=chair, line=line_of(correction, chair), password=PASSWORD)
    services.sign(correction, by=manager, line=line_of(correction, manager), password=PASSWORD)
    services.publish(correction, by=secretariat)
    html = _page(client, original)
    assert "Berichtigt durch" in html and correction.get_absolute_url() in html
    assert client.get(correction.get_absolute_url()).status_code == 200
    assert original.get_absolute_url() in _page(client, correction)  # and back to the original
