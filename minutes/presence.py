"""Who held a vote at each agenda item: quorum from the attendance list.

Votes are taken at the end of an item. Where the item's end (“closed at”) is recorded, the
voters are those present at that moment; otherwise everyone who may have been there during
the item — between the nearest recorded times of the item and the items around it (and the
meeting's start and end) — counts, since the protocol cannot tell more. Recording item times
makes the checks exact.

A seat is a member's vote. It is held by

- a present row of a group that votes (``AttendanceGroup.votes``), while the person is there
  (arrival, departure), unless the row is a deputy's: a row with deputations votes only
  while one of them lasts, and then in the seat of the member it sits for;
- the chair, for the whole meeting, when the body's roster gives the chair a vote.

A member present in person and their deputy at the same moment hold one seat between them.
Organisations attending as such never vote.

The drafting services refuse votes beyond the seats held at an item and named votes of
people who held none; the completeness check asks again before submitting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time as Time

from council.models import Membership

from .models import AgendaItem, Attendance, Meeting


@dataclass(frozen=True)
class Window:
    """When an item's votes may have been taken: exactly at ``at``, or some time between
    ``earliest`` and ``latest`` (None: unbounded)."""

    at: Time | None = None
    earliest: Time | None = None
    latest: Time | None = None

    def overlaps(self, start: Time | None, end: Time | None) -> bool:
        """Whether someone there from ``start`` until ``end`` (None: unbounded) was there then."""
        if self.at is not None:
            return (start is None or start <= self.at) and (end is None or end >= self.at)
        return (start is None or self.latest is None or start <= self.latest) and (
            end is None or self.earliest is None or end >= self.earliest
        )


@dataclass
class ItemPresence:
    """The seats held at one item: seat (member's person id) → who may have voted in it."""

    item: AgendaItem
    window: Window
    seats: dict[int, set[int]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.seats)

    @property
    def voters(self) -> set[int]:
        return {person for holders in self.seats.values() for person in holders}

    def seat_of(self, person_id: int) -> int | None:
        return next((seat for seat, holders in self.seats.items() if person_id in holders), None)


def _later(a: Time | None, b: Time | None) -> Time | None:
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: Time | None, b: Time | None) -> Time | None:
    return b if a is None else a if b is None else min(a, b)


def windows(meeting: Meeting, items: list[AgendaItem]) -> dict[int, Window]:
    """The window of each item (in agenda order), from the item times that are recorded."""
    result = {}
    for index, item in enumerate(items):
        if item.end_time is not None:
            result[item.pk] = Window(at=item.end_time)
            continue
        earliest = meeting.start_time
        for before in items[: index + 1]:
            for moment in (before.start_time, before.end_time if before is not item else None):
                earliest = _later(earliest, moment)
        latest = meeting.end_time
        for after in items[index + 1 :]:
            for moment in (after.start_time, after.end_time):
                latest = _earlier(latest, moment)
        result[item.pk] = Window(earliest=earliest, latest=latest)
    return result


def chair_votes(meeting: Meeting) -> bool:
    """Whether the chair has a vote (the body's roster says so)."""
    return bool(
        meeting.chair_id
        and Membership.objects.active(meeting.date)
        .filter(body_id=meeting.body_id, person_id=meeting.chair_id, role=Membership.Role.CHAIR, voting_right=True)
        .exists()
    )


def _voting_rows(meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendances.filter(status=Attendance.Status.PRESENT, group__votes=True, person__isnull=False)
        .select_related("person")
        .prefetch_related("deputations")
    )


def seats_in(window: Window, rows: list[Attendance], chair_id: int | None) -> dict[int, set[int]]:
    """Seat → holders in one window (see the module's docstring)."""
    seats: dict[int, set[int]] = {}
    if chair_id:
        seats[chair_id] = {chair_id}
    for row in rows:
        deputations = list(row.deputations.all())
        if not deputations:
            if window.overlaps(row.arrival, row.departure):
                seats.setdefault(row.person_id, set()).add(row.person_id)
            continue
        for deputation in deputations:
            start = _later(row.arrival, deputation.start)
            end = _earlier(row.departure, deputation.end)
            if window.overlaps(start, end):
                seats.setdefault(deputation.member_id, set()).add(row.person_id)
    return seats


def item_presence(meeting: Meeting) -> dict[int, ItemPresence]:
    """The seats held at every item of the meeting, by item id (a fixed number of queries)."""
    items = list(meeting.agenda_items.order_by("order", "pk"))
    rows = _voting_rows(meeting)
    chair = meeting.chair_id if chair_votes(meeting) else None
    item_windows = windows(meeting, items)
    return {
        item.pk: ItemPresence(item, item_windows[item.pk], seats_in(item_windows[item.pk], rows, chair))
        for item in items
    }


def presence_at(item: AgendaItem) -> ItemPresence:
    return item_presence(item.meeting)[item.pk]


def seats_at_start(meeting: Meeting) -> int:
    """Seats held when the meeting began (the preamble's “{voting_present}”)."""
    window = Window(at=meeting.start_time) if meeting.start_time else Window()
    return len(seats_in(window, _voting_rows(meeting), meeting.chair_id if chair_votes(meeting) else None))


def seats_at_any_time(meeting: Meeting) -> int:
    """Seats held at some time of the meeting (the attendance page's count)."""
    return len(seats_in(Window(), _voting_rows(meeting), meeting.chair_id if chair_votes(meeting) else None))


def voting_members(meeting: Meeting) -> int:
    """Voting members on the body's roster at the meeting's date (“{voting_members}”): members
    with a vote who are not somebody's deputy, and the chair if the chair votes."""
    return (
        Membership.objects.active(meeting.date)
        .filter(body_id=meeting.body_id, voting_right=True, deputy_of__isnull=True)
        .filter(
            role__in=[Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR, Membership.Role.MEMBER],
        )
        .values("person")
        .distinct()
        .count()
    )
