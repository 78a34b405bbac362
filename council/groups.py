"""A body's attendance groups: the defaults, and which group a roster entry sits in."""

from django.db import transaction

from .models import AttendanceGroup, Body, Membership

Kind = AttendanceGroup.Kind

# Every body starts with these (name, printed heading, votes, kind, on person pages); the
# names and headings are German, the language of the record. The secretariat's person is
# in the administration group only where it is not listed as minute-taker.
DEFAULTS = [
    ("Stimmberechtigte Mitglieder", "", True, Kind.MEMBERS, True),
    ("Beratende Mitglieder", "", False, Kind.ADVISORY, True),
    ("Verwaltung", "", False, Kind.ADMINISTRATION, False),
    ("Gäste", "Teilnehmende Gäste", False, Kind.GUESTS, True),
]

# Roster roles → the kind of group a new meeting lists them in. The chair is printed under
# “Vorsitz”; minute-takers under “Schriftführung” (unless they also sit as members).
KIND_OF_ROLE = {
    Membership.Role.DEPUTY_CHAIR: Kind.MEMBERS,
    Membership.Role.MEMBER: Kind.MEMBERS,
    Membership.Role.ADVISORY: Kind.ADVISORY,
    Membership.Role.ADMINISTRATION: Kind.ADMINISTRATION,
    Membership.Role.MANAGEMENT: Kind.ADMINISTRATION,
    Membership.Role.SECRETARIAT: Kind.ADMINISTRATION,
}


@transaction.atomic
def attendance_groups(body: Body) -> list[AttendanceGroup]:
    """The body's groups in printed order; a body that has none gets the defaults."""
    groups = list(body.attendance_groups.order_by("order", "pk"))
    if groups:
        return groups
    Body.objects.select_for_update().get(pk=body.pk)  # two first meetings at once create them once
    groups = list(body.attendance_groups.order_by("order", "pk"))
    if not groups:
        for order, (name, heading, votes, kind, on_person_pages) in enumerate(DEFAULTS, start=1):
            groups.append(
                AttendanceGroup.objects.create(
                    body=body,
                    name=name,
                    heading=heading,
                    votes=votes,
                    kind=kind,
                    order=order,
                    on_person_pages=on_person_pages,
                )
            )
    return groups


def group_of(membership: Membership, groups: list[AttendanceGroup]) -> AttendanceGroup | None:
    """The group a roster entry is listed in: its own, else the first of the kind its role
    asks for (a voting member: a group that votes; a member without a vote: the advisory
    members); None: not listed."""
    if membership.group_id:
        return next((g for g in groups if g.pk == membership.group_id), None)
    kind = KIND_OF_ROLE.get(membership.role)
    if kind is None:
        return None
    of_kind = [g for g in groups if g.kind == kind]
    if kind == Kind.MEMBERS and membership.voting_right:
        of_kind = [g for g in of_kind if g.votes] or of_kind
    elif kind == Kind.MEMBERS:
        # A member without a vote sits with the advisory members, unless the body has none.
        of_kind = [g for g in groups if g.kind == Kind.ADVISORY] or [g for g in of_kind if not g.votes] or of_kind
    return of_kind[0] if of_kind else None


def guest_group(groups: list[AttendanceGroup]) -> AttendanceGroup | None:
    return next((g for g in groups if g.kind == Kind.GUESTS), None)
