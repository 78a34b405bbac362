"""The frozen protocol: rendered once at the last signature, stored, and checked ever after.

``freeze()`` renders the protocol's HTML and PDF/A-3a in the two parts the portal serves
(the public part for everyone; the non-public part for the body's members, if there is
one), each PDF carrying its structured data (minutes/record.py); signs each PDF with
PAdES when a key is configured (minutes/seal.py); stores them with their checksums and
appends each to the archive's hash chain (minutes/chain.py). ``verify()`` is the
archive's integrity check, run by ``manage.py verify_minutes``.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from minutes import chain, integrity, seal
from minutes.exceptions import WorkflowError
from minutes.files import verify_file
from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import pdf_filename, render_protocol_pdf
from minutes.protocol import Protocol, build_signed_protocol, non_public_part, public_part
from minutes.record import record_json

# What the meeting page shows of each part (templates/portal/meeting_detail.html).
PAGE_TEMPLATES = {
    ProtocolDocument.Variant.PUBLIC: "minutes/protocol/_protocol.html",
    ProtocolDocument.Variant.NON_PUBLIC: "minutes/protocol/_non_public_items.html",
}


def render_part_html(protocol: Protocol, variant: str) -> str:
    """A part as the meeting page shows it, in German, the language of the record."""
    with translation.override("de"):
        return render_to_string(PAGE_TEMPLATES[variant], {"protocol": protocol, "non_public": protocol})


def freeze(meeting: Meeting) -> list[ProtocolDocument]:
    """Render and store the parts. Call only from services, inside lock.unlocked().

    The attachments are frozen with them: each file is checked against the checksums it
    was stored with (refused with WorkflowError if it changed), and each part lists its
    attachments with those checksums and embeds them in its PDF/A-3 (AFRelationship
    /Supplement).
    """
    documents = []
    protocol = build_signed_protocol(meeting, include_non_public=True)
    for attachment in protocol.attachments:
        problems = verify_file(attachment.file)
        if problems:
            raise WorkflowError(
                _(
                    "Attachment %(number)s “%(title)s” is not stored as it was uploaded (%(problems)s). "
                    "Nothing was signed: the secretariat must upload it again."
                )
                % {"number": attachment.order, "title": attachment.title, "problems": "; ".join(problems)}
            )
    parts = [(ProtocolDocument.Variant.PUBLIC, public_part(protocol))]
    if protocol.non_public_items:
        parts.append((ProtocolDocument.Variant.NON_PUBLIC, non_public_part(protocol)))
    for variant, part in parts:
        html = render_part_html(part, variant)
        pdf = render_protocol_pdf(part)
        signed = seal.signing_configured()
        if signed:
            pdf = seal.sign(pdf)
        document = ProtocolDocument.objects.create(
            meeting=meeting,
            variant=variant,
            html=html,
            html_sha256=hashlib.sha256(html.encode()).hexdigest(),
            pdf=pdf,
            file_name=pdf_filename(part),
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            sha512=hashlib.sha512(pdf).hexdigest(),
            pades_signed=signed,
            data=record_json(part).decode(),
        )
        chain.append(document)
        documents.append(document)
    return documents


# ------------------------------------------------------------------------ verify


def verify(document: ProtocolDocument) -> list[str]:
    """What is wrong with a stored document; empty when it is intact (minutes.integrity)."""
    return integrity.document_problems(document)
