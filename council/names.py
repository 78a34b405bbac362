"""People's names as a body prints them, and declined where German needs it.

A body chooses what its protocols print of a person (``Body.name_*``): the form of address
(“Frau”, “Herr”), or the council title in its place (“Ratsherr”, “Bürgermeisterin”), the
academic title (“Dr.”), the given name. ``PrintedNames`` applies that choice wherever a
protocol names someone in a list or as a speaker: attendance lists, deputies, minute-takers,
speakers, named votes — on the page, in the PDF, in the workspace and on person pages.
(Presenter and signature lines pair the full name with a role, as the seed prints them.)

The council title of a person in a body is the one of their membership in that body when
it has one (a mayor chairing a committee: “Bürgermeisterin”), else their own (a council
member: “Ratsherr”), as a city's council information system keeps it.

After a preposition (“in Vertretung für …”, “vertreten durch …”) German puts the name in the
accusative: “Herrn Hechler”, “Ratsherrn Fink”, “Ersten Beigeordneten Kurz”; “Frau”,
“Ratsfrau”, “Bürgermeisterin”, “Bürgermeister” stay as they are (``accusative``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Body, Person


class Case(Enum):
    NOMINATIVE = "nominative"
    ACCUSATIVE = "accusative"  # after “für”, “durch”


# Adjectives and nouns declined like adjectives, as they occur in council titles: “Erster
# Beigeordneter” → “Ersten Beigeordneten”, “Sachkundiger Bürger” → “Sachkundigen Bürger”,
# “Stellvertretender Vorsitzender” → “Stellvertretenden Vorsitzenden”. Nouns such as
# “Bürgermeister” or “Stadtrat” end in -er too but do not change, so only these endings do.
_ADJECTIVAL = re.compile(
    r"^(erster|zweiter|dritter|vierter|fünfter|ältester|.*ordneter|.*sitzender|.*tretender|.*kundiger|.*amtlicher|"
    r".*berechtigter|beratender)$",
    re.IGNORECASE,
)
# Weak nouns: “Herr” and its compounds take -n (“Herrn”, “Ratsherrn”).
_WEAK = re.compile(r"^.*herr$", re.IGNORECASE)


def accusative(words: str) -> str:
    """A form of address or council title as German puts it after “für” or “durch”."""
    declined = []
    for word in words.split(" "):
        if _WEAK.match(word):
            word += "n"
        elif _ADJECTIVAL.match(word):
            word = word[:-1] + "n"  # Erster → Ersten, Beigeordneter → Beigeordneten
        declined.append(word)
    return " ".join(declined)


@dataclass(frozen=True)
class NameFormat:
    """What a body prints of a person's name (see ``Body.name_*``)."""

    form_of_address: bool = True
    council_title: bool = False
    academic_title: bool = True
    given_name: bool = False

    @classmethod
    def of(cls, body: Body) -> NameFormat:
        return cls(
            form_of_address=body.name_form_of_address,
            council_title=body.name_council_title,
            academic_title=body.name_academic_title,
            given_name=body.name_given_name,
        )

    def name(self, person: Person, *, council_title: str = "", case: Case = Case.NOMINATIVE) -> str:
        """“Frau Duczkowska”, “Ratsherr Klaus Fink”, “Bürgermeisterin Dr. Anna Roth”, “Dr. Eva Roth”."""
        lead = council_title if self.council_title and council_title else ""
        if not lead and self.form_of_address:
            lead = person.form_of_address
        if lead and case is Case.ACCUSATIVE:
            lead = accusative(lead)
        parts = [
            lead,
            person.title if self.academic_title else "",
            person.given_name if self.given_name else "",
            person.family_name,
        ]
        return " ".join(part for part in parts if part)


class PrintedNames:
    """People's names as one body prints them at one date.

    Call it with a person (``names(person)``, ``names(person, Case.ACCUSATIVE)``). The
    council titles of the body's memberships are read once, on first use, and only when
    the body prints council titles.
    """

    def __init__(self, body: Body, on: Date | None = None):
        self.body = body
        self.on = on
        self.format = NameFormat.of(body)
        self._membership_titles: dict[int, str] | None = None

    def __call__(self, person: Person | None, case: Case = Case.NOMINATIVE) -> str:
        if person is None:
            return ""
        return self.format.name(person, council_title=self.council_title(person), case=case)

    def accusative(self, person: Person | None) -> str:
        return self(person, Case.ACCUSATIVE)

    def council_title(self, person: Person) -> str:
        """The person's council title in this body: their membership's, else their own."""
        if not self.format.council_title:
            return ""
        if self._membership_titles is None:
            memberships = self.body.memberships.active(self.on).exclude(council_title="").order_by("order", "pk")
            self._membership_titles = {}
            for person_id, title in memberships.values_list("person_id", "council_title"):
                self._membership_titles.setdefault(person_id, title)
        return self._membership_titles.get(person.pk) or person.council_title


def printed_names(entries: list[tuple[Body, Date, Person | None]]) -> list[str]:
    """Names across bodies — search results, a person's contributions — each as its body
    printed it at that date, with at most one query (for the memberships' council titles)."""
    from .models import Membership

    wanted = [(body, person) for body, _on, person in entries if person is not None and body.name_council_title]
    rows: list[dict] = []
    if wanted:
        rows = list(
            Membership.objects.filter(
                body_id__in={body.pk for body, _ in wanted}, person_id__in={person.pk for _, person in wanted}
            )
            .exclude(council_title="")
            .order_by("order", "pk")
            .values("body_id", "person_id", "council_title", "start_date", "end_date")
        )

    def title(body, on, person) -> str:
        for row in rows:
            if (row["body_id"], row["person_id"]) != (body.pk, person.pk):
                continue
            if (row["start_date"] is None or row["start_date"] <= on) and (
                row["end_date"] is None or row["end_date"] >= on
            ):
                return row["council_title"]
        return person.council_title

    return [
        NameFormat.of(body).name(person, council_title=title(body, on, person)) if person is not None else ""
        for body, on, person in entries
    ]
