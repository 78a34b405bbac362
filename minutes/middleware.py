"""A signed protocol whose stored document is gone is an archive failure, not a page to
improvise: every view that serves one raises RecordMissing (selectors.frozen_documents);
this answers with an error page and logs it for the administrators."""

import logging

from django.shortcuts import render

from .exceptions import RecordMissing

logger = logging.getLogger("minutes.integrity")


class RecordMissingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RecordMissing):
            return None
        logger.error(
            "Stored %s document of signed meeting %s is missing (%s); refused to render it from the database. "
            "Run manage.py verify_minutes.",
            exception.variant,
            exception.meeting.pk,
            request.path,
        )
        return render(request, "minutes/record_missing.html", {"meeting": exception.meeting}, status=500)
