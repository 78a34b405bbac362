"""Who may see and do what with a meeting's protocol — the one place these rules live.

Each rule comes in the two forms callers need, side by side: a yes/no predicate for
one meeting or body (``may_see_non_public``) and its queryset twin for lists and
searches across many (``non_public_bodies``). The portal, the drafting workspace, the
approval workflow and the admin all ask here, so a new rule (a new state, a new role)
is added once.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from council.models import Body, Membership

from .exceptions import ProtocolLocked
from .models import Meeting, SignatureLine

# Roles that work on a protocol before it is published: they draft, review or sign it.
PROTOCOL_ROLES = {
    Membership.Role.SECRETARIAT,
    Membership.Role.CHAIR,
    Membership.Role.DEPUTY_CHAIR,
    Membership.Role.MANAGEMENT,
    Membership.Role.MINUTE_TAKER,
}
# Roles that review every submitted protocol of their body, whether they sign it or not.
REVIEW_ROLES = {Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR}


def roles_in(user, body: Body) -> set[str]:
    """The membership roles a logged-in user currently holds in a body."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.active().filter(body=body, person__user=user).values_list("role", flat=True))


def _body_ids_where(user, roles=None) -> QuerySet:
    """The ids of the bodies in which a user holds one of ``roles`` (any role: None), as a subquery."""
    memberships = Membership.objects.active().filter(person__user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("body")


def _bodies_where(user, roles=None) -> QuerySet[Body]:
    return Body.objects.filter(pk__in=_body_ids_where(user, roles))


def _users_where(body: Body, roles=None) -> QuerySet:
    """The logins of the people holding one of ``roles`` (any role: None) in a body now."""
    memberships = Membership.objects.active().filter(body=body)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return get_user_model().objects.filter(person__memberships__in=memberships).distinct()


# ------------------------------------------------------------------ reading


def may_see_unpublished(user, body: Body) -> bool:
    """Drafts and unpublished protocols: only the secretariat and the signers of that body."""
    return user.is_authenticated and (user.is_superuser or bool(roles_in(user, body) & PROTOCOL_ROLES))


def visible_meetings(user) -> QuerySet[Meeting]:
    """Published meetings for everyone; unpublished ones for those who work on them
    (may_see_unpublished as a queryset)."""
    meetings = Meeting.objects.select_related("body")
    if user.is_authenticated and user.is_superuser:
        return meetings
    visible = Q(status=Meeting.Status.PUBLISHED)
    if user.is_authenticated:
        visible |= Q(body__in=_body_ids_where(user, PROTOCOL_ROLES))
    return meetings.filter(visible)


def visible_meeting_condition(user, through: str = "") -> Q:
    """visible_meetings as a condition on the meeting's own columns, also across a relation
    (``through="meeting__"``): per row a look-up of its meeting, not a list of every
    visible meeting — what a check of one person's rows needs. (It reads the user's
    protocol bodies first, one query per request; visible_meetings needs none.)"""
    if user.is_authenticated and user.is_superuser:
        return Q()
    visible = Q(**{f"{through}status": Meeting.Status.PUBLISHED})
    bodies = _protocol_body_ids(user)
    if bodies:
        visible |= Q(**{f"{through}body__in": bodies})
    return visible


def _protocol_body_ids(user) -> list[int]:
    """The bodies whose unpublished protocols a user works on, as a list: a subquery inside
    an OR would keep PostgreSQL from looking meetings up by key. Read once per user object
    (that is, per request), like Django's permission cache."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_protocol_body_ids"):
        user._protocol_body_ids = list(_body_ids_where(user, PROTOCOL_ROLES).values_list("body", flat=True))
    return user._protocol_body_ids


def published_meetings() -> QuerySet[Meeting]:
    """What everybody may read, whoever is asking (home page, feeds): the anonymous view."""
    return visible_meetings(AnonymousUser())


def may_see_non_public(user, body: Body) -> bool:
    """Members of a body (and superusers) may read its non-public items."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.active().filter(body=body, person__user=user).exists()


def may_see_part(user, meeting: Meeting, *, public: bool) -> bool:
    """Whether a user may read something that belongs to a public or a non-public part of a
    meeting's protocol — an item's figure, an attachment: whoever may read the meeting
    (visible_meetings) and, for the non-public part, its body's members."""
    if not visible_meetings(user).filter(pk=meeting.pk).exists():
        return False
    return public or may_see_non_public(user, meeting.body)


def member_users(body: Body) -> QuerySet:
    """The logins of a body's current members (of any role): who may_see_non_public
    because of a membership (superusers aside) — e.g. whom a publication is announced to."""
    return _users_where(body)


def non_public_bodies(user) -> QuerySet[Body] | None:
    """The bodies whose non-public items a user may read (None: all of them):
    may_see_non_public as a queryset, for lists and search across many meetings."""
    if user.is_authenticated and user.is_superuser:
        return None
    if not user.is_authenticated:
        return Body.objects.none()
    return _bodies_where(user)


def visible_item_condition(user, through: str = "") -> Q:
    """Agenda items a user may read — of visible meetings, public unless they are a member —
    as a condition, also across a relation (``through="item__"``).

    Filtering contributions through their item's columns lets PostgreSQL start from the
    few search hits instead of first listing every visible agenda item.
    """
    condition = visible_meeting_condition(user, through=f"{through}meeting__")
    bodies = non_public_bodies(user)
    if bodies is not None:
        condition &= Q(**{f"{through}public": True}) | Q(**{f"{through}meeting__body__in": bodies.values("pk")})
    return condition


def visible_search_entry_condition(user) -> Q:
    """visible_item_condition for the search table (models.SearchEntry), whose rows carry
    their meeting's state and body and their item's public flag: no join needed."""
    if user.is_authenticated and user.is_superuser:
        return Q()
    condition = Q(published=True)
    if user.is_authenticated:
        condition |= Q(body__in=_body_ids_where(user, PROTOCOL_ROLES))
    return condition & (Q(public=True) | Q(body__in=non_public_bodies(user).values("pk")))


# ------------------------------------------------------------------ drafting


def is_secretariat(user, body: Body) -> bool:
    return user.is_authenticated and (user.is_superuser or Membership.Role.SECRETARIAT in roles_in(user, body))


def secretariat_users(body: Body) -> QuerySet:
    """The logins of a body's secretariat: is_secretariat as a queryset (superusers aside)."""
    return _users_where(body, [Membership.Role.SECRETARIAT])


def may_draft(user, meeting: Meeting) -> bool:
    return is_secretariat(user, meeting.body)


def may_start_meeting(user, body: Body) -> bool:
    """Who may open a new meeting (and its draft protocol) for a body: its secretariat."""
    return is_secretariat(user, body)


def drafting_bodies(user) -> QuerySet[Body]:
    """The bodies whose protocols a user drafts (all of them for a superuser):
    is_secretariat as a queryset."""
    if not user.is_authenticated:
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.all()
    return _bodies_where(user, [Membership.Role.SECRETARIAT])


def is_editable(meeting: Meeting) -> bool:
    """Content may change only while the protocol is a draft."""
    return meeting.status == Meeting.Status.DRAFT


def ensure_editable(meeting: Meeting) -> None:
    if not is_editable(meeting):
        raise ProtocolLocked()


def ensure_may_draft(user, meeting: Meeting) -> None:
    """Drafting is for the body's secretariat, and only while the protocol is a draft."""
    if not may_draft(user, meeting):
        raise PermissionDenied(_("Only the secretariat of this body may draft its protocols."))
    ensure_editable(meeting)


# ------------------------------------------------------------------ approval


def may_submit(user, meeting: Meeting) -> bool:
    """The secretariat submits a draft for approval (and publishes and corrects)."""
    return is_secretariat(user, meeting.body)


may_publish = may_submit
may_correct = may_submit


def holds_function(person, body: Body, role: str, on) -> bool:
    """Whether a person holds a function (a Membership.Role) in a body on a date."""
    if person is None or not role:
        return False
    return Membership.objects.active(on).filter(body=body, person=person, role=role).exists()


def signable_by(user) -> Q:
    """Signature lines this user may sign (a condition on SignatureLine): those naming them,
    and those naming no one, of a function they hold in the meeting's body on its date."""
    held = (
        Membership.objects.filter(body=OuterRef("meeting__body"), person__user=user, role=OuterRef("role"))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("meeting__date")))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("meeting__date")))
    )
    return Q(person__user=user) | (Q(person__isnull=True) & Q(Exists(held)))


