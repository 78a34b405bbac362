"""The OParl 1.1 interface: read-only JSON for anonymous readers, at /oparl/v1.1/.

Every answer carries ``Access-Control-Allow-Origin: *`` (browsers of other sites read it,
as OParl requires), errors included. Lists are paginated (``page``), filtered by
``created_since``, ``created_until``, ``modified_since`` and ``modified_until``, which
every pagination link keeps; deleted objects stay in their lists and at their addresses
with ``deleted: true`` (tombstones.py).
"""

import datetime as dt
import math
from collections import defaultdict
from functools import wraps
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import Max, Min, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from council.models import Body, LegislativeTerm
from minutes.models import (
    Attachment,
    Attendance,
    Consultation,
    Contribution,
    Decision,
    Deputation,
    Paper,
    ProtocolDocument,
    Tombstone,
    Vote,
)

from . import selectors
from . import serializers as s

MAX_PAGE = 1_000_000  # beyond every list, and within the database's numbers
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


class BadRequest(Exception):
    pass


def oparl(view):
    """JSON for everyone, from any origin; a missing object or a bad filter as a JSON error."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = JsonResponse({"error": "Not found"}, status=404)
        except BadRequest as error:
            response = JsonResponse({"error": str(error)}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _json(data) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _filters(request) -> dict[str, dt.datetime]:
    found = {}
    for name in FILTERS:
        value = request.GET.get(name)
        if value is None:
            continue
        moment = parse_datetime(value.replace(" ", "+"))  # an unescaped “+” arrives as a space
        if moment is None:
            raise BadRequest(f"{name}: not a date-time (ISO 8601, e.g. 2017-07-20T17:30:00+02:00)")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        found[name] = moment
    return found


def _filtered(rows, filters: dict, *, created: str = "created", modified: str = "oparl_modified"):
    lookups = {
        "created_since": f"{created}__gte",
        "created_until": f"{created}__lte",
        "modified_since": f"{modified}__gte",
        "modified_until": f"{modified}__lte",
    }
    return rows.filter(**{lookups[name]: moment for name, moment in filters.items()})


def _page_number(request) -> int:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        raise BadRequest("page: not a number") from None
    if not 1 <= page <= MAX_PAGE:
        raise BadRequest(f"page: from 1 to {MAX_PAGE}")
    return page


def _list(request, rows, kinds: tuple[str, ...], serialize, prepare=None) -> JsonResponse:
    """One page of ``rows`` (then the tombstones of ``kinds``), serialized, with OParl's
    pagination and links that keep the filters."""
    filters = _filters(request)
    page = _page_number(request)
    per_page = settings.OPARL_PAGE_SIZE
    rows = _filtered(rows, filters).order_by("pk")
    graves = _filtered(Tombstone.objects.filter(kind__in=kinds), filters, modified="deleted").order_by("pk")
    live_count, grave_count = rows.count(), graves.count()
    total = live_count + grave_count
    start, stop = (page - 1) * per_page, page * per_page
    live = list(rows[start:stop]) if start < live_count else []
    if prepare and live:
        live = prepare(live)
    gone = list(graves[max(0, start - live_count) : max(0, stop - live_count)]) if stop > live_count else []
    links = s.Links(request)
    data = [serialize(row, links) for row in live] + [s.tombstone(row, links) for row in gone]
    return _paginated(request, data, total=total, page=page)


def _object(kind: str, rows, pk: int, serialize, prepare=None) -> JsonResponse:
    """One object, or its tombstone, or 404."""
    row = rows.filter(pk=pk).first()
    if row is None:
        grave = Tombstone.objects.filter(kind=kind, object_id=pk).first()
        if grave is None:
            raise Http404
        return lambda request: _json(s.tombstone(grave, s.Links(request)))
    if prepare:
        row = prepare([row])[0]
    return lambda request: _json(serialize(row, s.Links(request)))


def _body_key(pk: int) -> None:
    if pk != s.BODY_KEY:
        raise Http404


# ------------------------------------------------------------------ what embedded objects need


def _people_shown() -> set[int]:
    return set(selectors.people().values_list("pk", flat=True))


def _prepare_meetings(meetings: list) -> list:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        meetings,
        Prefetch(
            "agenda_items",
            queryset=selectors.agenda_items().prefetch_related(
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.select_related("paper").prefetch_related(
                        Prefetch("named_votes", queryset=Vote.objects.select_related("person"))
                    ),
                ),
                Prefetch("contributions", queryset=Contribution.objects.select_related("speaker")),
                Prefetch("attachments", queryset=Attachment.objects.select_related("file").defer("file__text")),
                Prefetch("consultations", queryset=Consultation.objects.select_related("paper")),
            ),
        ),
        Prefetch("attachments", queryset=selectors.attachments().select_related("file").defer("file__text")),
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("person", "organization", "group").prefetch_related(
                Prefetch("deputations", queryset=Deputation.objects.select_related("member"))
            ),
        ),
    )
    documents = defaultdict(list)
    for document in selectors.protocol_documents().filter(meeting__in=[m.pk for m in meetings]):
        documents[document.meeting_id].append(document)
    shown = _people_shown()
    for meeting in meetings:
        meeting.oparl_documents = documents[meeting.pk]
        meeting.oparl_shown = shown
    return meetings


def _meeting(row, links):
    return s.meeting(row, links, shown_people=row.oparl_shown, documents=row.oparl_documents)


def _prepare_items(items: list) -> list:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        items,
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("paper").prefetch_related(
                Prefetch("named_votes", queryset=Vote.objects.select_related("person"))
            ),
        ),
        Prefetch("contributions", queryset=Contribution.objects.select_related("speaker")),
        Prefetch("attachments", queryset=Attachment.objects.select_related("file").defer("file__text")),
        Prefetch("consultations", queryset=Consultation.objects.select_related("paper")),
    )
    shown = _people_shown()
    for item in items:
        item.oparl_shown = shown
    return items


def _item(row, links):
    return s.agenda_item(row, links, row.oparl_shown)


def _prepare_papers(papers: list) -> list:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        papers,
        "related_papers",
        "originator_persons",
        "originator_organizations",
        Prefetch("auxiliary_files", queryset=selectors.File.objects.defer("text")),
        "main_file",
        Prefetch("consultations", queryset=selectors.consultations(), to_attr="oparl_consultations"),
    )
    return papers


def _prepare_people(people: list) -> list:
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        people, Prefetch("memberships", queryset=selectors.memberships(), to_attr="oparl_memberships")
    )
    return people


def _person(row, links):
    return s.person(row, links, row.oparl_memberships)


def _prepare_gremien(bodies: list) -> list:
    by_body = defaultdict(list)
    for membership in selectors.memberships().filter(body__in=[b.pk for b in bodies]).order_by("pk"):
        by_body[membership.body_id].append(membership.pk)
    for row in bodies:
        row.oparl_memberships = by_body[row.pk]
    return bodies


def _prepare_files(files: list) -> list:
    meetings, items, papers = defaultdict(set), defaultdict(set), defaultdict(set)
    keys = [f.pk for f in files]
    for file_id, meeting_id, item_id in (
        selectors.attachments().filter(file__in=keys).values_list("file", "meeting", "item")
    ):
        meetings[file_id].add(meeting_id)
        if item_id:
            items[file_id].add(item_id)
    for paper_id, file_id in Paper.objects.public().filter(main_file__in=keys).values_list("pk", "main_file"):
        papers[file_id].add(paper_id)
    through = Paper.auxiliary_files.through.objects.filter(paper__public=True, file__in=keys)
    for paper_id, file_id in through.values_list("paper", "file"):
        papers[file_id].add(paper_id)
    for row in files:
        row.oparl_refs = (sorted(meetings[row.pk]), sorted(items[row.pk]), sorted(papers[row.pk]))
    return files


def _file(row, links):
    meetings, items, papers = row.oparl_refs
    return s.stored_file(row, links, meetings=meetings, items=items, papers=papers)


# ------------------------------------------------------------------ the views


@oparl
def system(request):
    return _json(s.system(s.Links(request)))


def _body_dates() -> tuple[dt.datetime, dt.datetime]:
    """The city's body has no row: it was created with the first body of the council and
    changes with any body and any legislative term (which it embeds)."""
    bodies = Body.objects.aggregate(created=Min("created"), modified=Max("modified"))
    terms = LegislativeTerm.objects.aggregate(modified=Max("modified"))
    modified = max(filter(None, [bodies["modified"], terms["modified"]]), default=None) or timezone.now()
    return bodies["created"] or modified, modified


def _body_json(links):
    created, modified = _body_dates()
    return s.body(links, created=created, modified=modified, terms=list(selectors.legislative_terms()))


@oparl
def body_list(request):
    filters = _filters(request)
    page = _page_number(request)
    created, modified = _body_dates()
    moments = {"created": created, "modified": modified}
    shown = all(
        moments[name.split("_")[0]] >= moment if name.endswith("since") else moments[name.split("_")[0]] <= moment
        for name, moment in filters.items()
    )
    data = [_body_json(s.Links(request))] if shown and page == 1 else []
    return _paginated(request, data, total=1 if shown else 0, page=page)


def _paginated(request, data: list, *, total: int, page: int) -> JsonResponse:
    per_page = settings.OPARL_PAGE_SIZE
    pages = max(1, math.ceil(total / per_page))

    def link(number: int) -> str:
        query = {name: request.GET[name] for name in FILTERS if name in request.GET}
        query["page"] = number
        return request.build_absolute_uri(request.path) + "?" + urlencode(query, quote_via=quote)

    navigation = {"first": link(1), "last": link(pages)}
    if page > 1:
        navigation["prev"] = link(min(page - 1, pages))
    if page < pages:
        navigation["next"] = link(page + 1)
    pagination = {"totalElements": total, "elementsPerPage": per_page, "currentPage": page, "totalPages": pages}
    return _json({"data": data, "pagination": pagination, "links": navigation})


@oparl
def body(request, pk):
    _body_key(pk)
    return _json(_body_json(s.Links(request)))


def _listing(rows, kinds, serialize, prepare=None):
    @oparl
    def view(request, pk):
        _body_key(pk)
        return _list(request, rows(), kinds, serialize, prepare)

    return view


@oparl
def organization_list(request, pk):
    """The bodies of the council and the organisations their members sit for, in one list:
    first the bodies (Gremien), then the organisations."""
    _body_key(pk)
    filters = _filters(request)
    page = _page_number(request)
    per_page = settings.OPARL_PAGE_SIZE
    gremien = _filtered(selectors.bodies(), filters).order_by("pk")
    others = _filtered(selectors.organizations(), filters).order_by("pk")
    graves = _filtered(
        Tombstone.objects.filter(kind__in=("Gremium", "Organization")), filters, modified="deleted"
    ).order_by("pk")
    counts = [gremien.count(), others.count(), graves.count()]
    start, stop = (page - 1) * per_page, page * per_page
    links = s.Links(request)
    data, offset = [], 0
    for rows, count, serialize in (
        (gremien, counts[0], lambda rows: [s.gremium(r, links) for r in _prepare_gremien(rows)]),
        (others, counts[1], lambda rows: [s.organization(r, links) for r in rows]),
        (graves, counts[2], lambda rows: [s.tombstone(r, links) for r in rows]),
    ):
        low, high = max(0, start - offset), max(0, stop - offset)
        if high > 0 and low < count:
            data += serialize(list(rows[low:high]))
        offset += count
    return _paginated(request, data, total=sum(counts), page=page)


person_list = _listing(selectors.people, ("Person",), _person, _prepare_people)
membership_list = _listing(selectors.memberships, ("Membership",), s.membership)
meeting_list = _listing(selectors.meetings, ("Meeting",), _meeting, _prepare_meetings)
agenda_item_list = _listing(selectors.agenda_items, ("AgendaItem",), _item, _prepare_items)
paper_list = _listing(selectors.papers, ("Paper",), s.paper, _prepare_papers)
consultation_list = _listing(selectors.consultations, ("Consultation",), s.consultation)
file_list = _listing(selectors.files, ("File",), _file, _prepare_files)
location_list = _listing(selectors.locations, ("Location",), s.location)
legislative_term_list = _listing(selectors.legislative_terms, ("LegislativeTerm",), s.legislative_term)


@oparl
def gremium_meetings(request, pk):
    """The meetings of one body of the council (its Organization's ``meeting`` list)."""
    get_object_or_404(Body, pk=pk)
    return _list(request, selectors.meetings().filter(body=pk), (), _meeting, _prepare_meetings)


def _detail(kind, rows, serialize, prepare=None):
    @oparl
    def view(request, pk):
        return _object(kind, rows(), pk, serialize, prepare)(request)

    return view


gremium = _detail("Gremium", selectors.bodies, lambda row, links: s.gremium(row, links), _prepare_gremien)
organization = _detail("Organization", selectors.organizations, s.organization)
person = _detail("Person", selectors.people, _person, _prepare_people)
membership = _detail("Membership", selectors.memberships, s.membership)
meeting = _detail("Meeting", selectors.meetings, _meeting, _prepare_meetings)
agenda_item = _detail("AgendaItem", selectors.agenda_items, _item, _prepare_items)
paper = _detail("Paper", selectors.papers, s.paper, _prepare_papers)
consultation = _detail("Consultation", selectors.consultations, s.consultation)
file = _detail("File", selectors.files, _file, _prepare_files)
protocol_file = _detail("Protocol", selectors.protocol_documents, s.protocol_file)
location = _detail("Location", selectors.locations, s.location)
legislative_term = _detail("LegislativeTerm", selectors.legislative_terms, s.legislative_term)


# ------------------------------------------------------------------ the bytes


def _bytes(content: bytes, *, mime_type: str, file_name: str, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=mime_type)
    if download:
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Content-Length"] = str(len(content))
    return response


def _file_bytes(download: bool):
    @oparl
    def view(request, pk):
        row = get_object_or_404(selectors.files().defer(None), pk=pk)
        try:
            with row.content.open("rb") as handle:
                content = handle.read()
        except (FileNotFoundError, OSError):
            raise Http404 from None
        return _bytes(content, mime_type=row.mime_type, file_name=row.file_name, download=download)

    return view


def _protocol_bytes(download: bool):
    @oparl
    def view(request, pk):
        document = get_object_or_404(
            ProtocolDocument.objects.filter(pk__in=selectors.protocol_documents().values("pk")), pk=pk
        )
        return _bytes(
            bytes(document.pdf), mime_type=document.mime_type, file_name=document.file_name, download=download
        )

    return view


file_access = _file_bytes(download=False)
file_download = _file_bytes(download=True)
protocol_file_access = _protocol_bytes(download=False)
protocol_file_download = _protocol_bytes(download=True)
