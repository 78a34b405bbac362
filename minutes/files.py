"""Uploaded files: checked, cleaned and stored — figures and attachments (Anlagen).

Nothing a user uploads is stored as it came:

- an upload larger than ``UPLOAD_MAX_BYTES`` is refused before it is read;
- an image (PNG, JPEG, GIF, WebP) is decoded by Pillow — after its header showed it has
  no more than ``UPLOAD_MAX_PIXELS`` — and encoded anew (PNG, or JPEG for photos): only
  its pixels survive, so no comment, metadata block or trailing bytes of an image/HTML
  polyglot reach the storage;
- a PDF must begin with ``%PDF-``, be readable by pypdf, have pages, not be encrypted,
  and carry no document-level JavaScript;
- anything else is refused with a message that says what is accepted.

What the client claims (file name extension, Content-Type) decides nothing; the stored
MIME type is the one found here. Files are stored under the SHA-256 of their cleaned
bytes — not guessable from anything a reader sees — and served only through views that
check who may see the protocol they belong to (minutes/portal/files.py).
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import UploadRefused
from .models import File

logger = logging.getLogger(__name__)

# Pillow format → (MIME type and extension of what is stored). Photos stay JPEG (a PNG of a
# photo is several times larger); everything else becomes a lossless PNG.
IMAGE_FORMATS = {
    "PNG": ("image/png", "png"),
    "GIF": ("image/png", "png"),
    "WEBP": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
}
PDF_MIME_TYPE = "application/pdf"
# Text extracted from a PDF for search (OParl File.text): enough for any real attachment.
MAX_TEXT_PAGES = 300
MAX_TEXT_CHARS = 1_000_000


class _NotAnImage(UploadRefused):
    """Pillow could not read it as an image at all."""


@dataclass
class CleanFile:
    """An upload that passed the checks, as it will be stored."""

    content: bytes
    mime_type: str
    extension: str
    original_name: str
    text: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def file_name(self) -> str:
        """The uploaded name with the extension of what is stored: “Haushaltsplan 2024.pdf”."""
        stem = PurePath(self.original_name or "").stem.strip()
        try:
            stem = get_valid_filename(stem)[:150]
        except SuspiciousFileOperation:  # a name of nothing but punctuation
            stem = ""
        return f"{stem or 'datei'}.{self.extension}"

    def as_content_file(self) -> ContentFile:
        """The bytes, named by their checksum (the storage path nobody can guess)."""
        return ContentFile(self.content, name=f"{self.sha256}.{self.extension}")


def megapixels_limit() -> str:
    """UPLOAD_MAX_PIXELS in megapixels, as the reader's language writes numbers (“25”, “12,5”)."""
    value = settings.UPLOAD_MAX_PIXELS / 1_000_000
    return formats.number_format(value, 0 if value == int(value) else 1)


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise UploadRefused(
            _("The file is %(size)s; at most %(limit)s can be uploaded.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise UploadRefused(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
    if not content:
        raise UploadRefused(_("The file is empty."))
    return content


def _reencoded_image(content: bytes, name: str) -> CleanFile:
    """Decode the image and encode its pixels anew; refuse what is no image or too large."""
    try:
        with warnings.catch_warnings():
            # Pillow warns about huge images when it reads the header; the limit below is ours.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
        with image:
            if image.format not in IMAGE_FORMATS:
                raise UploadRefused(
                    _("Images can be PNG, JPEG, GIF or WebP files; this one is %(format)s.") % {"format": image.format}
                )
            width, height = image.size  # from the header, before any pixel is decoded
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise UploadRefused(
                    _("The image has %(width)s × %(height)s pixels; at most %(limit)s megapixels are accepted.")
                    % {"width": width, "height": height, "limit": megapixels_limit()}
                )
            mime_type, extension = IMAGE_FORMATS[image.format]
            image.seek(0)  # an animation: its first frame
            image.load()
            pixels = ImageOps.exif_transpose(image)  # photos upright, before their EXIF is dropped
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        logger.info("image upload refused: %s", error)
        raise _NotAnImage(_("The file is not an image that can be read (PNG, JPEG, GIF or WebP).")) from None
    output = io.BytesIO()
    if mime_type == "image/jpeg":
        pixels.convert("RGB").save(output, format="JPEG", quality=90, optimize=True)
    else:
        if pixels.mode not in {"1", "L", "LA", "P", "RGB", "RGBA"}:
            pixels = pixels.convert("RGBA")
        pixels.save(output, format="PNG", optimize=True)
    return CleanFile(content=output.getvalue(), mime_type=mime_type, extension=extension, original_name=name)


def _javascript_in(reader) -> bool:
    """Document-level JavaScript: a /JavaScript name tree or an opening action that runs script."""
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    action = root.get("/OpenAction")
    if action is not None:
        action = action.get_object()
        if hasattr(action, "get") and action.get("/S") == "/JavaScript":
            return True
    return "/AA" in root


def _checked_pdf(content: bytes, name: str) -> CleanFile:
    """A PDF as uploaded, once pypdf could read it; its text for search."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(_("The PDF is encrypted. Upload it without a password."))
        pages = len(reader.pages)
        if not pages:
            raise UploadRefused(_("The PDF has no pages."))
        if _javascript_in(reader):
            raise UploadRefused(_("The PDF contains JavaScript, which is not accepted. Print it to a new PDF first."))
        text = _pdf_text(reader)
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        logger.info("PDF upload refused: %s", error)
        raise UploadRefused(_("The file is not a PDF that can be read.")) from None
    return CleanFile(content=content, mime_type=PDF_MIME_TYPE, extension="pdf", original_name=name, text=text)


def _pdf_text(reader) -> str:
    parts, length = [], 0
    for page in reader.pages[:MAX_TEXT_PAGES]:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 — text for search is a bonus, never a reason to refuse
            text = ""
        parts.append(text)
        length += len(text)
        if length > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)[:MAX_TEXT_CHARS].replace("\x00", "")


def clean_image(upload) -> CleanFile:
    """A figure: an image, re-encoded (raises UploadRefused with the reason)."""
    return _reencoded_image(_read(upload), getattr(upload, "name", ""))


def clean_attachment(upload) -> CleanFile:
    """An attachment: a PDF (checked) or an image (re-encoded)."""
    content = _read(upload)
    name = getattr(upload, "name", "")
    if content.startswith(b"%PDF-"):
        return _checked_pdf(content, name)
    try:
        return _reencoded_image(content, name)
    except _NotAnImage:
        if b"%PDF-" in content[:1024]:  # PDF readers accept bytes before the header; we do not
            raise UploadRefused(_("The PDF must begin with “%PDF-”. Save or print it anew as PDF.")) from None
        if PurePath(name).suffix.lower() == ".pdf":
            raise UploadRefused(_("The file is not a PDF that can be read.")) from None
        raise UploadRefused(_("Attachments can be PDF files or images (PNG, JPEG, GIF, WebP).")) from None


def store_file(clean: CleanFile, *, name: str) -> File:
    """Store a checked file with its checksums (the row and its bytes)."""
    stored = File(
        name=name[:300],
        file_name=clean.file_name,
        mime_type=clean.mime_type,
        size=len(clean.content),
        sha256=clean.sha256,
        sha512=hashlib.sha512(clean.content).hexdigest(),
        text=clean.text,
    )
    content = clean.as_content_file()
    stored.content.save(content.name, content, save=False)
    try:
        stored.save()
    except Exception:
        stored.content.delete(save=False)
        raise
    return stored


def delete_unused(file_ids) -> None:
    """Delete these files (row and bytes) where nothing refers to them any more: an attachment
    removed from a draft, or a draft deleted with its attachments."""
    unused = File.objects.filter(pk__in=[pk for pk in file_ids if pk]).filter(
        attachments__isnull=True, main_file_of__isnull=True, auxiliary_file_of__isnull=True
    )
    paths = [(f.content.storage, f.content.name) for f in unused]
    unused.delete()
    transaction.on_commit(lambda: [storage.delete(path) for storage, path in paths])


def verify_file(stored: File) -> list[str]:
    """What is wrong with a stored file's bytes; empty when they match its checksums."""
    try:
        with stored.content.open("rb") as handle:
            sha256, sha512, size = hashlib.sha256(), hashlib.sha512(), 0
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                sha256.update(chunk)
                sha512.update(chunk)
                size += len(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return [f"file missing: {stored.content.name}"]
    problems = []
    if size != stored.size:
        problems.append(f"size {size} ≠ {stored.size}")
    if sha256.hexdigest() != stored.sha256:
        problems.append("SHA-256 does not match")
    if sha512.hexdigest() != stored.sha512:
        problems.append("SHA-512 does not match")
    return problems
