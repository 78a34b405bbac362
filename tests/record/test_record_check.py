"""“Protokoll prüfen”: anyone uploads a PDF and learns whether it is a published protocol
of this installation — without the file being kept."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minutes import seal
from minutes.approval import services
from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import render_protocol_pdf
from minutes.protocol import build_protocol
from tests.conftest import PASSWORD, line_of

from .certificates import issue
from .conftest import PASSPHRASE, sign_demo

URL = reverse("minutes:record_check")


def _upload(client, content: bytes, name="protokoll.pdf"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_the_page_is_public_and_linked_from_every_page(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Protokoll prüfen" in text and 'type="file"' in text
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_a_published_protocol_is_recognised_with_body_meeting_version_and_signers(client, demo):
    document = ProtocolDocument.objects.get(meeting=demo, variant="public")
    response = _upload(client, bytes(document.pdf))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Diese Datei ist ein veröffentlichtes Protokoll dieser Installation" in text
    assert "Integrationsbeirat" in text and "1. Sitzung" in text and "20.07.2017" in text
    assert "Öffentlicher Teil" in text and document.file_name in text
    assert "Fassung 1" in text
    for signature in demo.signatures.all():
        assert f"{signature.name} als {signature.function} am" in text
    assert "Keine: Dies ist die gültige Fassung." in text
    assert "Die Datei trägt keine elektronische Signatur." in text  # the demo has no seal configured
    assert ProtocolDocument.objects.count() == 4  # the demo's two protocols: nothing was added or kept


def test_the_non_public_part_is_recognised_as_such(client, demo):
    document = ProtocolDocument.objects.get(meeting=demo, variant="non_public")
    text = _upload(client, bytes(document.pdf)).content.decode()
    assert "veröffentlichtes Protokoll dieser Installation" in text and "Nichtöffentlicher Teil" in text


def test_a_later_published_correction_is_pointed_out(client, signed, secretariat, chair, manager):
    original = services.publish(signed, by=secretariat)
    correction = services.start_correction(original, by=secretariat, reason="Name in TOP 3 falsch")
    document = ProtocolDocument.objects.get(meeting=original, variant="public")
    # While the correction is a draft, nobody outside learns of it.
    assert "Keine: Dies ist die gültige Fassung." in _upload(client, bytes(document.pdf)).content.decode()
    services.submit_for_approval(correction, by=secretariat)
    for user in (chair, manager):
        services.sign(correction, by=user, line=line_of(correction, user), password=PASSWORD)
    services.publish(correction, by=secretariat)
    text = _upload(client, bytes(document.pdf)).content.decode()
    assert "Ja: Dieses Protokoll wurde berichtigt. Gültig ist Fassung 2." in text
    assert correction.get_absolute_url() in text


def test_a_changed_copy_is_not_recognised_but_its_claim_is_named(client, demo):
    pdf = bytes(ProtocolDocument.objects.get(meeting=demo, variant="public").pdf)
    changed = pdf + b"%\n"  # one byte more: still a readable PDF, no longer the signed one
    text = _upload(client, changed).content.decode()
    assert "Diese Datei ist kein veröffentlichtes Protokoll dieser Installation." in text
    assert "Die Datei enthält die Daten von „Integrationsbeirat – 1. Sitzung (20.07.2017)“" in text
    assert demo.get_absolute_url() in text


def test_a_signed_but_unpublished_protocol_is_not_revealed(client, signed):
    document = ProtocolDocument.objects.get(meeting=signed, variant="public")
    assert Meeting.objects.get(pk=signed.pk).status == Meeting.Status.SIGNED
    text = _upload(client, bytes(document.pdf)).content.decode()
    assert "kein veröffentlichtes Protokoll" in text
    assert "Integrationsbeirat – 1. Sitzung" not in text


def test_a_sealed_protocol_shows_its_valid_seal_and_a_forged_one_does_not(
    client, sealing_key, draft_demo, letters, settings, tmp_path
):
    demo = sign_demo(draft_demo, publish=True)
    text = _upload(client, bytes(ProtocolDocument.objects.get(meeting=demo, variant="public").pdf)).content.decode()
    assert "Gültig: gesiegelt von Ratsprotokoll Testsiegel mit einem Zertifikat" in text
    # Someone seals a protocol of their own with a key of the same name.
    forger = issue("Ratsprotokoll Testsiegel")
    settings.SIGNING_CERT_P12 = str(forger.p12(tmp_path / "forger.p12", PASSPHRASE.encode()))
    forged = seal.sign(render_protocol_pdf(build_protocol(letters.pk, include_non_public=False)))
    text = _upload(client, forged).content.decode()
    assert "kein veröffentlichtes Protokoll" in text
    assert "Ungültig:" in text and "einem Schlüssel erstellt, dem diese Installation nicht vertraut" in text


def test_the_upload_is_protected_against_cross_site_requests(demo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    pdf = bytes(ProtocolDocument.objects.get(meeting=demo, variant="public").pdf)
    assert _upload(client, pdf).status_code == 403
    page = client.get(URL)
    token = page.cookies["csrftoken"].value
    response = client.post(URL, {"file": SimpleUploadedFile("p.pdf", pdf), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "veröffentlichtes Protokoll dieser Installation" in response.content.decode()


def test_a_file_that_is_not_a_pdf_gets_a_clear_message(client, db):
    response = _upload(client, b"Sehr geehrte Damen und Herren,", name="brief.txt")
    assert response.status_code == 400
    assert "Das ist keine PDF-Datei." in response.content.decode()


def test_an_empty_form_asks_for_the_file(client, db):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_an_oversize_file_is_refused_unread(client, db, settings):
    settings.RECORD_CHECK_MAX_BYTES = 1024 * 1024
    response = _upload(client, b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "Die Datei ist größer als 1 MB." in response.content.decode()
    # Just above the limit but within the form's allowance: refused by the form.
    response = _upload(client, b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10))
    assert response.status_code == 400
    assert "Die Datei ist größer als 1 MB." in response.content.decode()
