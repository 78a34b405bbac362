"""Drafting a protocol: every change to a draft's content, wherever it comes from.

The drafting workspace, the Django admin, management commands and the demo loader all
write a draft's content through this module; state transitions (submit, sign, publish)
live in minutes/approval/services.py. Each write

- locks the meeting row and checks that it is still a draft and that the user drafts
  for its body (``access.ensure_may_draft``), so a protocol that is being submitted
  at the same moment cannot change underneath the approval;
- checks the rules the database cannot (``validate``: item and meeting numbers, votes,
  times). Forms call the same rule functions for an early message next to the field;
  the services check again under the lock;
- for an edit of a row with a ``revision`` (meeting, agenda item, contribution,
  decision), compares the revision the user started from with the stored one
  (optimistic concurrency): a stale copy is refused with ``EditConflict`` and nothing is
  written; a save raises the revision by one;
- saves through ``Model.save()`` so django-simple-history records who changed what.

``add_content``, ``change_content`` and ``delete_content`` write any row of a protocol
(the admin uses them); the named functions below them (``add_contribution``,
``save_decision`` …) are what the workspace offers, built on the same three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import time as Time

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from council import groups as attendance_groups
from council.models import AttendanceGroup, Body, Membership, Organization, Person
from council.names import PrintedNames
from minutes import access, files, presence
from minutes.drafting.agenda_text import NUMBER_LIMIT, TITLE_LIMIT
from minutes.exceptions import DraftingError, EditConflict
from minutes.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Contribution,
    ContributionDraft,
    Decision,
    Deputation,
    Figure,
    Meeting,
    MinuteTaker,
    Presenter,
    ProtocolContent,
    SignatureLine,
    SpeakerRequest,
    Vote,
)

VOTE_FIELDS = ("votes_yes", "votes_no", "votes_abstain", "votes_biased")


# --- The rules a draft keeps beyond what the database checks ---------------------------------


def _in_order(start: Time | None, end: Time | None) -> bool:
    return start is None or end is None or start <= end


def meeting_time_errors(
    start: Time | None, end: Time | None, public_start: Time | None, public_end: Time | None
) -> list[DraftingError]:
    """Everything wrong with a meeting's times, each naming its field (a form shows them all)."""
    errors = []
    if not _in_order(start, end):
        errors.append(DraftingError(_("The meeting cannot end before it starts."), field="end_time"))
    if not _in_order(public_start, public_end):
        errors.append(DraftingError(_("The public part cannot end before it starts."), field="public_end_time"))
    if public_start and not _in_order(start, public_start):
        errors.append(DraftingError(_("The public part cannot start before the meeting."), field="public_start_time"))
    if public_start and not _in_order(public_start, end):
        errors.append(
            DraftingError(_("The public part cannot start after the meeting has ended."), field="public_start_time")
        )
    if public_end and not _in_order(public_end, end):
        errors.append(DraftingError(_("The public part cannot end after the meeting."), field="public_end_time"))
    return errors


def validate_meeting_number(body: Body | int, number: int, *, meeting: Meeting | None = None) -> None:
    """A body numbers its meetings once each; a correction keeps its original's number
    (the database constraint exempts it too)."""
    if meeting is not None and meeting.corrects_id:
        return
    clash = Meeting.objects.filter(body_id=getattr(body, "pk", body), number=number, corrects__isnull=True)
    if meeting is not None and meeting.pk:
        clash = clash.exclude(pk=meeting.pk)
    if clash.exists():
        raise DraftingError(
            _("This body already has a meeting with number %(number)s.") % {"number": number}, field="number"
        )


def validate_attendance_times(arrival: Time | None, departure: Time | None) -> None:
    if not _in_order(arrival, departure):
        raise DraftingError(_("The departure must be after the arrival."), field="departure")


def validate_item_number(meeting: Meeting | int | None, number: str, *, item: AgendaItem | None = None) -> None:
    """An item number (“1”, “4.1”) is used once per meeting."""
    meeting_id = getattr(meeting, "pk", meeting)
    if meeting_id is None:  # a meeting being created has no items yet
        return
    clash = AgendaItem.objects.filter(meeting_id=meeting_id, number=number)
    if item is not None and item.pk:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise DraftingError(
            _("Item number %(number)s is already used in this meeting.") % {"number": number}, field="number"
        )


@dataclass
class Votes:
    yes: int | None
    no: int | None
    abstain: int | None
    biased: int | None

    @classmethod
    def of(cls, values) -> Votes:
        """The votes of a decision, or of a form's cleaned data (a mapping)."""
        if isinstance(values, dict):
            return cls(*(values.get(name) for name in VOTE_FIELDS))
        return cls(*(getattr(values, name) for name in VOTE_FIELDS))

    @property
    def total(self) -> int:
        return sum(v or 0 for v in (self.yes, self.no, self.abstain, self.biased))


def voting_members_present(meeting: Meeting) -> int:
    """Seats held at some time of the meeting: present members of the groups that vote
    (a deputy in the seat of the member they sit for), and the chair if the chair votes."""
    return presence.seats_at_any_time(meeting)


def _item_label(item: AgendaItem) -> str:
    return str(_("item %(number)s") % {"number": item.number})


def validate_votes(item: AgendaItem, votes: Votes) -> None:
    """Votes cast cannot exceed the seats held at the item (minutes.presence)."""
    if not votes.total or item.meeting_id is None:
        return
    present = presence.presence_at(item).count if item.pk else presence.seats_at_any_time(item.meeting)
    if votes.total > present:
        raise DraftingError(
            _("%(total)s votes, but only %(present)s voting members were present at %(item)s.")
            % {"total": votes.total, "present": present, "item": _item_label(item)},
            field="votes_yes",
        )


def validate_result(result: str | None, votes: Votes) -> None:
    """No majority rule accepts a motion with no more yes than no (a tie rejects it); the
    reverse can be right (a two-thirds majority missed), so it is not checked."""
    if votes.yes is not None and votes.no is not None and result == Decision.Result.ACCEPTED and votes.yes <= votes.no:
        raise DraftingError(
            _("Accepted with %(yes)s yes and %(no)s no? Check the result or the votes.")
            % {"yes": votes.yes, "no": votes.no},
            field="result",
        )


