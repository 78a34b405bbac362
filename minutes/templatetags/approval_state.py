"""Where a protocol stands in its approval: its corrections and open requests for changes."""

from django import template

from minutes.approval import selectors

register = template.Library()


@register.simple_tag
def correction_links(meeting, user):
    """The original this meeting corrects and its corrections that this user may open
    (selectors.correction_links)."""
    return selectors.correction_links(meeting, user)


@register.simple_tag
def change_requests(meeting):
    """The reviewers' open requests for changes to a draft (selectors.open_change_requests), or None."""
    return selectors.open_change_requests(meeting)
