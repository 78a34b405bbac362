"""Importing from another council information system's OParl 1.1 endpoint (ALLRIS,
SessionNet, SD.NET, another Ratsprotokoll …): bodies (OParl organisations of the type
“Gremium”), people and their memberships, meetings with their agenda items, papers with
their files — so the secretariat retypes nothing.

Re-runnable: every imported object is remembered by its OParl id (ImportedObject) and
updated, never duplicated; a second run asks only for what changed since the first
(``modified_since``). What the secretariat wrote is never overwritten: a meeting already
imported keeps its facts and items (only new items are added, and only while it is a
draft), and a protocol that has left the draft state is not touched at all. Every object
is checked against the OParl 1.1 schema (schema/, from github.com/OParl/spec, tag v1.1)
before it is used; what breaks it is skipped and reported.
"""

import datetime as dt
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from jsonschema import Draft4Validator

from council.models import Body, LegislativeTerm, Location, Membership, Organization, Person
from minutes import files
from minutes.drafting import papers as paper_services
from minutes.drafting import services as drafting
from minutes.exceptions import DraftingError, UploadRefused
from minutes.models import AgendaItem, Consultation, File, ImportedObject, Meeting, Paper

SCHEMA_DIR = Path(__file__).parent / "schema"
USER_AGENT = "Ratsprotokoll OParl import"
ORGANIZATION_TYPES = {"Fraktion": Organization.Type.PARTY, "Partei": Organization.Type.PARTY}


