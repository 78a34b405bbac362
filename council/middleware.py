from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import translation


class PathLanguageMiddleware:
    """German at every address; English under ``/en/`` (i18n_patterns in council/urls.py).

    The language is part of the address, never of a cookie or the browser's
    Accept-Language header: a city's minutes are German by default, English is a choice
    (the language links in the header), and an address names exactly one page, so the
    cache and any proxy can keep it without asking which language was meant.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # for this request only
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a visitor without a session gets no ``Vary: Cookie``.

    Every page asks who is logged in, which reads the session and makes Django mark the
    answer as depending on the cookie — so no cache could keep even a public page. A
    visitor who sends no session cookie and leaves no session behind gets what every such
    visitor gets; a proxy that keeps pages must pass requests that carry a session cookie
    through (README: production).
    """

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (
            session is not None
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not session.modified
            and session.is_empty()
        ):
            session.accessed = False
        return super().process_response(request, response)
