from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors
from .access import may_see_unpublished
from .archive import stored_document
from .pdf import pdf_filename, render_protocol_pdf


def meeting_list(request):
    meetings = selectors.visible_meetings(request.user)
    return render(request, "minutes/meeting_list.html", {"meetings": meetings})


def _protocol_for(request, pk) -> selectors.Protocol:
    meeting = get_object_or_404(selectors.visible_meetings(request.user), pk=pk)
    include_non_public = selectors.may_see_non_public(request.user, meeting.body)
    try:
        return selectors.build_protocol(meeting.pk, include_non_public=include_non_public)
    except meeting.DoesNotExist:  # deleted between the two queries
        raise Http404


def meeting_detail(request, pk):
    protocol = _protocol_for(request, pk)
    # A signed protocol is shown as it was frozen, byte for byte (minutes/archive.py).
    meeting = protocol.meeting
    stored = stored_document(meeting, include_non_public=protocol.include_non_public)
    # The timeline (with the review comments) is for those who work on the protocol.
    events = None
    if may_see_unpublished(request.user, meeting.body):
        events = meeting.events.select_related("actor__person", "item")
    context = {"protocol": protocol, "meeting": meeting, "stored": stored, "events": events}
    return render(request, "minutes/meeting_detail.html", context)


def meeting_pdf(request, pk):
    protocol = _protocol_for(request, pk)
    stored = stored_document(protocol.meeting, include_non_public=protocol.include_non_public)
    if stored:
        response = HttpResponse(bytes(stored.pdf), content_type=stored.mime_type)
        response["Content-Disposition"] = f'attachment; filename="{stored.file_name}"'
        return response
    response = HttpResponse(render_protocol_pdf(protocol), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(protocol)}"'
    return response