def validate_minute_taker(meeting: Meeting | int, person: Person | int, *, taker: MinuteTaker | None = None) -> None:
    """A person keeps the minutes of a meeting once."""
    meeting_id, person_id = getattr(meeting, "pk", meeting), getattr(person, "pk", person)
    clash = MinuteTaker.objects.filter(meeting_id=meeting_id, person_id=person_id)
    if taker is not None and taker.pk:
        clash = clash.exclude(pk=taker.pk)
    if clash.exists():
        raise DraftingError(_("This person already keeps the minutes of this meeting."), field="person")


def validate_figure_place(item_id: int, after_id: int | None) -> None:
    """A figure follows a contribution of its own item (or comes before the first)."""
    if after_id and not Contribution.objects.filter(pk=after_id, item_id=item_id).exists():
        raise DraftingError(_("The contribution belongs to another item."), field="after")


def tally(choices) -> Votes:
    """The counts of a named vote (choices: Vote.Choice values)."""
    choices = list(choices)
    return Votes(*(choices.count(choice) for choice in Vote.Choice.values))


def validate_named_counts(decision: Decision) -> None:
    """A decision voted by name has the counts of its named votes."""
    if not decision.pk:
        return
    choices = list(decision.named_votes.values_list("choice", flat=True))
    if choices and tally(choices) != Votes.of(decision):
        raise DraftingError(
            _("The votes were taken by name (%(count)s voters): change them in the named vote, not here.")
            % {"count": len(choices)},
            field="votes_yes",
        )


def named_vote_errors(item: AgendaItem, votes: dict[int, str]) -> list[DraftingError]:
    """What is wrong with a named vote at ``item`` (voter's person id → choice): a voter who
    held no seat there, two voters in one seat, more voters than seats."""
    if not votes:
        return []
    at_item = presence.presence_at(item)
    people = {p.pk: p for p in Person.objects.filter(pk__in=votes)}
    names = PrintedNames(item.meeting.body, item.meeting.date)
    errors = []
    seats: dict[int, int] = {}
    for person_id in votes:
        seat = at_item.seat_of(person_id)
        if seat is None:
            errors.append(
                DraftingError(
                    _("%(name)s held no vote at %(item)s (not present then, or not a voting member).")
                    % {"name": names(people.get(person_id)), "item": _item_label(item)},
                    field=f"vote_{person_id}",
                )
            )
        elif seat in seats:
            errors.append(
                DraftingError(
                    _("%(name)s and %(other)s sat in the same seat at %(item)s: only one of them can vote.")
                    % {
                        "name": names(people.get(person_id)),
                        "other": names(people.get(seats[seat])),
                        "item": _item_label(item),
                    },
                    field=f"vote_{person_id}",
                )
            )
        else:
            seats[seat] = person_id
    return errors


def validate_item_times(start: Time | None, end: Time | None) -> None:
    if not _in_order(start, end):
        raise DraftingError(_("An item cannot close before it was called."), field="end_time")


def validate_contribution(speaker_id: int | None, speaker_prefix: str) -> None:
    if speaker_prefix.strip() and not speaker_id:
        raise DraftingError(
            _("Words before the speaker need a speaker; without one, write them into the text."),
            field="speaker_prefix",
        )


def validate_attendance(row: Attendance) -> None:
    validate_attendance_times(row.arrival, row.departure)
    meeting = row.protocol_meeting
    if row.group_id and row.group.body_id != meeting.body_id:
        raise DraftingError(_("Choose one of this body's attendance groups."), field="group")
    if bool(row.person_id) == bool(row.organization_id):
        raise DraftingError(_("An attendance row names a person or an organisation."), field="person")


def _overlap(a_start: Time | None, a_end: Time | None, b_start: Time | None, b_end: Time | None) -> bool:
    """Whether two periods (None: unbounded) share more than a moment."""
    start = max((t for t in (a_start, b_start) if t is not None), default=None)
    end = min((t for t in (a_end, b_end) if t is not None), default=None)
    return start is None or end is None or start < end


def _period(start: Time | None, end: Time | None) -> str:
    if start and end:
        return str(_("from %(start)s until %(end)s") % {"start": _clock(start), "end": _clock(end)})
    if start:
        return str(_("from %(start)s") % {"start": _clock(start)})
    if end:
        return str(_("until %(end)s") % {"end": _clock(end)})
    return str(_("for the whole meeting"))


def _clock(moment: Time) -> str:
    return formats.time_format(moment, "TIME_FORMAT")


def validate_deputation(deputation: Deputation) -> None:
    """A deputy sits for a member while the deputy is there and the member is not, and no
    two deputies sit for one member (nor one deputy for two members) at the same time."""
    row = deputation.deputy
    meeting = row.protocol_meeting
    names = PrintedNames(meeting.body, meeting.date)
    if not row.person_id:
        raise DraftingError(_("An organisation cannot sit for a member."), field="member")
    if deputation.member_id == row.person_id:
        raise DraftingError(_("Nobody sits for themselves."), field="member")
    if not _in_order(deputation.start, deputation.end):
        raise DraftingError(_("The deputation cannot end before it starts."), field="end")
    if row.status != Attendance.Status.PRESENT:
        raise DraftingError(
            _("%(name)s is not recorded as present, so cannot sit for anyone.") % {"name": names(row.person)},
            field="member",
        )
    if (deputation.start and row.arrival and deputation.start < row.arrival) or (
        deputation.end and row.departure and deputation.end > row.departure
    ):
        raise DraftingError(
            _("%(name)s was there only %(period)s.")
            % {"name": names(row.person), "period": _period(row.arrival, row.departure)},
            field="start",
        )
    start, end = deputation.start or row.arrival, deputation.end or row.departure
    own = meeting.attendances.filter(person_id=deputation.member_id, status=Attendance.Status.PRESENT).first()
    if own is not None and _overlap(start, end, own.arrival, own.departure):
        raise DraftingError(
            _("%(member)s was present %(period)s: a deputy sits for them only while they are away.")
            % {"member": names(own.person), "period": _period(own.arrival, own.departure)},
            field="start",
        )
    others = Deputation.objects.filter(deputy__meeting=meeting).select_related("deputy__person", "member")
    if deputation.pk:
        others = others.exclude(pk=deputation.pk)
    for other in others:
        other_start, other_end = other.start or other.deputy.arrival, other.end or other.deputy.departure
        if not _overlap(start, end, other_start, other_end):
            continue
        if other.member_id == deputation.member_id:
            raise DraftingError(
                _("%(other)s already sits for %(member)s %(period)s.")
                % {
                    "other": names(other.deputy.person),
                    "member": names.accusative(other.member),
                    "period": _period(other_start, other_end),
                },
                field="member",
            )
        if other.deputy_id == deputation.deputy_id:
            raise DraftingError(
                _("%(name)s already sits for %(member)s %(period)s.")
                % {
                    "name": names(row.person),
                    "member": names.accusative(other.member),
                    "period": _period(other_start, other_end),
                },
                field="start",
            )


