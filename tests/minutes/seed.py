"""Reads the seed protocol (tests/data, a copy of the real one) into what it must show."""

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data" / "integrationsbeirat-2017-07-20.md"
NAME = re.compile(r"^(Frau|Herr) [^\s(]+")


@dataclass
class SeedExpectations:
    names: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    item_titles: list[str] = field(default_factory=list)
    openings: list[str] = field(default_factory=list)


def read_seed(opening_words: int = 5) -> SeedExpectations:
    text = SEED.read_text(encoding="utf-8")
    head, rest = text.split("## TAGESORDNUNG", 1)
    expected = SeedExpectations()

    # Attendance: everything under "### Teilnehmende" up to the agenda.
    attendance = head.split("### Vorsitz", 1)[1].split("\n", 3)[3]
    for line in attendance.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = NAME.match(line)
        if match:
            expected.names.append(match.group(0))
        else:
            expected.affiliations.append(line)

    # Agenda titles: "- 1      Bericht …"
    expected.item_titles = [m.group(1).strip() for m in re.finditer(r"^- \d+\s{2,}(.+)$", rest, re.M)]

    # Deliberation: each paragraph with a bold speaker; its first words as printed.
    deliberation = rest.split("öffentlich\n", 1)[1]
    for paragraph in re.split(r"\n\s*\n", deliberation):
        if "**" in paragraph:
            words = paragraph.replace("**", "").split()
            expected.openings.append(" ".join(words[:opening_words]))
    return expected


def assert_in_order(haystack: str, needles: list[str], what: str) -> None:
    """Every needle appears in the text, each after the previous one."""
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"{what}: {needle!r} missing (or out of order) after position {position}"
        position = found + len(needle)
