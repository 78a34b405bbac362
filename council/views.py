"""Person pages: who attended which meetings, and what they said — as far as the reader may see."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from minutes import selectors
from minutes.models import Attendance, Contribution

from .models import Person

PAGE_SIZE = 25


@require_safe
def person_list(request):
    """Everyone who attended a meeting the reader may see."""
    meetings = selectors.visible_meetings(request.user).values("pk")
    people = Person.objects.filter(attendances__meeting__in=meetings).distinct().order_by("family_name", "given_name")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "council/person_list.html", {"page": page})


@require_safe
def person_detail(request, pk):
    """Attendance record (present / excused / absent) and contributions, in visible meetings and items only."""
    person = get_object_or_404(Person, pk=pk)
    meetings = selectors.visible_meetings(request.user).values("pk")
    attendances = (
        Attendance.objects.filter(person=person, meeting__in=meetings)
        .select_related("meeting__body")
        .order_by("-meeting__date", "-meeting__number")
    )
    record = attendances.aggregate(
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
        absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
    )
    contributions = (
        Contribution.objects.filter(selectors.visible_item_condition(request.user, through="item__"), speaker=person)
        .select_related("item__meeting__body")
        .order_by("-item__meeting__date", "item__order", "order")
    )
    return render(
        request,
        "council/person_detail.html",
        {
            "person": person,
            "record": record,
            "attendances": Paginator(attendances, PAGE_SIZE).get_page(request.GET.get("attendance_page")),
            "contributions": Paginator(contributions, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )
