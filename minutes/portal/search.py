"""Full-text search over the protocol text a reader may see.

PostgreSQL (production and tests): German text search, whose stemming lets “Zuschuss”
find “Zuschüsse”, on the stored tsvector column ``search_document`` and its GIN index
(migration ``0003_contribution_search_document``), ranked, with highlighted snippets.
SQLite (the local trial, ``make run``): every word must occur, ignoring case; the
snippet is cut around the first hit. ``uses_full_text`` is the one place that branches.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from council.models import Body, Person
from minutes import access
from minutes.models import Contribution

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


def speaker_document() -> RawSQL:
    """The stored document plus the speaker's name ("Herr Dr. Jürgen Schindler").

    A generated column cannot read another table, so the name is added at query time,
    and only for the few contributions whose speaker's name holds a word of the query.
    """
    table = Contribution._meta.db_table
    person = Person._meta.db_table
    name = (
        f"SELECT concat_ws(' ', p.form_of_address, p.title, p.given_name, p.family_name) "
        f'FROM "{person}" p WHERE p.id = "{table}"."speaker_id"'
    )
    return RawSQL(
        f'("{table}"."search_document" || to_tsvector(%s::regconfig, COALESCE(({name}), \'\')))',
        [CONFIG],
        output_field=SearchVectorField(),
    )


def speakers_named(query: str) -> list[int]:
    """The people whose given or family name is a word of the query (one small query)."""
    words = _words(query)
    if not words:
        return []
    any_word = reduce(or_, (SearchQuery(word, config=CONFIG, search_type="plain") for word in words))
    return list(
        Person.objects.annotate(name=SearchVector("given_name", "family_name", config=CONFIG))
        .filter(name=any_word)
        .values_list("pk", flat=True)
    )


def matching(contributions: QuerySet[Contribution], query: str) -> QuerySet[Contribution]:
    """Narrow to the contributions whose text, or text and speaker's name, match.

    Contributions of a speaker whose name holds no word of the query match on their
    stored document (served by the GIN index); those of the few speakers named in the
    query match on document and name together (served by the speaker index), so
    “Schindler Zuschuss” finds what Herr Schindler said about the grant. ``document``
    is what the ranking reads.
    """
    search_query = full_text_query(query)
    speakers = speakers_named(query)
    if not speakers:
        return contributions.annotate(document=search_document()).filter(document=search_query)
    named = Q(speaker_id__in=speakers)
    return (
        contributions.alias(
            text_document=search_document(),
            named_document=speaker_document(),
        )
        .annotate(
            document=Case(When(named, then=speaker_document()), default=search_document()),
        )
        .filter((Q(text_document=search_query) & ~named) | (named & Q(named_document=search_query)))
    )


def search_contributions(
    user, query: str, *, body: Body | None = None, year: int | None = None, speaker: Person | None = None
) -> QuerySet[Contribution]:
    """Contributions matching the query, best first, each with a ``headline`` (or None on SQLite)."""
    results = Contribution.objects.filter(access.visible_item_condition(user, through="item__")).select_related(
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
                    short_word=2,
                    highlight_all=False,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-item__meeting__date", "pk")
        )
    for word in _words(query):
        results = results.filter(
            Q(text__icontains=word)
            | Q(speaker__family_name__icontains=word)
            | Q(speaker__given_name__icontains=word)
            | Q(speaker__form_of_address__iexact=word)
        )
    return results.order_by("-item__meeting__date", "pk")


def snippet(contribution: Contribution, query: str) -> SafeString:
    """The highlighted excerpt shown in the result list, as safe HTML, without markup characters."""
    text = getattr(contribution, "headline", None) or _plain_snippet(contribution.text, query)
    text = plain_text(text)
    return mark_safe(escape(text).replace(HIT_START, "<mark>").replace(HIT_STOP, "</mark>"))


# List markers at the start of a line (“- ”, “* ”, “1. ”, “1) ”), or right after a hit
# marker or the fragment delimiter that may stand in front of them in a headline.
LIST_MARKER = re.compile(rf"(^|\n|(?<=… )|(?<={HIT_START}))[ \t]*(?:[-*+]|\d{{1,3}}[.)])[ \t]+")


def plain_text(text: str) -> str:
    """Contribution markup as plain running text: no bold stars, no list markers, one line."""
    text = LIST_MARKER.sub(r"\1", text.replace("**", ""))
    return " ".join(text.split())


def _words(query: str) -> list[str]:
    return [word for word in re.findall(r"\w+", query) if word]


def _plain_snippet(text: str, query: str) -> str:
    """About SNIPPET_CHARS of the plain text around the first hit, cut between words."""
    text = plain_text(text)
    words = _words(query)
    lowered = text.lower()
    first = min((lowered.find(w.lower()) for w in words if w.lower() in lowered), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:  # begin at the word after the space before the cut
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 else 0
    end = start + SNIPPET_CHARS
    if end < len(text):  # end at the last space inside the cut
        space = text.rfind(" ", start, end + 1)
        end = space if space > start else end
    excerpt = text[start:end]
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        excerpt = pattern.sub(lambda m: f"{HIT_START}{m.group(0)}{HIT_STOP}", excerpt)
    return ("… " if start else "") + excerpt + (" …" if end < len(text) else "")
