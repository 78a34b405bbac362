"""Full-text search over the protocol text a reader may see: contributions, agenda-item
titles, resolutions and papers (reference, title and the text of their files).

PostgreSQL (production and tests): German text search, whose stemming lets “Zuschuss”
find “Zuschüsse”, on the search table (models.SearchEntry: one row per searchable text with
its tsvector ``document``, GIN index, and the meeting's date, body and state, kept by
triggers, migration ``0009_search_entry``), ranked, with highlighted snippets.
SQLite (the local trial, ``make run``): every word must occur, ignoring case; the
snippet is cut around the first hit. ``uses_full_text`` is the one place that branches.

A search reads at most ``CANDIDATES`` matches: past that, the page says “more than
1,000 results” and ranks the newest thousand — a common word costs the same in a large
archive as in a small one, and filters (body, year, person) bring the rest within reach.
"""

import datetime
import re
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, F, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from council.models import Body, Person
from minutes import access
from minutes.models import AgendaItem, Contribution, Decision, Meeting, Paper, SearchEntry

CONFIG = "german"
# ts_headline (and the SQLite snippet) put these around hits; after HTML-escaping the
# snippet they become <mark>, so a user's text can never inject markup.
HIT_START, HIT_STOP = "⟦", "⟧"
SNIPPET_CHARS = 240
# How many matches a search reads at most (and ranks, the newest first).
CANDIDATES = 1000
_EPOCH_DAY = datetime.date(1970, 1, 1)


@dataclass
class Hit:
    """One result: what was found (``kind``, a SearchEntry.Kind), where (meeting and item;
    a paper has neither), who said it (contributions), its text and highlighted headline."""

    kind: str
    text: str
    meeting: Meeting | None = None
    item: AgendaItem | None = None
    speaker: Person | None = None
    paper: Paper | None = None
    headline: str | None = None

    @property
    def speaker_id(self) -> int | None:
        return self.speaker.pk if self.speaker else None


def _hit(kind: str, row) -> Hit:
    """A contribution, item, decision or paper as a Hit."""
    headline = getattr(row, "headline", None)
    if kind == SearchEntry.Kind.CONTRIBUTION:
        return Hit(kind, row.text, row.item.meeting, row.item, row.speaker, headline=headline)
    if kind == SearchEntry.Kind.ITEM:
        return Hit(kind, row.title, row.meeting, row, headline=headline)
    if kind == SearchEntry.Kind.DECISION:
        return Hit(kind, row.text, row.item.meeting, row.item, headline=headline)
    return Hit(kind, _paper_text(row), paper=row, headline=headline)


def _paper_text(paper: Paper) -> str:
    main = paper.main_file.text if paper.main_file_id else ""
    return " ".join(part for part in (paper.reference, paper.name, main) if part)


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
        return len(self.queryset[: self.limit + 1])

    @property
    def more_than_candidates(self) -> bool:
        return self._counted > self.limit

    def count(self) -> int:
        return min(self._counted, self.limit)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Hit]:
        start, stop = index.start or 0, min(index.stop if index.stop is not None else self.limit, self.limit)
        return self._slice(start, stop) if start < stop else []

    def _slice(self, start: int, stop: int) -> list[Hit]:
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

    def _slice(self, start: int, stop: int) -> list[Hit]:
        search_query = full_text_query(self.query)
        ranked = list(
            matching(SearchEntry.objects.filter(pk__in=self._candidates[: self.limit]), self.query, self.speakers)
            .annotate(rank=SearchRank(F("document"), search_query))
            .order_by("-rank", "-date", "kind", "object_id")
            .values_list("kind", "object_id")[start:stop]
        )
        found = {}
        for kind, (queryset, text) in _SOURCES.items():
            ids = [pk for k, pk in ranked if k == kind]
            if ids:
                rows = queryset().annotate(headline=_headline(text, search_query)).in_bulk(ids)
                found |= {(kind, pk): _hit(kind, row) for pk, row in rows.items()}
        return [found[key] for key in ranked if key in found]


