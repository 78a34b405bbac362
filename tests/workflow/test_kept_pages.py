"""Publishing reaches every page kept for visitors at once: the lists, the home page, people."""

from django.test import Client

from minutes.approval import services


def test_a_published_protocol_joins_the_kept_lists_at_once(signed, secretariat, django_capture_on_commit_callbacks):
    visitor = Client()
    url = signed.get_absolute_url()
    for page in ("/", "/meetings/", "/people/"):
        assert url not in visitor.get(page).content.decode()  # kept without it
    assert "Frau Duczkowska" not in visitor.get("/people/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(signed, by=secretariat)
    for page in ("/", "/meetings/"):
        assert url in visitor.get(page).content.decode(), page
    assert "Frau Duczkowska" in visitor.get("/people/").content.decode()
    assert visitor.get(url).status_code == 200