def validate_named_vote(vote: Vote) -> None:
    errors = named_vote_errors(vote.decision.item, {vote.person_id: vote.choice})
    if errors:
        raise errors[0]
    clash = Vote.objects.filter(decision_id=vote.decision_id).exclude(pk=vote.pk).values_list("person_id", "choice")
    errors = named_vote_errors(vote.decision.item, {**dict(clash), vote.person_id: vote.choice})
    if errors:
        raise errors[0]


def validate_same_protocol(row: ProtocolContent) -> None:
    """A row points to other rows of its own protocol only (a figure placed after a
    contribution of another meeting would print there, and let one body write into another's)."""
    if isinstance(row, Meeting):
        return
    own = next(iter(type(row).meeting_ids_of([row])), None)
    parent = row.meeting_path.split("__")[0]
    for field in row._meta.concrete_fields:
        target = field.related_model
        if not field.is_relation or field.name == parent or not issubclass(target, ProtocolContent):
            continue
        pk = getattr(row, field.attname)
        if pk is None:
            continue
        theirs = (
            pk
            if target is Meeting
            else target.objects.filter(pk=pk).values_list(target.meeting_id_lookup(), flat=True).first()
        )
        if theirs != own:
            raise DraftingError(_("This belongs to another protocol."), field=field.name)


def validate_signer(row: ProtocolContent, by) -> None:
    """Nobody puts themselves on a signature line: not by naming themselves on one, nor by
    naming themselves chair of a meeting whose chair's line follows the chair."""
    person_id = getattr(getattr(by, "person", None), "pk", None)
    if person_id is not None and isinstance(row, SignatureLine) and row.person_id == person_id:
        raise DraftingError(_("You cannot name yourself on a signature line."), field="person")
    if person_id is not None and isinstance(row, Meeting) and row.chair_id == person_id and _has_chair_line(row):
        raise DraftingError(
            _("You cannot name yourself as chair: the chair's signature line would name you."), field="chair"
        )
    if getattr(by, "is_superuser", False):
        return
    if (
        isinstance(row, SignatureLine)
        and row.role == Body.SignatureRole.MEMBER
        and not row.person_id
        and not row.meeting.body.signs_with_members()
    ):
        # The secretariat hands members of such a body their logins (choosing the email):
        # a line any member signs would let it sign in a member's name.
        raise DraftingError(
            _(
                "The members of this body do not sign its protocols: name the member who signs, or ask an "
                "administrator for a line any member signs."
            ),
            field="person",
        )
    # Naming someone to sign who has a login but no signing function: whoever chose that
    # login's email (a secretariat may create logins for people who cannot sign) could sign.
    if isinstance(row, SignatureLine) and row.person_id:
        named, field = row.person, "person"
    elif isinstance(row, Meeting) and row.chair_id and _chair_changes(row) and _has_chair_line(row):
        named, field = row.chair, "chair"
    else:
        return
    if named.user_id and not named.holds_signing_function():
        raise DraftingError(
            _("%(name)s has a login but no function that signs protocols: only an administrator can name them to sign.")
            % {"name": named.addressed_name},
            field=field,
        )


def _chair_changes(meeting: Meeting) -> bool:
    if not meeting.pk:
        return True
    return Meeting.objects.filter(pk=meeting.pk).values_list("chair_id", flat=True).first() != meeting.chair_id


def _has_chair_line(meeting: Meeting) -> bool:
    if meeting.pk:
        return meeting.signature_lines.filter(role=Body.SignatureRole.CHAIR).exists()
    return Body.SignatureRole.CHAIR in (meeting.body.signature_roles or [])  # start_meeting will add one


def validate(row: ProtocolContent, *, by=None) -> None:
    """Every rule of the row's model that the database does not check, on the row as it is
    about to be saved (by ``by``); raises the first broken one as DraftingError (with its field)."""
    validate_same_protocol(row)
    if by is not None:
        validate_signer(row, by)
    if isinstance(row, Meeting):
        validate_meeting_number(row.body_id, row.number, meeting=row)
        errors = meeting_time_errors(row.start_time, row.end_time, row.public_start_time, row.public_end_time)
        if errors:
            raise errors[0]
    elif isinstance(row, AgendaItem):
        validate_item_number(row.meeting_id, row.number, item=row)
        validate_item_times(row.start_time, row.end_time)
    elif isinstance(row, Attendance):
        validate_attendance(row)
    elif isinstance(row, Deputation):
        validate_deputation(row)
    elif isinstance(row, Contribution):
        validate_contribution(row.speaker_id, row.speaker_prefix)
    elif isinstance(row, Decision):
        votes = Votes.of(row)
        validate_votes(row.item, votes)
        validate_result(row.result, votes)
        validate_named_counts(row)
    elif isinstance(row, MinuteTaker):
        validate_minute_taker(row.meeting_id, row.person_id, taker=row)
    elif isinstance(row, Attachment):
        if row.item_id and not AgendaItem.objects.filter(pk=row.item_id, meeting_id=row.meeting_id).exists():
            raise DraftingError(_("The item belongs to another meeting."), field="item")
    elif isinstance(row, Figure):
        validate_figure_place(row.item_id, row.after_id)
    elif isinstance(row, Vote):
        validate_named_vote(row)


