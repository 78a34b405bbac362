"""Figures and attachments, served with the visibility of their item and protocol.

Uploaded files live in MEDIA_ROOT, which no proxy serves: each request comes here, and a
file is sent only to whoever may read the part of the protocol it belongs to
(access.may_see_part) — a public item of a published protocol to everyone, a non-public
one to the body's members, a draft's to its secretariat and signers. Everyone else gets
404, as for the meeting page. With ``MEDIA_ACCEL_REDIRECT`` the proxy sends the bytes
(``X-Accel-Redirect`` to an internal location); the checks stay here.
"""

import hashlib
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from minutes import access
from minutes.models import Attachment, Figure, Meeting

# Like the published PDFs: final, fixed by a correction (a new meeting with new files).
PUBLIC_MAX_AGE = 24 * 60 * 60
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def _serve(
    request, field_file, *, content_type: str, file_name: str, inline: bool, meeting: Meeting, public: bool, etag
):
    """The stored file with headers that keep a browser from treating it as anything else."""
    etag = f'"{etag}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    elif settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + quote(field_file.name)
    else:
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(file_name)}"
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the file is a sandboxed document that can run nothing of ours.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    if meeting.status == Meeting.Status.PUBLISHED:
        patch_cache_control(response, public=public, private=not public, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def figure_image(request, pk):
    """A figure's image, for whoever may read its item."""
    figure = get_object_or_404(Figure.objects.select_related("item__meeting__body").exclude(image=""), pk=pk)
    meeting = figure.item.meeting
    if not access.may_see_part(request.user, meeting, public=figure.item.public):
        raise Http404
    extension = figure.image.name.rsplit(".", 1)[-1].lower()
    return _serve(
        request,
        figure.image,
        content_type=IMAGE_TYPES.get(extension, "application/octet-stream"),
        file_name=figure.image.name.rsplit("/", 1)[-1],
        inline=True,
        meeting=meeting,
        public=figure.item.public,
        etag=hashlib.sha256(figure.image.name.encode()).hexdigest(),
    )


@require_safe
def attachment(request, pk):
    """An attachment (Anlage), for whoever may read its item or part of the protocol."""
    row = get_object_or_404(Attachment.objects.select_related("meeting__body", "item", "file"), pk=pk)
    if not access.may_see_part(request.user, row.meeting, public=row.is_public):
        raise Http404
    return _serve(
        request,
        row.file.content,
        content_type=row.file.mime_type,
        file_name=row.file.file_name,
        inline=False,
        meeting=row.meeting,
        public=row.is_public,
        etag=row.file.sha256,
    )


@require_safe
def legacy_media(request, path):
    """A figure under its former public /media/ path (in protocols frozen before the figures
    were served here): the same checks, then its address now."""
    if "\x00" in path:  # no file name holds one, and PostgreSQL refuses it in a query
        raise Http404
    figure = Figure.objects.filter(image=path).select_related("item__meeting__body").order_by("pk").first()
    if figure is None or not access.may_see_part(request.user, figure.item.meeting, public=figure.item.public):
        raise Http404
    return redirect("minutes:figure_image", figure.pk)