class ImportFailed(Exception):
    """The endpoint cannot be read at all (unreachable, not JSON, not OParl)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Summary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        found = [
            _("%(kind)s: %(created)d new, %(updated)d updated, %(unchanged)d unchanged")
            % {
                "kind": kind,
                "created": self.created[kind],
                "updated": self.updated[kind],
                "unchanged": self.unchanged[kind],
            }
            for kind in kinds
        ]
        return found + [_("Skipped: %(reason)s") % {"reason": reason} for reason in self.skipped]


@cache
def _validator(kind: str) -> Draft4Validator:
    return Draft4Validator(json.loads((SCHEMA_DIR / f"{kind}.json").read_text()))


class Client:
    """Reads JSON from the endpoint, following pagination."""

    def __init__(self, timeout: int | None = None):
        self.timeout = timeout or settings.OPARL_IMPORT_TIMEOUT

    def get(self, url: str) -> dict:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ImportFailed(_("Not an http(s) address: %(url)s") % {"url": url})
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                content = response.read()
        except urllib.error.HTTPError as error:
            raise ImportFailed(_("%(url)s answered %(status)s.") % {"url": url, "status": error.code}) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ImportFailed(
                _("The endpoint %(url)s cannot be reached: %(reason)s") % {"url": url, "reason": reason}
            ) from None
        try:
            data = json.loads(content)
        except ValueError:
            raise ImportFailed(_("%(url)s did not answer with valid JSON.") % {"url": url}) from None
        if not isinstance(data, dict):
            raise ImportFailed(_("%(url)s did not answer with a JSON object.") % {"url": url})
        return data

    def bytes(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(settings.UPLOAD_MAX_BYTES + 1)
        except (urllib.error.URLError, OSError) as error:
            raise ImportFailed(_("%(url)s cannot be downloaded: %(reason)s") % {"url": url, "reason": error}) from None

    def listing(self, url: str, modified_since: dt.datetime | None = None):
        """Every object of an external list, page after page."""
        if modified_since is not None:
            query = urllib.parse.urlencode({"modified_since": modified_since.replace(microsecond=0).isoformat()})
            url += ("&" if "?" in url else "?") + query
        seen = set()
        while url and url not in seen:
            seen.add(url)
            page = self.get(url)
            data = page.get("data")
            if not isinstance(data, list):
                raise ImportFailed(_("%(url)s is not an OParl list.") % {"url": url})
            yield from data
            url = (page.get("links") or {}).get("next")


def role_of(text: str) -> str:
    """A membership's role from OParl's free text (“Vorsitzende”, “Ausschussvorsitzender”,
    “Stellv. Vorsitzender”, “Beratendes Mitglied”, “Mitglied”)."""
    text = text.lower()
    if "stellv" in text and "vorsitz" in text:
        return Membership.Role.DEPUTY_CHAIR
    if "vorsitz" in text:
        return Membership.Role.CHAIR
    if "beratend" in text:
        return Membership.Role.ADVISORY
    return Membership.Role.MEMBER


def kind_of(data: dict) -> str:
    return str(data.get("type", "")).rsplit("/", 1)[-1]


class Importer:
    def __init__(
        self, *, by, client: Client | None = None, meetings_from: dt.date | None = None, body: Body | None = None
    ):
        self.by = by
        self.client = client or Client()
        self.meetings_from = meetings_from if meetings_from is not None else timezone.localdate()
        self.only_body = body  # import for this body only (the workspace's button)
        self.summary = Summary()
        self.bodies: dict[str, Body] = {}  # OParl organisation id → body
        self.organizations: dict[str, Organization] = {}
        self.items: dict[str, AgendaItem] = {}

    # ------------------------------------------------------------------ bookkeeping

    def valid(self, data, kind: str) -> bool:
        """Whether ``data`` is an object of ``kind`` that keeps to the OParl 1.1 schema."""
        if not isinstance(data, dict) or kind_of(data) != kind:
            self.summary.skipped.append(_("not a %(kind)s: %(data)s") % {"kind": kind, "data": str(data)[:120]})
            return False
        errors = sorted(_validator(kind).iter_errors(data), key=lambda e: list(e.path))
        if errors:
            self.summary.skipped.append(
                _("%(id)s breaks the OParl schema: %(error)s")
                % {"id": data.get("id", kind), "error": errors[0].message}
            )
            return False
        return not data.get("deleted")

    def known(self, oparl_id: str, model):
        origin = ImportedObject.objects.filter(oparl_id=oparl_id, kind=model.__name__).first()
        return model.objects.filter(pk=origin.object_id).first() if origin else None

    def remember(self, oparl_id: str, obj, data: dict) -> None:
        ImportedObject.objects.update_or_create(
            oparl_id=oparl_id,
            defaults={"kind": type(obj).__name__, "object_id": obj.pk, "modified": data.get("modified", "")},
        )

    def count(self, kind: str, created: bool, changed: bool = True) -> None:
        (self.summary.created if created else self.summary.updated if changed else self.summary.unchanged)[kind] += 1

    def _update(self, obj, values: dict) -> bool:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        for name, value in changed.items():
            setattr(obj, name, value)
        if changed:
            obj.save()
        return bool(changed)

    # ------------------------------------------------------------------ the run

    def run(self, url: str) -> Summary:
        start = self.client.get(url)
        kind = kind_of(start)
        if kind == "System":
            if not self.valid(start, "System"):
                raise ImportFailed(_("%(url)s is not a valid OParl system.") % {"url": url})
            bodies = list(self.client.listing(start["body"]))
            system_id = start["id"]
        elif kind == "Body":
            bodies, system_id = [start], start.get("system") or start["id"]
        else:
            raise ImportFailed(_("%(url)s is neither an OParl system nor a body.") % {"url": url})
        last = ImportedObject.objects.filter(oparl_id=system_id, kind="System").first()
        since = parse_datetime(last.modified) if last and last.modified else None
        began = timezone.now()
        for body in bodies:
            if self.valid(body, "Body"):
                self.import_body(body, since)
        ImportedObject.objects.update_or_create(
            oparl_id=system_id, defaults={"kind": "System", "object_id": 0, "modified": began.isoformat()}
        )
        return self.summary

    def import_body(self, data: dict, since) -> None:
        for term in data.get("legislativeTerm") or []:
            if self.valid(term, "LegislativeTerm"):
                self.legislative_term(term)
        # Organisations first (a membership, a meeting names them); all of them, for the mapping.
        for organization in self.client.listing(data["organization"]):
            if self.valid(organization, "Organization"):
                self.organization(organization)
        for person in self.client.listing(data["person"], since):
            if self.valid(person, "Person"):
                self.person(person)
        for meeting in self.client.listing(data["meeting"], since):
            if self.valid(meeting, "Meeting"):
                self.meeting(meeting)
        for paper in self.client.listing(data["paper"], since):
            if self.valid(paper, "Paper"):
                self.paper(paper)

    def legislative_term(self, data: dict) -> None:
        values = {
            "name": data.get("name") or data["id"],
            "start_date": parse_date(data.get("startDate") or "") if data.get("startDate") else None,
            "end_date": parse_date(data.get("endDate") or "") if data.get("endDate") else None,
        }
        term = self.known(data["id"], LegislativeTerm)
        created = term is None
        if created:
            term = LegislativeTerm.objects.create(**values)
        changed = not created and self._update(term, values)
        self.remember(data["id"], term, data)
        self.count("LegislativeTerm", created, changed)

    def organization(self, data: dict) -> None:
        name = (data.get("name") or data.get("shortName") or "").strip()[:200]
        if not name:
            self.summary.skipped.append(_("%(id)s has no name") % {"id": data["id"]})
            return
        if data.get("organizationType") == "Gremium":
            if self.only_body is not None and name != self.only_body.name:
                return
            body = self.known(data["id"], Body) or Body.objects.filter(name=name).first()
            created = body is None
            if created:
                body = Body.objects.create(
                    name=name,
                    short_name=(data.get("shortName") or "")[:50],
                    classification=data.get("classification", "")[:100],
                )
            self.remember(data["id"], body, data)
            self.bodies[data["id"]] = body
            self.count("Organization", created, False)
            return
        organization = self.known(data["id"], Organization) or Organization.objects.filter(name=name).first()
        created = organization is None
        if created:
            organization = Organization.objects.create(
                name=name,
                short_name=(data.get("shortName") or "")[:50],
                organization_type=ORGANIZATION_TYPES.get(data.get("organizationType"), Organization.Type.OTHER),
            )
        self.remember(data["id"], organization, data)
        self.organizations[data["id"]] = organization
        self.count("Organization", created, False)

    def person(self, data: dict) -> None:
        memberships = [m for m in data.get("membership") or [] if isinstance(m, dict)]
        if self.only_body is not None and not any(m.get("organization") in self.bodies for m in memberships):
            return
        family = (data.get("familyName") or data.get("name") or "").strip()[:100]
        if not family:
            self.summary.skipped.append(_("%(id)s has no name") % {"id": data["id"]})
            return
        values = {
            "family_name": family,
            "given_name": (data.get("givenName") or "")[:100],
            "form_of_address": (data.get("formOfAddress") or "")[:20],
            "title": " ".join(data.get("title") or [])[:50],
        }
        person = self.known(data["id"], Person)
        created = person is None
        if created:
            person = Person.objects.create(**values)
        changed = not created and self._update(person, values)
        self.remember(data["id"], person, data)
        self.count("Person", created, changed)
        for membership in memberships:
            if self.valid(membership, "Membership"):
                self.membership(membership, person)

    def membership(self, data: dict, person: Person) -> None:
        body = self.bodies.get(data.get("organization"))
        if body is None:
            return  # a membership in a faction or elsewhere: not a seat in a body
        values = {
            "body": body,
            "person": person,
            "role": role_of(data.get("role") or ""),
            "voting_right": data.get("votingRight", True),
            "start_date": parse_date(data["startDate"]) if data.get("startDate") else None,
            "end_date": parse_date(data["endDate"]) if data.get("endDate") else None,
            "on_behalf_of": self.organizations.get(data.get("onBehalfOf")),
        }
        membership = self.known(data["id"], Membership)
        created = membership is None
        if created:
            membership = Membership.objects.create(**values)
        changed = not created and self._update(membership, values)
        self.remember(data["id"], membership, data)
        self.count("Membership", created, changed)

    def meeting(self, data: dict) -> None:
        body = next((self.bodies[o] for o in data.get("organization") or [] if o in self.bodies), None)
        start = parse_datetime(data.get("start") or "")
        if body is None or start is None:
            return
        start = timezone.localtime(start)
        if start.date() < self.meetings_from or data.get("cancelled"):
            return
        meeting = self.known(data["id"], Meeting)
        if meeting is None:
            end = parse_datetime(data.get("end") or "")
            number = data.get("ratsprotokoll:number")
            taken = Meeting.objects.filter(body=body, corrects__isnull=True)
            if not isinstance(number, int) or taken.filter(number=number).exists():
                number = (max(taken.values_list("number", flat=True), default=0) or 0) + 1
            place = self.location(data["location"]) if isinstance(data.get("location"), dict) else None
            try:
                meeting = drafting.start_meeting(
                    body,
                    by=self.by,
                    number=number,
                    date=start.date(),
                    start_time=start.time().replace(microsecond=0),
                    end_time=timezone.localtime(end).time().replace(microsecond=0) if end else None,
                    place=place,
                    building=place.description[:200] if place else "",
                    room=place.room if place else "",
                )
            except DraftingError as error:
                self.summary.skipped.append(f"{data['id']}: {error.message}")
                return
            self.remember(data["id"], meeting, data)
            self.count("Meeting", True)
        elif meeting.status != Meeting.Status.DRAFT:
            self.summary.skipped.append(
                _("%(id)s: the protocol has left the draft state and is not changed") % {"id": data["id"]}
            )
            return
        else:
            self.count("Meeting", False, False)
        for item in data.get("agendaItem") or []:
            if self.valid(item, "AgendaItem"):
                self.agenda_item(item, meeting)

    def location(self, data: dict) -> Location | None:
        if not self.valid(data, "Location"):
            return None
        place = self.known(data["id"], Location)
        values = {
            "description": (data.get("description") or data.get("streetAddress") or data["id"])[:300],
            "street_address": (data.get("streetAddress") or "")[:200],
            "room": (data.get("room") or "")[:200],
            "postal_code": (data.get("postalCode") or "")[:10],
            "locality": (data.get("locality") or "")[:100],
        }
        created = place is None
        if created:
            place = Location.objects.create(**values)
        changed = not created and self._update(place, values)
        self.remember(data["id"], place, data)
        self.count("Location", created, changed)
        return place

    def agenda_item(self, data: dict, meeting: Meeting) -> None:
        item = self.known(data["id"], AgendaItem)
        if item is not None:  # kept as the secretariat may have changed it
            self.items[data["id"]] = item
            self.count("AgendaItem", False, False)
            return
        number = str(data.get("number") or data.get("order") or "").strip()[:20] or "?"
        if meeting.agenda_items.filter(number=number).exists():
            self.summary.skipped.append(
                _("%(id)s: item %(number)s exists already") % {"id": data["id"], "number": number}
            )
            return
        item = drafting.add_agenda_item(
            meeting,
            by=self.by,
            number=number,
            title=(data.get("name") or number)[:500],
            public=data.get("public", True),
        )
        self.items[data["id"]] = item
        self.remember(data["id"], item, data)
        self.count("AgendaItem", True)

    def paper(self, data: dict) -> None:
        reference = (data.get("reference") or "").strip()[:50]
        if not reference:
            self.summary.skipped.append(_("%(id)s has no reference") % {"id": data["id"]})
            return
        values = {
            "reference": reference,
            "name": (data.get("name") or reference)[:500],
            "paper_type": (data.get("paperType") or "")[:100],
            "date": parse_date(data["date"]) if data.get("date") else None,
        }
        paper = self.known(data["id"], Paper) or Paper.objects.filter(reference=reference).first()
        created = paper is None
        if created:
            paper = paper_services.create_paper(by=self.by, **values)
            changed = True
        else:
            changed = self._update(paper, values)
        main = data.get("mainFile")
        if isinstance(main, dict) and self.valid(main, "File"):
            stored = self.file(main)
            if stored is not None and paper.main_file_id != stored.pk:
                paper.main_file = stored
                paper.save()
                changed = True
        self.remember(data["id"], paper, data)
        self.count("Paper", created, changed)
        for consultation in data.get("consultation") or []:
            if self.valid(consultation, "Consultation"):
                self.consultation(consultation, paper)

    def file(self, data: dict):
        """The file's bytes, checked like an upload; the stored one if its checksum is known."""
        known = self.known(data["id"], File)
        if known is not None and known.sha512 == data.get("sha512Checksum", known.sha512):
            self.count("File", False, False)
            return known
        try:
            content = self.client.bytes(data["accessUrl"])
            if len(content) > settings.UPLOAD_MAX_BYTES:
                raise UploadRefused(_("The file is larger than allowed."))
            name = data.get("fileName") or data["accessUrl"].rstrip("/").rsplit("/", 1)[-1] or "datei.pdf"
            clean = files.clean_attachment(ContentFile(content, name=name))
        except (ImportFailed, UploadRefused) as error:
            self.summary.skipped.append(f"{data['id']}: {error.message}")
            return None
        if data.get("sha512Checksum") and data["sha512Checksum"] != hashlib.sha512(clean.content).hexdigest():
            self.summary.skipped.append(_("%(id)s: the checksum does not match the bytes") % {"id": data["id"]})
            return None
        stored = files.store_file(clean, name=data.get("name") or name)
        self.remember(data["id"], stored, data)
        self.count("File", True)
        return stored

    def consultation(self, data: dict, paper: Paper) -> None:
        item = self.items.get(data.get("agendaItem")) or self.known(data.get("agendaItem") or "", AgendaItem)
        if item is None or Consultation.objects.filter(item=item, paper=paper).exists():
            return
        if item.meeting.status != Meeting.Status.DRAFT:
            return
        role = data.get("role") if data.get("role") in Consultation.Role.values else Consultation.Role.DECISION
        consultation = paper_services.consult(
            item, by=self.by, paper=paper, role=role, authoritative=bool(data.get("authoritative"))
        )
        self.remember(data["id"], consultation, data)
        self.count("Consultation", True)


def import_oparl(url: str, *, by, meetings_from: dt.date | None = None, body: Body | None = None) -> Summary:
    """Import what ``url`` (an OParl system or body) publishes; see the module's docstring.

    All or nothing: an endpoint that fails half-way leaves the database as it was."""
    with transaction.atomic():
        return Importer(by=by, meetings_from=meetings_from, body=body).run(url)
