"""Ready-made copies of published protocols, so that reading one costs what a static file costs.

A published protocol never changes (its content is locked; a mistake is fixed by a
correction, which is another meeting), so what a reader without a login gets for it can
be kept instead of being made again:

- **The pages** a visitor without a login reads (the protocol at ``/meetings/<id>/``, and
  the lists, people and home pages made of published protocols only), by address (which
  names the language: ``/en/…``), in Django's cache, shared by all app servers when the
  cache is Redis (``REDIS_URL``), for at most a day (the home page, which lists upcoming
  meetings, a minute). Entries carry the cache's current *token*; ``forget_pages()`` draws
  a new one when something these pages show may have changed — a publication (it joins
  the lists; a correction adds a link to its original), a changed body, person or
  organisation — so all servers stop serving the old copies at once.
- **The PDFs** as files named by their SHA-256 checksum under ``PROTOCOL_FILES_ROOT``,
  written from the stored document (ProtocolDocument, the record) on first use and checked
  against the checksum. A file of that name can only ever hold those bytes, so nothing
  is invalidated and every server fills its own folder (or they share one).
  ``PROTOCOL_FILES_ACCEL_REDIRECT`` hands the sending to the proxy (nginx's
  X-Accel-Redirect). Which file is a published meeting's public PDF is kept in the cache.

The database stays the record: every copy can be thrown away and is made again.
"""

import hashlib
import os
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django_tasks import task

from .models import Meeting, ProtocolDocument

TOKEN_KEY = "frozen:token"
# What one process keeps in memory besides the shared cache (bytes): pages (checked against
# the shared token on every use) and PDF files (named by checksum, so never out of date).
LOCAL_PAGES_BYTES = 32 * 1024 * 1024
LOCAL_FILES_BYTES = 64 * 1024 * 1024


class _Memory:
    """A least-recently-used store of at most ``limit`` bytes, safe across threads."""

    def __init__(self, limit: int):
        self.limit, self.used = limit, 0
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            self.entries.move_to_end(key)
            return entry[0]

    def put(self, key, value, size: int):
        if size > self.limit // 4:
            return value  # too big to hold: read it each time
        with self.lock:
            old = self.entries.pop(key, None)
            self.used += size - (old[1] if old else 0)
            self.entries[key] = (value, size)
            while self.used > self.limit:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.used -= dropped
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


_local_pages = _Memory(LOCAL_PAGES_BYTES)
_local_files = _Memory(LOCAL_FILES_BYTES)
_public_pdfs: dict[int, "FileCopy"] = {}


def forget_local_memory() -> None:
    """Drop what this process holds (tests: a new test is a new server)."""
    _local_pages.clear()
    _local_files.clear()
    _public_pdfs.clear()


def _page_key(address: str) -> str:
    return "frozen:page:" + hashlib.sha256(address.encode()).hexdigest()


def _now() -> float:
    return time.time()


def _pdf_key(meeting_pk: int) -> str:
    return f"frozen:public-pdf:{meeting_pk}"


def is_plain_visitor(request) -> bool:
    """A reader without a login, a session or a pending message: they all get the same page."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


# ------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageCopy:
    content: bytes
    etag: str
    token: str
    expires: float  # a clock time (time.time())
    shared_max_age: int  # how long a proxy may keep it without asking (Cache-Control: s-maxage)


def page_token() -> str:
    """The cache's current token; read it *before* rendering a page you mean to keep."""
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(TOKEN_KEY)
    return token


def kept_page(address: str) -> PageCopy | None:
    """The page kept for this address (path and query), if it is up to date: usually one
    small look-up in the shared cache (the token), the page itself from this process's memory."""
    key = _page_key(address)
    token = cache.get(TOKEN_KEY)
    if token is None:
        return None
    page = _local_pages.get(key)
    if page is None or page.token != token or page.expires <= _now():
        page = cache.get(key)
        if page is None or page.token != token or page.expires <= _now():
            return None
        _local_pages.put(key, page, len(page.content))
    return page


