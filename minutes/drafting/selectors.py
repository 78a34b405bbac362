"""Read-side queries of the drafting workspace; every write is in services.py."""

from django.db.models import Q, QuerySet

from council.models import Body, Organization, Person
from council.names import PrintedNames
from minutes.models import AgendaItem, Attendance, Deputation, Meeting, MinuteTaker
from minutes.selectors import last_review_step


def roster_people(body: Body, *, including: int | None = None) -> QuerySet[Person]:
    """People of a body's roster (present and past), for chair and deputy choices; with
    ``including``, that person too (the one a row names now)."""
    condition = Q(memberships__body=body)
    if including is not None:
        condition |= Q(pk=including)
    return Person.objects.filter(condition).distinct().order_by("family_name", "given_name")


def roster_affiliation(body: Body, person: Person, on) -> str:
    """What the body's roster prints next to a person's name on a date (their first membership's)."""
    membership = (
        body.memberships.active(on).filter(person=person).select_related("on_behalf_of").order_by("order").first()
    )
    return membership.affiliation if membership else ""


def minute_takers(meeting: Meeting) -> QuerySet[MinuteTaker]:
    return meeting.minute_takers.select_related("person")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's meeting before this one (by date, then number), whose agenda may be taken over."""
    earlier = Meeting.objects.filter(body_id=meeting.body_id, corrects__isnull=True).exclude(pk=meeting.pk)
    earlier = earlier.filter(Q(date__lt=meeting.date) | Q(date=meeting.date, number__lt=meeting.number))
    return earlier.filter(agenda_items__isnull=False).distinct().order_by("-date", "-number").first()


def attachments(meeting: Meeting) -> QuerySet:
    """The meeting's attachments in their numbered order, with their item and file."""
    return meeting.attachments.select_related("item", "file")


def possible_guests(meeting: Meeting) -> QuerySet[Person]:
    """Known people not yet on the meeting's attendance list."""
    return Person.objects.exclude(attendances__meeting=meeting).order_by("family_name", "given_name")


def possible_guest_organizations(meeting: Meeting) -> QuerySet[Organization]:
    """Organisations not yet on the meeting's attendance list."""
    return Organization.objects.exclude(attendances__meeting=meeting).order_by("name")


def drafts_and_submitted(bodies) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """The workspace home: the drafts of these bodies (each with its last review step, so a
    request for changes can be marked) and their protocols waiting for approval."""
    meetings = Meeting.objects.filter(body__in=bodies).select_related("body").order_by("date", "pk")
    drafts = meetings.filter(status=Meeting.Status.DRAFT).annotate(last_review_step=last_review_step())
    return drafts, meetings.filter(status=Meeting.Status.SUBMITTED)


def signed_to_publish(bodies) -> QuerySet[Meeting]:
    """The workspace home: signed protocols of these bodies that wait to be published."""
    return (
        Meeting.objects.filter(body__in=bodies, status=Meeting.Status.SIGNED)
        .select_related("body")
        .order_by("date", "pk")
    )


def attendance_list(meeting: Meeting, *, only=None) -> list[Attendance]:
    """The rows as the attendance page lists them, each with ``printed_name`` (as the body
    prints it), its ``deputations`` (whom the person sits for) and ``represented_by`` (who
    sits for the person). ``only``: just the rows with these ids (a row shown again after a
    change)."""
    names = PrintedNames(meeting.body, meeting.date)
    deputations = list(Deputation.objects.filter(deputy__meeting=meeting).select_related("member", "deputy__person"))
    rows = meeting.attendances.select_related("person", "organization", "group")
    rows = list(rows if only is None else rows.filter(pk__in=only))
    for row in rows:
        row.printed_name = names(row.person) if row.person_id else row.name
        row.sits_for = [(d, names.accusative(d.member)) for d in deputations if d.deputy_id == row.pk]
        row.represented_by = [
            (d, names.accusative(d.deputy.person))
            for d in deputations
            if row.person_id and d.member_id == row.person_id
        ]
    return rows


def agenda(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items with what the agenda page shows of each: presenters and contributions."""
    return meeting.agenda_items.prefetch_related("presenters__person", "presenters__organization", "contributions")


def neighbouring_items(item: AgendaItem) -> tuple[AgendaItem | None, AgendaItem | None]:
    """The items before and after ``item`` in the agenda's order (None at either end)."""
    ordered = list(item.meeting.agenda_items.only("pk", "number", "title"))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    return (ordered[index - 1] if index else None), (ordered[index + 1] if index + 1 < len(ordered) else None)


def item_content(item: AgendaItem) -> dict:
    """What the item page lists: its presenters, contributions (each with ``printed``, its
    text with the speaker as the body prints them), decisions, figures and attachments, as
    printed."""
    names = PrintedNames(item.meeting.body, item.meeting.date)
    contributions = list(item.contributions.select_related("speaker"))
    for contribution in contributions:
        contribution.printed = contribution.as_markup(names(contribution.speaker))
    return {
        "presenters": item.presenters.select_related("person", "organization"),
        "contributions": contributions,
        "decisions": item.decisions.prefetch_related("named_votes"),
        "figures": item.figures.select_related("after__speaker"),
        "item_attachments": item.attachments.select_related("file"),
    }


def people_who_may_speak(meeting: Meeting) -> list[Person]:
    """Who may speak in a meeting: the chair, attendees and guests who are present (not the
    excused or absent), the minute-takers and the presenters — each once."""
    people: dict[int, Person] = {}
    if meeting.chair_id:
        people[meeting.chair_id] = meeting.chair
    present = meeting.attendances.filter(status=Attendance.Status.PRESENT, person__isnull=False)
    for attendance in present.select_related("person"):
        people.setdefault(attendance.person_id, attendance.person)
    minute_takers = MinuteTaker.objects.filter(meeting=meeting).values("person")
    for person in Person.objects.filter(Q(presentations__item__meeting=meeting) | Q(pk__in=minute_takers)).distinct():
        people.setdefault(person.pk, person)
    return list(people.values())
