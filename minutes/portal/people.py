"""Person pages: in which meetings someone took part and in what role, and what they said —
as far as the reader may see."""

from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_safe

from council.models import Person
from council.names import printed_names
from minutes import access
from minutes.models import Attendance, Meeting, MinuteTaker
from minutes.portal import selectors as portal_selectors
from minutes.portal.copies import kept_for_visitors
from minutes.portal.forms import page_of

PAGE_SIZE = 25


def _meetings_of(user, person: Person) -> QuerySet[Meeting]:
    """The visible meetings in which the person had a part, each annotated with that part.

    The meetings are found through the person's own rows (a union of small index look-ups),
    not by testing every meeting of the archive.
    """
    contributions = portal_selectors.visible_contributions(user).filter(speaker=person)
    presentations = portal_selectors.visible_presenters(user).filter(person=person)
    minute_taking = MinuteTaker.objects.filter(person=person)
    spoken = (
        contributions.filter(item__meeting=OuterRef("pk"))
        .order_by()
        .values("item__meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    involved = (
        Attendance.objects.filter(person=person)
        .order_by()
        .values("meeting")
        .union(
            Meeting.objects.filter(chair=person).order_by().values("pk"),
            minute_taking.order_by().values("meeting"),
            contributions.order_by().values("item__meeting"),
            presentations.order_by().values("item__meeting"),
        )
    )
    return (
        Meeting.objects.select_related("body")
        .filter(access.visible_meeting_condition(user), pk__in=involved)
        .annotate(
            attendance_status=Subquery(
                Attendance.objects.filter(meeting=OuterRef("pk"), person=person).values("status")[:1]
            ),
            chaired=ExpressionWrapper(Q(chair=person), output_field=BooleanField()),
            took_minutes=Exists(minute_taking.filter(meeting=OuterRef("pk"))),
            presented=Exists(presentations.filter(item__meeting=OuterRef("pk"))),
            contribution_count=Coalesce(Subquery(spoken, output_field=IntegerField()), 0),
        )
    )


def _roles(meeting: Meeting) -> list[str]:
    """What the person did in a meeting annotated by _meetings_of, as the table shows it."""
    roles = []
    if meeting.chaired:
        roles.append(_("Chair"))
    if meeting.took_minutes:
        roles.append(pgettext("role in a meeting", "Minutes"))
    if meeting.presented:
        roles.append(_("Presented an item"))
    if meeting.contribution_count:
        count = meeting.contribution_count
        roles.append(ngettext("%(counter)s contribution", "%(counter)s contributions", count) % {"counter": count})
    return roles


@require_safe
@kept_for_visitors()
def person_list(request):
    """Everyone named in a protocol the reader may see."""
    people = portal_selectors.people_in_protocols(request.user).order_by("family_name", "given_name", "pk")
    page = page_of(Paginator(people, 50), request.GET.get("page"))
    return render(request, "minutes/portal/person_list.html", {"page": page})


@require_safe
@kept_for_visitors()
def person_detail(request, pk):
    """Roles per meeting (chair, minutes, present / excused / absent) and contributions,
    in visible meetings and items only."""
    # Only people a visible protocol names: the registry itself (people in drafts only,
    # logins of staff) is not published.
    person = get_object_or_404(portal_selectors.people_in_protocols(request.user), pk=pk)
    meetings = _meetings_of(request.user, person)
    # Whoever chaired or kept the minutes was there, even where the attendance list
    # (as in the reference protocol) names them only in the header.
    # (The conditions repeat the annotations: an aggregate cannot filter on boolean annotations.)
    took_minutes = Q(pk__in=MinuteTaker.objects.filter(person=person).values("meeting"))
    there_without_attendance = Q(attendance_status__isnull=True) & (Q(chair=person) | took_minutes)
    record = meetings.aggregate(
        present=Count("pk", filter=Q(attendance_status=Attendance.Status.PRESENT) | there_without_attendance),
        excused=Count("pk", filter=Q(attendance_status=Attendance.Status.EXCUSED)),
        absent=Count("pk", filter=Q(attendance_status=Attendance.Status.ABSENT)),
        chaired=Count("pk", filter=Q(chair=person)),
        took_minutes=Count("pk", filter=took_minutes),
    )
    contributions = (
        portal_selectors.visible_contributions(request.user)
        .filter(speaker=person)
        .select_related("item__meeting__body", "speaker")
        .order_by("-item__meeting__date", "item__order", "order")
    )
    meetings = page_of(Paginator(meetings.order_by("-date", "-number"), PAGE_SIZE), request.GET.get("attendance_page"))
    for meeting in meetings:
        meeting.roles = _roles(meeting)
    contributions = page_of(Paginator(contributions, PAGE_SIZE), request.GET.get("page"))
    # What they said as printed: their name as each body printed it.
    speakers = printed_names([(c.item.meeting.body, c.item.meeting.date, c.speaker) for c in contributions])
    for contribution, speaker in zip(contributions, speakers, strict=True):
        contribution.printed = contribution.as_markup(speaker)
    return render(
        request,
        "minutes/portal/person_detail.html",
        {
            "person": person,
            "record": record,
            "meetings": meetings,
            "contributions": contributions,
        },
    )
