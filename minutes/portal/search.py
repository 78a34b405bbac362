"""Full-text search over the protocol text a reader may see.

PostgreSQL (production and tests): German text search, whose stemming lets “Zuschuss”
find “Zuschüsse”, on the search table (models.SearchEntry: one row per contribution with
its tsvector ``document``, GIN index, and the meeting's date, body and state, kept by
triggers, migration ``0009_search_entry``), ranked, with highlighted snippets.
SQLite (the local trial, ``make run``): every word must occur, ignoring case; the
snippet is cut around the first hit. ``uses_full_text`` is the one place that branches.

A search reads at most ``CANDIDATES`` matches: past that, the page says “more than
1,000 results” and ranks the newest thousand — a common word costs the same in a large
archive as in a small one, and filters (body, year, person) bring the rest within reach.
"""

import re
from functools import cached_property, reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from council.models import Body, Person
from minutes import access
from minutes.models import Contribution, SearchEntry

CONFIG = "german"
# ts_headline (and the SQLite snippet) put these around hits; after HTML-escaping the
# snippet they become <mark>, so a user's text can never inject markup.
HIT_START, HIT_STOP = "⟦", "⟧"
SNIPPET_CHARS = 240
# How many matches a search reads at most (and ranks, the newest first).
CANDIDATES = 1000


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search_document() -> RawSQL:
    """The stored, GIN-indexed tsvector of a search entry (a column, not a model field)."""
    return RawSQL(f'"{SearchEntry._meta.db_table}"."document"', [], output_field=SearchVectorField())


def full_text_query(query: str) -> SearchQuery:
    """What a person types, as a German tsquery: words, "phrases", -exclusions, or."""
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def speaker_document(speakers: dict[int, str]) -> RawSQL:
    """The stored document plus the speaker's name ("Herr Dr. Jürgen Schindler"), for the
    few speakers whose name holds a word of the query (``speakers``: their names as
    tsvectors, from speakers_named). The name is added at query time, so a renamed person
    is found by the new name at once."""
    table = SearchEntry._meta.db_table
    cases = " ".join("WHEN %s THEN %s::tsvector" for _ in speakers)
    params = [value for pk, vector in speakers.items() for value in (pk, vector)]
    return RawSQL(
        f'("{table}"."document" || CASE "{table}"."speaker_id" {cases} ELSE \'\'::tsvector END)',
        params,
        output_field=SearchVectorField(),
    )


def speakers_named(query: str) -> dict[int, str]:
    """The people whose given or family name is a word of the query (one small query), each
    with their whole name as a German tsvector."""
    words = _words(query)
    if not words:
        return {}
    any_word = reduce(or_, (SearchQuery(word, config=CONFIG, search_type="plain") for word in words))
    name = RawSQL(
        "to_tsvector(%s::regconfig, concat_ws(' ', form_of_address, title, given_name, family_name))::text", [CONFIG]
    )
    return dict(
        Person.objects.annotate(name=SearchVector("given_name", "family_name", config=CONFIG), whole_name=name)
        .filter(name=any_word)
        .values_list("pk", "whole_name")
    )


def matching(
    entries: QuerySet[SearchEntry], query: str, speakers: dict[int, str] | None = None
) -> QuerySet[SearchEntry]:
    """Narrow to the entries whose text, or text and speaker's name, match.

    Entries of a speaker whose name holds no word of the query match on their stored
    document (served by the GIN index); those of the few speakers named in the query
    (``speakers``, default: speakers_named) match on document and name together (served
    by the speaker index), so “Schindler Zuschuss” finds what Herr Schindler said about
    the grant. ``document`` is what the ranking reads.
    """
    search_query = full_text_query(query)
    speakers = speakers_named(query) if speakers is None else speakers
    if not speakers:
        return entries.annotate(document=search_document()).filter(document=search_query)
    named = Q(speaker_id__in=list(speakers))
    return (
        entries.alias(
            text_document=search_document(),
            named_document=speaker_document(speakers),
        )
        .annotate(
            document=Case(When(named, then=speaker_document(speakers)), default=search_document()),
        )
        .filter((Q(text_document=search_query) & ~named) | (named & Q(named_document=search_query)))
    )


