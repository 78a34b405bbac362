"""Assembling a protocol: a meeting with everything its protocol prints, in printed order.

The meeting page, the review page, the PDF renderer and the frozen documents all print
from ``build_protocol`` (or ``build_signed_protocol``), so what is printed is decided once:
the names as the body prints them (council.names), the attendance in the body's layout
and groups, the deputies as the body prints them, the preamble in the body's wording, the
named votes.
"""

from dataclasses import dataclass, field, replace
from datetime import time as Time
from itertools import groupby

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from council import wording
from council.models import AttendanceGroup, Body, Membership, Person
from council.names import PrintedNames

from . import presence
from .markup import escape_markup
from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Consultation,
    Contribution,
    Decision,
    Figure,
    Meeting,
    Presenter,
    Signature,
    SignatureLine,
    Vote,
)

Layout = Body.AttendanceLayout
DeputiesPrinted = Body.DeputiesPrinted

# A signer's functions in a body, most significant first: the one a signature names when the
# line's own function is not theirs (a line naming a person who chaired as deputy, say).
FUNCTION_PRECEDENCE = [role.value for role in Body.SignatureRole]


def signer_function(person: Person, body: Body, on, role: str) -> str:
    """The function a signature prints for ``person`` on a line for ``role``, from their own
    records: their membership in the body on that date in the line's function (else their most
    significant one) — its “function as signed”, else the name of the role; with no such
    membership, the name of the line's function. German, the language of the record."""
    memberships = {m.role: m for m in Membership.objects.active(on).filter(body=body, person=person)}
    membership = memberships.get(role) or next((memberships[r] for r in FUNCTION_PRECEDENCE if r in memberships), None)
    with translation.override("de"):
        if membership is None:
            return str(Body.SignatureRole(role).label)
        return membership.function or str(membership.get_role_display())


def label_lines(meeting: Meeting, lines: list[SignatureLine]) -> None:
    """What each unsigned line prints: the person it names (``printed_name``, empty for a line of
    a function) and that person's function, or the function alone (``printed_function``)."""
    names = PrintedNames(meeting.body, meeting.date)
    for line in lines:
        if line.person_id:
            line.printed_name = names(line.person)
            line.printed_function = signer_function(line.person, meeting.body, meeting.date, line.role)
        else:
            line.printed_name = ""
            with translation.override("de"):
                line.printed_function = str(line.get_role_display())


@dataclass
class Deputed:
    """One deputation as a name cell prints it: whom (accusative), from when, until when."""

    name: str
    start: Time | None = None
    end: Time | None = None


@dataclass
class AttendanceBlock:
    """Rows printed under one heading (a group, or a status in the per-status layout)."""

    label: str
    rows: list[Attendance]
    with_status: bool = False  # one table per group: a status column
    anchor: str = ""


@dataclass
class Protocol:
    """A meeting with everything its protocol prints, in printed order.

    Layout “by status” (the seed's): ``present`` (blocks per group), ``excused``, ``absent``,
    ``guests`` (a block per guest group). Layout “by group”: ``groups``, one block per group
    with a status column. Each attendance row carries ``printed_name``, ``sits_for`` and
    ``represented_by`` (lists of Deputed) and ``show_represented`` (the body prints “vertreten
    durch …” at the member).
    """

    meeting: Meeting
    include_non_public: bool
    layout: str = Layout.BY_STATUS
    present: list[AttendanceBlock] = field(default_factory=list)
    excused: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)
    guests: list[AttendanceBlock] = field(default_factory=list)
    groups: list[AttendanceBlock] = field(default_factory=list)
    preamble: str = ""
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
        Prefetch("consultations", queryset=Consultation.objects.select_related("paper").order_by("pk")),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("paper").prefetch_related(
                Prefetch("named_votes", queryset=Vote.objects.select_related("person").order_by("pk"))
            ),
        ),
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
    body = meeting.body
    protocol = Protocol(
        meeting=meeting,
        include_non_public=include_non_public,
        items=meeting.printed_items,
        layout=body.attendance_layout,
    )
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
    label_lines(meeting, list(meeting.signature_lines.all()))

    names = PrintedNames(body, meeting.date)
    _attendance(protocol, names)
    for taker in meeting.minute_takers.all():
        taker.printed_name = names(taker.person)
    if body.preamble:
        protocol.preamble = preamble(meeting, names)

    for item in protocol.items:
        # Place each figure after the contribution it follows (or before the first).
        figures_after: dict[int | None, list[Figure]] = {}
        for figure in item.figures.all():
            figures_after.setdefault(figure.after_id, []).append(figure)
        item.leading_figures = figures_after.pop(None, [])
        for contribution in item.contributions.all():
            contribution.following_figures = figures_after.pop(contribution.pk, [])
            contribution.printed = contribution.as_markup(names(contribution.speaker))
        # A figure whose contribution belongs elsewhere still prints, at the end.
        item.trailing_figures = [f for figures in figures_after.values() for f in figures]
        for decision in item.decisions.all():
            _named_votes(decision, names, body.named_votes_layout)
    return protocol


