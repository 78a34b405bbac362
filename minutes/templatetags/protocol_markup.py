from pathlib import Path

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

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
