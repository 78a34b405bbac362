"""The language links in the header: the same page in another language, as a plain link."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context, language_code: str) -> str:
    """This page's address in another language (German without a prefix, English under /en/)."""
    return translate_url(context["request"].get_full_path(), language_code)
