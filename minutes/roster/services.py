"""A body's roster, kept in the workspace: imported from a CSV file; logins for its people.

The secretariat of a body (and superusers) sets up and updates a roster without the admin:

- ``preview_roster`` reads a CSV file — one row per member: name, form of address, titles,
  group (one of the body's attendance groups, by name or printed heading), function,
  affiliation, voting right (default: as the group votes), deputy of, email — and says for every row
  what an import would do (add, update and what, leave as it is) or what is wrong with it.
  Nothing is written.
- ``import_roster`` writes exactly that, in one transaction, and refuses while any row has
  an error. Importing again updates rather than duplicates: a row is matched to a person of
  the body's roster (present and past members) by email, else by name, and to that
  person's membership in the body; anyone else is added as a new person.
- ``create_login`` gives a person of the roster a login in one step and sends them a link
  to set their password (Django's password-reset tokens), so nobody hands a password on.

Rules for the file: the first line names the columns (German or English, any order; see
``COLUMNS``); the delimiter (``;``, ``,`` or tab) and the encoding (UTF-8 or Windows-1252,
as Excel writes it) are recognised. A column that is in the file is authoritative, also
when a cell is empty; a column that is not in the file leaves what is stored alone. An
import adds and updates memberships; it ends the ones no longer in the file only if asked.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from council import groups as attendance_groups
from council.models import AttendanceGroup, Body, Membership, Organization, Person
from minutes import access
from minutes.exceptions import RosterError
from minutes.roster import tasks

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000

# Column → the headings it is recognised by (compared without case, spaces and a final colon).
COLUMNS = {
    "name": ["name"],
    "given_name": ["vorname", "given name", "first name"],
    "family_name": ["nachname", "familienname", "family name", "last name", "surname"],
    "form_of_address": ["anrede", "form of address", "salutation"],
    "title": ["titel", "akademischer titel", "title", "titles", "academic title"],
    "group": ["gruppe", "group"],
    "role": ["funktion", "rolle", "role", "function"],
    "affiliation": ["zugehörigkeit", "organisation", "organization", "fraktion", "für", "affiliation", "on behalf of"],
    "voting_right": ["stimmrecht", "stimmberechtigt", "voting right", "voting"],
    "deputy_of": ["vertretung für", "stellvertretung für", "stellvertreter von", "stellv. für", "deputy of"],
    "email": ["e-mail", "email", "mail", "e-mail-adresse", "email address"],
}
YES = {"ja", "j", "x", "1", "yes", "y", "true", "wahr", "stimmberechtigt"}
NO = {"nein", "n", "0", "no", "false", "falsch", "-", "–"}
# The memberships an import keeps: one per row. The secretariat is the workspace's own and
# never ended by an import.
ROSTER_ROLES = [
    Membership.Role.CHAIR,
    Membership.Role.DEPUTY_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.ADVISORY,
    Membership.Role.ADMINISTRATION,
    Membership.Role.MINUTE_TAKER,
    Membership.Role.MANAGEMENT,
]
VOTING_BY_DEFAULT = {Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR, Membership.Role.MEMBER}
# Words of a name that belong to the family name: “Ursula von der Leyen”.
NAME_PARTICLES = {"von", "van", "vom", "zu", "zum", "zur", "der", "den", "de", "del", "della", "di", "da", "la", "le"}
FORMS_OF_ADDRESS = {"herr": "Herr", "hr.": "Herr", "frau": "Frau", "fr.": "Frau"}
PERSON_FIELDS = ["form_of_address", "title", "given_name", "family_name", "email"]


def _heading(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold().rstrip(":")


def _labels(label) -> set[str]:
    """A (lazily translated) label in English and German, for comparing what people type."""
    words = set()
    for language in ("en", "de"):
        with translation.override(language):
            words.add(_heading(str(label)))
    return words


# The role a member of a group of each kind has on the roster (council.groups.KIND_OF_ROLE, read back).
ROLE_OF_GROUP_KIND = {
    AttendanceGroup.Kind.MEMBERS: Membership.Role.MEMBER,
    AttendanceGroup.Kind.ADVISORY: Membership.Role.ADVISORY,
    AttendanceGroup.Kind.ADMINISTRATION: Membership.Role.ADMINISTRATION,
}


def group_words(body: Body) -> dict[str, AttendanceGroup]:
    """What the group column accepts: the names and printed headings of the body's attendance
    groups (not the guests': guests are no members), without case — and the words of a
    membership role (“Mitglied”, “beratend”, “Verwaltung”) for the body's first group of
    that kind (members: one that votes)."""
    groups = attendance_groups.attendance_groups(body)
    words = {}
    for group in groups:
        if group.kind in ROLE_OF_GROUP_KIND:
            words.setdefault(_heading(group.name), group)
            words.setdefault(_heading(group.printed_heading), group)
    for word, role in role_words().items():
        if role in ROLE_OF_GROUP_KIND.values():
            group = attendance_groups.group_of(
                Membership(role=role, voting_right=role == Membership.Role.MEMBER), groups
            )
            if group is not None:
                words.setdefault(word, group)
    return words


def _implied_group(row: RosterRow, groups: list[AttendanceGroup]) -> AttendanceGroup | None:
    """The group the row's function and voting right put a member in without naming one."""
    return attendance_groups.group_of(Membership(role=row.role, voting_right=row.voting_right), groups)


def _stored_group(row: RosterRow, groups: list[AttendanceGroup]) -> AttendanceGroup | None:
    """What the membership stores: a group only where it differs from the implied one, so a
    file that names the usual group changes nothing."""
    return row.group if row.group is not None and row.group != _implied_group(row, groups) else None


def role_words() -> dict[str, str]:
    """What the function column accepts, each → a membership role: the roles' names in
    English and German, and the usual German words (the group column: ``group_words``)."""
    words: dict[str, str] = {}
    for role, label in Membership.Role.choices:
        words[role] = role
        words.update(dict.fromkeys(_labels(label), role))
    synonyms = {
        Membership.Role.MEMBER: ["mitglieder", "stimmberechtigtes mitglied", "stimmberechtigt", "members"],
        Membership.Role.ADVISORY: ["beratend", "beratendes mitglied", "beratende mitglieder"],
        Membership.Role.CHAIR: ["vorsitzender", "vorsitzende", "vorsitz"],
        Membership.Role.DEPUTY_CHAIR: [
            "stellvertretender vorsitzender",
            "stellvertretende vorsitzende",
            "stellv. vorsitz",
            "stellv. vorsitzender",
            "stellv. vorsitzende",
        ],
        Membership.Role.MINUTE_TAKER: ["schriftführer", "schriftführerin", "protokoll"],
        Membership.Role.MANAGEMENT: ["geschäftsführer", "geschäftsführerin"],
    }
    for role, names in synonyms.items():
        words.update(dict.fromkeys(names, role))
    return words


@dataclass
class RosterRow:
    """One row of the file: what it says, what an import does with it, what is wrong."""

    line: int
    values: dict[str, str]
    form_of_address: str = ""
    title: str = ""
    given_name: str = ""
    family_name: str = ""
    email: str = ""
    role: str = Membership.Role.MEMBER
    group: AttendanceGroup | None = None  # the body's group the group column names
    voting_right: bool = True
    organization: Organization | None = None
    label: str = ""
    deputy_name: str = ""
    person: Person | None = None  # the stored person it updates; None: a new one
    membership: Membership | None = None  # the stored membership it updates; None: a new one
    deputy_of: RosterRow | Membership | None = None
    person_locked: bool = False  # also in another body: its name and email stay as they are
    email_locked: bool = False  # a signer's or a login's email: an administrator changes it
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def printed_name(self) -> str:
        return " ".join(p for p in (self.form_of_address, self.title, self.given_name, self.family_name) if p)

    @property
    def role_label(self) -> str:
        return str(Membership.Role(self.role).label)

    @property
    def affiliation(self) -> str:
        return self.label or (self.organization.name if self.organization else "")

    @property
    def deputy_label(self) -> str:
        if isinstance(self.deputy_of, RosterRow):
            return self.deputy_of.printed_name
        if isinstance(self.deputy_of, Membership):
            return self.deputy_of.person.addressed_name
        return ""

    @property
    def action(self) -> str:
        if self.errors:
            return "error"
        if self.person is None or self.membership is None:
            return "new"
        return "update" if self.changes else "unchanged"


@dataclass
class RosterPreview:
    body: Body
    columns: list[str]
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # of the whole file
    warnings: list[str] = field(default_factory=list)
    missing: list[Membership] = field(default_factory=list)  # on the roster, not in the file

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def update_count(self) -> int:
        return self.count("update")

    @property
    def unchanged_count(self) -> int:
        return self.count("unchanged")


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    ended: int


# --- reading the file --------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte order mark), else Windows-1252 (Excel)."""
    if len(content) > MAX_BYTES:
        raise RosterError(_("The file is larger than 1 MB: is it really a roster?"), field="file")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The headings and the (line number, cells) of the non-empty rows."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        lines = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise RosterError(_("The file cannot be read as CSV: %(error)s") % {"error": error}, field="text") from None
    lines = [(number, row) for number, row in lines if any(cell.strip() for cell in row)]
    if not lines:
        raise RosterError(_("The file is empty."), field="text")
    return lines[0][1], lines[1:]


def _split_name(text: str) -> dict[str, str]:
    """“Dr. Klaus Behnck”, “Herr Behnck”, “Behnck, Klaus”, “Ursula von der Leyen” → its parts."""
    parts = {"form_of_address": "", "title": "", "given_name": "", "family_name": ""}
    text = " ".join(text.split())
    if "," in text:
        family, _comma, given = text.partition(",")
        text, parts["family_name"] = given.strip(), family.strip()
        words = text.split()
    else:
        words = text.split()
        family = [words.pop()] if words else []
        while words and words[-1].casefold() in NAME_PARTICLES:
            family.insert(0, words.pop())
        parts["family_name"] = " ".join(family)
    if words and words[0].casefold() in FORMS_OF_ADDRESS:
        parts["form_of_address"] = FORMS_OF_ADDRESS[words.pop(0).casefold()]
    titles = []
    while words and words[0].endswith("."):
        titles.append(words.pop(0))
    parts["title"] = " ".join(titles)
    parts["given_name"] = " ".join(words)
    return parts


def _name_keys(given: str, family: str, form_of_address: str = "") -> set[str]:
    """How a deputy line may name someone: “Klaus Behnck”, “Behnck, Klaus”, “Herr Behnck”, “Behnck”."""
    keys = {_heading(family)}
    if given:
        keys |= {_heading(f"{given} {family}"), _heading(f"{family}, {given}")}
    if form_of_address:
        keys.add(_heading(f"{form_of_address} {family}"))
    return keys


def _fields_of(
    preview: RosterPreview, row: RosterRow, words: dict[str, str], groups: dict[str, AttendanceGroup]
) -> None:
    """The row's cells → its values, with an error for each that does not fit."""
    values = row.values
    if "given_name" in preview.columns or "family_name" in preview.columns:
        parts = {
            "form_of_address": "",
            "title": "",
            "given_name": values.get("given_name", ""),
            "family_name": values.get("family_name", ""),
        }
        if not parts["family_name"] and values.get("name"):
            parts = _split_name(values["name"])
    else:
        parts = _split_name(values.get("name", ""))
    for name in ("form_of_address", "title"):
        if name in preview.columns:
            parts[name] = values[name]
    parts["form_of_address"] = FORMS_OF_ADDRESS.get(parts["form_of_address"].casefold(), parts["form_of_address"])
    for name, value in parts.items():
        setattr(row, name, value)
        limit = Person._meta.get_field(name).max_length
        if len(value) > limit:
            row.errors.append(
                _("%(field)s is longer than %(limit)s characters.")
                % {"field": Person._meta.get_field(name).verbose_name, "limit": limit}
            )
    if not row.family_name:
        row.errors.append(_("The name is missing."))

    row.email = values.get("email", "")
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(_("“%(email)s” is not an email address.") % {"email": row.email})

    role_text, group_text = _heading(values.get("role", "")), _heading(values.get("group", ""))
    role, row.group = words.get(role_text), groups.get(group_text)
    group_role = ROLE_OF_GROUP_KIND.get(row.group.kind) if row.group else None
    for text, column, found in ((role_text, "role", role), (group_text, "group", row.group)):
        if text and found is None:
            row.errors.append(
                _("“%(value)s” is not a %(column)s this body knows. Known are: %(known)s.")
                % {
                    "value": values[column],
                    "column": _("function") if column == "role" else _("group"),
                    "known": ", ".join(_known_labels(column, groups)),
                }
            )
    if role in (None, Membership.Role.MEMBER, Membership.Role.ADVISORY, Membership.Role.ADMINISTRATION):
        role = group_role or role or Membership.Role.MEMBER
    row.role = role
    voting_text = _heading(values.get("voting_right", ""))
    if voting_text in YES:
        row.voting_right = True
    elif voting_text in NO:
        row.voting_right = False
    elif voting_text:
        row.errors.append(_("“%(value)s” is no voting right: write ja or nein.") % {"value": values["voting_right"]})
    elif row.group is not None:
        row.voting_right = row.group.votes and role in VOTING_BY_DEFAULT
    else:
        row.voting_right = role in VOTING_BY_DEFAULT

    affiliation = values.get("affiliation", "")
    if len(affiliation) > Membership._meta.get_field("label").max_length:
        row.errors.append(_("The affiliation is longer than 200 characters."))
    organization = (
        Organization.objects.filter(Q(name__iexact=affiliation) | Q(short_name__iexact=affiliation)).first()
        if affiliation
        else None
    )
    row.organization, row.label = (organization, "") if organization else (None, affiliation)
    row.deputy_name = values.get("deputy_of", "")


def _known_labels(column: str, groups: dict[str, AttendanceGroup]) -> list[str]:
    if column == "group":
        return list(dict.fromkeys(group.name for group in groups.values()))
    return [str(label) for _role, label in Membership.Role.choices]


def preview_roster(body: Body, text: str, *, by) -> RosterPreview:
    """What importing ``text`` into the body's roster would do, row by row; writes nothing."""
    if not access.is_secretariat(by, body):
        raise PermissionDenied(_("Only the secretariat of this body may change its roster."))
    if len(text.encode()) > MAX_BYTES:
        raise RosterError(_("The file is larger than 1 MB: is it really a roster?"), field="text")
    headings, lines = _read_table(text)
    columns, preview = [], RosterPreview(body=body, columns=[])
    lookup = {_heading(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
    for heading in headings:
        column = lookup.get(_heading(heading))
        if column is None and heading.strip():
            preview.warnings.append(_("The column “%(column)s” is not known and is ignored.") % {"column": heading})
        if column in columns:
            preview.errors.append(_("The column “%(column)s” appears twice.") % {"column": heading})
        columns.append(column)
    preview.columns = [c for c in columns if c]
    if not {"name", "family_name"} & set(preview.columns):
        preview.errors.append(
            _("The first line must name the columns, with at least “Name” (or “Nachname”). Found: %(found)s.")
            % {"found": ", ".join(h for h in headings if h.strip()) or "–"}
        )
        return preview
    if len(lines) > MAX_ROWS:
        preview.errors.append(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
        return preview

    words, groups = role_words(), group_words(body)
    for number, cells in lines:
        values = {
            column: cell.strip() for column, cell in zip(columns, cells, strict=False) if column and cell is not None
        }
        for column in preview.columns:
            values.setdefault(column, "")
        row = RosterRow(line=number, values=values)
        _fields_of(preview, row, words, groups)
        preview.rows.append(row)
    _match(preview, by)
    _resolve_deputies(preview)
    for row in preview.rows:
        if not row.errors:
            _changes(preview, row)
    return preview


def _match(preview: RosterPreview, by) -> None:
    """Each row → the stored person and membership it updates (or none: new)."""
    body = preview.body
    roster = {
        p.pk: p for p in Person.objects.filter(memberships__body=body).distinct().prefetch_related("memberships__body")
    }
    # Only among the body's own people (present and past): an import neither finds nor
    # reveals who else is in the registry.
    by_email: dict[str, list[Person]] = {}
    by_name: dict[tuple[str, str], list[Person]] = {}
    for person in roster.values():
        if person.email:
            by_email.setdefault(person.email.casefold(), []).append(person)
        by_name.setdefault((person.given_name.casefold(), person.family_name.casefold()), []).append(person)
    drafted = None if by.is_superuser else set(access.drafting_bodies(by).values_list("pk", flat=True))
    active = list(
        Membership.objects.active()
        .filter(body=body, role__in=ROSTER_ROLES + [Membership.Role.SECRETARIAT])
        .select_related("person", "on_behalf_of", "deputy_of__person")
        .order_by("order", "pk")
    )
    claimed: set[int] = set()
    seen: dict[tuple[int | str, str], int] = {}

    for row in preview.rows:
        if row.errors:
            continue
        candidates = by_email.get(row.email.casefold(), []) if row.email else []
        if len(candidates) > 1:
            row.errors.append(_("Several people have the email address %(email)s.") % {"email": row.email})
            continue
        if not candidates:
            candidates = by_name.get((row.given_name.casefold(), row.family_name.casefold()), [])
            if len(candidates) > 1:
                row.errors.append(
                    _("The roster has several people called %(name)s: add their email addresses to tell them apart.")
                    % {"name": row.printed_name}
                )
                continue
        row.person = candidates[0] if candidates else None
        key = (row.person.pk if row.person else _heading(f"{row.given_name} {row.family_name}"), row.role)
        if key in seen:
            row.errors.append(
                _("%(name)s is already in line %(line)s with this function.")
                % {"name": row.printed_name, "line": seen[key]}
            )
            continue
        seen[key] = row.line
        if row.person is None:
            continue
        foreign = set()
        if drafted is not None:
            foreign = {m.body.name for m in row.person.memberships.all() if m.body_id not in drafted}
        if foreign:
            row.person_locked = True
        if drafted is not None and _signer_without_function(body, row):
            row.errors.append(
                _(
                    "%(name)s has a login but no function that signs protocols yet: only an administrator "
                    "gives them “%(role)s”."
                )
                % {"name": row.person.addressed_name, "role": row.role_label}
            )
            continue
        if (
            drafted is not None
            and not row.person_locked
            and "email" in preview.columns
            and _differs(row, row.person, "email")
            and (row.person.user_id or access.may_sign_somewhere(row.person))
        ):
            row.email_locked = True
            row.warnings.append(
                _(
                    "%(name)s has a login or may sign protocols: their email stays as it is "
                    "(an administrator can change it)."
                )
                % {"name": row.person.addressed_name}
            )
        mine = [m for m in active if m.person_id == row.person.pk and m.pk not in claimed]
        if row.role == Membership.Role.SECRETARIAT:
            mine = [m for m in mine if m.role == Membership.Role.SECRETARIAT]
        else:
            mine = [m for m in mine if m.role != Membership.Role.SECRETARIAT]
        same_role = [m for m in mine if m.role == row.role]
        row.membership = (same_role or mine or [None])[0]
        if row.membership is not None:
            claimed.add(row.membership.pk)
        if row.person_locked:
            differing = [
                name for name in PERSON_FIELDS if name in _person_columns(preview) and _differs(row, row.person, name)
            ]
            if differing:
                row.warnings.append(
                    _(
                        "%(name)s also belongs to %(bodies)s: their name and email stay as they are "
                        "(an administrator can change them)."
                    )
                    % {"name": row.person.addressed_name, "bodies": ", ".join(sorted(foreign))}
                )
    preview.missing = [m for m in active if m.pk not in claimed and m.role in ROSTER_ROLES]


def _signer_without_function(body: Body, row: RosterRow) -> bool:
    """Whether the row would give a signing function to someone with a login who holds none
    yet — whoever chose that login's email could then sign in their name."""
    return body.role_signs(row.role) and row.person.user_id is not None and not row.person.holds_signing_function()


def _person_columns(preview: RosterPreview) -> set[str]:
    """The person fields the file speaks for (a column in it is authoritative)."""
    columns = set(preview.columns)
    names = {"given_name", "family_name"} if columns & {"name", "given_name", "family_name"} else set()
    if "name" in columns:
        names |= {"form_of_address", "title"}  # “Herr Dr. Behnck” names them too
    return names | (columns & {"form_of_address", "title", "email"})


def _differs(row: RosterRow, person: Person, name: str) -> bool:
    new, old = getattr(row, name) or "", getattr(person, name) or ""
    return new.casefold() != old.casefold() if name == "email" else new != old


def _resolve_deputies(preview: RosterPreview) -> None:
    """“Vertretung für Klaus Behnck” → the row or stored membership of that person."""
    if "deputy_of" not in preview.columns:
        return
    index: dict[str, list] = {}
    for row in preview.rows:
        for key in _name_keys(row.given_name, row.family_name, row.form_of_address):
            index.setdefault(key, []).append(row)
    named_in_file = {row.person.pk for row in preview.rows if row.person}
    for membership in preview.missing:
        if membership.person_id in named_in_file:
            continue
        person = membership.person
        for key in _name_keys(person.given_name, person.family_name, person.form_of_address):
            index.setdefault(key, []).append(membership)
    for row in preview.rows:
        if not row.deputy_name or row.errors:
            continue
        targets = index.get(_heading(row.deputy_name), [])
        targets = [t for t in targets if t is not row]
        if not targets:
            row.errors.append(
                _("“%(name)s” (deputy of) is neither in the file nor on the roster.") % {"name": row.deputy_name}
            )
        elif len(targets) > 1:
            row.errors.append(
                _("“%(name)s” (deputy of) fits several people: write the full name.") % {"name": row.deputy_name}
            )
        else:
            row.deputy_of = targets[0]


def _changes(preview: RosterPreview, row: RosterRow) -> None:
    """What an import changes in the stored person and membership of an existing row."""
    if row.person is None or row.membership is None:
        return
    person_columns = _person_columns(preview)
    if not row.person_locked:
        for name in PERSON_FIELDS:
            if name == "email" and row.email_locked:
                continue
            if name in person_columns and _differs(row, row.person, name):
                row.changes.append(str(Person._meta.get_field(name).verbose_name))
    membership = row.membership
    if membership.role != row.role:
        row.changes.append(str(Membership._meta.get_field("role").verbose_name))
    if membership.voting_right != row.voting_right:
        row.changes.append(str(Membership._meta.get_field("voting_right").verbose_name))
    if "group" in preview.columns:
        stored = _stored_group(row, attendance_groups.attendance_groups(preview.body))
        if membership.group_id != (stored.pk if stored else None):
            row.changes.append(str(Membership._meta.get_field("group").verbose_name))
    if "affiliation" in preview.columns and (
        membership.on_behalf_of_id != (row.organization.pk if row.organization else None)
        or membership.label != row.label
    ):
        row.changes.append(_("affiliation"))
    if "deputy_of" in preview.columns and _deputy_pk(row) != membership.deputy_of_id:
        row.changes.append(str(Membership._meta.get_field("deputy_of").verbose_name))


def _deputy_pk(row: RosterRow) -> int | None | object:
    if isinstance(row.deputy_of, Membership):
        return row.deputy_of.pk
    if isinstance(row.deputy_of, RosterRow):
        return row.deputy_of.membership.pk if row.deputy_of.membership else object()  # a new one: changed
    return None


# --- writing -----------------------------------------------------------------------------------------


@transaction.atomic
def import_roster(body: Body, text: str, *, by, end_missing: bool = False) -> ImportResult:
    """Import the file as previewed: people and memberships added and updated, in the
    file's order; with ``end_missing``, the memberships of people no longer in the file end
    yesterday. Refuses (RosterError) while the file has errors."""
    body = Body.objects.select_for_update().get(pk=body.pk)  # one import per body at a time
    preview = preview_roster(body, text, by=by)
    if preview.has_errors:
        raise RosterError(_("The file has errors; nothing was imported. Correct them and check the preview again."))
    counts = {"new": 0, "update": 0, "unchanged": 0}
    groups = attendance_groups.attendance_groups(body)
    for order, row in enumerate(preview.rows, start=1):
        counts[row.action] += 1
        if row.person is None:
            row.person = Person.objects.create(**{name: getattr(row, name) for name in PERSON_FIELDS})
        elif not row.person_locked:
            changed = [
                n
                for n in _person_columns(preview)
                if _differs(row, row.person, n) and not (n == "email" and row.email_locked)
            ]
            for name in changed:
                setattr(row.person, name, getattr(row, name))
            if changed:
                row.person.save(update_fields=[*changed, "modified"])
        person = row.person
        membership = row.membership or Membership(body=body, person=person)
        membership.role = row.role
        membership.voting_right = row.voting_right
        if "group" in preview.columns or row.membership is None:
            membership.group = _stored_group(row, groups)
        membership.order = order
        if "affiliation" in preview.columns or row.membership is None:
            membership.on_behalf_of, membership.label = row.organization, row.label
        membership.save()
        row.membership = membership
    if "deputy_of" in preview.columns:
        for row in preview.rows:
            target = row.deputy_of.membership if isinstance(row.deputy_of, RosterRow) else row.deputy_of
            if row.membership.deputy_of_id != (target.pk if target else None):
                row.membership.deputy_of = target
                row.membership.save(update_fields=["deputy_of", "modified"])
    ended = 0
    if end_missing:
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        for membership in preview.missing:
            membership.end_date = max(yesterday, membership.start_date) if membership.start_date else yesterday
            membership.save(update_fields=["end_date", "modified"])
            ended += 1
    _log(by, body, CHANGE, _("Roster imported: %(new)s new, %(updated)s updated, %(ended)s ended.")
         % {"new": counts["new"], "updated": counts["update"], "ended": ended})  # fmt: skip
    return ImportResult(created=counts["new"], updated=counts["update"], unchanged=counts["unchanged"], ended=ended)


def _log(by, obj, action_flag: int, message: str) -> None:
    """An entry in the admin's history of ``obj``: who did what, when, from the workspace."""
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[obj],
        action_flag=action_flag,
        change_message=message,
        single_object=True,
    )


# --- logins ---------------------------------------------------------------------------------------------


def login_refusal(by, body: Body, person: Person) -> str | None:
    """Why ``by`` may not create (or renew) a login for this person of the body; None if they may.

    The body's secretariat may do it for the people of its roster whose every current
    body it is the secretariat of (a login opens everything the person may see, so a
    person of another body is that body's or an administrator's business) and who cannot
    sign (access.may_sign_somewhere: a new login of a signer is an administrator's); superusers for all.
    """
    if not access.is_secretariat(by, body):
        return _("Only the secretariat of this body may create logins for its people.")
    bodies = set(Membership.objects.active().filter(person=person).values_list("body_id", flat=True))
    if body.pk not in bodies:
        return _("%(name)s is not on the current roster of this body.") % {"name": person.addressed_name}
    if by.is_superuser:
        return None
    foreign = Body.objects.filter(pk__in=bodies).exclude(pk__in=access.drafting_bodies(by)).order_by("name")
    if foreign:
        return _("%(name)s also belongs to %(bodies)s: an administrator creates their login.") % {
            "name": person.addressed_name,
            "bodies": ", ".join(b.name for b in foreign),
        }
    if person.user_id is None and access.may_sign_somewhere(person):
        # Whoever chooses the email of a new login sets its password: for a signer, that
        # would be signing in their name.
        return _(
            "%(name)s may sign protocols: only an administrator creates their login, so that nobody else "
            "can sign in their name."
        ) % {"name": person.addressed_name}
    return None


def suggested_username(person: Person) -> str:
    """“kbehnck” for Klaus Behnck; a number appended while it is taken."""
    base = slugify(f"{person.given_name[:1]}{person.family_name}").replace("-", "") or "login"
    name, number = base, 1
    User = get_user_model()
    while User.objects.filter(username__iexact=name).exists():
        number += 1
        name = f"{base}{number}"
    return name


@transaction.atomic
def create_login(body: Body, person: Person, *, by, username: str, email: str, secretariat: bool = False):
    """A login for a person of the roster — with, if asked, the body's secretariat role —
    and an email with a link to set its password. Returns the new user."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    refusal = login_refusal(by, body, person)
    if refusal:
        raise RosterError(refusal)
    if person.user_id:
        raise RosterError(_("%(name)s already has a login.") % {"name": person.addressed_name})
    User = get_user_model()
    username = username.strip()
    user = User(username=username, email=email.strip(), first_name=person.given_name, last_name=person.family_name)
    try:
        validate_email(user.email)
    except ValidationError:
        raise RosterError(_("Enter the email address the link to set the password goes to."), field="email") from None
    if User.objects.filter(username__iexact=username).exists():
        raise RosterError(_("The login name “%(name)s” is taken.") % {"name": username}, field="username")
    try:
        user.clean_fields(exclude=["password"])
    except ValidationError as error:
        raise RosterError(" ".join(error.message_dict.get("username", error.messages)), field="username") from None
    user.set_unusable_password()  # nobody knows a password until the person sets one
    user.save()
    person.user = user
    person.email = user.email
    person.save(update_fields=["user", "email", "modified"])
    if (
        secretariat
        and not Membership.objects.active().filter(body=body, person=person, role=Membership.Role.SECRETARIAT).exists()
    ):
        Membership.objects.create(body=body, person=person, role=Membership.Role.SECRETARIAT, voting_right=False)
    _log(by, user, ADDITION, _("Login created in the roster of %(body)s.") % {"body": body.name})
    _after_commit(user, body, by, new=True)
    return user


@transaction.atomic
def renew_password_link(body: Body, person: Person, *, by) -> None:
    """Send the person's login a new link to set its password (to the login's own address)."""
    refusal = login_refusal(by, body, person)
    if refusal:
        raise RosterError(refusal)
    user = person.user
    if user is None:
        raise RosterError(_("%(name)s has no login yet.") % {"name": person.addressed_name})
    if not user.email:
        raise RosterError(_("The login of %(name)s has no email address.") % {"name": person.addressed_name})
    _log(by, user, CHANGE, _("Link to set the password sent from the roster of %(body)s.") % {"body": body.name})
    _after_commit(user, body, by, new=False)


def _after_commit(user, body: Body, by, *, new: bool) -> None:
    """Send the set-password link (a task, tasks.py) once the login is committed."""
    transaction.on_commit(lambda: tasks.send_password_link.enqueue(user.pk, body.pk, by.pk, new))
