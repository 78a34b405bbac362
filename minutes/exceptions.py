"""Every domain error of the minutes, in one place.

Each carries a user-readable ``message``; views turn them into a message next to the
form or on the page, never into a 500.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProtocolLocked(PermissionDenied):
    """The protocol has left the draft state: its content can no longer change."""

    def __init__(self, message=None):
        self.message = message or _("This protocol is no longer a draft and cannot be changed.")
        super().__init__(self.message)


class DraftingError(Exception):
    """A change to a draft's content that cannot be made; ``message`` says why.

    ``field`` names the form field the message belongs next to, where there is one.
    """

    def __init__(self, message, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(str(message))


class EditConflict(DraftingError):
    """Someone saved the same object since the user opened it; ``current`` is their version."""

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__(
            _(
                "Someone else saved this in the meantime. Your text was not saved: compare both "
                "versions below, merge them in the form and save again."
            )
        )


class UploadRefused(DraftingError):
    """An uploaded file that is not stored: too large, not what it claims to be, unreadable."""

    def __init__(self, message, field: str | None = "file"):
        super().__init__(message, field=field)


class WorkflowError(Exception):
    """A state transition that is not allowed now or not for this person; the message says why.

    ``problems`` lists what the completeness check found, when that is the reason.
    """

    def __init__(self, message, problems: list | None = None):
        self.message = message
        self.problems = problems or []
        super().__init__(str(message))


class SealUnavailable(Exception):
    """The installation's signing key (or its trusted certificates) cannot be used; ``message`` says why."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


class RecordMissing(Exception):
    """A signed protocol's stored documents are gone: it must not be rendered from the live rows."""

    def __init__(self, meeting, variant: str):
        self.meeting = meeting
        self.variant = variant
        self.message = _("The signed protocol's stored document is missing from the archive.")
        super().__init__(f"meeting {meeting.pk}: stored {variant} document missing")


class RosterError(Exception):
    """A change to a body's roster or its logins that cannot be made; ``message`` says why.

    ``field`` names the form field the message belongs next to, where there is one.
    """

    def __init__(self, message, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(str(message))


class NotAllowed(WorkflowError):
    """The step exists in this state, but this person may not take it (a 403, not a 409)."""
