from django import template

from minutes import access

register = template.Library()


@register.filter
def drafts_somewhere(user) -> bool:
    """Whether the navigation offers the drafting workspace to this user."""
    return access.drafting_bodies(user).exists()