def validate_revision(row: ProtocolContent, revision: int) -> None:
    """Refuse (EditConflict, with the stored row) if ``row`` was saved since the user opened
    it at ``revision``. Forms ask early; change_content asks again under the lock."""
    current = type(row).objects.get(pk=row.pk)
    if current.revision != revision:
        raise EditConflict(current)


# --- The one write path: add, change, delete a row of a draft -------------------------------


def _lock_draft(meeting_pk: int, by) -> Meeting:
    """Lock the meeting row; refuse if it is no draft any more or the user does not draft it."""
    return _lock_drafts({meeting_pk}, by)[0]


def _lock_drafts(meeting_ids, by) -> list[Meeting]:
    """Lock these meetings' rows (in a fixed order, so two writers cannot deadlock) and
    check each: still a draft, and the user drafts for its body."""
    meetings = list(
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body")
        .filter(pk__in={pk for pk in meeting_ids if pk is not None})
        .order_by("pk")
    )
    for meeting in meetings:
        access.ensure_may_draft(by, meeting)
    return meetings


def _has_revision(row) -> bool:
    return any(field.name == "revision" for field in row._meta.concrete_fields)


def _siblings(row: ProtocolContent):
    """The rows that share ``row``'s parent (and its ``order`` sequence)."""
    parent = row.meeting_path.split("__")[0]
    return type(row).objects.filter(**{f"{parent}_id": getattr(row, f"{parent}_id")})


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _save(instance: models.Model, by) -> None:
    # simple-history takes the user from the request (middleware); services called from
    # elsewhere (tests, commands, the demo) name it explicitly.
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance.save()


@transaction.atomic
def add_content(row: ProtocolContent, *, by, append: bool = False) -> ProtocolContent:
    """Insert a new row of a draft (or a new meeting) under the drafting rules.

    ``append`` puts the row after its siblings (its ``order``), worked out under the lock.
    """
    if isinstance(row, Meeting):
        if not access.may_start_meeting(by, row.body):
            raise PermissionDenied(_("Only the secretariat of this body may start its meetings."))
    else:
        _lock_drafts(type(row).meeting_ids_of([row]), by)
        if append:
            row.order = _next_order(_siblings(row))
    validate(row, by=by)
    _save(row, by)
    return row


@transaction.atomic
def change_content(row: ProtocolContent, *, by, changes: dict, revision: int | None = None) -> ProtocolContent:
    """Apply ``changes`` (field name → value) to the stored ``row`` and save it.

    A row with a ``revision`` is refused with EditConflict if it was saved since the user
    opened it at ``revision`` (None: no comparison — the demo loader, commands). A row
    moved to another meeting (a changed foreign key), or a meeting moved to another body,
    needs the user to draft both. Returns the saved row.
    """
    model = type(row)
    stored = model.objects.get(pk=row.pk)
    moved = model(**{f.attname: getattr(stored, f.attname) for f in model._meta.concrete_fields})
    for name, value in changes.items():
        setattr(moved, name, value)
    _lock_drafts(model.meeting_ids_of([stored]) | model.meeting_ids_of([moved]), by)
    if isinstance(moved, Meeting) and not access.may_draft(by, moved):  # moved to another body
        raise PermissionDenied(_("Only the secretariat of this body may draft its protocols."))
    current = model.objects.select_for_update(of=("self",)).get(pk=row.pk)
    if revision is not None and _has_revision(current) and current.revision != revision:
        raise EditConflict(current)
    old_chair_id = current.chair_id if isinstance(current, Meeting) else None
    for name, value in changes.items():
        setattr(current, name, value)
    validate(current, by=by)
    if _has_revision(current):
        current.revision += 1
    _save(current, by)
    if isinstance(current, Meeting) and current.chair_id != old_chair_id:
        _chair_line_follows(current, old_chair_id, by)
    return current


def _chair_line_follows(meeting: Meeting, old_chair_id: int | None, by) -> None:
    """The chair's signature line names whoever chairs: set or changed with the meeting's chair
    (a draft has no signatures, so nothing signed changes). A chair's line that names someone
    else than the old chair was set by hand and stays."""
    for line in meeting.signature_lines.filter(role=Body.SignatureRole.CHAIR):
        if line.person_id in (old_chair_id, None) and line.person_id != meeting.chair_id:
            line.person_id = meeting.chair_id
            _save(line, by)


@transaction.atomic
def delete_content(row: ProtocolContent, *, by) -> None:
    """Delete a row of a draft (with what hangs on it), or a whole draft meeting.

    The attachments that go with it leave no gap in the numbering of the others, and
    their files are deleted where no other protocol (a correction) refers to them.
    """
    meetings = _lock_drafts(type(row).meeting_ids_of([row]), by)
    attachments = _attachments_under(row)
    file_ids = list(attachments.values_list("file_id", flat=True))
    if by is not None and getattr(by, "is_authenticated", False):
        row._history_user = by
    row.delete()
    if file_ids:
        files.delete_unused(file_ids)
        if not isinstance(row, Meeting):
            for meeting in meetings:
                _close_attachment_gaps(meeting, by)


def _attachments_under(row: ProtocolContent):
    """The attachments deleted with ``row``."""
    if isinstance(row, Attachment):
        return Attachment.objects.filter(pk=row.pk)
    if isinstance(row, AgendaItem):
        return Attachment.objects.filter(item=row)
    if isinstance(row, Meeting):
        return Attachment.objects.filter(meeting=row)
    return Attachment.objects.none()


def _close_attachment_gaps(meeting: Meeting, by) -> None:
    """Number the attachments 1, 2, 3 … in their order again (after one was deleted).
    Upwards, so each number is free when it is taken."""
    for number, attachment in enumerate(meeting.attachments.select_for_update().order_by("order", "pk"), start=1):
        if attachment.order != number:
            attachment.order = number
            _save(attachment, by)


# --- Copying a protocol (corrections) ------------------------------------------------


