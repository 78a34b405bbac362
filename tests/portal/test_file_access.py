"""Figures and attachments are served by the app with the visibility of their item and protocol."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from minutes import lock
from minutes.models import Figure
from tests.files import attach, pdf_bytes, png_bytes

# Who may download what (city fixture): a public item of the published protocol — everyone;
# its non-public item — the body's members (and the secretariat, also a member); a draft's
# items — its secretariat and signers (the chair), public or not.
READERS = ["anonymous", "mitglied", "aussen", "sekretariat", "vorsitz"]
MAY_READ = {
    ("published", True): {"anonymous", "mitglied", "aussen", "sekretariat", "vorsitz"},
    ("published", False): {"mitglied", "sekretariat", "vorsitz"},
    ("draft", True): {"sekretariat", "vorsitz"},
    ("draft", False): {"sekretariat", "vorsitz"},
}


def reader_client(reader: str) -> Client:
    client = Client()
    if reader != "anonymous":
        client.force_login(get_user_model().objects.get(username=reader))
    return client


@pytest.fixture
def city_files(city):
    """An attachment and a figure at a public and at a non-public item of the published
    protocol and of the draft."""
    made = {}
    for status, meeting in (("published", city.published), ("draft", city.draft)):
        for public in (True, False):
            item = meeting.agenda_items.filter(public=public).first()
            attachment = attach(meeting, item=item, title=f"Anlage {status} {public}")
            with lock.unlocked():
                figure = Figure(item=item, order=1, caption="Organigramm")
                figure.image.save("organigramm.png", ContentFile(png_bytes()), save=False)
                figure.save()
            made[status, public] = (attachment, figure)
    return made


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", list(MAY_READ))
def test_attachments_and_figures_are_served_to_whoever_may_read_their_item(city_files, reader, case):
    attachment, figure = city_files[case]
    client = reader_client(reader)
    expected = 200 if reader in MAY_READ[case] else 404
    response = client.get(reverse("minutes:attachment", args=[attachment.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == bytes(attachment.file.content.open("rb").read())
    assert client.get(reverse("minutes:figure_image", args=[figure.pk])).status_code == expected


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("status", ["published", "draft"])
def test_an_attachment_of_the_whole_protocol_is_for_whoever_may_read_the_protocol(city, reader, status):
    meeting = city.published if status == "published" else city.draft
    attachment = attach(meeting, title="Anwesenheitsliste")
    expected = 200 if reader in MAY_READ[status, True] else 404
    assert reader_client(reader).get(reverse("minutes:attachment", args=[attachment.pk])).status_code == expected


def test_a_download_cannot_be_taken_for_a_page(city):
    attachment = attach(city.published, title="Haushaltsplan", name="Haushaltsplan 2024.pdf")
    response = Client().get(reverse("minutes:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''Haushaltsplan_2024.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["ETag"] == f'"{attachment.file.sha256}"'
    assert "public" in response["Cache-Control"]


def test_unpublished_and_non_public_files_are_not_cached_by_others(city):
    draft = attach(city.draft, title="Entwurf")
    member_only = attach(city.published, item=city.published.agenda_items.get(public=False), title="Intern")
    assert (
        "private" in reader_client("sekretariat").get(reverse("minutes:attachment", args=[draft.pk]))["Cache-Control"]
    )
    assert (
        "private"
        in reader_client("mitglied").get(reverse("minutes:attachment", args=[member_only.pk]))["Cache-Control"]
    )


def test_a_known_file_answers_not_modified(city):
    attachment = attach(city.published)
    url = reverse("minutes:attachment", args=[attachment.pk])
    response = Client().get(url, headers={"If-None-Match": f'"{attachment.file.sha256}"'})
    assert response.status_code == 304


def test_with_x_accel_redirect_the_proxy_sends_the_bytes_after_the_check(city, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_media/"
    attachment = attach(city.published, title="Plan")
    response = Client().get(reverse("minutes:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_media/{attachment.file.content.name}"
    assert response.content == b""
    secret = attach(city.draft, title="Entwurf")
    response = Client().get(reverse("minutes:attachment", args=[secret.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_there_is_no_public_media_location(city, settings):
    # A draft's file sits in MEDIA_ROOT under its checksum; no URL serves MEDIA_ROOT by path.
    secret = attach(city.draft, title="Entwurf", content=pdf_bytes("Kometenentwurf"))
    path = secret.file.content.name
    assert (settings.MEDIA_ROOT / path).exists()
    assert Client().get(f"/media/{path}").status_code == 404
    assert reader_client("sekretariat").get(f"/media/{path}").status_code == 404


def test_a_figure_under_its_former_media_path_is_redirected_after_the_same_check(city):
    with lock.unlocked():
        public = Figure(item=city.published.agenda_items.filter(public=True).first(), order=1, caption="Bild")
        public.image.save("alt.png", ContentFile(png_bytes()), save=False)
        public.save()
        hidden = Figure(item=city.draft.agenda_items.first(), order=1, caption="Bild")
        hidden.image.save("geheim.png", ContentFile(png_bytes()), save=False)
        hidden.save()
    response = Client().get(f"/media/{public.image.name}")
    assert response.status_code == 302
    assert response.url == reverse("minutes:figure_image", args=[public.pk])
    assert Client().get(f"/media/{hidden.image.name}").status_code == 404
