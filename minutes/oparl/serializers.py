"""Objects as OParl 1.1 JSON: one function per type, each given the row (from selectors.py,
with ``oparl_modified``) and a ``Links`` that makes the absolute URLs.

What OParl 1.1 has no field for — attendance, contributions, vote counts, named votes — is
added under keys of the namespace ``ratsprotokoll:`` (README, “Open data (OParl)”), as
the specification allows for vendor extensions.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from council.models import Body, LegislativeTerm, Location, Membership, Organization, Person
from minutes.models import (
    AgendaItem,
    Consultation,
    File,
    Meeting,
    Paper,
    ProtocolDocument,
    Tombstone,
)

SCHEMA = "https://schema.oparl.org/1.1/"
EXTENSION = "ratsprotokoll:"
BODY_KEY = 1  # the one OParl body: the city whose councils keep their minutes here

ROLES = {
    Membership.Role.CHAIR: "Vorsitz",
    Membership.Role.DEPUTY_CHAIR: "Stellvertretender Vorsitz",
    Membership.Role.MEMBER: "Mitglied",
    Membership.Role.ADVISORY: "Beratendes Mitglied",
}
RESULTS = {
    "accepted": "Beschlossen",
    "rejected": "Abgelehnt",
    "noted": "Zur Kenntnis genommen",
    "deferred": "Vertagt",
}


def stamp(moment: dt.datetime | None) -> str | None:
    """A date-time as OParl wants it: with its UTC offset, without fractions of a second."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def at(date: dt.date, time: dt.time | None) -> str | None:
    """A meeting's date and a time of day, in the local time zone."""
    if time is None:
        return None
    return stamp(timezone.make_aware(dt.datetime.combine(date, time)))


