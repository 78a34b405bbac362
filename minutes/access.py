"""Who may do what with a meeting's protocol — the one place these rules live.

The drafting workspace, the approval workflow and the admin all ask here, so a
new rule (a new state, a new role) is added once.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
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


# ------------------------------------------------------------------ approval workflow


def may_submit(user, meeting: Meeting) -> bool:
    """The secretariat submits a draft for approval (and publishes and corrects)."""
    return is_secretariat(user, meeting.body)


may_publish = may_submit
may_correct = may_submit


def line_roles(meeting: Meeting, lines) -> dict[int, str]:
    """Which signing function each signature line stands for.

    The body's ``signature_roles`` lists them in printed order (default as in the seed:
    chair, management); the n-th line of a meeting is signed in the n-th role.
    """
    roles = list(meeting.body.signature_roles or [])
    return {line.pk: (roles[index] if index < len(roles) else "") for index, line in enumerate(lines)}


def may_review(user, meeting: Meeting) -> bool:
    """The chair and everyone who signs read a submitted protocol and may ask for changes."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or roles_in(user, meeting.body) & {Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR}:
        return True
    return meeting.signature_lines.filter(person__user=user).exists()


def signing_refusal(user, meeting: Meeting, line, role: str, submitted_by_id: int | None) -> str | None:
    """Why this user may not sign this line, or None if they may.

    Everyone signs only for themselves: the line names the signer, or (a line without a
    person) the signer holds the line's function in the body. The secretariat that
    submitted the protocol cannot sign it as chair.
    """
    if not user.is_authenticated:
        return _("Log in to sign.")
    person = getattr(user, "person", None)
    if person is None:
        return _("Your login is not linked to a person, so you cannot sign.")
    if line.person_id:
        if line.person_id != person.pk:
            return _("Nobody signs for someone else: this line is for %(name)s.") % {"name": line.name}
    elif not role or role not in roles_in(user, meeting.body):
        return _("You do not hold the function “%(function)s” in this body.") % {"function": line.function}
    if role == Body.SignatureRole.CHAIR and submitted_by_id == user.pk:
        return _("Whoever submitted the protocol cannot sign it as chair.")
    return None


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


# ------------------------------------------------------------------ what awaits a reviewer

REVIEW_ROLES = {Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR}


def reviews_somewhere(user) -> bool:
    """Whether the navigation offers the approval list: the user chairs a body or signs protocols."""
    from .models import SignatureLine

    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or Membership.objects.active().filter(person__user=user, role__in=REVIEW_ROLES).exists()
        or SignatureLine.objects.filter(person__user=user).exists()
    )


def awaiting_review(user):
    """Submitted protocols this user may review and sign: may_review as a queryset."""
    meetings = Meeting.objects.filter(status=Meeting.Status.SUBMITTED).select_related("body")
    if not user.is_authenticated:
        return meetings.none()
    if user.is_superuser:
        return meetings
    chaired = Membership.objects.active().filter(person__user=user, role__in=REVIEW_ROLES).values("body")
    return meetings.filter(Q(body__in=chaired) | Q(signature_lines__person__user=user)).distinct()
