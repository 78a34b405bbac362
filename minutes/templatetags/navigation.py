"""What the site navigation offers a user: the drafting workspace, the approval list."""

from django import template

from minutes import access

register = template.Library()


@register.filter
def drafts_somewhere(user) -> bool:
    """Whether the navigation offers the drafting workspace to this user."""
    return access.drafting_bodies(user).exists()


@register.filter
def reviews_somewhere(user) -> bool:
    """Whether the navigation offers the list of protocols awaiting approval."""
    return access.reviews_somewhere(user)
