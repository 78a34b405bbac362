"""Files for the upload tests: real images and PDFs, polyglots and bombs, made in memory."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from weasyprint import HTML

from minutes import files, lock
from minutes.models import Attachment

SCRIPT = b"<script>alert(document.cookie)</script>"
HTML_PAGE = b"<html><body>" + SCRIPT + b"</body></html>"


def png_bytes(size=(40, 30), color=(200, 30, 30), *, comment: bytes | None = None) -> bytes:
    """A PNG; with ``comment``, that text in a tEXt chunk (metadata, not pixels)."""
    image = Image.new("RGB", size, color)
    info = None
    if comment is not None:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", comment.decode())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def gif_html_polyglot() -> bytes:
    """A GIF that is an HTML page too: the script in a comment and after the trailer.

    Browsers that sniff it, or a proxy that serves it as text/html, would run the script.
    """
    image = Image.new("P", (16, 16), 3)
    buffer = io.BytesIO()
    image.save(buffer, format="GIF", comment=HTML_PAGE)
    return buffer.getvalue() + HTML_PAGE


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb's header)."""
    data = bytearray(png_bytes((1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def pdf_bytes(text: str = "Haushaltsplan 2024 der Stadt") -> bytes:
    """A real PDF with ``text`` on its page."""
    return HTML(string=f"<p>{text}</p>").write_pdf()


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_open_action(JavaScript("app.alert('hallo');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(meeting, *, item=None, title="Haushaltsplan", order=None, content=None, name="plan.pdf"):
    """An attachment as test data (stored like an upload), also on a published meeting."""
    clean = files.clean_attachment(upload(name, content if content is not None else pdf_bytes()))
    stored = files.store_file(clean, name=title)
    order = order or (meeting.attachments.count() + 1)
    with lock.unlocked():
        return Attachment.objects.create(meeting=meeting, item=item, title=title, order=order, file=stored)