def lines_for(user, meeting: Meeting) -> QuerySet[SignatureLine]:
    """The meeting's signature lines this user may sign, whoever submitted it."""
    if not user.is_authenticated:
        return SignatureLine.objects.none()
    return meeting.signature_lines.filter(signable_by(user))


def may_sign_somewhere(person) -> bool:
    """Whether a person could sign a protocol: they hold a function a signature line stands for
    in some body, or a signature line names them. Their login and its email are for
    administrators (and themselves) only: whoever chose the email could set the password."""
    return person is not None and person.may_sign()


def may_manage_login(user, person) -> bool:
    """Whether ``user`` may create or change the login (or its email) of ``person``:
    superusers always; others only for people who cannot sign and have no login yet."""
    if user.is_superuser:
        return True
    return person.user_id is None and not may_sign_somewhere(person)


def may_review(user, meeting: Meeting) -> bool:
    """The chair and everyone who signs read a submitted protocol and may ask for changes."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or roles_in(user, meeting.body) & REVIEW_ROLES:
        return True
    return lines_for(user, meeting).exists()


def awaiting_review(user) -> QuerySet[Meeting]:
    """Submitted protocols this user may review and sign: may_review as a queryset."""
    meetings = Meeting.objects.filter(status=Meeting.Status.SUBMITTED).select_related("body")
    if not user.is_authenticated:
        return meetings.none()
    if user.is_superuser:
        return meetings
    chaired = _body_ids_where(user, REVIEW_ROLES)
    signs = SignatureLine.objects.filter(signable_by(user)).values("meeting")
    return meetings.filter(Q(body__in=chaired) | Q(pk__in=signs))


def reviews_somewhere(user) -> bool:
    """Whether the navigation offers the approval list: the user chairs a body or signs protocols."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or _body_ids_where(user, REVIEW_ROLES).exists()
        or SignatureLine.objects.filter(signable_by(user)).exists()
    )


def signing_refusal(user, meeting: Meeting, line: SignatureLine, submitted_by_id: int | None) -> str | None:
    """Why this user may not sign this line, or None if they may.

    Everyone signs only for themselves: a line that names a person is signed by that person;
    a line that names only a function by someone who holds it in the body on the meeting's
    date. Whoever submitted the protocol signs at most a minute-taker's line (bodies under
    GemO-style rules have the minute-taker sign): never as chair, management or member.
    """
    if not user.is_authenticated:
        return _("Log in to sign.")
    person = getattr(user, "person", None)
    if person is None:
        return _("Your login is not linked to a person, so you cannot sign.")
    if line.person_id:
        if line.person_id != person.pk:
            return _("Nobody signs for someone else: this line is for %(name)s.") % {"name": line.person.full_name}
    elif not holds_function(person, meeting.body, line.role, meeting.date):
        return _("You do not hold the function “%(function)s” in this body.") % {"function": line.get_role_display()}
    if submitted_by_id == user.pk and line.role != Body.SignatureRole.MINUTE_TAKER:
        return _("Whoever submitted the protocol signs it at most as minute-taker.")
    return None
