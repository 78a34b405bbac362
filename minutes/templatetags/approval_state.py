"""Where a protocol stands in its approval: its corrections and open requests for changes."""

from django import template

from minutes import access
from minutes.approval import selectors

register = template.Library()


@register.simple_tag
def correction_links(meeting, user) -> dict:
    """The original this meeting corrects and its corrections — only those this user may open.

    A correction in progress is a draft: anonymous visitors and members learn of it once it
    is published (access.visible_meetings), never through a link that answers 404.
    """
    visible = access.visible_meetings(user)
    original = visible.filter(pk=meeting.corrects_id).first() if meeting.corrects_id else None
    corrections = list(visible.filter(corrects=meeting).order_by("edition", "pk"))
    return {"original": original, "corrections": corrections}


@register.simple_tag
def change_requests(meeting):
    """The reviewers' open requests for changes to a draft (selectors.open_change_requests), or None."""
    return selectors.open_change_requests(meeting)
