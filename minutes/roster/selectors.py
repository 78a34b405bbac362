"""Read-side queries of the roster pages; every write is in services.py."""

from django.conf import settings

from council.models import Body, Membership


def roster_rows(body: Body) -> list[Membership]:
    """The body's current memberships in their order, with person, login and deputy."""
    return list(
        Membership.objects.active()
        .filter(body=body)
        .select_related("person__user", "on_behalf_of", "deputy_of__person")
        .order_by("order", "person__family_name", "pk")
    )


def password_link_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))
