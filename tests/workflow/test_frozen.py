"""What was signed is what is served, byte for byte — and the archive can prove it."""

import datetime
import io
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from minutes import lock
from minutes.models import Meeting, ProtocolDocument
from tests.conftest import PASSWORD, line_of


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_the_stored_pdf_shows_both_signatures(demo):
    stored = ProtocolDocument.objects.get(meeting=demo, variant="public")
    text = pdf_text(bytes(stored.pdf))
    assert "Elektronisch unterzeichnet von Konrad Seigfried als Vorsitzender" in text
    assert "Elektronisch unterzeichnet von Anne Kathrin Müller als Geschäftsführung" in text
    assert stored.file_name == "2017-07-20_Integrationsbeirat_Protokoll.pdf"


def test_everyone_gets_the_stored_public_part_and_members_the_stored_non_public_part(client, demo):
    documents = {d.variant: d for d in ProtocolDocument.objects.filter(meeting=demo)}
    url = reverse("minutes:meeting_pdf", args=[demo.pk])
    non_public_url = reverse("minutes:meeting_pdf_non_public", args=[demo.pk])
    response = client.get(url)
    assert response.content == bytes(documents["public"].pdf)
    assert response["ETag"] == f'"{documents["public"].sha256}"'
    assert client.get(non_public_url).status_code == 404
    client.force_login(User.objects.get(username="mitglied"))
    assert client.get(url).content == bytes(documents["public"].pdf)
    assert client.get(non_public_url).content == bytes(documents["non_public"].pdf)
    page = client.get(demo.get_absolute_url()).content.decode()
    assert documents["public"].html in page and documents["non_public"].html in page


def test_a_template_change_does_not_alter_a_signed_protocol(client, demo, settings, tmp_path):
    # A later version of the protocol template: every protocol rendered from now on says so.
    changed = tmp_path / "templates" / "minutes" / "protocol"
    changed.mkdir(parents=True)
    original = (django_settings.BASE_DIR / "templates" / "minutes" / "protocol" / "_protocol.html").read_text()
    (changed / "_protocol.html").write_text(original.replace("<article", "<p>GEÄNDERTE VORLAGE</p><article", 1))
    settings.TEMPLATES = [
        {**django_settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *django_settings.TEMPLATES[0]["DIRS"]]}
    ]
    stored = {d.variant: d for d in ProtocolDocument.objects.filter(meeting=demo)}

    page = client.get(demo.get_absolute_url()).content.decode()
    assert stored["public"].html in page
    assert "GEÄNDERTE VORLAGE" not in page
    response = client.get(reverse("minutes:meeting_pdf", args=[demo.pk]))
    assert response.content == bytes(stored["public"].pdf)
    assert response["Content-Disposition"] == f'attachment; filename="{stored["public"].file_name}"'

    # The changed template is really in use: the draft meeting 2 renders with it.
    client.force_login(User.objects.get(username="sekretariat"))
    draft = Meeting.objects.get(body=demo.body, number=2)
    assert "GEÄNDERTE VORLAGE" in client.get(draft.get_absolute_url()).content.decode()
    assert "GEÄNDERTE VORLAGE" not in client.get(demo.get_absolute_url()).content.decode()


def test_verify_minutes_passes_intact_documents(demo):
    out = io.StringIO()
    call_command("verify_minutes", stdout=out)
    # Public and non-public part of the seed protocol and of the demo committee's protocol.
    assert "4 Dokumente geprüft: alle unverändert." in out.getvalue()


def test_verify_minutes_names_a_tampered_document(demo):
    document = ProtocolDocument.objects.get(meeting=demo, variant="non_public")
    pdf = bytes(document.pdf)
    middle = len(pdf) // 2
    tampered = pdf[:middle] + bytes([pdf[middle] ^ 0x01]) + pdf[middle + 1 :]  # one bit flipped
    with lock.unlocked():  # what someone with database access could do
        ProtocolDocument.objects.filter(pk=document.pk).update(pdf=tampered)
    with pytest.raises(CommandError) as error:
        call_command("verify_minutes", stdout=io.StringIO())
    message = str(error.value)
    assert "1 von 4 Dokumenten" in message
    assert f"[non_public] {document.file_name}" in message
    assert "SHA-512" in message and "[public]" not in message


# -------------------------------------------------------------------------- PAdES


@pytest.fixture
def signing_certificate(settings, tmp_path):
    """A self-signed certificate made for this test run only (no key is ever committed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ratsprotokoll Testsiegel")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "seal.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal", key, certificate, None, serialization.BestAvailableEncryption(b"geheim")
        )
    )
    settings.SIGNING_CERT_P12 = str(path)
    settings.SIGNING_CERT_PASSPHRASE = "geheim"
    # Verification trusts the public certificate only, configured separately from the key.
    pem = tmp_path / "seal.pem"
    pem.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_TRUSTED_CERTS = [str(pem)]
    return certificate


def test_a_pades_signature_made_with_a_test_certificate_validates(signing_certificate, draft_demo, django_user_model):
    from minutes.approval import services

    users = {
        name: django_user_model.objects.get(username=name) for name in ("sekretariat", "vorsitz", "geschaeftsfuehrung")
    }
    services.submit_for_approval(draft_demo, by=users["sekretariat"])
    for name in ("vorsitz", "geschaeftsfuehrung"):
        services.sign(draft_demo, by=users[name], line=line_of(draft_demo, users[name]), password=PASSWORD)

    document = ProtocolDocument.objects.get(meeting=draft_demo, variant="public")
    assert document.pades_signed

    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(signing_certificate.public_bytes(serialization.Encoding.DER))
    [signature] = PdfFileReader(io.BytesIO(bytes(document.pdf))).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    assert "Elektronisch unterzeichnet von Konrad Seigfried" in pdf_text(bytes(document.pdf))

    call_command("verify_minutes", stdout=io.StringIO())  # passes

    # Tamper and fix the checksums too: only the PAdES signature can tell.
    import hashlib

    pdf = bytearray(document.pdf)
    index = pdf.index(b"/Producer")
    pdf[index + 1] = ord("p")
    with lock.unlocked():
        ProtocolDocument.objects.filter(pk=document.pk).update(
            pdf=bytes(pdf), sha256=hashlib.sha256(pdf).hexdigest(), sha512=hashlib.sha512(pdf).hexdigest()
        )
    with pytest.raises(CommandError, match="PAdES"):
        call_command("verify_minutes", stdout=io.StringIO())
