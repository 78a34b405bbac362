"""URLs of the benchmark's app servers: the app's own, and what its pages are compared with."""

import os
import time
from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils import translation
from weasyprint import HTML

from council.urls import urlpatterns as app_urlpatterns

_bare: dict[str, bytes] = {}
_html: dict[int, str] = {}


class ServerTimeMiddleware:
    """``X-Server-Time-Us``: microseconds from the first middleware in until the response is out of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        response["X-Server-Time-Us"] = str(int((time.perf_counter() - start) * 1_000_000))
        return response


def bare(request, name):
    """A bare Django view returning the bytes the benchmark wrote to BENCH_BARE_DIR/<name> (held in memory)."""
    if name not in _bare:
        _bare[name] = (Path(os.environ["BENCH_BARE_DIR"]) / name).read_bytes()
    return HttpResponse(_bare[name], content_type="text/html; charset=utf-8")


def weasyprint_only(request, pk):
    """The draft PDF's HTML, rendered once, then only WeasyPrint, as minutes.pdf calls it."""
    from django.conf import settings

    from minutes.models import Meeting
    from minutes.pdf import is_draft, is_non_public_part
    from minutes.protocol import build_protocol, public_part

    if pk not in _html:
        protocol = public_part(build_protocol(pk, include_non_public=False))
        with translation.override("de"):
            context = {
                "protocol": protocol,
                "for_print": True,
                "draft": is_draft(protocol),
                "non_public_part": is_non_public_part(protocol),
            }
            _html[pk] = render_to_string("minutes/pdf/protocol.html", context)
    assert Meeting.objects.filter(pk=pk).exists()
    pdf = HTML(string=_html[pk], base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/a-3b", pdf_identifier=f"ratsprotokoll-meeting-{pk}".encode(), uncompressed_pdf=False
    )
    return HttpResponse(pdf, content_type="application/pdf")


urlpatterns = [
    path("bench/bare/<str:name>", bare),
    path("bench/weasyprint/<int:pk>/", weasyprint_only),
    *app_urlpatterns,
]
