"""Logging filters (settings.LOGGING)."""

import logging


class RefusalsInOneLine(logging.Filter):
    """A refused request (4xx) is logged as one line, without the traceback Django attaches.

    A 403 is the app doing its job — a locked protocol, a page for another role — not a
    defect: its traceback would bury the errors that need reading. 5xx keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
