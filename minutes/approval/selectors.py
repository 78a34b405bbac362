"""Read-side queries of the approval workflow: where a protocol stands in its review.

The workspace, the approval pages, the portal and the notification emails all read the
review state through here, so "the last request for changes" is worked out once.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from council.models import Membership
from minutes import access, selectors
from minutes.models import Meeting, ProtocolEvent, SignatureLine

Action = ProtocolEvent.Action
REVIEW_STEPS = selectors.REVIEW_STEPS


def _latest_first(events: QuerySet[ProtocolEvent]) -> QuerySet[ProtocolEvent]:
    return events.order_by("-created", "-pk")


def last_submission(meeting: Meeting) -> ProtocolEvent | None:
    """The most recent 'submitted' step of a protocol."""
    return _latest_first(meeting.events.filter(action=Action.SUBMITTED)).first()


def submitted_by_id(meeting: Meeting) -> int | None:
    """Who submitted the protocol most recently (they may not sign it as chair)."""
    event = last_submission(meeting)
    return event.actor_id if event else None


def published_at():
    """Subquery: when a meeting was published (its latest 'published' step), to annotate lists."""
    steps = _latest_first(ProtocolEvent.objects.filter(meeting=OuterRef("pk"), action=Action.PUBLISHED))
    return Subquery(steps.values("created")[:1])


def timeline(meeting: Meeting) -> QuerySet[ProtocolEvent]:
    """Every step of a protocol's life, in order, with who took it and the item it concerns."""
    return meeting.events.select_related("actor__person", "item")


def awaiting_review_marked(user) -> QuerySet[Meeting]:
    """The protocols this user reviews (access.awaiting_review), those awaiting their own
    signature first (``awaits_signature``)."""
    unsigned_line = SignatureLine.objects.filter(
        access.signable_by(user), meeting=OuterRef("pk"), signatures__isnull=True
    )
    return (
        access.awaiting_review(user)
        .annotate(awaits_signature=Exists(unsigned_line))
        .order_by("-awaits_signature", "date", "pk")
    )


def signers(meeting: Meeting):
    """The logins of those who may sign a protocol's lines: the people they name, and for a
    line of a function, whoever holds it in the body on the meeting's date."""
    lines = meeting.signature_lines.all()
    functions = lines.filter(person__isnull=True).values("role")
    holders = Membership.objects.active(meeting.date).filter(body=meeting.body, role__in=functions)
    return (
        get_user_model()
        .objects.filter(
            Q(person__in=lines.filter(person__isnull=False).values("person")) | Q(person__memberships__in=holders)
        )
        .distinct()
    )


@dataclass
class CorrectionLinks:
    original: Meeting | None
    corrections: list[Meeting]


def correction_links(meeting: Meeting, user) -> CorrectionLinks:
    """The original this meeting corrects and its corrections — only those this user may open.

    A correction in progress is a draft: anonymous visitors and members learn of it once it
    is published (access.visible_meetings), never through a link that answers 404.
    """
    visible = access.visible_meetings(user)
    original = visible.filter(pk=meeting.corrects_id).first() if meeting.corrects_id else None
    return CorrectionLinks(original, list(visible.filter(corrects=meeting).order_by("edition", "pk")))


@dataclass
class ChangeRequests:
    """What the reviewers asked to change when they last sent the protocol back."""

    general: ProtocolEvent
    items: list[ProtocolEvent]


def last_change_requests(meeting: Meeting) -> ChangeRequests | None:
    """The comments of the reviewers' last request for changes, if the last review step was one."""
    latest = _latest_first(meeting.events.filter(action__in=REVIEW_STEPS)).select_related("actor__person").first()
    if latest is None or latest.action != Action.CHANGES_REQUESTED:
        return None
    # The item comments of this review: after the submission it answered, before the request.
    item_comments = meeting.events.filter(action=Action.COMMENTED, item__isnull=False, pk__lt=latest.pk)
    submitted = last_submission(meeting)
    if submitted:
        item_comments = item_comments.filter(pk__gt=submitted.pk)
    items = item_comments.select_related("item", "actor__person").order_by("item__order", "pk")
    return ChangeRequests(latest, list(items))


def open_change_requests(meeting: Meeting) -> ChangeRequests | None:
    """The comments of the last request for changes, while the draft has not been resubmitted."""
    if meeting.status != Meeting.Status.DRAFT:
        return None
    return last_change_requests(meeting)