def _content_models_in_copy_order() -> list[type[ProtocolContent]]:
    """Every protocol-content model except Meeting and the clerk's working material (queue,
    drafts), each after the content models it points to."""
    models_left = [
        m
        for m in apps.get_app_config("minutes").get_models()
        if issubclass(m, ProtocolContent) and m is not Meeting and not getattr(m, "working_material", False)
    ]
    ordered: list[type[ProtocolContent]] = []
    while models_left:
        ready = [
            m
            for m in models_left
            if all(
                f.related_model is m or f.related_model not in models_left
                for f in m._meta.concrete_fields
                if f.is_relation
            )
        ]
        if not ready:  # a cycle of foreign keys between content models: cannot happen today
            raise RuntimeError(f"cannot order {models_left} for copying")
        ordered += ready
        models_left = [m for m in models_left if m not in ready]
    return ordered


@transaction.atomic
def copy_protocol(original: Meeting, *, by, **meeting_changes) -> Meeting:
    """A new draft holding everything the original's protocol holds — every row of every
    content model, with foreign keys between them pointing to the copies — for a correction.

    Generic over the content models (``ProtocolContent``), so a new one is copied too.
    ``meeting_changes`` are set on the new meeting (corrects, reason, edition).
    """
    skip = {"id", "status", "revision", "created", "modified"}
    values = {f.attname: getattr(original, f.attname) for f in Meeting._meta.concrete_fields if f.name not in skip}
    copy = Meeting(**values)
    for name, value in meeting_changes.items():
        setattr(copy, name, value)
    _save(copy, by)
    copies: dict[type, dict] = {Meeting: {original.pk: copy.pk}}
    for model in _content_models_in_copy_order():
        copies[model] = {}
        relations = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in copies]
        for row in model.objects.of_meeting(original).order_by("pk"):
            old_pk = row.pk
            row.pk = None
            row._state.adding = True
            for field in relations:
                old = getattr(row, field.attname)
                if old is not None:
                    setattr(row, field.attname, copies[field.related_model].get(old))
            _save(row, by)
            copies[model][old_pk] = row.pk
    return copy


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


# The first item of a meeting whose body approves the last protocol (Body.agenda_approves_last_protocol).
APPROVAL_ITEM_TITLE = "Genehmigung des Protokolls der letzten Sitzung"


@transaction.atomic
def start_meeting(body: Body, *, by, number: int, date: Date, **facts) -> Meeting:
    """Open a new draft: the meeting, its attendance list from the body's roster (everyone
    present, or — where the body says so, ``Body.initial_attendance`` — nobody recorded yet),
    its minute-takers and its signature lines from the body's rules, and — where the body
    wants it — the item that approves the last meeting's protocol.

    Each person is listed once, where the body's layout puts them: the chair under “Vorsitz”,
    the minute-takers under “Schriftführung” (not again under the administration), everyone
    else in the attendance group of their membership (council.groups). Registered deputies
    are not listed: they are added when they attend (``add_deputy``).
    """
    meeting = add_content(Meeting(body=body, number=number, date=date, **facts), by=by)
    groups = attendance_groups.attendance_groups(body)

    memberships = list(
        body.memberships.active(date).select_related("person", "on_behalf_of").order_by("order", "person__family_name")
    )
    takers = [m for m in memberships if m.role == Membership.Role.MINUTE_TAKER]
    takers = takers or [m for m in memberships if m.role == Membership.Role.SECRETARIAT]
    taking_minutes = {m.person_id for m in takers}

    initial_status = (
        Attendance.Status.UNRECORDED
        if body.initial_attendance == Body.InitialAttendance.UNRECORDED
        else Attendance.Status.PRESENT
    )
    seen: set[int] = set()
    order = 0
    for membership in memberships:
        group = attendance_groups.group_of(membership, groups)
        if (
            group is None
            or membership.deputy_of_id
            or membership.person_id in seen
            or membership.person_id == meeting.chair_id
            or (membership.person_id in taking_minutes and group.kind == AttendanceGroup.Kind.ADMINISTRATION)
        ):
            continue
        seen.add(membership.person_id)
        order += 1
        _save(
            Attendance(
                meeting=meeting,
                order=order,
                person=membership.person,
                group=group,
                affiliation=membership.affiliation,
                status=initial_status,
            ),
            by,
        )

    for order, membership in enumerate(takers, start=1):
        if not MinuteTaker.objects.filter(meeting=meeting, person=membership.person).exists():
            _save(
                MinuteTaker(meeting=meeting, order=order, person=membership.person, affiliation=membership.affiliation),
                by,
            )

    # A line per function the body's rules name, in their order: the chair's names whoever
    # chairs (and follows the chair, _chair_line_follows); the others name the function,
    # signed by whoever holds it in the body on the meeting's date.
    for order, role in enumerate(body.signature_roles or [], start=1):
        person = meeting.chair if role == Body.SignatureRole.CHAIR else None
        _save(SignatureLine(meeting=meeting, order=order, role=role, person=person), by)

    # Where the body approves each protocol in its next meeting, the agenda starts with it.
    earlier = Meeting.objects.filter(body=body, date__lt=date).exclude(pk=meeting.pk)
    if body.agenda_approves_last_protocol and earlier.exists():
        _save(AgendaItem(meeting=meeting, order=1, number="1", title=APPROVAL_ITEM_TITLE), by)
    return meeting


def save_meeting(meeting: Meeting, *, by, revision: int, **facts) -> Meeting:
    """The meeting's facts (number, date, times, place, chair, invitation, quorum)."""
    return change_content(meeting, by=by, revision=revision, changes=facts)


# --- Signature lines -----------------------------------------------------------------


def add_signature_line(meeting: Meeting, *, by, role: str, person: Person | None = None) -> SignatureLine:
    """A line for a function of the body, signed by whoever holds it on the meeting's date, or
    only by ``person`` (never the one who adds it: validate_signer)."""
    return add_content(SignatureLine(meeting=meeting, role=role, person=person), by=by, append=True)


@transaction.atomic
def move_signature_line(line: SignatureLine, *, by, direction: int) -> None:
    meeting = _lock_draft(line.meeting_id, by)
    _swap_order(meeting.signature_lines.select_for_update(), line, direction, by)


