"""Read-side queries of the portal's pages and feeds (search.py and people.py hold their own).

Everything here starts from what the reader may see (minutes.access), so a page cannot
show more by forgetting a filter.
"""

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from council.models import Body, Person
from minutes import access
from minutes import selectors as core_selectors
from minutes.approval.selectors import published_at
from minutes.models import AgendaItem, Attendance, Contribution, Meeting, MinuteTaker, Presenter


def latest_protocol_per_body() -> QuerySet[Meeting]:
    """The latest published protocol of each body, by body name."""
    published = access.published_meetings()
    latest_of_body = published.filter(body=OuterRef("pk")).order_by("-date", "-number").values("pk")[:1]
    latest_pks = Body.objects.annotate(latest=Subquery(latest_of_body)).values_list("latest", flat=True)
    return published.filter(pk__in=[pk for pk in latest_pks if pk]).order_by("body__name")


def recently_published() -> QuerySet[Meeting]:
    return access.published_meetings().order_by("-date", "-number")


def upcoming_meetings() -> QuerySet[Meeting]:
    """Meetings from today on, as their invitations announce them (no agenda)."""
    return core_selectors.scheduled_meetings().filter(date__gte=timezone.localdate()).order_by("date", "start_time")


def protocol_list(user, *, body: Body | None = None, year: int | None = None) -> tuple[QuerySet[Meeting], list[int]]:
    """The protocols a user may read, newest first, of one body and year if given; and the
    years there are protocols for (of that body), to choose from."""
    meetings = access.visible_meetings(user).order_by("-date", "-number")
    if body:
        meetings = meetings.filter(body=body)
    years = [day.year for day in meetings.dates("date", "year", order="DESC")]
    if year:
        meetings = meetings.filter(date__year=year)
    return meetings, years


def published_protocols_with_public_items(body: Body) -> QuerySet[Meeting]:
    """A body's published protocols for its feeds: newest first, with their public items and
    the time each was published (``published_at``)."""
    public_items = Prefetch("agenda_items", queryset=AgendaItem.objects.public().order_by("order", "pk"))
    return (
        access.published_meetings()
        .filter(body=body)
        .annotate(published_at=published_at())
        .order_by("-date", "-number")
        .prefetch_related(public_items)
    )


def calendar_meetings(body: Body | None = None) -> QuerySet[Meeting]:
    """Every meeting as its invitation announces it, of one body if ``body`` is given."""
    meetings = core_selectors.scheduled_meetings().order_by("date", "start_time")
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings


def visible_contributions(user) -> QuerySet[Contribution]:
    return Contribution.objects.filter(access.visible_item_condition(user, through="item__"))


def visible_presenters(user) -> QuerySet[Presenter]:
    return Presenter.objects.filter(access.visible_item_condition(user, through="item__"))


def people_in_protocols(user) -> QuerySet[Person]:
    """Everyone a visible protocol names: attending, chairing, keeping the minutes, speaking, presenting.
    Person pages and the search's person filter show no one else: the registry itself
    (people in drafts only, logins of staff) is not published.

    Asked per person (through the person's own rows and their indexes) rather than
    by collecting everyone named in every visible protocol: the list pages through people
    in name order and a person page checks one person, whatever the size of the archive.
    """
    visible = access.visible_meeting_condition(user, through="meeting__")
    person = OuterRef("pk")

    def first(rows: QuerySet) -> Subquery:
        # A scalar subquery with LIMIT 1, not EXISTS: PostgreSQL would turn EXISTS inside an
        # OR into a hash of every attendance row of the archive; this looks up the person's
        # first row through their own index and stops.
        return Subquery(rows.order_by().values("pk")[:1])

    # Attendance alone names someone only in a group with person pages (not e.g. the
    # administration's staff, who appear where they spoke, presented, chaired or took minutes).
    listed = Attendance.objects.filter(visible, person=person, group__on_person_pages=True)
    return Person.objects.alias(
        attended=first(listed),
        chaired=first(Meeting.objects.filter(access.visible_meeting_condition(user), chair=person)),
        took_minutes=first(MinuteTaker.objects.filter(visible, person=person)),
        spoke=first(visible_contributions(user).filter(speaker=person)),
        presented=first(visible_presenters(user).filter(person=person)),
    ).filter(
        Q(attended__isnull=False)
        | Q(chaired__isnull=False)
        | Q(took_minutes__isnull=False)
        | Q(spoke__isnull=False)
        | Q(presented__isnull=False)
    )
