"""Read-side queries: who may see what, and everything a protocol prints.

Views, the PDF renderer and management commands all read through here, so the
visibility rules live in one place.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from council.models import Body, Membership

from .access import PROTOCOL_ROLES
from .models import AgendaItem, Attendance, Contribution, Figure, Meeting, Presenter


def may_see_non_public(user, body: Body) -> bool:
    """Members of a body (and superusers) may read its non-public items."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.active().filter(body=body, person__user=user).exists()


def visible_meetings(user) -> QuerySet[Meeting]:
    """Published meetings for everyone; unpublished ones for those who work on them."""
    meetings = Meeting.objects.select_related("body")
    if user.is_authenticated and user.is_superuser:
        return meetings
    visible = Q(status=Meeting.Status.PUBLISHED)
    if user.is_authenticated:
        bodies = Membership.objects.active().filter(person__user=user, role__in=PROTOCOL_ROLES).values("body")
        visible |= Q(body__in=bodies)
    return meetings.filter(visible)


@dataclass
class AttendanceGroup:
    label: str
    rows: list[Attendance]


@dataclass
class Protocol:
    """A meeting with everything its protocol prints, in printed order."""

    meeting: Meeting
    include_non_public: bool
    present: list[AttendanceGroup] = field(default_factory=list)
    excused: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)
    guests: list[Attendance] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def public_items(self) -> list[AgendaItem]:
        return [item for item in self.items if item.public]

    @property
    def non_public_items(self) -> list[AgendaItem]:
        return [item for item in self.items if not item.public]


def build_protocol(meeting_pk: int, *, include_non_public: bool) -> Protocol:
    """Load one meeting's protocol in a fixed number of queries, however long it is."""
    items = AgendaItem.objects.order_by("order", "pk").prefetch_related(
        Prefetch("presenters", queryset=Presenter.objects.select_related("person", "organization")),
        Prefetch("contributions", queryset=Contribution.objects.select_related("speaker")),
        "decisions",
        Prefetch("figures", queryset=Figure.objects.order_by("order", "pk")),
    )
    if not include_non_public:
        items = items.public()
    meeting = (
        Meeting.objects.with_protocol()
        .prefetch_related(Prefetch("agenda_items", queryset=items, to_attr="printed_items"))
        .get(pk=meeting_pk)
    )
    protocol = Protocol(meeting=meeting, include_non_public=include_non_public, items=meeting.printed_items)

    attendances = list(meeting.attendances.all())
    members = [a for a in attendances if a.group != Attendance.Group.GUEST]
    protocol.guests = [a for a in attendances if a.group == Attendance.Group.GUEST]
    present = [a for a in members if a.status == Attendance.Status.PRESENT]
    group_order = {value: index for index, value in enumerate(Attendance.Group.values)}
    for group, rows in groupby(sorted(present, key=lambda a: (group_order[a.group], a.order)), key=lambda a: a.group):
        protocol.present.append(AttendanceGroup(Attendance.Group(group).label, list(rows)))
    protocol.excused = [a for a in members if a.status == Attendance.Status.EXCUSED]
    protocol.absent = [a for a in members if a.status == Attendance.Status.ABSENT]

    for item in protocol.items:
        # Place each figure after the contribution it follows (or before the first).
        figures_after: dict[int | None, list[Figure]] = {}
        for figure in item.figures.all():
            figures_after.setdefault(figure.after_id, []).append(figure)
        item.leading_figures = figures_after.pop(None, [])
        for contribution in item.contributions.all():
            contribution.following_figures = figures_after.pop(contribution.pk, [])
        # A figure whose contribution belongs elsewhere still prints, at the end.
        item.trailing_figures = [f for figures in figures_after.values() for f in figures]
    return protocol


# --- The portal: the same rules, as querysets -------------------------------------------


def non_public_bodies(user) -> QuerySet[Body] | None:
    """The bodies whose non-public items a user may read (None: all of them).

    The queryset form of may_see_non_public, for lists and search across many meetings.
    """
    if user.is_authenticated and user.is_superuser:
        return None
    if not user.is_authenticated:
        return Body.objects.none()
    return Body.objects.filter(pk__in=Membership.objects.active().filter(person__user=user).values("body"))


def visible_item_condition(user, through: str = "") -> Q:
    """Agenda items a user may read — of visible meetings, public unless they are a member —
    as a condition, also across a relation (``through="item__"``).

    Filtering contributions through their item's columns lets PostgreSQL start from the
    few search hits instead of first listing every visible agenda item.
    """
    condition = Q(**{f"{through}meeting__in": visible_meetings(user).values("pk")})
    bodies = non_public_bodies(user)
    if bodies is not None:
        condition &= Q(**{f"{through}public": True}) | Q(**{f"{through}meeting__body__in": bodies.values("pk")})
    return condition


def published_meetings() -> QuerySet[Meeting]:
    """What everybody may read, whoever is asking (home page, feeds): the anonymous view."""
    return visible_meetings(AnonymousUser())


def scheduled_meetings() -> QuerySet[Meeting]:
    """Every meeting as its invitation announces it: body, number, date, time and place.

    Callers show only those fields (never the title, agenda or text of an unpublished
    meeting): that a body meets, when and where, is public; what it discusses is not yet.
    """
    return Meeting.objects.select_related("body").only(
        "pk", "body__name", "body__short_name", "number", "date", "start_time", "end_time",
        "building", "room", "status", "modified",
    )
