"""Full-text search over the protocol text a reader may see.

PostgreSQL (production and tests): German text search, whose stemming lets “Zuschuss”
find “Zuschüsse”, on the stored tsvector column ``search_document`` and its GIN index
(migration ``0003_contribution_search_document``), ranked, with highlighted snippets.
SQLite (the local trial, ``make run``): every word must occur, ignoring case; the
snippet is cut around the first hit. ``uses_full_text`` is the one place that branches.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from council.models import Body, Person

from . import selectors
from .models import Contribution

CONFIG = "german"
# ts_headline (and the SQLite snippet) put these around hits; after HTML-escaping the
# snippet they become <mark>, so a user's text can never inject markup.
HIT_START, HIT_STOP = "⟦", "⟧"
SNIPPET_CHARS = 240


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search_document() -> RawSQL:
    """The stored, GIN-indexed tsvector of a contribution (a column, not a model field)."""
    return RawSQL(f'"{Contribution._meta.db_table}"."search_document"', [], output_field=SearchVectorField())


def full_text_query(query: str) -> SearchQuery:
    """What a person types, as a German tsquery: words, "phrases", -exclusions, or."""
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def matching(contributions: QuerySet[Contribution], query: str) -> QuerySet[Contribution]:
    """Narrow to the contributions whose stored document matches (served by the GIN index)."""
    return contributions.annotate(document=search_document()).filter(document=full_text_query(query))


def search_contributions(
    user, query: str, *, body: Body | None = None, year: int | None = None, speaker: Person | None = None
) -> QuerySet[Contribution]:
    """Contributions matching the query, best first, each with a ``headline`` (or None on SQLite)."""
    results = Contribution.objects.filter(selectors.visible_item_condition(user, through="item__")).select_related(
        "item__meeting__body", "speaker"
    )
    if body is not None:
        results = results.filter(item__meeting__body=body)
    if year is not None:
        results = results.filter(item__meeting__date__year=year)
    if speaker is not None:
        results = results.filter(speaker=speaker)
    if uses_full_text():
        search_query = full_text_query(query)
        return (
            matching(results, query)
            .annotate(
                rank=SearchRank(F("document"), search_query),
                headline=SearchHeadline(
                    "text",
                    search_query,
                    config=CONFIG,
                    start_sel=HIT_START,
                    stop_sel=HIT_STOP,
                    max_fragments=2,
                    max_words=30,
                    min_words=12,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-item__meeting__date", "pk")
        )
    for word in _words(query):
        results = results.filter(text__icontains=word)
    return results.order_by("-item__meeting__date", "pk")


def snippet(contribution: Contribution, query: str) -> SafeString:
    """The highlighted excerpt shown in the result list, as safe HTML."""
    text = getattr(contribution, "headline", None) or _plain_snippet(contribution.text, query)
    text = text.replace("**", "")
    return mark_safe(escape(text).replace(HIT_START, "<mark>").replace(HIT_STOP, "</mark>"))


def _words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query) if word]


def _plain_snippet(text: str, query: str) -> str:
    words = _words(query)
    lowered = text.lower()
    first = min((lowered.find(w.lower()) for w in words if w.lower() in lowered), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    excerpt = text[start : start + SNIPPET_CHARS]
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        excerpt = pattern.sub(lambda m: f"{HIT_START}{m.group(0)}{HIT_STOP}", excerpt)
    return ("… " if start else "") + excerpt + (" …" if start + SNIPPET_CHARS < len(text) else "")