def remove_signature_line(line: SignatureLine, *, by) -> None:
    delete_content(line, by=by)


# --- Attendance ----------------------------------------------------------------------


def save_attendance(attendance: Attendance, *, by, revision: int | None = None, **changes) -> Attendance:
    """Status (present / excused / absent), arrival, departure, group, affiliation — refused
    with EditConflict if someone saved the row since the user opened it at ``revision``."""
    return change_content(attendance, by=by, revision=revision, changes=changes)


@dataclass
class Marked:
    """What ``mark_attendances`` did: the rows it changed (as saved), the rows someone else
    saved since the page showed them (as stored, unchanged) and the rows a rule kept as they
    were (each with the rule's message)."""

    changed: list[Attendance]
    conflicts: list[Attendance]
    refused: list[tuple[Attendance, str]]


@transaction.atomic
def mark_attendances(meeting: Meeting, *, by, status: str, revisions: dict[int, int | None]) -> Marked:
    """Give many rows of a meeting's attendance list one status at once (“mark the selected
    as excused”). ``revisions``: row id → the revision the page showed it at; a row saved by
    someone else since then is left as it is and reported, the others are changed."""
    if status not in Attendance.Status.values:
        raise DraftingError(_("Choose present, excused or absent."))
    rows = list(meeting.attendances.filter(pk__in=revisions).order_by("order", "pk"))
    if len(rows) != len(revisions):
        raise DraftingError(_("A selected row is not on this meeting's attendance list."))
    marked = Marked(changed=[], conflicts=[], refused=[])
    for row in rows:
        try:
            marked.changed.append(save_attendance(row, by=by, revision=revisions[row.pk], status=status))
        except EditConflict as conflict:
            marked.conflicts.append(conflict.current)
        except DraftingError as error:
            marked.refused.append((row, error.message))
    return marked


@transaction.atomic
def add_guest(
    meeting: Meeting,
    *,
    by,
    person: Person | None = None,
    new_person: dict | None = None,
    organization: Organization | None = None,
    new_organization: str = "",
    affiliation: str = "",
) -> Attendance:
    """A guest of the meeting: an existing person or one created on the spot, or an
    organisation attending as such (an existing one or a new one, by name)."""
    meeting = _lock_draft(meeting.pk, by)  # before creating anyone for a meeting that cannot take them
    if organization is None and new_organization.strip():
        organization, _created = Organization.objects.get_or_create(name=new_organization.strip())
    if organization is None and person is None:
        if not new_person:
            raise DraftingError(_("Choose a person or an organisation, or enter a new one."))
        person = Person.objects.create(**new_person)
    if person is not None and meeting.attendances.filter(person=person).exists():
        raise DraftingError(_("%(name)s is already on the attendance list.") % {"name": person.addressed_name})
    if person is None and meeting.attendances.filter(organization=organization).exists():
        raise DraftingError(_("%(name)s is already on the attendance list.") % {"name": organization.name})
    group = attendance_groups.guest_group(attendance_groups.attendance_groups(meeting.body))
    if group is None:
        raise DraftingError(_("This body has no group for guests (admin → body → attendance groups)."))
    guest = Attendance(meeting=meeting, person=person, organization=organization, group=group, affiliation=affiliation)
    return add_content(guest, by=by, append=True)


def remove_attendance(attendance: Attendance, *, by) -> None:
    """Take a row off the attendance list (with the deputations it holds)."""
    delete_content(attendance, by=by)


# --- Minute-takers ------------------------------------------------------------------------


@transaction.atomic
def add_minute_taker(
    meeting: Meeting, *, by, person: Person | None = None, new_person: dict | None = None, affiliation: str = ""
) -> MinuteTaker:
    """A minute-taker of the meeting — a known person or one created on the spot — with the
    affiliation as printed (“Fachbereich Bildung und Familie”), after the others."""
    _lock_draft(meeting.pk, by)  # before creating a person for a meeting that cannot take them
    if person is None:
        if not new_person or not new_person.get("family_name"):
            raise DraftingError(_("Choose a person or enter a new one."), field="person")
        person = Person.objects.create(**new_person)
    return add_content(MinuteTaker(meeting=meeting, person=person, affiliation=affiliation), by=by, append=True)


def save_minute_taker(taker: MinuteTaker, *, by, revision: int, **changes) -> MinuteTaker:
    """Another person, or the affiliation as printed."""
    return change_content(taker, by=by, revision=revision, changes=changes)


@transaction.atomic
def move_minute_taker(taker: MinuteTaker, *, by, direction: int) -> None:
    meeting = _lock_draft(taker.meeting_id, by)
    _swap_order(meeting.minute_takers.select_for_update(), taker, direction, by)


def remove_minute_taker(taker: MinuteTaker, *, by) -> None:
    delete_content(taker, by=by)


def _member_row_group(meeting: Meeting, member: Person, groups: list[AttendanceGroup]) -> AttendanceGroup | None:
    """The group a deputy of ``member`` sits in: the member's own in this meeting, else by the roster."""
    own = meeting.attendances.filter(person=member).select_related("group").first()
    if own is not None:
        return own.group
    membership = meeting.body.memberships.active(meeting.date).filter(person=member).order_by("order").first()
    group = attendance_groups.group_of(membership, groups) if membership else None
    return group or next((g for g in groups if g.votes), None)


@transaction.atomic
def add_deputy(
    meeting: Meeting,
    *,
    by,
    person: Person,
    member: Person,
    start: Time | None = None,
    end: Time | None = None,
) -> Deputation:
    """A deputy sits for ``member`` from ``start`` until ``end`` (None: as long as the deputy
    is there). The deputy gets an attendance row (present, in the member's group, with the
    affiliation of their deputy membership) if they have none yet; a deputy already listed —
    sitting for another member earlier — keeps theirs and gets one more deputation."""
    meeting = _lock_draft(meeting.pk, by)
    row = meeting.attendances.filter(person=person).first()
    if row is None:
        groups = attendance_groups.attendance_groups(meeting.body)
        deputy_membership = (
            meeting.body.memberships.active(meeting.date).filter(person=person).select_related("on_behalf_of").first()
        )
        row = add_content(
            Attendance(
                meeting=meeting,
                person=person,
                group=_member_row_group(meeting, member, groups),
                affiliation=deputy_membership.affiliation if deputy_membership else "",
            ),
            by=by,
            append=True,
        )
    return add_content(Deputation(deputy=row, member=member, start=start, end=end), by=by)


