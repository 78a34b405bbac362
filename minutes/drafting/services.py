"""Drafting a protocol: every change the secretariat makes to a draft's content.

State transitions (submit, sign, publish) live in minutes/approval/services.py; this module changes
the *content* of a draft: the meeting's facts, attendance, agenda, contributions and
decisions. Each function

- locks the meeting row and checks that it is still a draft and that the user drafts
  for its body (``access.ensure_may_draft``), so a protocol that is being submitted
  at the same moment cannot change underneath the approval;
- for edits of an existing object, compares the revision the user started from with
  the one in the database (optimistic concurrency): a stale copy is refused with
  ``EditConflict`` and nothing is written;
- saves through ``Model.save()`` so django-simple-history records who changed what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import time as Time

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Body, Membership, Person
from minutes import access
from minutes.exceptions import DraftingError, EditConflict
from minutes.models import (
    AgendaItem,
    Attendance,
    Contribution,
    Decision,
    Meeting,
    MinuteTaker,
    Presenter,
    SignatureLine,
)

# Membership roles → attendance group. The chair is printed under “Vorsitz” and the
# minute-takers under “Schriftführung”, so neither gets an attendance row of their own.
ATTENDANCE_GROUP_OF_ROLE = {
    Membership.Role.DEPUTY_CHAIR: Attendance.Group.MEMBER,
    Membership.Role.MEMBER: Attendance.Group.MEMBER,
    Membership.Role.ADVISORY: Attendance.Group.ADVISORY,
    Membership.Role.ADMINISTRATION: Attendance.Group.ADMINISTRATION,
    Membership.Role.MANAGEMENT: Attendance.Group.ADMINISTRATION,
    Membership.Role.SECRETARIAT: Attendance.Group.ADMINISTRATION,
}


def _lock_draft(meeting_pk: int, by) -> Meeting:
    """Lock the meeting row; refuse if it is no draft any more or the user does not draft it."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting_pk)
    access.ensure_may_draft(by, meeting)
    return meeting


def _save(instance: models.Model, by) -> None:
    # simple-history takes the user from the request (middleware); services called from
    # elsewhere (tests, commands) name it explicitly.
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance.save()


def _save_revision(instance: models.Model, expected_revision: int, changes: dict, by) -> models.Model:
    """Apply ``changes`` if nobody saved ``instance`` since the user loaded ``expected_revision``.

    A queryset ``update(revision=F(...)+1)`` would be atomic too, but simple-history does not
    see queryset updates; so: lock the row, compare, then save().
    """
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if current.revision != expected_revision:
        raise EditConflict(current)
    for name, value in changes.items():
        setattr(current, name, value)
    current.revision += 1
    _save(current, by)
    return current


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


# --- Starting a meeting -------------------------------------------------------------


def meeting_defaults(body: Body, on: Date | None = None) -> dict:
    """What a new meeting of ``body`` most likely looks like: number, times and place of the
    last meeting, the current chair."""
    on = on or timezone.localdate()
    last = Meeting.objects.filter(body=body).order_by("-date", "-number").first()
    number = (Meeting.objects.filter(body=body).aggregate(m=Max("number"))["m"] or 0) + 1
    chair = body.memberships.active(on).filter(role=Membership.Role.CHAIR).select_related("person").first()
    defaults = {"number": number, "date": on, "chair": chair.person if chair else None}
    if last:
        for name in ("start_time", "end_time", "public_start_time", "public_end_time", "building", "room"):
            defaults[name] = getattr(last, name)
        if chair and last.chair_id == chair.person_id:
            defaults["chair_function"] = last.chair_function
    return defaults


