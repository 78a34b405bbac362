"""Who may do what with a meeting's protocol — the one place these rules live.

The drafting workspace, the approval workflow and the admin all ask here, so a
new rule (a new state, a new role) is added once.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from council.models import Body, Membership

from .models import Meeting


class ProtocolLocked(PermissionDenied):
    """The protocol has left the draft state: its content can no longer change."""

    def __init__(self, message=None):
        self.message = message or _("This protocol is no longer a draft and cannot be changed.")
        super().__init__(self.message)


def roles_in(user, body: Body) -> set[str]:
    """The membership roles a logged-in user currently holds in a body."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.active().filter(body=body, person__user=user).values_list("role", flat=True)
    )


def is_secretariat(user, body: Body) -> bool:
    return user.is_authenticated and (
        user.is_superuser or Membership.Role.SECRETARIAT in roles_in(user, body)
    )


# Roles that work on a protocol before it is published: they draft, review or sign it.
PROTOCOL_ROLES = {
    Membership.Role.SECRETARIAT,
    Membership.Role.CHAIR,
    Membership.Role.DEPUTY_CHAIR,
    Membership.Role.MANAGEMENT,
    Membership.Role.MINUTE_TAKER,
}


def may_see_unpublished(user, body: Body) -> bool:
    """Drafts and unpublished protocols: only the secretariat and the signers of that body."""
    return user.is_authenticated and (user.is_superuser or bool(roles_in(user, body) & PROTOCOL_ROLES))


def is_editable(meeting: Meeting) -> bool:
    """Content may change only while the protocol is a draft."""
    return meeting.status == Meeting.Status.DRAFT


def ensure_editable(meeting: Meeting) -> None:
    if not is_editable(meeting):
        raise ProtocolLocked()


def may_draft(user, meeting: Meeting) -> bool:
    return is_secretariat(user, meeting.body)


def may_start_meeting(user, body: Body) -> bool:
    """Who may open a new meeting (and its draft protocol) for a body: its secretariat."""
    return is_secretariat(user, body)


def drafting_bodies(user):
    """The bodies whose protocols a user drafts (all of them for a superuser)."""
    if not user.is_authenticated:
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.all()
    bodies = Membership.objects.active().filter(person__user=user, role=Membership.Role.SECRETARIAT).values("body")
    return Body.objects.filter(pk__in=bodies)


def ensure_may_draft(user, meeting: Meeting) -> None:
    """Drafting is for the body's secretariat, and only while the protocol is a draft."""
    if not may_draft(user, meeting):
        raise PermissionDenied(_("Only the secretariat of this body may draft its protocols."))
    ensure_editable(meeting)
