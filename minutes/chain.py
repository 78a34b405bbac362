"""The archive's hash chain: an append-only log of every frozen document.

Each entry (models.ArchiveLogEntry) holds the document's SHA-256 and the previous entry's
hash; its own hash covers both. Changing, removing or inserting an entry — or a document
without its entry — breaks the chain from there on, and ``problems()`` (run by
``manage.py verify_minutes``) says where. The head is published, so an outsider who
noted it can later ask whether the archive still contains it (``verify_minutes --pinned``).
"""

import datetime
import hashlib

from django.db import connection
from django.utils import timezone

from .models import ArchiveLogEntry, ProtocolDocument

GENESIS = "0" * 64
# Serialises appends (PostgreSQL advisory lock, released at the end of the transaction).
_APPEND_LOCK = 7_020_717


def entry_hash(entry) -> str:
    """The hash of an entry: its fields, one per line, and the previous entry's hash.

    Takes anything with the entry's attributes (also the historical model of a migration).
    Changing this function would break every chain already written: it never changes.
    """
    fields = [
        str(entry.sequence),
        str(entry.meeting_id),
        entry.variant,
        entry.file_name,
        entry.sha256,
        entry.html_sha256,
        entry.created.astimezone(datetime.UTC).isoformat(),
        entry.previous_hash,
    ]
    return hashlib.sha256("\n".join(fields).encode()).hexdigest()


def head() -> ArchiveLogEntry | None:
    """The latest entry: its hash stands for the whole archive up to it."""
    return ArchiveLogEntry.objects.order_by("-sequence").first()


def append(document: ProtocolDocument) -> ArchiveLogEntry:
    """Log a freshly frozen document. Call inside the services' transaction and lock.unlocked()."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])
    last = head()
    entry = ArchiveLogEntry(
        sequence=(last.sequence + 1) if last else 1,
        meeting_id=document.meeting_id,
        variant=document.variant,
        file_name=document.file_name,
        sha256=document.sha256,
        html_sha256=document.html_sha256,
        created=timezone.now(),
        previous_hash=last.entry_hash if last else GENESIS,
    )
    entry.entry_hash = entry_hash(entry)
    entry.save()
    return entry


def problems() -> list[str]:
    """Everything wrong with the chain and its relation to the stored documents."""
    found = []
    previous, expected_sequence = GENESIS, 1
    logged = {}
    for entry in ArchiveLogEntry.objects.order_by("sequence").iterator(chunk_size=500):
        if entry.sequence != expected_sequence:
            found.append(f"log entry {expected_sequence} is missing (next is {entry.sequence})")
        if entry.previous_hash != previous:
            found.append(f"log entry {entry.sequence} does not follow the entry before it")
        if entry_hash(entry) != entry.entry_hash:
            found.append(f"log entry {entry.sequence} was altered (its hash does not match)")
        previous, expected_sequence = entry.entry_hash, entry.sequence + 1
        logged[(entry.meeting_id, entry.variant)] = entry
    documents = {
        (document.meeting_id, document.variant): document
        for document in ProtocolDocument.objects.only("meeting_id", "variant", "sha256", "html_sha256", "file_name")
    }
    for key, entry in logged.items():
        document = documents.get(key)
        if document is None:
            found.append(f"{entry.file_name} (meeting {entry.meeting_id}, {entry.variant}) is logged but gone")
        elif (document.sha256, document.html_sha256) != (entry.sha256, entry.html_sha256):
            found.append(f"{entry.file_name} (meeting {entry.meeting_id}, {entry.variant}) was replaced")
    for key, document in documents.items():
        if key not in logged:
            found.append(f"{document.file_name} (meeting {key[0]}, {key[1]}) is not in the log")
    return found


def contains(entry_hash_value: str) -> bool:
    """Whether a head someone pinned earlier is still part of the chain."""
    return ArchiveLogEntry.objects.filter(entry_hash=entry_hash_value.strip().lower()).exists()