@transaction.atomic
def start_meeting(body: Body, *, by, number: int, date: Date, **facts) -> Meeting:
    """Open a new draft: the meeting, its attendance list from the body's roster (everyone
    present), its minute-takers and its signature lines from the body's rules."""
    if not access.may_start_meeting(by, body):
        raise PermissionDenied(_("Only the secretariat of this body may start its meetings."))
    if Meeting.objects.filter(body=body, number=number).exists():
        raise DraftingError(_("This body already has a meeting with number %(number)s.") % {"number": number})
    meeting = Meeting(body=body, number=number, date=date, **facts)
    _save(meeting, by)

    memberships = list(
        body.memberships.active(date).select_related("person", "on_behalf_of").order_by("order", "person__family_name")
    )
    seen: set[int] = set()
    order = 0
    for membership in memberships:
        group = ATTENDANCE_GROUP_OF_ROLE.get(membership.role)
        if group is None or membership.person_id in seen or membership.person_id == meeting.chair_id:
            continue
        if group == Attendance.Group.MEMBER and not membership.voting_right:
            group = Attendance.Group.ADVISORY
        seen.add(membership.person_id)
        order += 1
        _save(
            Attendance(
                meeting=meeting,
                order=order,
                person=membership.person,
                group=group,
                affiliation=membership.affiliation,
            ),
            by,
        )

    takers = [m for m in memberships if m.role == Membership.Role.MINUTE_TAKER]
    takers = takers or [m for m in memberships if m.role == Membership.Role.SECRETARIAT]
    for order, membership in enumerate(takers, start=1):
        if not MinuteTaker.objects.filter(meeting=meeting, person=membership.person).exists():
            MinuteTaker.objects.create(
                meeting=meeting, order=order, person=membership.person, affiliation=membership.affiliation
            )

    signers = {
        Body.SignatureRole.CHAIR: [(meeting.chair, _("Chair"))] if meeting.chair else [],
        Body.SignatureRole.MANAGEMENT: [
            (m.person, _("Management")) for m in memberships if m.role == Membership.Role.MANAGEMENT
        ][:1],
        Body.SignatureRole.MINUTE_TAKER: [(m.person, _("Minute-taker")) for m in takers][:1],
    }
    order = 0
    for role in body.signature_roles or []:
        for person, function in signers.get(role, []):
            order += 1
            SignatureLine.objects.create(
                meeting=meeting, order=order, person=person, name=person.full_name, function=str(function)
            )
    return meeting


@transaction.atomic
def save_meeting(meeting: Meeting, *, by, revision: int, **facts) -> Meeting:
    """The meeting's facts (number, date, times, place, chair)."""
    _lock_draft(meeting.pk, by)
    number = facts.get("number", meeting.number)
    clash = Meeting.objects.filter(body_id=meeting.body_id, number=number, corrects__isnull=True)
    if not meeting.corrects_id and clash.exclude(pk=meeting.pk).exists():
        raise DraftingError(_("This body already has a meeting with number %(number)s.") % {"number": number})
    return _save_revision(meeting, revision, facts, by)


# --- Attendance ----------------------------------------------------------------------


@transaction.atomic
def save_attendance(attendance: Attendance, *, by, **changes) -> Attendance:
    """Status (present / excused / absent), arrival, departure, deputy, group, affiliation."""
    _lock_draft(attendance.meeting_id, by)
    current = Attendance.objects.select_for_update().get(pk=attendance.pk)
    for name, value in changes.items():
        setattr(current, name, value)
    _save(current, by)
    return current


@transaction.atomic
def add_guest(
    meeting: Meeting, *, by, person: Person | None = None, new_person: dict | None = None, affiliation: str = ""
) -> Attendance:
    """A guest of the meeting, an existing person or one created on the spot."""
    _lock_draft(meeting.pk, by)
    if person is None:
        person = Person.objects.create(**(new_person or {}))
    if meeting.attendances.filter(person=person).exists():
        raise DraftingError(_("%(name)s is already on the attendance list.") % {"name": person.addressed_name})
    attendance = Attendance(
        meeting=meeting,
        order=_next_order(meeting.attendances.all()),
        person=person,
        group=Attendance.Group.GUEST,
        affiliation=affiliation,
    )
    _save(attendance, by)
    return attendance


