"""Is a stored document still what was frozen? Checks shared by ``verify_minutes`` and the
public “Protokoll prüfen” page: checksums, the PAdES seal, the embedded structured data.
"""

import hashlib
import io
import json
from dataclasses import dataclass, field

from django.db.models import Q
from pypdf import PdfReader

from . import seal
from .files import verify_file
from .models import ArchiveLogEntry, Attachment, Meeting, ProtocolDocument
from .protocol import build_signed_protocol, non_public_part, public_part
from .record import MIME_TYPE, SCHEMA, SCHEMA_V1, comparable, protocol_record


def embedded_record(pdf: bytes) -> bytes | None:
    """The structured data a PDF carries as its associated file (AFRelationship /Data), if any."""
    try:
        catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
        for spec in catalog.get("/AF", []):
            spec = spec.get_object()
            if spec.get("/AFRelationship") != "/Data":
                continue
            stream = spec["/EF"]["/F"].get_object()
            if stream.get("/Subtype") == "/" + MIME_TYPE:
                return stream.get_data()
    except Exception:  # a damaged or foreign PDF simply has no record we can read
        return None
    return None


def live_record(document: ProtocolDocument, *, schema: str = SCHEMA) -> dict:
    """The record of the document's part as the (locked) rows give it today, in the shape of
    ``schema`` (the version the document was frozen with)."""
    protocol = build_signed_protocol(document.meeting, include_non_public=True)
    part = public_part(protocol) if document.variant == ProtocolDocument.Variant.PUBLIC else non_public_part(protocol)
    return protocol_record(part, schema=schema)


def record_problems(document: ProtocolDocument, pdf: bytes) -> list[str]:
    """Does the data embedded in the PDF match the stored copy and the protocol's rows?"""
    if not document.data:  # frozen before the PDF carried its data
        return []
    embedded = embedded_record(pdf)
    if embedded is None:
        return ["the embedded structured data (JSON) is missing"]
    if embedded != document.data.encode():
        return ["the embedded structured data differs from the stored copy"]
    try:
        stored = json.loads(embedded)
    except ValueError:
        return ["the embedded structured data is not JSON"]
    schema = stored.get("schema") if isinstance(stored, dict) else None
    schema = schema if schema in (SCHEMA, SCHEMA_V1) else SCHEMA
    live = live_record(document, schema=schema)
    if schema == SCHEMA_V1 and "attachments" not in stored:
        live.pop("attachments", None)  # frozen with version 1 before it listed attachments
    if comparable(stored) != comparable(live):
        return ["the embedded structured data does not match the protocol's rows"]
    return []


def document_problems(document: ProtocolDocument) -> list[str]:
    """What is wrong with a stored document; empty when it is intact."""
    problems = []
    pdf = bytes(document.pdf)
    if len(pdf) != document.size:
        problems.append(f"size {len(pdf)} ≠ {document.size}")
    if hashlib.sha256(pdf).hexdigest() != document.sha256:
        problems.append("SHA-256 of the PDF does not match")
    if hashlib.sha512(pdf).hexdigest() != document.sha512:
        problems.append("SHA-512 of the PDF does not match")
    if hashlib.sha256(document.html.encode()).hexdigest() != document.html_sha256:
        problems.append("SHA-256 of the HTML does not match")
    if document.pades_signed:
        check = seal.check(pdf, moment=document.created)
        problems += [f"PAdES: {problem}" for problem in check.problems]
    problems += record_problems(document, pdf)
    return problems


def attachment_problems(meeting: Meeting) -> list[str]:
    """What is wrong with the stored files of a signed protocol's attachments; empty when intact."""
    problems = []
    for attachment in Attachment.objects.filter(meeting=meeting).select_related("file").order_by("order"):
        name = f"Anlage {attachment.order} ({attachment.file.file_name})"
        problems += [f"{name}: {problem}" for problem in verify_file(attachment.file)]
    return problems


def expected_variants(meeting: Meeting) -> set[str]:
    """The parts a signed protocol must have stored: the public one, and the non-public one
    when it has non-public items."""
    variants = {ProtocolDocument.Variant.PUBLIC}
    if meeting.agenda_items.filter(public=False).exists():
        variants.add(ProtocolDocument.Variant.NON_PUBLIC)
    return variants


def missing_documents() -> list[str]:
    """Signed or published meetings whose stored documents are gone."""
    found = []
    stored: dict[int, set[str]] = {}
    for meeting_id, variant in ProtocolDocument.objects.values_list("meeting_id", "variant"):
        stored.setdefault(meeting_id, set()).add(variant)
    # Meetings signed in this installation: with signatures or log entries (selectors.went_through_signing).
    logged = ArchiveLogEntry.objects.values("meeting_id")
    frozen = (
        Meeting.objects.filter(status__in=[Meeting.Status.SIGNED, Meeting.Status.PUBLISHED])
        .filter(Q(signatures__isnull=False) | Q(pk__in=logged) | Q(documents__isnull=False))
        .distinct()
        .select_related("body")
    )
    for meeting in frozen.order_by("date", "pk"):
        for variant in sorted(expected_variants(meeting) - stored.get(meeting.pk, set())):
            found.append(f"{meeting}: the stored {variant} document is missing")
    return found


# ------------------------------------------------------------- "Protokoll prüfen"


@dataclass
class UploadCheck:
    """What the public check page can say about a PDF someone was sent."""

    document: ProtocolDocument | None = None  # a published protocol of this installation
    signatures: list = field(default_factory=list)
    corrections: list[Meeting] = field(default_factory=list)  # published later editions
    claimed_meeting: Meeting | None = None  # what an unknown file's embedded data says it is
    seal: "seal.SealCheck | None" = None


def _published_corrections(meeting: Meeting) -> list[Meeting]:
    """The published later editions of a protocol, oldest first (corrections form a line)."""
    found, current = [], meeting
    while True:
        current = Meeting.objects.filter(corrects=current, status=Meeting.Status.PUBLISHED).first()
        if current is None:
            return found
        found.append(current)


def check_upload(pdf: bytes) -> UploadCheck:
    """Is this PDF a published protocol of this installation? Compared by its SHA-256 with
    the stored documents; nothing of the file is kept. Documents not yet published are not
    revealed: for them the answer is the same as for a stranger's file."""
    result = UploadCheck()
    digest = hashlib.sha256(pdf).hexdigest()
    document = (
        ProtocolDocument.objects.defer("pdf", "html", "data")
        .select_related("meeting__body")
        .filter(sha256=digest, meeting__status=Meeting.Status.PUBLISHED)
        .first()
    )
    if document is not None:
        result.document = document
        result.signatures = list(document.meeting.signatures.order_by("line__order", "pk"))
        result.corrections = _published_corrections(document.meeting)
    else:
        claimed = embedded_record(pdf)
        try:
            meeting_id = json.loads(claimed)["meeting"]["id"] if claimed else None
        except (ValueError, KeyError, TypeError):
            meeting_id = None
        if isinstance(meeting_id, int):
            result.claimed_meeting = (
                Meeting.objects.select_related("body").filter(pk=meeting_id, status=Meeting.Status.PUBLISHED).first()
            )
    result.seal = seal.check(pdf, moment=document.created if document else None)
    return result
