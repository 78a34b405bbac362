"""The record for everyone: “Protokoll prüfen” (is this PDF one of ours?) and the
protocol's structured data as a download.

The check page also shows the head of the archive's hash chain (minutes/chain.py), so
outsiders can note it and later have the archive prove it still contains it.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from minutes import access, chain, integrity, selectors
from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import pdf_filename
from minutes.portal.forms import RecordCheckForm, too_large_message
from minutes.portal.views import PdfPart, _protocol, _visible_meeting
from minutes.protocol import non_public_part, public_part
from minutes.record import MIME_TYPE, record_file_name, record_json

# Room for the form fields around the file in the request body.
_FORM_OVERHEAD = 64 * 1024


@csrf_exempt  # CSRF is checked below, after the size: an oversize upload is refused unread
@require_http_methods(["GET", "HEAD", "POST"])
def record_check(request):
    """Upload a PDF: is it a published protocol of this installation, and is its seal valid?"""
    max_bytes = settings.RECORD_CHECK_MAX_BYTES
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes + _FORM_OVERHEAD:
        form = RecordCheckForm(max_bytes=max_bytes)
        return _render_check(request, form, error=too_large_message(max_bytes), status=413)
    return _record_check(request, max_bytes)


@csrf_protect
def _record_check(request, max_bytes: int):
    if request.method != "POST":
        return _render_check(request, RecordCheckForm(max_bytes=max_bytes))
    form = RecordCheckForm(request.POST, request.FILES, max_bytes=max_bytes)
    if not form.is_valid():
        return _render_check(request, form, status=400)
    result = integrity.check_upload(form.cleaned_data["file"])
    # Nothing of the file stays: the answer is rendered with an empty form.
    return _render_check(request, RecordCheckForm(max_bytes=max_bytes), result=result)


def _render_check(request, form, *, result=None, error=None, status=200):
    context = {"form": form, "result": result, "error": error, "head": chain.head()}
    return render(request, "minutes/portal/record_check.html", context, status=status)


@require_safe
def meeting_data(request, pk, part=PdfPart.PUBLIC):
    """The protocol's structured data (JSON), as embedded in its PDF; same access as the PDF."""
    meeting = _visible_meeting(request, pk)
    non_public = part == PdfPart.NON_PUBLIC
    if non_public and not access.may_see_non_public(request.user, meeting.body):
        raise Http404
    variant = ProtocolDocument.Variant.NON_PUBLIC if non_public else ProtocolDocument.Variant.PUBLIC
    stored = selectors.frozen_documents(meeting, variant=variant).get(variant)
    if stored is not None:
        if not stored.data:  # frozen before the PDF carried its data: nothing to offer
            raise Http404
        content, file_name = stored.data.encode(), record_file_name(stored.file_name)
    else:
        protocol = _protocol(meeting, include_non_public=non_public)
        document = non_public_part(protocol) if non_public else public_part(protocol)
        if non_public and not document.items:
            raise Http404
        content, file_name = record_json(document), record_file_name(pdf_filename(document))
    response = HttpResponse(content, content_type=f"{MIME_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    if meeting.status != Meeting.Status.PUBLISHED or non_public:
        response["Cache-Control"] = "private, no-cache"
    return response
