"""Read-side queries of the drafting workspace; every write is in services.py."""

from django.db.models import Q, QuerySet

from council.models import Body, Person
from minutes.models import AgendaItem, Attendance, Meeting, MinuteTaker
from minutes.selectors import last_review_step


def roster_people(body: Body) -> QuerySet[Person]:
    """People of a body's roster (present and past), for chair and deputy choices."""
    return Person.objects.filter(memberships__body=body).distinct().order_by("family_name", "given_name")


def possible_guests(meeting: Meeting) -> QuerySet[Person]:
    """Known people not yet on the meeting's attendance list."""
    return Person.objects.exclude(attendances__meeting=meeting).order_by("family_name", "given_name")


def drafts_and_submitted(bodies) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """The workspace home: the drafts of these bodies (each with its last review step, so a
    request for changes can be marked) and their protocols waiting for approval."""
    meetings = Meeting.objects.filter(body__in=bodies).select_related("body").order_by("date", "pk")
    drafts = meetings.filter(status=Meeting.Status.DRAFT).annotate(last_review_step=last_review_step())
    return drafts, meetings.filter(status=Meeting.Status.SUBMITTED)


def attendance_list(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("person", "deputy_for")


def agenda(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items with what the agenda page shows of each: presenters and contributions."""
    return meeting.agenda_items.prefetch_related("presenters__person", "presenters__organization", "contributions")


def item_content(item: AgendaItem) -> dict[str, QuerySet]:
    """What the item page lists: its presenters, contributions and decisions, as printed."""
    return {
        "presenters": item.presenters.select_related("person", "organization"),
        "contributions": item.contributions.select_related("speaker"),
        "decisions": item.decisions.all(),
    }


def people_who_may_speak(meeting: Meeting) -> list[Person]:
    """Who may speak in a meeting: the chair, attendees and guests who are present (not the
    excused or absent), the minute-takers and the presenters — each once."""
    people: dict[int, Person] = {}
    if meeting.chair_id:
        people[meeting.chair_id] = meeting.chair
    for attendance in meeting.attendances.filter(status=Attendance.Status.PRESENT).select_related("person"):
        people.setdefault(attendance.person_id, attendance.person)
    minute_takers = MinuteTaker.objects.filter(meeting=meeting).values("person")
    for person in Person.objects.filter(Q(presentations__item__meeting=meeting) | Q(pk__in=minute_takers)).distinct():
        people.setdefault(person.pk, person)
    return list(people.values())
