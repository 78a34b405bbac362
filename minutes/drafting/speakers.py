"""A speaker the contribution form does not accept, and what would help: someone on the list
as excused, absent or not recorded is offered to be marked present from now; someone not on
the list at all is offered to be added as a guest. The offer is a button of the contribution
form itself, so the typed text is saved in the same step (views._accept_speaker_offer).
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from council.names import PrintedNames
from minutes.drafting import services
from minutes.models import Attendance, Meeting

FORMS_OF_ADDRESS = {"frau", "herr"}
ACADEMIC_TITLES = ("dr.", "prof.", "dipl.")


@dataclass
class SpeakerOffer:
    """``value`` names the offer in the form's post (“present:<row>” or “guest”)."""

    message: str
    button: str
    value: str


def _now_on(meeting: Meeting):
    """The time now, if the meeting takes place today (a late arrival “from now”); else None."""
    now = timezone.localtime()
    return now.time().replace(second=0, microsecond=0) if now.date() == meeting.date else None


def speaker_offer(meeting: Meeting, typed: str) -> SpeakerOffer:
    """Why ``typed`` cannot speak, and the step that would let them."""
    names = PrintedNames(meeting.body, meeting.date)
    wanted = typed.casefold()
    rows = meeting.attendances.exclude(status=Attendance.Status.PRESENT).filter(person__isnull=False)
    for row in rows.select_related("person"):
        person = row.person
        if wanted in {names(person).casefold(), person.addressed_name.casefold(), person.full_name.casefold()}:
            now = _now_on(meeting)
            message = {
                Attendance.Status.EXCUSED: _("%(name)s is recorded as excused, so they cannot speak."),
                Attendance.Status.ABSENT: _("%(name)s is recorded as absent, so they cannot speak."),
            }.get(row.status, _("%(name)s is not recorded as present yet, so they cannot speak.")) % {
                "name": names(person)
            }
            if now is not None:
                button = _("Mark %(name)s present from %(time)s and save") % {
                    "name": names(person),
                    "time": formats.time_format(now, "TIME_FORMAT"),
                }
            else:
                button = _("Mark %(name)s present and save") % {"name": names(person)}
            return SpeakerOffer(message, button, f"present:{row.pk}")
    return SpeakerOffer(
        _("“%(name)s” is not on this meeting's attendance list.") % {"name": typed},
        _("Add “%(name)s” as a guest and save") % {"name": typed},
        "guest",
    )


def guest_name(typed: str) -> dict:
    """A typed name as a new person: “Frau Dr. Müller”, “Anna Müller”, “Herr Hans Meier”."""
    parts = typed.split()
    person = {"form_of_address": "", "title": "", "given_name": "", "family_name": ""}
    if len(parts) > 1 and parts[0].casefold() in FORMS_OF_ADDRESS:
        person["form_of_address"] = parts.pop(0)
    titles = []
    while len(parts) > 1 and parts[0].casefold().startswith(ACADEMIC_TITLES):
        titles.append(parts.pop(0))
    person["title"] = " ".join(titles)
    person["family_name"] = parts.pop() if parts else ""
    person["given_name"] = " ".join(parts)
    return person


def accept_offer(meeting: Meeting, value: str, typed: str, *, by) -> str:
    """Take the step a SpeakerOffer named (its ``value``); what was done, to tell the user.
    Raises DraftingError if a rule forbids it; an offer that no longer applies does nothing."""
    kind, _sep, row_pk = value.partition(":")
    if kind == "present" and row_pk.isdigit():
        row = meeting.attendances.filter(pk=int(row_pk)).select_related("person").first()
        if row is None or row.status == Attendance.Status.PRESENT:
            return ""
        now = _now_on(meeting)
        changes = {"status": Attendance.Status.PRESENT}
        if now is not None and (row.arrival is None or row.arrival < now):
            changes["arrival"] = now
        services.save_attendance(row, by=by, **changes)
        return _("%(name)s is now recorded as present.") % {"name": row.name}
    if kind == "guest" and typed.strip():
        guest = services.add_guest(meeting, by=by, new_person=guest_name(" ".join(typed.split())))
        return _("%(name)s added as a guest.") % {"name": guest.name}
    return ""
