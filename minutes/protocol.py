"""Assembling a protocol: a meeting with everything its protocol prints, in printed order.

The meeting page, the review page, the PDF renderer and the frozen documents all print
from ``build_protocol`` (or ``build_signed_protocol``), so what is printed is decided once.
"""

from dataclasses import dataclass, field, replace
from itertools import groupby

from django.db.models import Exists, OuterRef, Prefetch

from .models import AgendaItem, Attachment, Attendance, Contribution, Figure, Meeting, Presenter, Signature


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
    # The attachments this part lists at its end (an item's are also listed at the item).
    attachments: list[Attachment] = field(default_factory=list)

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
        .annotate(has_attachments=Exists(Attachment.objects.filter(meeting=OuterRef("pk"))))
        .get(pk=meeting_pk)
    )
    protocol = Protocol(meeting=meeting, include_non_public=include_non_public, items=meeting.printed_items)
    items = {item.pk: item for item in protocol.items}
    for item in protocol.items:
        item.printed_attachments = []
    # One query, and none for the many protocols without attachments.
    attachments = meeting.attachments.select_related("file").order_by("order", "pk") if meeting.has_attachments else []
    for attachment in attachments:
        if attachment.item_id and attachment.item_id not in items:
            continue  # an attachment of a non-public item this protocol leaves out
        if attachment.item_id:
            attachment.item = items[attachment.item_id]
            items[attachment.item_id].printed_attachments.append(attachment)
        if include_non_public or attachment.is_public:
            protocol.attachments.append(attachment)

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


def build_signed_protocol(meeting: Meeting, *, include_non_public: bool) -> Protocol:
    """The protocol with each signature line carrying its signature (who, as what, when)."""
    protocol = build_protocol(meeting.pk, include_non_public=include_non_public)
    signatures = {s.line_id: s for s in Signature.objects.filter(meeting=meeting)}
    for line in protocol.meeting.signature_lines.all():
        line.signature = signatures.get(line.pk)
    return protocol


def public_part(protocol: Protocol) -> Protocol:
    """What everyone may read: the protocol without its non-public items (and attachments)."""
    return replace(
        protocol,
        include_non_public=False,
        items=protocol.public_items,
        attachments=[a for a in protocol.attachments if a.is_public],
    )


def non_public_part(protocol: Protocol) -> Protocol:
    """The separate part for the body's members: only the non-public items (and attachments)."""
    return replace(
        protocol,
        items=protocol.non_public_items,
        attachments=[a for a in protocol.attachments if not a.is_public],
    )