@transaction.atomic
def remove_attendance(attendance: Attendance, *, by) -> None:
    _lock_draft(attendance.meeting_id, by)
    attendance._history_user = by
    attendance.delete()


def voting_members_present(meeting: Meeting) -> int:
    """Members with a vote who are present (the chair votes too when the body's roster says so)."""
    count = meeting.attendances.filter(status=Attendance.Status.PRESENT, group=Attendance.Group.MEMBER).count()
    if meeting.chair_id and (
        meeting.body.memberships.active(meeting.date)
        .filter(person_id=meeting.chair_id, role=Membership.Role.CHAIR, voting_right=True)
        .exists()
    ):
        count += 1
    return count


# --- Agenda ----------------------------------------------------------------------------


def _ensure_item_number_free(meeting_id: int, number: str, exclude_pk: int | None = None) -> None:
    clash = AgendaItem.objects.filter(meeting_id=meeting_id, number=number).exclude(pk=exclude_pk)
    if clash.exists():
        raise DraftingError(_("Item number %(number)s is already used in this meeting.") % {"number": number})


@transaction.atomic
def add_agenda_item(
    meeting: Meeting, *, by, number: str, title: str, public: bool = True, without_discussion: bool = False
) -> AgendaItem:
    _lock_draft(meeting.pk, by)
    _ensure_item_number_free(meeting.pk, number)
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title,
        public=public,
        without_discussion=without_discussion,
        order=_next_order(meeting.agenda_items.all()),
    )
    _save(item, by)
    return item


@transaction.atomic
def save_agenda_item(item: AgendaItem, *, by, revision: int, **changes) -> AgendaItem:
    _lock_draft(item.meeting_id, by)
    if "number" in changes:
        _ensure_item_number_free(item.meeting_id, changes["number"], exclude_pk=item.pk)
    return _save_revision(item, revision, changes, by)


@transaction.atomic
def delete_agenda_item(item: AgendaItem, *, by) -> None:
    _lock_draft(item.meeting_id, by)
    item._history_user = by
    item.delete()


def _swap_order(siblings, obj, direction: int, by) -> None:
    """Move ``obj`` one place up (-1) or down (+1) among ``siblings`` (a locked queryset).

    The order is unique per parent, so the two rows pass through a free value.
    """
    ordered = list(siblings.order_by("order", "pk"))
    index = next(i for i, other in enumerate(ordered) if other.pk == obj.pk)
    target = index + direction
    if not 0 <= target < len(ordered):
        return
    mine, theirs = ordered[index], ordered[target]
    free = max(o.order for o in ordered) + 1
    mine_order, theirs_order = mine.order, theirs.order
    mine.order = free
    _save(mine, by)
    theirs.order = mine_order
    _save(theirs, by)
    mine.order = theirs_order
    _save(mine, by)


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, by, direction: int) -> None:
    meeting = _lock_draft(item.meeting_id, by)
    _swap_order(meeting.agenda_items.select_for_update(), item, direction, by)


_SUB_NUMBER = re.compile(r"^\s*\d+\s*\.\s*\d+")


def renumbered(numbers: list[str]) -> list[str]:
    """New numbers for items in their order: top-level items 1..n, sub-items (“4.1”)
    numbered under the top-level item before them (“2.1”, “2.2”)."""
    result = []
    top, sub = 0, 0
    for number in numbers:
        if _SUB_NUMBER.match(number) and top:
            sub += 1
            result.append(f"{top}.{sub}")
        else:
            top, sub = top + 1, 0
            result.append(str(top))
    return result


@transaction.atomic
def renumber_agenda(meeting: Meeting, *, by) -> None:
    """Number the items 1..n by their order, keeping sub-items as sub-items."""
    meeting = _lock_draft(meeting.pk, by)
    items = list(meeting.agenda_items.select_for_update().order_by("order", "pk"))
    numbers = renumbered([item.number for item in items])
    changed = [(item, new) for item, new in zip(items, numbers, strict=True) if item.number != new]
    # Numbers are unique per meeting: clear the changed ones first, then set them.
    for item, _new in changed:
        AgendaItem.objects.filter(pk=item.pk).update(number=f"~{item.pk}")
    for item, new in changed:
        item.number = new
        item.revision += 1  # a form opened before the renumbering would write the old number back
        _save(item, by)


