"""Reading back the change history of a meeting's protocol (django-simple-history).

The models register their history in models.py; this module collects the records of one
meeting — the meeting itself, its attendance, minute-takers, items, contributions,
decisions and attachments — and works out what changed in each.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from council.names import Case, NameFormat

from .models import AgendaItem, Attachment, Attendance, Contribution, Decision, Deputation, Meeting, MinuteTaker, Vote

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Bookkeeping fields nobody needs to read in a history.
HIDDEN_FIELDS = {"revision", "order"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    action: str
    what: str
    changes: list[FieldChange] = field(default_factory=list)
    count: int = 1


def field_display(obj, name: str, *, model=None) -> str:
    """A field's value as a reader sees it: the label of a choice, the name of a related
    object, ja/nein, dates and times the German way; “–” for nothing."""
    model_field = (model or type(obj))._meta.get_field(name)
    value = getattr(obj, model_field.attname)
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(getattr(obj, name, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (date, time)):
        return formats.localize(value)  # 17.45, 20.07.2017 — as the protocol prints them
    return str(value)


def _display(record, name: str) -> str:
    return field_display(record, name, model=record.instance_type)


def meeting_history(meeting: Meeting, limit: int = 500) -> list[HistoryEntry]:
    """All recorded changes of a meeting's protocol, newest first."""
    item_ids = set(AgendaItem.history.filter(meeting_id=meeting.pk).values_list("id", flat=True))
    attendance_ids = set(Attendance.history.filter(meeting_id=meeting.pk).values_list("id", flat=True))
    decision_ids = set(Decision.history.filter(item_id__in=item_ids).values_list("id", flat=True))
    sources = [
        Meeting.history.filter(id=meeting.pk),
        Attendance.history.filter(meeting_id=meeting.pk).select_related("person", "organization"),
        Deputation.history.filter(deputy_id__in=attendance_ids).select_related("member"),
        AgendaItem.history.filter(meeting_id=meeting.pk),
        Contribution.history.filter(item_id__in=item_ids).select_related("speaker"),
        Decision.history.filter(item_id__in=item_ids),
        MinuteTaker.history.filter(meeting_id=meeting.pk).select_related("person"),
        Attachment.history.filter(meeting_id=meeting.pk),
        Vote.history.filter(decision_id__in=decision_ids).select_related("person"),
    ]
    entries = []
    for records in sources:
        records = list(records.select_related("history_user").order_by("id", "history_date", "history_id"))
        previous = None
        for record in records:
            if previous is not None and previous.id != record.id:
                previous = None
            entry = HistoryEntry(
                when=record.history_date,
                who=_who(record.history_user),
                kind=str(record.instance_type._meta.verbose_name),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                what=_describe(record),
            )
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in HIDDEN_FIELDS:
                        continue
                    entry.changes.append(
                        FieldChange(
                            label=str(record.instance_type._meta.get_field(change.field).verbose_name),
                            old=_display(previous, change.field),
                            new=_display(record, change.field),
                        )
                    )
                if not entry.changes:
                    previous = record
                    continue  # only the order or revision moved: not worth a line
            entries.append(entry)
            previous = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return _collapse_bulk_creations(entries)[:limit]


def _collapse_bulk_creations(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Starting a meeting creates dozens of attendance rows at once: show them as one line."""
    collapsed: list[HistoryEntry] = []
    for entry in entries:
        last = collapsed[-1] if collapsed else None
        if (
            last is not None
            and entry.kind == str(Attendance._meta.verbose_name)
            and entry.action == last.action == str(ACTIONS["+"])
            and (entry.kind, entry.who) == (last.kind, last.who)
            and abs((last.when - entry.when).total_seconds()) < 60
        ):
            last.count += 1
            last.what = f"{entry.what}, {last.what}" if last.count <= 6 else last.what
            continue
        collapsed.append(entry)
    for entry in collapsed:
        if entry.count > 6:
            entry.what = f"{entry.what} … ({entry.count})"
    return collapsed


def _who(user) -> str:
    if user is None:
        return str(_("unknown"))
    return user.get_full_name() or user.get_username()


def _describe(record) -> str:
    if isinstance(record.instance, Attendance):
        return record.person.addressed_name if record.person_id else record.organization.name
    if isinstance(record.instance, MinuteTaker):
        return record.person.addressed_name
    if isinstance(record.instance, Attachment):
        return f"{_('Attachment')} {record.order}: {record.title}"
    if isinstance(record.instance, Deputation):
        member = NameFormat().name(record.member, case=Case.ACCUSATIVE)  # “in Vertretung für Herrn Beta”
        return f"{record.deputy.name}: {_('deputy for %(name)s') % {'name': member}}"
    if isinstance(record.instance, Vote):
        return f"{record.person.addressed_name}: {record.get_choice_display()}"
    if isinstance(record.instance, Contribution):
        speaker = record.speaker.addressed_name if record.speaker_id else ""
        return f"{speaker}: {record.text[:80]}".strip(": ")
    if isinstance(record.instance, AgendaItem):
        return f"{_('Item %(number)s') % {'number': record.number}}: {record.title}"
    if isinstance(record.instance, Decision):
        return record.text[:80]
    return str(record.instance.display_title) if isinstance(record.instance, Meeting) else str(record)