def _attendance(protocol: Protocol, names: PrintedNames) -> None:
    """Sort the meeting's attendance into the body's layout, with names and deputies as it prints them."""
    meeting = protocol.meeting
    mode = meeting.body.deputies_printed
    rows = list(meeting.attendances.all())
    listed = {row.person_id for row in rows if row.person_id}
    represented: dict[int, list[Deputed]] = {}
    for row in rows:
        row.printed_name = names(row.person) if row.person_id else row.name
        row.sits_for = []
        for deputation in row.deputations.all():
            row.sits_for.append(Deputed(names.accusative(deputation.member), deputation.start, deputation.end))
            represented.setdefault(deputation.member_id, []).append(
                Deputed(names.accusative(row.person), deputation.start, deputation.end)
            )
    shown = []
    for row in rows:
        row.represented_by = represented.get(row.person_id, []) if row.person_id else []
        row.show_represented = mode == DeputiesPrinted.WITH_MEMBER and bool(row.represented_by)
        deputations = list(row.deputations.all())
        if mode == DeputiesPrinted.WITH_MEMBER and deputations and all(d.member_id in listed for d in deputations):
            continue  # printed at the members it sat for: “vertreten durch …”
        if mode == DeputiesPrinted.DEPUTY_ONLY and row.represented_by and row.status != Attendance.Status.PRESENT:
            continue  # only the deputy is printed
        shown.append(row)

    group_order = {g.pk: (g.order, g.pk) for g in (row.group for row in shown)}
    by_group = sorted(shown, key=lambda a: (group_order[a.group_id], a.order, a.pk))
    if protocol.layout == Layout.BY_GROUP:
        for group, group_rows in groupby(by_group, key=lambda a: a.group):
            guests = group.kind == AttendanceGroup.Kind.GUESTS
            protocol.groups.append(
                AttendanceBlock(
                    group.printed_heading, list(group_rows), with_status=not guests, anchor=f"group-{group.pk}"
                )
            )
        return
    members = [a for a in by_group if a.group.kind != AttendanceGroup.Kind.GUESTS]
    present = [a for a in members if a.status == Attendance.Status.PRESENT]
    for group, group_rows in groupby(present, key=lambda a: a.group):
        protocol.present.append(AttendanceBlock(group.printed_heading, list(group_rows)))
    protocol.excused = [
        a for a in sorted(members, key=lambda a: (a.order, a.pk)) if a.status == Attendance.Status.EXCUSED
    ]
    protocol.absent = [
        a for a in sorted(members, key=lambda a: (a.order, a.pk)) if a.status == Attendance.Status.ABSENT
    ]
    guests = [a for a in by_group if a.group.kind == AttendanceGroup.Kind.GUESTS]
    for group, group_rows in groupby(guests, key=lambda a: a.group):
        protocol.guests.append(AttendanceBlock(group.printed_heading, list(group_rows), anchor=f"group-{group.pk}"))


def _named_votes(decision: Decision, names: PrintedNames, layout: str) -> None:
    """``decision.named``: [(choice label, [names])] per choice, or [(name, choice label)] per
    voter (``decision.named_table``), as the body prints a named vote."""
    votes = list(decision.named_votes.all())
    decision.named_table = []
    decision.named = []
    if not votes:
        return
    with translation.override("de"):
        labels = {value: str(label) for value, label in Vote.Choice.choices}
    if layout == Body.NamedVotesLayout.TABLE:
        decision.named_table = [(names(vote.person), labels[vote.choice]) for vote in votes]
        return
    for choice in Vote.Choice.values:
        voters = [names(vote.person) for vote in votes if vote.choice == choice]
        if voters:
            decision.named.append((labels[choice], voters))


def preamble(meeting: Meeting, names: PrintedNames) -> str:
    """The body's preamble with this meeting's facts (light markup, each value escaped).

    A fact the meeting does not state yet prints as “[fehlt: …]” (and the completeness check
    asks for it before the protocol may be submitted)."""
    with translation.override("de"):  # the record's language, whoever reads it
        values = preamble_values(meeting, names)
        labels = wording.PREAMBLE_PLACEHOLDERS
        return wording.fill(
            meeting.body.preamble,
            {name: escape_markup(value) if value is not None else None for name, value in values.items()},
            missing=lambda name: "[" + _("missing: %(what)s") % {"what": labels[name]} + "]",
        )


def preamble_values(meeting: Meeting, names: PrintedNames | None = None) -> dict[str, str | None]:
    """What each placeholder of a preamble prints for this meeting; None: not stated yet."""
    names = names or PrintedNames(meeting.body, meeting.date)
    placeholders = set(wording.placeholders_in(meeting.body.preamble))

    def date(value):
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value else None

    def yes_no(value, yes, no):
        return None if value is None else yes if value else no

    values = {
        "body": meeting.body.name,
        "number": str(meeting.number),
        "date": date(meeting.date),
        "year": str(meeting.date.year),
        "weekday": formats.date_format(meeting.date, "l"),
        "start": formats.time_format(meeting.start_time, "TIME_FORMAT") if meeting.start_time else None,
        "location": meeting.location or None,
        "chair": names(meeting.chair) if meeting.chair_id else None,
        "chair_function": meeting.chair_function or None,
        "invitation_date": date(meeting.invitation_date),
        "convened": yes_no(
            meeting.duly_convened,
            pgettext("invited", "properly"),
            pgettext("invited", "not properly"),
        ),
        "public_notice_date": date(meeting.public_notice_date),
        "public_notice": meeting.public_notice or None,
        "quorum": yes_no(meeting.quorum_stated, _("quorate"), _("not quorate")),
        "voting_present": None,
        "voting_members": None,
    }
    # Counting needs queries: only when the body's wording asks for the numbers.
    if "voting_present" in placeholders:
        values["voting_present"] = str(presence.seats_at_start(meeting))
    if "voting_members" in placeholders:
        values["voting_members"] = str(presence.voting_members(meeting))
    return values


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
