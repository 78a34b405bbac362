"""Uploads (minutes/files.py): limits, re-encoding, PDF checks — what is stored is what was checked."""

import hashlib
import io
import time

import pytest
from django.db import IntegrityError, connection, transaction
from PIL import Image

from minutes import files
from minutes.exceptions import UploadRefused
from minutes.models import File
from tests.files import (
    HTML_PAGE,
    SCRIPT,
    encrypted_pdf,
    gif_html_polyglot,
    pdf_bytes,
    pdf_with_javascript,
    png_bytes,
    png_claiming,
    upload,
)


def refusal(clean, name, content) -> str:
    with pytest.raises(UploadRefused) as refused:
        clean(upload(name, content))
    return str(refused.value.message)


# --- images: only the pixels survive ---------------------------------------------------------


def test_an_image_is_encoded_anew_and_only_its_pixels_survive():
    original = png_bytes((40, 30), (200, 30, 30), comment=SCRIPT) + HTML_PAGE
    assert SCRIPT in original
    clean = files.clean_image(upload("bild.png", original))
    assert clean.mime_type == "image/png"
    assert clean.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"script" not in clean.content.lower()
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.size == (40, 30)
        assert stored.convert("RGB").getpixel((5, 5)) == (200, 30, 30)
        assert "Comment" not in stored.info


def test_an_image_html_polyglot_is_stored_as_a_plain_png():
    polyglot = gif_html_polyglot()
    with Image.open(io.BytesIO(polyglot)) as gif:
        assert gif.format == "GIF"  # a valid image, and an HTML page for whoever sniffs it
    clean = files.clean_attachment(upload("harmlos.gif", polyglot, "image/gif"))
    assert clean.mime_type == "image/png"
    assert clean.file_name == "harmlos.png"
    assert b"<html" not in clean.content.lower() and b"script" not in clean.content.lower()


def test_a_photo_stays_a_jpeg_without_its_metadata():
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = "<script>alert(1)</script>"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    assert b"<script>" in buffer.getvalue()
    clean = files.clean_image(upload("foto.jpeg", buffer.getvalue()))
    assert clean.mime_type == "image/jpeg"
    assert clean.file_name == "foto.jpg"
    assert b"<script>" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.size == (64, 48)
        assert not stored.getexif()


@pytest.mark.parametrize(
    "name, content",
    [
        ("bild.png", HTML_PAGE),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("bild.png", b"\x89PNG\r\n\x1a\n kaputt"),
    ],
)
def test_what_is_no_readable_image_is_refused(name, content):
    assert refusal(files.clean_image, name, content) == ("Die Datei ist kein lesbares Bild (PNG, JPEG, GIF oder WebP).")


def test_the_pixel_limit_refuses_an_image_before_decoding_it(settings):
    settings.UPLOAD_MAX_PIXELS = 25_000_000
    bomb = png_claiming(12_000, 12_000)  # 144 megapixels, a few hundred bytes
    started = time.monotonic()
    message = refusal(files.clean_image, "bombe.png", bomb)
    assert message == "Das Bild hat 12000 × 12000 Pixel; höchstens 25 Megapixel sind erlaubt."
    assert time.monotonic() - started < 1


def test_an_image_within_the_pixel_limit_is_taken(settings):
    settings.UPLOAD_MAX_PIXELS = 40 * 30
    assert files.clean_image(upload("bild.png", png_bytes((40, 30)))).content
    settings.UPLOAD_MAX_PIXELS = 40 * 30 - 1
    assert "höchstens" in refusal(files.clean_image, "bild.png", png_bytes((40, 30)))


def test_the_size_limit_refuses_a_larger_file(settings):
    content = png_bytes((40, 30))
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    message = refusal(files.clean_image, "bild.png", content)
    assert message.startswith("Die Datei ist ")
    assert "höchstens" in message
    settings.UPLOAD_MAX_BYTES = len(content)
    assert files.clean_image(upload("bild.png", content)).content


def test_an_empty_file_is_refused():
    assert refusal(files.clean_attachment, "leer.pdf", b"") == "Die Datei ist leer."


# --- PDFs -------------------------------------------------------------------------------------


def test_a_pdf_is_stored_as_uploaded_with_its_text():
    content = pdf_bytes("Haushaltsplan 2024 der Stadt")
    clean = files.clean_attachment(upload("Haushaltsplan 2024.pdf", content, "application/pdf"))
    assert clean.content == content
    assert clean.mime_type == "application/pdf"
    assert clean.file_name == "Haushaltsplan_2024.pdf"
    assert "Haushaltsplan 2024 der Stadt" in clean.text


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plan.pdf", b"%PDF-1.7\n kein PDF", "Die Datei ist kein lesbares PDF."),
        ("plan.pdf", HTML_PAGE, "Die Datei ist kein lesbares PDF."),
        (
            "plan.pdf",
            HTML_PAGE + b"\n%PDF-1.7\n",
            "Das PDF muss mit „%PDF-“ beginnen. Speichern oder drucken Sie es neu als PDF.",
        ),
        ("plan.html", HTML_PAGE, "Anlagen können PDF-Dateien oder Bilder (PNG, JPEG, GIF, WebP) sein."),
        ("plan.pdf", encrypted_pdf(), "Das PDF ist verschlüsselt. Laden Sie es ohne Passwort hoch."),
        (
            "plan.pdf",
            pdf_with_javascript(),
            "Das PDF enthält JavaScript, das nicht angenommen wird. Drucken Sie es zuerst in ein neues PDF.",
        ),
    ],
)
def test_what_is_no_plain_pdf_is_refused(name, content, message):
    assert refusal(files.clean_attachment, name, content) == message


# --- storing ----------------------------------------------------------------------------------


def test_a_stored_file_has_its_checksums_and_a_name_nobody_can_guess(db, settings):
    content = pdf_bytes()
    stored = files.store_file(files.clean_attachment(upload("Plan.pdf", content)), name="Haushaltsplan")
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.sha512 == hashlib.sha512(content).hexdigest()
    assert stored.size == len(content)
    assert stored.content.name == f"files/{stored.sha256}.pdf"
    assert (settings.MEDIA_ROOT / stored.content.name).read_bytes() == content
    assert files.verify_file(stored) == []
    (settings.MEDIA_ROOT / stored.content.name).write_bytes(content + b"x")
    assert files.verify_file(stored) == [f"size {len(content) + 1} ≠ {len(content)}", "SHA-256 does not match",
                                         "SHA-512 does not match"]  # fmt: skip


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL")
def test_the_database_refuses_to_change_a_stored_file(db):
    stored = files.store_file(files.clean_attachment(upload("Plan.pdf", pdf_bytes())), name="Plan")
    with pytest.raises(IntegrityError), transaction.atomic():
        File.objects.filter(pk=stored.pk).update(sha256="0" * 64)
    stored.refresh_from_db()
    assert stored.sha256 != "0" * 64
