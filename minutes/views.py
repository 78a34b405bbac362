from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors
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
    return render(request, "minutes/meeting_detail.html", {"protocol": protocol, "meeting": protocol.meeting})


def meeting_pdf(request, pk):
    protocol = _protocol_for(request, pk)
    response = HttpResponse(render_protocol_pdf(protocol), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(protocol)}"'
    return response
