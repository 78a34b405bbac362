from pathlib import Path

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from minutes.markup import render_markup

register = template.Library()


@register.filter
def markup(text: str):
    """Render contribution or resolution markup as safe HTML."""
    return render_markup(text)


@register.filter
def file_uri(field_file) -> str:
    """A stored file as file:// URI, so WeasyPrint reads it from disk, never over HTTP."""
    return Path(field_file.path).as_uri() if field_file else ""


@register.filter
def css_string(value) -> str:
    """Escape text for a CSS string literal, e.g. the running header in @page."""
    text = str(value)
    for char in ("\\", '"', "\n", "\r", "<"):
        text = text.replace(char, f"\\{ord(char):x} ")
    # Safe: inside <style> HTML entities are not decoded, and “<” is escaped above.
    return mark_safe(text)


@register.filter
def on_site(path: str) -> str:
    """A path of the app as a full address (SITE_URL), for links in a PDF, which has no page address."""
    return settings.SITE_URL + path


@register.filter
def period(span) -> str:
    """When a deputation lasted, with a leading space: “ bis 18.30 Uhr”, “ ab 18.30 Uhr”,
    “ von 17.30 bis 18.30 Uhr”; nothing for the whole meeting."""
    start, end = getattr(span, "start", None), getattr(span, "end", None)
    if start and end:
        return " " + _("from %(start)s to %(end)s") % {"start": _clock(start), "end": _clock(end)}
    if start:
        return " " + _("from %(time)s") % {"time": _clock(start)}
    if end:
        return " " + _("until %(time)s") % {"time": _clock(end)}
    return ""


@register.filter
def deputy_notes(row, layout: str = "") -> str:
    """What follows a name in an attendance list: “ (in Vertretung für Ratsherrn Fink bis 18.30 Uhr,
    für Ratsfrau Kühn ab 18.30 Uhr)”, and where the body prints deputies at the member and the
    list has no status column, “ (vertreten durch Herrn Hechler)”."""
    notes = ""
    sits_for = getattr(row, "sits_for", [])
    if sits_for:
        parts = [
            (_("deputising for %(name)s") if index == 0 else _("for %(name)s")) % {"name": d.name} + period(d)
            for index, d in enumerate(sits_for)
        ]
        notes += " (" + ", ".join(parts) + ")"
    if getattr(row, "show_represented", False) and layout != "by_group":
        notes += " (" + _represented(row) + ")"
    return notes


@register.filter
def status_text(row) -> str:
    """The status column of a table per group: “anwesend”, “entschuldigt”, “nicht anwesend”, or
    “vertreten durch Herrn Hechler” (after “anwesend, ” for a member who was there part of the time)."""
    labels = {
        "present": pgettext("attendance status in a table", "present"),
        "excused": pgettext("attendance status in a table", "excused"),
        "absent": pgettext("attendance status in a table", "absent"),
        "unrecorded": pgettext("attendance status in a table", "not recorded"),
    }
    label = labels.get(row.status, row.status)
    if not getattr(row, "show_represented", False):
        return label
    represented = _represented(row)
    return f"{label}, {represented}" if row.status == "present" else represented


def _represented(row) -> str:
    parts = [
        (_("represented by %(name)s") if index == 0 else _("by %(name)s")) % {"name": d.name} + period(d)
        for index, d in enumerate(row.represented_by)
    ]
    return ", ".join(parts)


def _clock(moment) -> str:
    return formats.time_format(moment, "TIME_FORMAT")
