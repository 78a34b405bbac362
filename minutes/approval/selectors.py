"""Read-side queries of the approval workflow: where a protocol stands in its review.

The workspace, the approval pages and the notification emails all read the review
state through here, so "the last request for changes" is worked out once.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from minutes.models import Meeting, ProtocolEvent

Action = ProtocolEvent.Action
REVIEW_STEPS = [Action.SUBMITTED, Action.CHANGES_REQUESTED]


def _latest_first(events: QuerySet[ProtocolEvent]) -> QuerySet[ProtocolEvent]:
    return events.order_by("-created", "-pk")


def last_submission(meeting: Meeting) -> ProtocolEvent | None:
    """The most recent 'submitted' step of a protocol."""
    return _latest_first(meeting.events.filter(action=Action.SUBMITTED)).first()


def submitted_by_id(meeting: Meeting) -> int | None:
    """Who submitted the protocol most recently (they may not sign it as chair)."""
    event = last_submission(meeting)
    return event.actor_id if event else None


def last_review_step():
    """Subquery: a meeting's latest 'submitted' or 'changes requested' action (to annotate lists)."""
    steps = _latest_first(ProtocolEvent.objects.filter(meeting=OuterRef("pk"), action__in=REVIEW_STEPS))
    return Subquery(steps.values("action")[:1])


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
