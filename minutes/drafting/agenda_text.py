"""An agenda as text, both ways: read the agenda pasted from an invitation (“1. Begrüßung”,
“1.1 Bericht”, “TOP 3: …”, a “Nichtöffentlicher Teil”), and write a meeting's agenda in the
same form (to take over the previous meeting's). Pure text work: creating the items is the
drafting services' (``services.add_agenda_items``).
"""

import re
from dataclasses import dataclass

from minutes.models import AgendaItem

NUMBER_LIMIT = AgendaItem._meta.get_field("number").max_length
TITLE_LIMIT = AgendaItem._meta.get_field("title").max_length

# “1. Begrüßung”, “1.1 Bericht”, “TOP 3: Haushalt”, “Tagesordnungspunkt 4 – Anfragen”, “5) Verschiedenes”
ITEM = re.compile(
    r"^(?:(?:TOP|Tagesordnungspunkt|Punkt)\s*)?(?P<number>\d+(?:\.\d+)*)(?:\.|\))?(?:\s*[:–-])?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
NON_PUBLIC = re.compile(r"\bnicht[\s-]?öffentlich\w*", re.IGNORECASE)
# A line that only opens a part: “Nichtöffentlicher Teil”, “Öffentliche Sitzung:”, “- nichtöffentlich -”.
PART = re.compile(
    r"^[\s–\-*(]*(?P<non>nicht[\s-]?)?öffentlich\w*(?:\s+(?:Teil|Sitzung|Sitzungsteil|Beratung))?[\s–\-*):]*$",
    re.IGNORECASE,
)
# What is left of a marker in a title: “Personalangelegenheiten (nichtöffentlich)”.
MARKER_REST = re.compile(r"\s*[(\[–\-]\s*[)\]–\-]?\s*$|\s*\(\s*\)|\s*\[\s*\]")


@dataclass
class ParsedItem:
    number: str
    title: str
    public: bool


@dataclass
class ParsedAgenda:
    items: list[ParsedItem]
    ignored: list[str]  # lines before the first item that are not a part heading (“Tagesordnung:”)


def _without_marker(title: str) -> str:
    title = NON_PUBLIC.sub("", title)
    title = MARKER_REST.sub("", title)
    return " ".join(title.split()).strip(" –-:")


def parse_agenda(text: str) -> ParsedAgenda:
    """The items of a pasted agenda, in order. A line without a number continues the title of
    the item before it (an invitation wraps long titles), unless it opens a public or
    non-public part; “nichtöffentlich” in an item's line makes that item non-public."""
    items: list[ParsedItem] = []
    ignored: list[str] = []
    public = True
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        part = PART.match(line)
        if part:
            public = not part.group("non")
            continue
        match = ITEM.match(line)
        if match:
            title = match.group("title")
            item_public = public and not NON_PUBLIC.search(title)
            items.append(ParsedItem(match.group("number"), _without_marker(title) or title, item_public))
        elif items:
            last = items[-1]
            if NON_PUBLIC.search(line):
                last.public = False
                line = _without_marker(line)
            if line:
                last.title = f"{last.title} {line}"
        else:
            ignored.append(line)
    return ParsedAgenda(items=items, ignored=ignored)


def agenda_as_text(items) -> str:
    """A meeting's agenda as lines that ``parse_agenda`` reads back: number, title, and
    “(nichtöffentlich)” for a non-public item."""
    lines = []
    for item in items:
        marker = "" if item.public else " (nichtöffentlich)"
        number = item.number if "." in item.number else f"{item.number}."
        lines.append(f"{number} {item.title}{marker}")
    return "\n".join(lines)
