"""Answers from the kept copies of published protocols (minutes/frozen_copies.py).

``KeptCopiesMiddleware`` sits right after WhiteNoise and answers, like it, before sessions,
language, CSRF and the views are involved: a visitor without a login (no session cookie)
asking for a page some server has already kept (views marked ``kept_for_visitors``: a
published protocol, the lists and people made of them, the home page) or for a published
protocol's public PDF. Everything else — a first request, a logged-in reader, a draft, a
search — goes on to the views, which keep what they made for the next visitor.
"""

from functools import lru_cache, wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control

from minutes import frozen_copies
from minutes.models import Meeting

# Published PDFs are final; a correction is another meeting with its own PDF.
PUBLIC_PDF_MAX_AGE = 24 * 60 * 60


class PdfPart:
    PUBLIC = "public"
    NON_PUBLIC = "non-public"


def etag_matches(request, etag: str) -> bool:
    return etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]


def page_response(request, page: frozen_copies.PageCopy) -> HttpResponse:
    """A kept page, or 304 when the reader has it already. Browsers always ask again
    (max-age=0) and get a 304 while nothing changed; a proxy may keep it a little."""
    response = HttpResponseNotModified() if etag_matches(request, page.etag) else HttpResponse(page.content)
    response["ETag"] = page.etag
    response["Cache-Control"] = f"public, max-age=0, s-maxage={page.shared_max_age}"
    return response


def kept_for_visitors(*, seconds: int = 24 * 60 * 60, shared_max_age: int = 300):
    """Keep what this view answers a visitor without a login (minutes/frozen_copies.py).

    Only for views whose page for such a visitor is made of published protocols, the
    registry and nothing else that changes without ``forget_pages()`` — or of something
    that may be ``seconds`` old. KeptCopiesMiddleware serves the copy from then on.
    """

    def decorator(view):
        @wraps(view)
        def keeping(request, *args, **kwargs):
            if not frozen_copies.is_plain_visitor(request):
                return view(request, *args, **kwargs)
            token = frozen_copies.page_token()  # before reading what the page shows
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            address = request.get_full_path()
            page = frozen_copies.keep_page(address, response.content, token, seconds, shared_max_age)
            kept = page_response(request, page)
            kept["Content-Type"] = response["Content-Type"]
            return kept

        keeping.kept_for_visitors = True
        return keeping

    return decorator


def pdf_cache_control(response, part: str, status: str) -> None:
    if part == PdfPart.PUBLIC and status == Meeting.Status.PUBLISHED:
        response["Cache-Control"] = f"public, max-age={PUBLIC_PDF_MAX_AGE}"
    elif status == Meeting.Status.PUBLISHED:
        patch_cache_control(response, private=True, max_age=PUBLIC_PDF_MAX_AGE)
    else:  # a draft changes: always ask again
        patch_cache_control(response, private=True, no_cache=True)


def pdf_response(request, copy: frozen_copies.FileCopy, part: str, status: str) -> HttpResponse:
    """A signed protocol's stored PDF, from its file; a 304 needs nothing but the checksum."""
    if etag_matches(request, copy.etag):
        response = HttpResponseNotModified()
    else:
        if settings.PROTOCOL_FILES_ACCEL_REDIRECT:  # the proxy sends the file
            frozen_copies.ensure_file(copy)
            response = HttpResponse(content_type=copy.mime_type)
            response["X-Accel-Redirect"] = settings.PROTOCOL_FILES_ACCEL_REDIRECT + copy.relative_path
        else:
            response = HttpResponse(frozen_copies.file_bytes(copy), content_type=copy.mime_type)
        response["Content-Disposition"] = f'attachment; filename="{copy.file_name}"'
    response["ETag"] = copy.etag
    pdf_cache_control(response, part, status)
    return response


class KeptCopiesMiddleware:
    """Serve kept copies of published protocols to visitors without a login, as early as a static file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        if request.method in ("GET", "HEAD") and frozen_copies.is_plain_visitor(request):
            response = self.kept(request)
        return response if response is not None else self.get_response(request)

    def kept(self, request) -> HttpResponse | None:
        kind, pk, language = _what_is_asked(request.path_info)
        if kind == "page":
            page = frozen_copies.kept_page(request.get_full_path())
            if page is None:
                return None
            response = page_response(request, page)
        elif kind == "public_pdf":
            copy = frozen_copies.known_public_pdf(pk)
            if copy is None:
                return None
            response = pdf_response(request, copy, PdfPart.PUBLIC, Meeting.Status.PUBLISHED)
        else:
            return None
        # What the middleware after this one would have added.
        response.headers.setdefault("Content-Language", language)
        return response


@lru_cache(maxsize=8192)
def _what_is_asked(path: str) -> tuple[str | None, int | None, str]:
    """("page", None, language) for a view that keeps its pages, ("public_pdf", pk, language),
    or (None, …): the URL resolution, remembered per path (the URLconf does not change)."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        match = resolve(path)
    except Resolver404:
        return None, None, language
    if getattr(match.func, "kept_for_visitors", False):
        return "page", None, language
    if match.url_name == "meeting_pdf" and match.kwargs.get("part", PdfPart.PUBLIC) == PdfPart.PUBLIC:
        return "public_pdf", match.kwargs["pk"], language
    return None, None, language