@transaction.atomic
def add_presenter(
    item: AgendaItem, *, by, person=None, new_person: dict | None = None, organization=None, role: str = ""
) -> Presenter:
    """A presenter of an item: a known person, one created on the spot, or an organisation."""
    _lock_draft(item.meeting_id, by)
    if person is None and new_person:
        person = Person.objects.create(**new_person)
    if person is None and organization is None:
        raise DraftingError(_("Choose a person or an organisation."))
    return Presenter.objects.create(
        item=item, person=person, organization=organization, role=role, order=_next_order(item.presenters.all())
    )


@transaction.atomic
def remove_presenter(presenter: Presenter, *, by) -> None:
    _lock_draft(presenter.item.meeting_id, by)
    presenter.delete()


# --- Deliberation: contributions and decisions -------------------------------------------


@transaction.atomic
def add_contribution(
    item: AgendaItem, *, by, speaker: Person | None, text: str, speaker_prefix: str = ""
) -> Contribution:
    _lock_draft(item.meeting_id, by)
    contribution = Contribution(
        item=item,
        speaker=speaker,
        speaker_prefix=speaker_prefix,
        text=text,
        order=_next_order(item.contributions.all()),
    )
    _save(contribution, by)
    return contribution


@transaction.atomic
def save_contribution(contribution: Contribution, *, by, revision: int, **changes) -> Contribution:
    """Save an edited contribution unless someone saved it since (``EditConflict``)."""
    _lock_draft(contribution.item.meeting_id, by)
    return _save_revision(contribution, revision, changes, by)


@transaction.atomic
def move_contribution(contribution: Contribution, *, by, direction: int) -> None:
    _lock_draft(contribution.item.meeting_id, by)
    _swap_order(contribution.item.contributions.select_for_update(), contribution, direction, by)


@transaction.atomic
def delete_contribution(contribution: Contribution, *, by) -> None:
    _lock_draft(contribution.item.meeting_id, by)
    contribution._history_user = by
    contribution.delete()


@dataclass
class Votes:
    yes: int | None
    no: int | None
    abstain: int | None
    biased: int | None

    @property
    def total(self) -> int:
        return sum(v or 0 for v in (self.yes, self.no, self.abstain, self.biased))


def check_votes(meeting: Meeting, votes: Votes) -> None:
    """Votes cast cannot exceed the voting members present."""
    present = voting_members_present(meeting)
    if votes.total > present:
        raise DraftingError(
            _("%(total)s votes, but only %(present)s voting members are present.")
            % {"total": votes.total, "present": present}
        )


@transaction.atomic
def add_decision(item: AgendaItem, *, by, text: str, result: str, **votes) -> Decision:
    meeting = _lock_draft(item.meeting_id, by)
    check_votes(meeting, _votes(votes))
    decision = Decision(item=item, text=text, result=result, order=_next_order(item.decisions.all()), **votes)
    _save(decision, by)
    return decision


@transaction.atomic
def save_decision(decision: Decision, *, by, revision: int, **changes) -> Decision:
    meeting = _lock_draft(decision.item.meeting_id, by)
    check_votes(meeting, _votes({k: changes.get(k, getattr(decision, k)) for k in VOTE_FIELDS}))
    return _save_revision(decision, revision, changes, by)


@transaction.atomic
def delete_decision(decision: Decision, *, by) -> None:
    _lock_draft(decision.item.meeting_id, by)
    decision._history_user = by
    decision.delete()


VOTE_FIELDS = ("votes_yes", "votes_no", "votes_abstain", "votes_biased")


def _votes(values: dict) -> Votes:
    return Votes(*(values.get(name) for name in VOTE_FIELDS))


def times_in_order(start: Time | None, end: Time | None) -> bool:
    return start is None or end is None or start <= end
