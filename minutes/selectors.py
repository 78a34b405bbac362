"""Read-side queries of the core that are not about permissions (those are in access.py)."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from .exceptions import RecordMissing
from .models import AgendaItem, ArchiveLogEntry, Meeting, ProtocolDocument, ProtocolEvent, Signature

# The steps that decide where a protocol stands in its review.
REVIEW_STEPS = [ProtocolEvent.Action.SUBMITTED, ProtocolEvent.Action.CHANGES_REQUESTED]

FROZEN_STATUSES = (Meeting.Status.SIGNED, Meeting.Status.PUBLISHED)


def scheduled_meetings() -> QuerySet[Meeting]:
    """Every meeting as its invitation announces it: body, number, date, time and place.

    Callers show only those fields (never the title, agenda or text of an unpublished
    meeting): that a body meets, when and where, is public; what it discusses is not yet.
    """
    return Meeting.objects.select_related("body").only(
        "pk",
        "body__name",
        "body__short_name",
        "number",
        "date",
        "start_time",
        "end_time",
        "building",
        "room",
        "status",
        "modified",
    )


def stored_documents(
    meeting: Meeting, *, variant: str | None = None, with_pdf: bool = False
) -> dict[str, ProtocolDocument]:
    """The frozen parts of a signed protocol by variant; empty before signing.

    The PDF bytes are loaded only when asked for: a page shows the stored HTML.
    """
    documents = ProtocolDocument.objects.filter(meeting=meeting)
    if variant is not None:
        documents = documents.filter(variant=variant)
    if not with_pdf:
        documents = documents.defer("pdf")
    return {document.variant: document for document in documents}


def last_review_step():
    """Subquery: a meeting's latest 'submitted' or 'changes requested' action, to annotate lists
    (the workspace marks a draft the reviewers sent back)."""
    steps = ProtocolEvent.objects.filter(meeting=OuterRef("pk"), action__in=REVIEW_STEPS).order_by("-created", "-pk")
    return Subquery(steps.values("action")[:1])


def with_archive_state(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Annotate what ``frozen_documents`` needs to know, in the query that loads the meeting:
    whether it was signed here (signatures or archive log entries; protocols marked published
    without the workflow, such as imported or synthetic data, have neither) and whether it
    has non-public items (and so a non-public part)."""
    return meetings.annotate(
        signed_here=Exists(Signature.objects.filter(meeting=OuterRef("pk")))
        | Exists(ArchiveLogEntry.objects.filter(meeting_id=OuterRef("pk"))),
        has_non_public_items=Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), public=False)),
    )


def frozen_documents(
    meeting: Meeting, *, variant: str | None = None, with_pdf: bool = False
) -> dict[str, ProtocolDocument]:
    """``stored_documents`` for pages and downloads: a signed protocol is only ever served
    from its stored documents, so one whose document is gone raises RecordMissing (the
    error page) instead of being rendered from the live rows.
    """
    stored = stored_documents(meeting, variant=variant, with_pdf=with_pdf)
    if meeting.status not in FROZEN_STATUSES:
        return stored
    required = {variant} if variant else {ProtocolDocument.Variant.PUBLIC, ProtocolDocument.Variant.NON_PUBLIC}
    missing = required - stored.keys()
    if not missing:
        return stored
    if not hasattr(meeting, "signed_here"):
        meeting = with_archive_state(Meeting.objects.filter(pk=meeting.pk)).get()
    if not meeting.has_non_public_items:
        missing.discard(ProtocolDocument.Variant.NON_PUBLIC)  # no non-public items, no such part
    if missing and (stored or meeting.signed_here):
        raise RecordMissing(meeting, sorted(missing)[0])
    return stored