def save_deputation(deputation: Deputation, *, by, **changes) -> Deputation:
    return change_content(deputation, by=by, changes=changes)


def remove_deputation(deputation: Deputation, *, by) -> None:
    delete_content(deputation, by=by)


# --- Agenda ----------------------------------------------------------------------------


def add_agenda_item(
    meeting: Meeting,
    *,
    by,
    number: str,
    title: str,
    public: bool = True,
    without_discussion: bool = False,
    start_time: Time | None = None,
    end_time: Time | None = None,
) -> AgendaItem:
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title,
        public=public,
        without_discussion=without_discussion,
        start_time=start_time,
        end_time=end_time,
    )
    return add_content(item, by=by, append=True)


@dataclass
class PlannedItem:
    """A line of a pasted agenda as it would be created: ``note`` says why it is not (an item
    with this number and title is already there), ``error`` why nothing can be created."""

    number: str
    title: str
    public: bool
    note: str = ""
    error: str = ""


def plan_agenda(meeting: Meeting, parsed) -> list[PlannedItem]:
    """What ``add_agenda_items`` would do with these items (agenda_text.ParsedItem): shown as a
    preview before anything is created."""
    existing = dict(meeting.agenda_items.values_list("number", "title"))
    seen: set[str] = set()
    planned = []
    for item in parsed:
        row = PlannedItem(item.number, item.title, item.public)
        if len(item.number) > NUMBER_LIMIT:
            row.error = str(_("An item number has at most %(limit)d characters.") % {"limit": NUMBER_LIMIT})
        elif len(item.title) > TITLE_LIMIT:
            row.error = str(_("A title has at most %(limit)d characters.") % {"limit": TITLE_LIMIT})
        elif item.number in seen:
            row.error = str(_("Item number %(number)s appears twice.") % {"number": item.number})
        elif existing.get(item.number) == item.title:
            row.note = str(_("already on the agenda"))
        elif item.number in existing:
            row.error = str(_("Item number %(number)s is already used in this meeting.") % {"number": item.number})
        seen.add(item.number)
        planned.append(row)
    return planned


@transaction.atomic
def add_agenda_items(meeting: Meeting, *, by, parsed) -> list[AgendaItem]:
    """Create the items of a pasted (or copied) agenda after the existing ones, all or none:
    an item already there with the same number and title is left out; any other problem
    (plan_agenda) refuses the whole agenda."""
    _lock_draft(meeting.pk, by)
    planned = plan_agenda(meeting, parsed)
    errors = [row.error for row in planned if row.error]
    if errors:
        raise DraftingError(errors[0])
    return [
        add_agenda_item(meeting, by=by, number=row.number, title=row.title, public=row.public)
        for row in planned
        if not row.note
    ]


def save_agenda_item(item: AgendaItem, *, by, revision: int, **changes) -> AgendaItem:
    return change_content(item, by=by, revision=revision, changes=changes)


def delete_agenda_item(item: AgendaItem, *, by) -> None:
    delete_content(item, by=by)


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
    _lock_draft(item.meeting_id, by)  # before creating a person for an item that cannot take them
    if person is None and new_person:
        person = Person.objects.create(**new_person)
    if person is None and organization is None:
        raise DraftingError(_("Choose a person or an organisation."))
    return add_content(Presenter(item=item, person=person, organization=organization, role=role), by=by, append=True)


def remove_presenter(presenter: Presenter, *, by) -> None:
    delete_content(presenter, by=by)


# --- Deliberation: contributions and decisions -------------------------------------------


def add_contribution(
    item: AgendaItem, *, by, speaker: Person | None, text: str, speaker_prefix: str = ""
) -> Contribution:
    contribution = Contribution(item=item, speaker=speaker, speaker_prefix=speaker_prefix, text=text)
    return add_content(contribution, by=by, append=True)


def save_contribution(contribution: Contribution, *, by, revision: int, **changes) -> Contribution:
    """Save an edited contribution unless someone saved it since (``EditConflict``)."""
    return change_content(contribution, by=by, revision=revision, changes=changes)


@transaction.atomic
def move_contribution(contribution: Contribution, *, by, direction: int) -> None:
    _lock_draft(contribution.item.meeting_id, by)
    _swap_order(contribution.item.contributions.select_for_update(), contribution, direction, by)


def delete_contribution(contribution: Contribution, *, by) -> None:
    delete_content(contribution, by=by)


def add_decision(item: AgendaItem, *, by, text: str, result: str, **votes) -> Decision:
    """A decision with its votes, which cannot exceed the seats held at the item."""
    return add_content(Decision(item=item, text=text, result=result, **votes), by=by, append=True)


def save_decision(decision: Decision, *, by, revision: int, **changes) -> Decision:
    return change_content(decision, by=by, revision=revision, changes=changes)


def delete_decision(decision: Decision, *, by) -> None:
    delete_content(decision, by=by)


# --- Figures and attachments ---------------------------------------------------------------


@transaction.atomic
def add_figure(
    item: AgendaItem,
    *,
    by,
    image: files.CleanFile,
    caption: str,
    description: str = "",
    after: Contribution | None = None,
) -> Figure:
    """A figure of an item (an image checked and re-encoded by files.clean_image), placed
    after a contribution of the item or before the first."""
    _lock_draft(item.meeting_id, by)
    figure = Figure(item=item, caption=caption, description=description, after=after)
    content = image.as_content_file()
    figure.image.save(content.name, content, save=False)
    try:
        return add_content(figure, by=by, append=True)
    except BaseException:
        figure.image.delete(save=False)
        raise


def save_figure(figure: Figure, *, by, **changes) -> Figure:
    """Caption, text alternative, placement."""
    return change_content(figure, by=by, changes=changes)