def _headline(text, search_query) -> SearchHeadline:
    return SearchHeadline(
        text,
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


# What each kind of search entry stands for: its rows, and the text its headline is cut from.
_SOURCES = {
    SearchEntry.Kind.CONTRIBUTION: (
        lambda: Contribution.objects.select_related("item__meeting__body", "speaker"),
        "text",
    ),
    SearchEntry.Kind.ITEM: (lambda: AgendaItem.objects.select_related("meeting__body"), "title"),
    SearchEntry.Kind.DECISION: (lambda: Decision.objects.select_related("item__meeting__body"), "text"),
    SearchEntry.Kind.PAPER: (
        lambda: Paper.objects.select_related("main_file"),
        Concat(
            Cast("reference", TextField()),
            Value(" ", output_field=TextField()),
            Cast("name", TextField()),
            Value(" ", output_field=TextField()),
            Coalesce("main_file__text", Value("", output_field=TextField())),
            output_field=TextField(),
        ),
    ),
}


def search_protocols(
    user, query: str, *, body: Body | None = None, year: int | None = None, speaker: Person | None = None
) -> Results:
    """Contributions, agenda items, resolutions and papers matching the query, best first, as
    Hits with a ``headline`` (None on SQLite). With ``speaker``, only what that person said."""
    if uses_full_text():
        entries = SearchEntry.objects.filter(access.visible_search_entry_condition(user))
        if body is not None:
            entries = entries.filter(body=body)
        if year is not None:
            entries = entries.filter(date__year=year)
        if speaker is not None:
            entries = entries.filter(speaker=speaker, kind=SearchEntry.Kind.CONTRIBUTION)
        return RankedResults(entries, query)
    return Results(_plain_matches(user, query, body=body, year=year, speaker=speaker))


def _plain_matches(user, query: str, *, body, year, speaker) -> list[Hit]:
    """SQLite: every word must occur, ignoring case; newest first, at most CANDIDATES + 1."""
    words = _words(query)
    visible_items = access.visible_item_condition(user, through="item__")
    contributions = Contribution.objects.filter(visible_items).select_related("item__meeting__body", "speaker")
    items = AgendaItem.objects.filter(access.visible_item_condition(user)).select_related("meeting__body")
    decisions = Decision.objects.filter(visible_items).select_related("item__meeting__body")
    papers = Paper.objects.select_related("main_file")
    if not (user.is_authenticated and user.is_superuser):
        papers = papers.filter(public=True)
    if body is not None:
        contributions = contributions.filter(item__meeting__body=body)
        items = items.filter(meeting__body=body)
        decisions = decisions.filter(item__meeting__body=body)
        papers = papers.none()
    if year is not None:
        contributions = contributions.filter(item__meeting__date__year=year)
        items = items.filter(meeting__date__year=year)
        decisions = decisions.filter(item__meeting__date__year=year)
        papers = papers.filter(date__year=year)
    if speaker is not None:
        contributions = contributions.filter(speaker=speaker)
        items, decisions, papers = items.none(), decisions.none(), papers.none()
    for word in words:
        contributions = contributions.filter(
            Q(text__icontains=word)
            | Q(speaker__family_name__icontains=word)
            | Q(speaker__given_name__icontains=word)
            | Q(speaker__form_of_address__iexact=word)
        )
        items = items.filter(title__icontains=word)
        decisions = decisions.filter(text__icontains=word)
        papers = papers.filter(
            Q(reference__icontains=word) | Q(name__icontains=word) | Q(main_file__text__icontains=word)
        )
    limit = CANDIDATES + 1
    hits = (
        [_hit(SearchEntry.Kind.CONTRIBUTION, c) for c in contributions.order_by("-item__meeting__date", "pk")[:limit]]
        + [_hit(SearchEntry.Kind.ITEM, i) for i in items.order_by("-meeting__date", "pk")[:limit]]
        + [_hit(SearchEntry.Kind.DECISION, d) for d in decisions.order_by("-item__meeting__date", "pk")[:limit]]
        + [_hit(SearchEntry.Kind.PAPER, p) for p in papers.order_by("-date", "pk")[:limit]]
    )
    hits.sort(key=lambda hit: hit.meeting.date if hit.meeting else hit.paper.date or _EPOCH_DAY, reverse=True)
    return hits[:limit]


def snippet(hit: Hit | Contribution, query: str) -> SafeString:
    """The highlighted excerpt shown in the result list, as safe HTML, without markup characters."""
    text = getattr(hit, "headline", None) or _plain_snippet(hit.text, query)
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
