"""The protocol as structured data: the JSON embedded in its PDF/A-3 and offered for download.

One document, both record and data: the frozen PDF carries this JSON as an associated
file (``AFRelationship /Data``), so whoever keeps the PDF also keeps the protocol in a form
a program can read — meeting, attendance, agenda items, contributions, decisions with
their votes, attachments with their checksums, signatures. The schema is
``minutes/record.schema.json`` (JSON Schema, documented in the README); ``SCHEMA`` names its
version. Version 2 added the body's attendance groups, organisations attending, deputations
with their periods, named votes, item times and the opening facts; documents frozen with
version 1 are still compared in their own shape (``protocol_record(…, schema=SCHEMA_V1)``).

The record of a part holds only that part's items: the public PDF never carries a
non-public item, not even in its data.
"""

import json
from dataclasses import dataclass
from typing import Any

from .models import Meeting, ProtocolDocument
from .protocol import Protocol

SCHEMA = "ratsprotokoll-protocol/2"
SCHEMA_V1 = "ratsprotokoll-protocol/1"
MIME_TYPE = "application/json"

# Keys of objects that only repeat the registry (people, organisations, the body): their
# names may change after signing without changing the record, so a comparison with the
# live rows (``comparable``) keeps only their ids.
REGISTRY_REFERENCES = {"body", "person", "speaker", "deputy_for", "member", "organization", "group", "signed_by"}


@dataclass(frozen=True)
class AssociatedFile:
    """A file embedded in the PDF/A-3 and associated with the document (ISO 19005-3, 6.8).

    ``relationship`` is the PDF's AFRelationship: ``Data`` for the protocol's structured
    data; attachments (Anlagen) of a protocol would be ``Supplement``.
    """

    name: str
    content: bytes
    mime_type: str
    relationship: str
    description: str


def _person(person) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "id": person.pk,
        "form_of_address": person.form_of_address,
        "title": person.title,
        "given_name": person.given_name,
        "family_name": person.family_name,
    }


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _variant(protocol: Protocol) -> str:
    if not protocol.include_non_public:
        return ProtocolDocument.Variant.PUBLIC
    if protocol.items and not protocol.public_items:
        return ProtocolDocument.Variant.NON_PUBLIC
    return "complete"


def _organization(organization) -> dict[str, Any] | None:
    return {"id": organization.pk, "name": organization.name} if organization is not None else None


def protocol_record(protocol: Protocol, *, schema: str = SCHEMA) -> dict[str, Any]:
    """The protocol (or one of its parts) as a JSON-ready dict, in printed order; every row of
    the attendance list, also those the body's layout does not print (a deputy printed at the
    member). ``schema``: the version to write (SCHEMA_V1 for comparing documents frozen then)."""
    meeting: Meeting = protocol.meeting
    attendance = sorted(meeting.attendances.all(), key=lambda row: (row.order, row.pk))
    record = {
        "schema": SCHEMA,
        "part": _variant(protocol),
        "body": {"id": meeting.body_id, "name": meeting.body.name, "protocol_title": meeting.body.protocol_title},
        "meeting": {
            "id": meeting.pk,
            "number": meeting.number,
            "title": meeting.title,
            "date": _date(meeting.date),
            "start": _time(meeting.start_time),
            "end": _time(meeting.end_time),
            "public_start": _time(meeting.public_start_time),
            "public_end": _time(meeting.public_end_time),
            "building": meeting.building,
            "room": meeting.room,
            "protocol_date": _date(meeting.protocol_date),
            "edition": meeting.edition,
            "corrects": meeting.corrects_id,
            "correction_reason": meeting.correction_reason,
            "invitation_date": _date(meeting.invitation_date),
            "duly_convened": meeting.duly_convened,
            "public_notice_date": _date(meeting.public_notice_date),
            "public_notice": meeting.public_notice,
            "quorum_stated": meeting.quorum_stated,
        },
        "chair": {"person": _person(meeting.chair), "function": meeting.chair_function},
        "minute_takers": [
            {"person": _person(taker.person), "affiliation": taker.affiliation} for taker in meeting.minute_takers.all()
        ],
        "attendance": [
            {
                "person": _person(row.person),
                "organization": _organization(row.organization),
                "status": row.status,
                "group": {
                    "id": row.group_id,
                    "name": row.group.name,
                    "heading": row.group.printed_heading,
                    "kind": row.group.kind,
                    "votes": row.group.votes,
                },
                "affiliation": row.affiliation,
                "arrival": _time(row.arrival),
                "departure": _time(row.departure),
                "deputations": [
                    {"member": _person(d.member), "start": _time(d.start), "end": _time(d.end)}
                    for d in row.deputations.all()
                ],
            }
            for row in attendance
        ],
        "agenda_items": [
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "public": item.public,
                "without_discussion": item.without_discussion,
                "start": _time(item.start_time),
                "end": _time(item.end_time),
                "presenters": [
                    {
                        "person": _person(presenter.person),
                        "organization": (
                            {"id": presenter.organization_id, "name": presenter.organization.name}
                            if presenter.organization_id
                            else None
                        ),
                        "role": presenter.role,
                    }
                    for presenter in item.presenters.all()
                ],
                "contributions": [
                    {
                        "id": contribution.pk,
                        "speaker": _person(contribution.speaker),
                        "speaker_prefix": contribution.speaker_prefix,
                        "text": contribution.text,
                    }
                    for contribution in item.contributions.all()
                ],
                "decisions": [
                    {
                        "id": decision.pk,
                        "text": decision.text,
                        "result": decision.result,
                        "votes": {
                            "yes": decision.votes_yes,
                            "no": decision.votes_no,
                            "abstain": decision.votes_abstain,
                            "biased": decision.votes_biased,
                        },
                        "named_votes": [
                            {"person": _person(vote.person), "vote": vote.choice} for vote in decision.named_votes.all()
                        ],
                    }
                    for decision in item.decisions.all()
                ],
                "figures": [
                    {
                        "id": figure.pk,
                        "caption": figure.caption,
                        "description": figure.description,
                        "after_contribution": figure.after_id,
                        "image": figure.image.name or None,
                    }
                    for figure in item.figures.all()
                ],
            }
            for item in protocol.items
        ],
        "attachments": [
            {
                "number": attachment.order,
                "title": attachment.title,
                "agenda_item": attachment.item_id,
                "file_name": attachment.file.file_name,
                "embedded_as": attachment_file_name(attachment),
                "mime_type": attachment.file.mime_type,
                "size": attachment.file.size,
                "sha256": attachment.file.sha256,
                "sha512": attachment.file.sha512,
            }
            for attachment in protocol.attachments
        ],
        "signatures": [
            {
                "order": line.order,
                # As printed: the signer's name and function once signed (Signature), before
                # that the person the line names and their function, or the function alone.
                "name": line.signature.name if getattr(line, "signature", None) else line.printed_name,
                "function": line.signature.function if getattr(line, "signature", None) else line.printed_function,
                "signed_by": _person(line.signature.person) if getattr(line, "signature", None) else None,
                "signed_at": line.signature.signed_at.isoformat() if getattr(line, "signature", None) else None,
            }
            for line in meeting.signature_lines.all()
        ],
    }
    return _as_v1(record) if schema == SCHEMA_V1 else record