@transaction.atomic
def move_figure(figure: Figure, *, by, direction: int) -> None:
    _lock_draft(figure.item.meeting_id, by)
    _swap_order(figure.item.figures.select_for_update(), figure, direction, by)


def delete_figure(figure: Figure, *, by) -> None:
    delete_content(figure, by=by)


@transaction.atomic
def add_attachment(
    meeting: Meeting,
    *,
    by,
    upload: files.CleanFile,
    title: str,
    item: AgendaItem | None = None,
) -> Attachment:
    """An attachment (Anlage) with the next number: a PDF or image checked by
    files.clean_attachment, stored with its checksums, of an item or of the whole protocol."""
    _lock_draft(meeting.pk, by)
    stored = files.store_file(upload, name=title)
    attachment = Attachment(meeting=meeting, item=item, title=title, file=stored)
    try:
        return add_content(attachment, by=by, append=True)
    except BaseException:
        stored.content.delete(save=False)  # the row goes with the transaction, the bytes here
        raise


def save_attachment(attachment: Attachment, *, by, revision: int, **changes) -> Attachment:
    """Title and item (the file itself is replaced by deleting and adding anew)."""
    return change_content(attachment, by=by, revision=revision, changes=changes)


@transaction.atomic
def move_attachment(attachment: Attachment, *, by, direction: int) -> None:
    """One number up or down: the attachments are numbered in their order."""
    meeting = _lock_draft(attachment.meeting_id, by)
    _swap_order(meeting.attachments.select_for_update(), attachment, direction, by)


def delete_attachment(attachment: Attachment, *, by) -> None:
    """Remove an attachment; the ones after it move up a number, and its file goes where
    no other protocol refers to it."""
    delete_content(attachment, by=by)


@transaction.atomic
def save_named_votes(decision: Decision, *, by, revision: int | None, votes: dict[int, str]) -> Decision:
    """Record a named vote: each voter's choice (person id → Vote.Choice value; a voter left
    out did not vote). Every voter must have held a seat at the item, one voter per seat; the
    decision's counts become the named vote's. An empty ``votes`` removes the named vote
    (the counts stay). Refused with EditConflict if the decision was saved since ``revision``."""
    _lock_draft(decision.item.meeting_id, by)
    current = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    if revision is not None and current.revision != revision:
        raise EditConflict(current)
    errors = named_vote_errors(current.item, votes)
    if errors:
        raise errors[0]
    for vote in current.named_votes.all():
        delete_content(vote, by=by)
    for person_id, choice in votes.items():
        add_content(Vote(decision=current, person_id=person_id, choice=choice), by=by)
    if not votes:
        return change_content(current, by=by, changes={})
    counts = tally(votes.values())
    changes = dict(zip(VOTE_FIELDS, (counts.yes, counts.no, counts.abstain, counts.biased), strict=True))
    return change_content(current, by=by, changes=changes)


# --- Live mode: the clerk in the room --------------------------------------------------------


def now_in_the_room() -> Time:
    """The current local time to the minute, as a protocol prints it."""
    return timezone.localtime().time().replace(second=0, microsecond=0)


def call_or_close_item(item: AgendaItem, *, by, revision: int, event: str) -> AgendaItem:
    """Record now as the time the item was called (``event="call"``) or closed (``"close"``),
    through the item's own save: refused with EditConflict if it was saved since ``revision``."""
    field = {"call": "start_time", "close": "end_time"}[event]
    return save_agenda_item(item, by=by, revision=revision, **{field: now_in_the_room()})


def arrive_or_leave_now(attendance: Attendance, *, by, revision: int, event: str) -> Attendance:
    """A late arrival (``event="arrival"``) or an early departure (``"departure"``) at the current
    time, through the attendance row's own save (revision checked, deputations validated)."""
    field = {"arrival": "arrival", "departure": "departure"}[event]
    return save_attendance(attendance, by=by, revision=revision, **{field: now_in_the_room()})


@transaction.atomic
def request_to_speak(item: AgendaItem, *, by, speaker: Person | None, note: str = "") -> SpeakerRequest:
    """Put a speaker at the end of the item's queue (a working note: never printed)."""
    _lock_draft(item.meeting_id, by)
    return SpeakerRequest.objects.create(item=item, speaker=speaker, note=note)


@transaction.atomic
def withdraw_request(request: SpeakerRequest, *, by) -> None:
    _lock_draft(request.item.meeting_id, by)
    SpeakerRequest.objects.filter(pk=request.pk).delete()


@transaction.atomic
def contribution_from_request(request: SpeakerRequest, *, by) -> Contribution:
    """The request's note becomes the speaker's contribution (appended to the item); the
    request leaves the queue."""
    if not request.note.strip():
        raise DraftingError(_("Write a note first: it becomes the text of the contribution."), field="note")
    contribution = add_contribution(request.item, by=by, speaker=request.speaker, text=request.note)
    SpeakerRequest.objects.filter(pk=request.pk).delete()
    return contribution


# --- Autosaved drafts of a contribution being typed -----------------------------------------


DRAFT_LIMITS = {"speaker_name": 200, "text": 50_000, "speaker_prefix": 200}


@transaction.atomic
def autosave_contribution(
    item: AgendaItem, *, by, contribution: Contribution | None = None, base_revision: int | None = None, **typed
) -> ContributionDraft:
    """Keep what ``by`` is typing into a contribution form (a new one, or ``contribution``) as
    their draft. Only their own draft changes: the contribution itself is saved by the form."""
    _lock_draft(item.meeting_id, by)
    for name, limit in DRAFT_LIMITS.items():
        if len(typed.get(name, "")) > limit:
            raise DraftingError(_("The text is too long."), field=name)
    draft, _created = ContributionDraft.objects.update_or_create(
        item=item,
        author=by,
        contribution=contribution,
        defaults={**{name: typed.get(name, "") for name in DRAFT_LIMITS}, "base_revision": base_revision},
    )
    return draft


def discard_contribution_draft(item: AgendaItem, *, by, contribution: Contribution | None = None) -> None:
    """The draft has been saved as the contribution (or is no longer wanted)."""
    ContributionDraft.objects.filter(item=item, author=by, contribution=contribution).delete()