def keep_page(address: str, content: bytes, token: str, seconds: int, shared_max_age: int) -> PageCopy:
    """Keep a page as rendered for a visitor without a login, for at most ``seconds``.

    ``token`` is the one read before rendering: if pages were forgotten meanwhile, the copy
    is kept under the old token and so never served.
    """
    page = PageCopy(
        content=content,
        etag=f'"{hashlib.sha256(content).hexdigest()}"',
        token=token,
        expires=_now() + seconds,
        shared_max_age=shared_max_age,
    )
    cache.set(_page_key(address), page, timeout=seconds)
    _local_pages.put(_page_key(address), page, len(content))
    return page


def forget_pages() -> None:
    """Stop serving every kept page, on every server: a new token makes them all out of date.

    A random token rather than a counter: if the cache evicts it, no old page can ever match again.
    """
    cache.set(TOKEN_KEY, uuid.uuid4().hex, timeout=None)


# ------------------------------------------------------------------------- files


@dataclass(frozen=True)
class FileCopy:
    """What serving a stored PDF needs, without its bytes (a 304 needs only the checksum)."""

    document_pk: int
    sha256: str
    file_name: str
    mime_type: str
    size: int

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    @property
    def relative_path(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256}.pdf"

    @property
    def path(self) -> Path:
        return Path(settings.PROTOCOL_FILES_ROOT) / self.relative_path

    @classmethod
    def of(cls, document: ProtocolDocument) -> "FileCopy":
        return cls(document.pk, document.sha256, document.file_name, document.mime_type, document.size)


FILE_FIELDS = ("pk", "variant", "sha256", "file_name", "mime_type", "size")


def stored_file(meeting_pk: int, variant: str) -> FileCopy | None:
    """A signed meeting's stored document of that variant, without loading the PDF or HTML."""
    document = ProtocolDocument.objects.filter(meeting_id=meeting_pk, variant=variant).only(*FILE_FIELDS).first()
    return FileCopy.of(document) if document else None


def known_public_pdf(meeting_pk: int) -> FileCopy | None:
    """The public PDF of a published meeting, if this (or another) server has served it before.

    It never changes, nor who may read it: once known, this process keeps it in memory.
    """
    copy = _public_pdfs.get(meeting_pk)
    if copy is None:
        copy = cache.get(_pdf_key(meeting_pk))
        if copy is not None:
            _public_pdfs[meeting_pk] = copy
    return copy


def keep_public_pdf(meeting_pk: int, copy: FileCopy) -> None:
    """Remember a *published* meeting's public PDF: that never changes, nor who may read it."""
    cache.set(_pdf_key(meeting_pk), copy, timeout=None)
    _public_pdfs[meeting_pk] = copy


def file_bytes(copy: FileCopy) -> bytes:
    """The PDF's bytes from its file, made from the stored document first if it is missing."""
    data = _local_files.get(copy.sha256)
    if data is not None:
        return data
    path = copy.path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _local_files.put(copy.sha256, _make_file(copy), copy.size)
    return _local_files.put(copy.sha256, data, len(data))


def _make_file(copy: FileCopy) -> bytes:
    path = copy.path
    data = bytes(ProtocolDocument.objects.values_list("pdf", flat=True).get(pk=copy.document_pk))
    if hashlib.sha256(data).hexdigest() != copy.sha256:  # never copy a damaged record
        raise ValueError(f"stored PDF {copy.file_name} does not match its checksum")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write elsewhere, then rename: a reader (another worker) sees no file or all of it.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
    return data


def ensure_file(copy: FileCopy) -> None:
    """Make the file if it is missing (for the proxy, which reads it from disk)."""
    if not copy.path.exists():
        _make_file(copy)


@task()
def prepare_copies(meeting_pk: int) -> int:
    """After publication: make the PDF files (on the machine that runs the task) and, for a
    published meeting, remember its public PDF for every server. Returns the files made ready."""
    documents = ProtocolDocument.objects.filter(meeting_id=meeting_pk).only(*FILE_FIELDS)
    copies = {document.variant: FileCopy.of(document) for document in documents}
    for copy in copies.values():
        ensure_file(copy)
    published = Meeting.objects.filter(pk=meeting_pk, status=Meeting.Status.PUBLISHED).exists()
    if published and ProtocolDocument.Variant.PUBLIC in copies:
        keep_public_pdf(meeting_pk, copies[ProtocolDocument.Variant.PUBLIC])
    return len(copies)