def day(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def clean(data: dict) -> dict:
    """OParl leaves out what is unknown rather than sending null or an empty text."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


@dataclass
class Links:
    """Absolute URLs of the interface, for the host the request came to."""

    request: object

    def url(self, name: str, *args, query: str = "") -> str:
        address = self.request.build_absolute_uri(reverse(f"oparl:{name}", args=args))
        return f"{address}?{query}" if query else address

    def web(self, path: str) -> str:
        return self.request.build_absolute_uri(path)


def common(row, kind: str, links: Links, name: str, *args) -> dict:
    return {
        "id": links.url(name, *args),
        "type": SCHEMA + kind,
        "created": stamp(getattr(row, "created", None)),
        "modified": stamp(getattr(row, "oparl_modified", None) or getattr(row, "modified", None)),
        "deleted": False,
    }


def system(links: Links) -> dict:
    return clean(
        {
            "id": links.url("system"),
            "type": SCHEMA + "System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "body": links.url("body_list"),
            "name": settings.OPARL_SYSTEM_NAME,
            "contactEmail": settings.OPARL_CONTACT_EMAIL,
            "website": links.web("/"),
            "product": "https://github.com/ratsprotokoll/ratsprotokoll",
            "license": settings.OPARL_LICENSE,
            "deleted": False,
        }
    )


def body(links: Links, *, created, modified, terms: list[LegislativeTerm]) -> dict:
    key = BODY_KEY
    return clean(
        {
            "id": links.url("body", key),
            "type": SCHEMA + "Body",
            "system": links.url("system"),
            "name": settings.OPARL_BODY_NAME,
            "shortName": settings.OPARL_BODY_SHORT_NAME,
            "website": links.web("/"),
            "license": settings.OPARL_LICENSE,
            "ags": settings.OPARL_BODY_AGS,
            "contactEmail": settings.OPARL_CONTACT_EMAIL,
            "organization": links.url("organization_list", key),
            "person": links.url("person_list", key),
            "meeting": links.url("meeting_list", key),
            "paper": links.url("paper_list", key),
            "legislativeTerm": [legislative_term(term, links) for term in terms],
            "agendaItem": links.url("agenda_item_list", key),
            "consultation": links.url("consultation_list", key),
            "file": links.url("file_list", key),
            "locationList": links.url("location_list", key),
            "legislativeTermList": links.url("legislative_term_list", key),
            "membership": links.url("membership_list", key),
            "classification": settings.OPARL_BODY_CLASSIFICATION,
            "web": links.web("/"),
            "created": stamp(created),
            "modified": stamp(modified),
            "deleted": False,
        }
    )


def legislative_term(term: LegislativeTerm, links: Links) -> dict:
    return clean(
        {
            **common(term, "LegislativeTerm", links, "legislative_term", term.pk),
            "body": links.url("body", BODY_KEY),
            "name": term.name,
            "startDate": day(term.start_date),
            "endDate": day(term.end_date),
        }
    )


def location(place: Location, links: Links) -> dict:
    return clean(
        {
            **common(place, "Location", links, "location", place.pk),
            "description": place.description,
            "streetAddress": place.street_address,
            "room": place.room,
            "postalCode": place.postal_code,
            "locality": place.locality,
        }
    )


def gremium(body_row: Body, links: Links) -> dict:
    """A body of the council (Stadtrat, Ausschuss, Beirat): an OParl Organization."""
    return clean(
        {
            **common(body_row, "Organization", links, "gremium", body_row.pk),
            "body": links.url("body", BODY_KEY),
            "name": body_row.name,
            "shortName": body_row.short_name,
            "organizationType": "Gremium",
            "classification": body_row.classification,
            "meeting": links.url("gremium_meetings", body_row.pk),
            "membership": [links.url("membership", pk) for pk in getattr(body_row, "oparl_memberships", [])],
            "web": links.web(reverse("minutes:meeting_list") + f"?body={body_row.pk}"),
        }
    )


ORGANIZATION_TYPES = {
    Organization.Type.PARTY: "Fraktion",
    Organization.Type.DEPARTMENT: "Verwaltungsbereich",
    Organization.Type.ASSOCIATION: "Sonstiges",
    Organization.Type.WELFARE: "Sonstiges",
    Organization.Type.OTHER: "Sonstiges",
}


def organization(row: Organization, links: Links) -> dict:
    """An organisation a member sits for (a faction, an association): an OParl Organization."""
    return clean(
        {
            **common(row, "Organization", links, "organization", row.pk),
            "body": links.url("body", BODY_KEY),
            "name": row.name,
            "shortName": row.short_name,
            "organizationType": ORGANIZATION_TYPES.get(row.organization_type, "Sonstiges"),
            "classification": row.get_organization_type_display(),
        }
    )


def membership(row: Membership, links: Links) -> dict:
    return clean(
        {
            **common(row, "Membership", links, "membership", row.pk),
            "person": links.url("person", row.person_id),
            "organization": links.url("gremium", row.body_id),
            "role": row.function or ROLES.get(row.role, row.get_role_display()),
            "votingRight": row.voting_right,
            "startDate": day(row.start_date),
            "endDate": day(row.end_date),
            "onBehalfOf": links.url("organization", row.on_behalf_of_id) if row.on_behalf_of_id else None,
        }
    )


def person(row: Person, links: Links, memberships: list[Membership]) -> dict:
    return clean(
        {
            **common(row, "Person", links, "person", row.pk),
            "body": links.url("body", BODY_KEY),
            "name": row.full_name,
            "familyName": row.family_name,
            "givenName": row.given_name,
            "formOfAddress": row.form_of_address,
            "title": [row.title] if row.title else None,
            "membership": [membership(m, links) for m in memberships],
            "web": links.web(reverse("minutes:person_detail", args=[row.pk])),
        }
    )


def stored_file(row: File, links: Links, *, meetings=(), items=(), papers=()) -> dict:
    """A stored file (an attachment, a paper's document)."""
    return clean(
        {
            **common(row, "File", links, "file", row.pk),
            "modified": stamp(row.created),
            "name": row.name,
            "fileName": row.file_name,
            "mimeType": row.mime_type,
            "date": day(row.date),
            "size": row.size,
            "sha512Checksum": row.sha512,
            "text": row.text if "text" not in row.get_deferred_fields() else None,
            "accessUrl": links.url("file_access", row.pk),
            "downloadUrl": links.url("file_download", row.pk),
            "meeting": [links.url("meeting", pk) for pk in meetings] or None,
            "agendaItem": [links.url("agenda_item", pk) for pk in items] or None,
            "paper": [links.url("paper", pk) for pk in papers] or None,
        }
    )


def protocol_file(document: ProtocolDocument, links: Links) -> dict:
    """The frozen protocol of a published meeting, as its ``resultsProtocol``."""
    return clean(
        {
            **common(document, "File", links, "protocol_file", document.pk),
            "modified": stamp(document.created),
            "name": f"Protokoll: {document.meeting.display_title}",
            "fileName": document.file_name,
            "mimeType": document.mime_type,
            "date": day(document.meeting.protocol_date or document.created.date()),
            "size": document.size,
            "sha512Checksum": document.sha512,
            "accessUrl": links.url("protocol_file_access", document.pk),
            "downloadUrl": links.url("protocol_file_download", document.pk),
            "meeting": [links.url("meeting", document.meeting_id)],
        }
    )


def _attendance(meeting: Meeting, links: Links, shown_people: set[int]) -> list[dict]:
    rows = []
    for row in meeting.attendances.all():
        rows.append(
            clean(
                {
                    "name": row.name,
                    "person": links.url("person", row.person_id) if row.person_id in shown_people else None,
                    "organization": links.url("organization", row.organization_id) if row.organization_id else None,
                    "status": row.status,
                    "group": row.group.heading or row.group.name,
                    "affiliation": row.affiliation,
                    "arrival": at(meeting.date, row.arrival),
                    "departure": at(meeting.date, row.departure),
                    "deputyFor": [
                        clean(
                            {
                                "person": links.url("person", d.member_id) if d.member_id in shown_people else None,
                                "name": d.member.addressed_name,
                                "start": at(meeting.date, d.start),
                                "end": at(meeting.date, d.end),
                            }
                        )
                        for d in row.deputations.all()
                    ],
                }
            )
        )
    return rows


def consultation(row: Consultation, links: Links) -> dict:
    item = row.item
    return clean(
        {
            **common(row, "Consultation", links, "consultation", row.pk),
            "paper": links.url("paper", row.paper_id),
            "agendaItem": links.url("agenda_item", item.pk),
            "meeting": links.url("meeting", item.meeting_id),
            "organization": [links.url("gremium", item.meeting.body_id)],
            "authoritative": row.authoritative,
            "role": row.role,
        }
    )


def _decision(decision, links: Links, shown_people: set[int]) -> dict:
    return clean(
        {
            "text": decision.text,
            "result": decision.result,
            "paper": links.url("paper", decision.paper_id) if decision.paper_id and decision.paper.public else None,
            "votes": clean(
                {
                    "yes": decision.votes_yes,
                    "no": decision.votes_no,
                    "abstain": decision.votes_abstain,
                    "biased": decision.votes_biased,
                }
            )
            or None,
            "namedVotes": [
                clean(
                    {
                        "name": vote.person.addressed_name,
                        "person": links.url("person", vote.person_id) if vote.person_id in shown_people else None,
                        "vote": vote.choice,
                    }
                )
                for vote in decision.named_votes.all()
            ]
            or None,
        }
    )


def agenda_item(item: AgendaItem, links: Links, shown_people: set[int]) -> dict:
    decisions = list(item.decisions.all())
    attachments = [a for a in item.attachments.all()]
    return clean(
        {
            **common(item, "AgendaItem", links, "agenda_item", item.pk),
            "meeting": links.url("meeting", item.meeting_id),
            "number": item.number,
            "order": item.order,
            "name": item.title,
            "public": True,
            "consultation": next(
                (links.url("consultation", c.pk) for c in item.consultations.all() if c.paper.public), None
            ),
            "result": ", ".join(RESULTS.get(d.result, d.result) for d in decisions) or None,
            "resolutionText": "\n\n".join(d.text for d in decisions) or None,
            "auxiliaryFile": [
                stored_file(a.file, links, meetings=[item.meeting_id], items=[item.pk]) for a in attachments
            ]
            or None,
            "start": at(item.meeting.date, item.start_time),
            "end": at(item.meeting.date, item.end_time),
            EXTENSION + "contributions": [
                clean(
                    {
                        "speaker": c.speaker.addressed_name if c.speaker_id else None,
                        "person": links.url("person", c.speaker_id) if c.speaker_id in shown_people else None,
                        "speakerPrefix": c.speaker_prefix,
                        "text": c.text,
                    }
                )
                for c in item.contributions.all()
            ],
            EXTENSION + "decisions": [_decision(d, links, shown_people) for d in decisions],
        }
    )


def meeting(row: Meeting, links: Links, *, shown_people: set[int], documents: list[ProtocolDocument]) -> dict:
    items = [item for item in row.agenda_items.all() if item.public]
    whole = [a for a in row.attachments.all() if a.item_id is None]
    return clean(
        {
            **common(row, "Meeting", links, "meeting", row.pk),
            "name": f"{row.body.name}, {row.number}. Sitzung",
            "meetingState": "durchgeführt",
            "cancelled": False,
            "start": at(row.date, row.start_time)
            or stamp(timezone.make_aware(dt.datetime.combine(row.date, dt.time()))),
            "end": at(row.date, row.end_time),
            "location": location(row.place, links) if row.place_id else None,
            "organization": [links.url("gremium", row.body_id)],
            "participant": [
                links.url("person", a.person_id)
                for a in row.attendances.all()
                if a.person_id in shown_people and a.status == "present"
            ],
            "resultsProtocol": protocol_file(documents[0], links) if documents else None,
            "auxiliaryFile": [stored_file(a.file, links, meetings=[row.pk]) for a in whole] or None,
            "agendaItem": [agenda_item(item, links, shown_people) for item in items],
            "web": links.web(row.get_absolute_url()),
            EXTENSION + "number": row.number,
            EXTENSION + "attendance": _attendance(row, links, shown_people),
        }
    )


def paper(row: Paper, links: Links) -> dict:
    return clean(
        {
            **common(row, "Paper", links, "paper", row.pk),
            "body": links.url("body", BODY_KEY),
            "name": row.name,
            "reference": row.reference,
            "date": day(row.date),
            "paperType": row.paper_type,
            "relatedPaper": [links.url("paper", p.pk) for p in row.related_papers.all() if p.public] or None,
            "mainFile": stored_file(row.main_file, links, papers=[row.pk]) if row.main_file_id else None,
            "auxiliaryFile": [stored_file(f, links, papers=[row.pk]) for f in row.auxiliary_files.all()] or None,
            "originatorPerson": [links.url("person", p.pk) for p in row.originator_persons.all()] or None,
            "originatorOrganization": [links.url("organization", o.pk) for o in row.originator_organizations.all()]
            or None,
            "consultation": [consultation(c, links) for c in getattr(row, "oparl_consultations", [])] or None,
        }
    )


TOMBSTONE_VIEWS = {
    "Person": "person",
    "Membership": "membership",
    "Meeting": "meeting",
    "AgendaItem": "agenda_item",
    "Paper": "paper",
    "Consultation": "consultation",
    "File": "file",
    "Location": "location",
    "LegislativeTerm": "legislative_term",
    "Gremium": "gremium",
    "Organization": "organization",
    "Protocol": "protocol_file",
}


def tombstone(row: Tombstone, links: Links) -> dict:
    """What a deleted object still says: that it is gone (OParl 1.1, 2.8 “Gelöschte Objekte”)."""
    name = TOMBSTONE_VIEWS[row.kind]
    kind = {"Gremium": "Organization", "Protocol": "File"}.get(row.kind, row.kind)
    data = {
        "id": links.url(name, row.object_id),
        "type": SCHEMA + kind,
        "created": stamp(row.created or row.deleted),
        "modified": stamp(row.deleted),
        "deleted": True,
    }
    if kind == "File":
        data["accessUrl"] = links.url(f"{name}_access", row.object_id)
    return data
