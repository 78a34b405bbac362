"""The members' portal: read, search and download protocols.

Thin views over minutes.access (who sees what), minutes.protocol and search.py.
Anonymous visitors see published protocols and their public items only; members of a
body also see its non-public items, as a separate part with its own PDF; drafts stay
with the secretariat and the signers (see access.visible_meetings).
"""

import hashlib

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.formats import number_format
from django.views.decorators.http import require_safe

from council.names import printed_names
from minutes import access, frozen_copies, selectors
from minutes.approval.selectors import timeline
from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import pdf_filename, render_protocol_pdf
from minutes.portal import search as protocol_search
from minutes.portal import selectors as portal_selectors
from minutes.portal.copies import PdfPart, etag_matches, kept_for_visitors, pdf_cache_control, pdf_response
from minutes.portal.forms import MeetingFilterForm, SearchForm, page_of
from minutes.protocol import Protocol, build_protocol, non_public_part, public_part

PAGE_SIZE = 25


@require_safe
@kept_for_visitors(seconds=60, shared_max_age=60)  # it lists the next meetings, too
def home(request):
    """What's new: the latest published protocol of each body, the latest ones overall, the next meetings."""
    return render(
        request,
        "minutes/portal/home.html",
        {
            "latest_per_body": portal_selectors.latest_protocol_per_body(),
            "recently_published": portal_selectors.recently_published()[:8],
            "upcoming": portal_selectors.upcoming_meetings()[:10],
        },
    )


@require_safe
@kept_for_visitors()
def meeting_list(request):
    """Protocols per body and year, newest first, paginated."""
    form = MeetingFilterForm(request.GET or None, user=request.user)
    body = year = None
    if form.is_valid():
        body, year = form.cleaned_data["body"], form.cleaned_data["year"]
    meetings, years = portal_selectors.protocol_list(request.user, body=body, year=year)
    page = page_of(Paginator(meetings, PAGE_SIZE), request.GET.get("page"))
    return render(
        request,
        "minutes/portal/meeting_list.html",
        {"form": form, "page": page, "body": body, "year": year, "years": years},
        status=400 if form.errors else 200,  # a filter that is not one: the list unfiltered, and why
    )


def _visible_meeting(request, pk) -> Meeting:
    return get_object_or_404(selectors.with_archive_state(access.visible_meetings(request.user)), pk=pk)


def _protocol(meeting: Meeting, *, include_non_public: bool) -> Protocol:
    try:
        return build_protocol(meeting.pk, include_non_public=include_non_public)
    except Meeting.DoesNotExist:  # deleted between the two queries
        raise Http404 from None


@require_safe
@kept_for_visitors()
def meeting_detail(request, pk):
    """The protocol; for members of the body its non-public items follow as a separate part.

    A visitor without a login sees only published protocols, which never change: their
    page is kept once rendered (copies.kept_for_visitors).
    """
    meeting = _visible_meeting(request, pk)
    member = access.may_see_non_public(request.user, meeting.body)
    # A signed protocol is shown as it was frozen, byte for byte (minutes/approval/archive.py);
    # only an unsigned one is assembled from the database.
    stored = selectors.frozen_documents(meeting)
    protocol = non_public = None
    if stored:
        non_public = stored.get(ProtocolDocument.Variant.NON_PUBLIC) if member else None
    else:
        protocol = _protocol(meeting, include_non_public=member)
        non_public = non_public_part(protocol) if member and protocol.non_public_items else None
        protocol = public_part(protocol)
    # Its history, with the review comments, is for those who work on the protocol.
    events = None
    if access.may_see_unpublished(request.user, meeting.body):
        events = timeline(meeting)
    return render(
        request,
        "minutes/portal/meeting_detail.html",
        {
            "meeting": meeting,
            "protocol": protocol,
            "non_public": non_public,
            "stored": stored.get(ProtocolDocument.Variant.PUBLIC),
            "stored_non_public": non_public if stored else None,
            "events": events,
        },
    )


def _pdf_etag(meeting: Meeting, part: str) -> str | None:
    """Identifies an unsigned document that cannot change any more; None for a draft.

    A draft's content changes in rows other than the meeting's (items, contributions), so
    no cheap tag would notice every edit: drafts are always rendered afresh. (A signed
    protocol's tag is its stored PDF's checksum.)
    """
    if meeting.status == Meeting.Status.DRAFT:
        return None
    key = f"{meeting.pk}:{part}:{meeting.revision}:{meeting.status}:{meeting.modified.isoformat()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest() + '"'


@require_safe
def meeting_pdf(request, pk, part=PdfPart.PUBLIC):
    """The protocol as PDF: the public part for everyone, the non-public part for members only.

    The public PDF of a published protocol is the same for everyone and never changes: once
    served, copies.KeptCopiesMiddleware sends it from its file without the database.
    """
    meeting = _visible_meeting(request, pk)
    if part == PdfPart.NON_PUBLIC and not access.may_see_non_public(request.user, meeting.body):
        raise Http404
    variant = ProtocolDocument.Variant.NON_PUBLIC if part == PdfPart.NON_PUBLIC else ProtocolDocument.Variant.PUBLIC
    copy = frozen_copies.stored_file(meeting.pk, variant)
    if copy is not None:  # signed: the stored bytes, never a new rendering
        if part == PdfPart.PUBLIC and meeting.status == Meeting.Status.PUBLISHED:
            frozen_copies.keep_public_pdf(meeting.pk, copy)
        return pdf_response(request, copy, part, meeting.status)
    # A signed protocol whose document is gone: RecordMissing (the error page), never live rows.
    selectors.frozen_documents(meeting, variant=variant)
    etag = _pdf_etag(meeting, part)
    if etag and etag_matches(request, etag):
        response = HttpResponseNotModified()
    else:
        protocol = _protocol(meeting, include_non_public=part == PdfPart.NON_PUBLIC)
        document = non_public_part(protocol) if part == PdfPart.NON_PUBLIC else public_part(protocol)
        if part == PdfPart.NON_PUBLIC and not document.items:
            raise Http404
        response = HttpResponse(render_protocol_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{pdf_filename(document)}"'
    if etag:
        response["ETag"] = etag
    pdf_cache_control(response, part, meeting.status)
    return response


@require_safe
def search(request):
    """Ranked full-text search with highlighted snippets, under the reader's visibility."""
    form = SearchForm(request.GET or None, user=request.user)
    page = query = results = None
    if form.is_valid() and (form.cleaned_data["q"] or "").strip():
        query = form.cleaned_data["q"].strip()
        results = protocol_search.search_protocols(
            request.user,
            query,
            body=form.cleaned_data["body"],
            year=form.cleaned_data["year"],
            speaker=form.cleaned_data["person"],
        )
        page = page_of(Paginator(results, PAGE_SIZE), request.GET.get("page"))
        spoken = [hit for hit in page if hit.speaker is not None]
        speakers = printed_names([(hit.meeting.body, hit.meeting.date, hit.speaker) for hit in spoken])
        for hit, speaker in zip(spoken, speakers, strict=True):
            hit.printed_speaker = speaker
        for hit in page:
            hit.snippet = protocol_search.snippet(hit, query)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "more_than": results is not None and results.more_than_candidates,
        "limit": number_format(protocol_search.CANDIDATES, force_grouping=True),
    }
    return render(request, "minutes/portal/search.html", context, status=400 if form.errors else 200)