class Results:
    """The matches of a search as the paginator reads them: at most CANDIDATES of them.

    ``count()`` stops counting at CANDIDATES + 1 and ``more_than_candidates`` says whether
    it got there; slices hold contributions, best first.
    """

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset

    @property
    def limit(self) -> int:
        return CANDIDATES

    @cached_property
    def _counted(self) -> int:
        return self.queryset.order_by()[: self.limit + 1].count()

    @property
    def more_than_candidates(self) -> bool:
        return self._counted > self.limit

    def count(self) -> int:
        return min(self._counted, self.limit)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Contribution]:
        start, stop = index.start or 0, min(index.stop if index.stop is not None else self.limit, self.limit)
        return self._slice(start, stop) if start < stop else []

    def _slice(self, start: int, stop: int) -> list[Contribution]:
        return list(self.queryset[start:stop])


class RankedResults(Results):
    """PostgreSQL: the newest CANDIDATES matching entries, ranked; the page's contributions
    are then read with their highlighted snippet (``headline``).

    The candidates are one query (their ids, newest first: an index scan by date that
    stops at the limit, or for a rare word the GIN index), which also counts them.
    """

    def __init__(self, entries: QuerySet[SearchEntry], query: str):
        super().__init__(entries)
        self.query = query
        self.speakers = speakers_named(query)

    @cached_property
    def _candidates(self) -> list[int]:
        newest = matching(self.queryset, self.query, self.speakers).order_by("-date", "-pk")
        return list(newest.values_list("pk", flat=True)[: self.limit + 1])

    @cached_property
    def _counted(self) -> int:
        return len(self._candidates)

    def _slice(self, start: int, stop: int) -> list[Contribution]:
        search_query = full_text_query(self.query)
        ranked = (
            matching(SearchEntry.objects.filter(pk__in=self._candidates[: self.limit]), self.query, self.speakers)
            .annotate(rank=SearchRank(F("document"), search_query))
            .order_by("-rank", "-date", "object_id")
            .values_list("object_id", flat=True)[start:stop]
        )
        ids = list(ranked)
        found = (
            Contribution.objects.select_related("item__meeting__body", "speaker")
            .annotate(
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
                )
            )
            .in_bulk(ids)
        )
        return [found[pk] for pk in ids if pk in found]


def search_contributions(
    user, query: str, *, body: Body | None = None, year: int | None = None, speaker: Person | None = None
) -> Results:
    """Contributions matching the query, best first, each with a ``headline`` (or None on SQLite)."""
    if uses_full_text():
        entries = SearchEntry.objects.filter(
            access.visible_search_entry_condition(user), kind=SearchEntry.Kind.CONTRIBUTION
        )
        if body is not None:
            entries = entries.filter(body=body)
        if year is not None:
            entries = entries.filter(date__year=year)
        if speaker is not None:
            entries = entries.filter(speaker=speaker)
        return RankedResults(entries, query)
    results = Contribution.objects.filter(access.visible_item_condition(user, through="item__")).select_related(
        "item__meeting__body", "speaker"
    )
    if body is not None:
        results = results.filter(item__meeting__body=body)
    if year is not None:
        results = results.filter(item__meeting__date__year=year)
    if speaker is not None:
        results = results.filter(speaker=speaker)
    for word in _words(query):
        results = results.filter(
            Q(text__icontains=word)
            | Q(speaker__family_name__icontains=word)
            | Q(speaker__given_name__icontains=word)
            | Q(speaker__form_of_address__iexact=word)
        )
    return Results(results.order_by("-item__meeting__date", "pk"))


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
