from django import template

from minutes import access, selectors, services

register = template.Library()


@register.simple_tag
def correction_links(meeting, user) -> dict:
    """The original this meeting corrects and its corrections — only those this user may open.

    A correction in progress is a draft: anonymous visitors and members learn of it once it
    is published (selectors.visible_meetings), never through a link that answers 404.
    """
    visible = selectors.visible_meetings(user)
    original = visible.filter(pk=meeting.corrects_id).first() if meeting.corrects_id else None
    corrections = list(visible.filter(corrects=meeting).order_by("version", "pk"))
    return {"original": original, "corrections": corrections}


@register.filter
def reviews_somewhere(user) -> bool:
    """Whether the navigation offers the list of protocols awaiting approval."""
    return access.reviews_somewhere(user)


@register.simple_tag
def change_requests(meeting):
    """The reviewers' open requests for changes to a draft (services.open_change_requests), or None."""
    return services.open_change_requests(meeting)
