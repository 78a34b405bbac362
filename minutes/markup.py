"""The light markup of contributions and resolutions, rendered safely.

CommonMark (markdown-it-py) with raw HTML switched off, so whatever a user types
is escaped; only paragraphs, bullet lists, numbered lists (“1.” and “1)”), bold and
emphasis are enabled. Headings, links, images, code and tables are not part of a
protocol's text and stay plain text.
"""

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "breaks": False, "typographer": False})
    md.enable(["paragraph", "list", "emphasis", "newline", "escape", "entity"])

    def ordered_list_open(renderer, tokens, idx, options, env):
        # Keep the author's delimiter: “1)” lists print as “1)”, not “1.”.
        token = tokens[idx]
        if token.markup == ")":
            token.attrSet("class", "paren")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("ordered_list_open", ordered_list_open)
    return md


def render_markup(text: str) -> SafeString:
    """Markup → HTML safe to put into a page or a PDF."""
    # The parser escapes every character of user input it does not turn into one of
    # the few enabled elements, so its output is safe by construction.
    return mark_safe(_parser().render(text or ""))


def escape_markup(text: str) -> str:
    """Escape a name or other plain text so that it is printed literally inside markup."""
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in text)


_SPECIAL = set("\\`*_[]<>#!|&")