# Version 1 knew four fixed groups and one “deputy for” per row.
_V1_GROUPS = {"members": "member", "advisory": "advisory", "administration": "administration", "guests": "guest"}


def _as_v1(record: dict[str, Any]) -> dict[str, Any]:
    """The record in the shape of version 1, to compare a document frozen with it."""
    record["schema"] = SCHEMA_V1
    for key in ("invitation_date", "duly_convened", "public_notice_date", "public_notice", "quorum_stated"):
        del record["meeting"][key]
    for row in record["attendance"]:
        deputations = row.pop("deputations")
        del row["organization"]
        row["group"] = _V1_GROUPS.get(row["group"]["kind"], "member")
        row["deputy_for"] = deputations[0]["member"] if deputations else None
    for item in record["agenda_items"]:
        del item["start"], item["end"]
        for decision in item["decisions"]:
            del decision["named_votes"]
    return record


def record_json(protocol: Protocol) -> bytes:
    """The record as UTF-8 JSON, stable (sorted keys) so equal records are equal bytes."""
    return json.dumps(protocol_record(protocol), ensure_ascii=False, indent=1, sort_keys=True).encode()


def record_file_name(pdf_file_name: str) -> str:
    """2017-07-20_Integrationsbeirat_Protokoll.json next to …_Protokoll.pdf."""
    return pdf_file_name.removesuffix(".pdf") + ".json"


def record_attachment(protocol: Protocol, pdf_file_name: str) -> AssociatedFile:
    return AssociatedFile(
        name=record_file_name(pdf_file_name),
        content=record_json(protocol),
        mime_type=MIME_TYPE,
        relationship="Data",
        description="Strukturierte Daten des Protokolls (JSON, Schema " + SCHEMA + ")",
    )


def attachment_file_name(attachment) -> str:
    """The name an attachment is embedded under: “Anlage-1_Haushaltsplan.pdf” (unique in the PDF)."""
    return f"Anlage-{attachment.order}_{attachment.file.file_name}"


def attachment_files(protocol: Protocol) -> list[AssociatedFile]:
    """The part's attachments (Anlagen) as files embedded in its PDF/A-3, as supplements."""
    files = []
    for attachment in protocol.attachments:
        with attachment.file.content.open("rb") as handle:
            content = handle.read()
        files.append(
            AssociatedFile(
                name=attachment_file_name(attachment),
                content=content,
                mime_type=attachment.file.mime_type,
                relationship="Supplement",
                description=f"Anlage {attachment.order}: {attachment.title} (SHA-256 {attachment.file.sha256})",
            )
        )
    return files


def comparable(record: dict[str, Any]) -> Any:
    """The record without what the registry may rename after signing (names of people,
    organisations and the body): what the locked rows of a frozen protocol still decide."""

    def strip(value, key=None):
        if isinstance(value, dict):
            if key in REGISTRY_REFERENCES:
                return {"id": value.get("id")}
            return {k: strip(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(record)
