"""Render a protocol as a print document (PDF/A-3b, A4) — bytes in, bytes out."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from .models import Meeting
from .protocol import Protocol


def is_draft(protocol: Protocol) -> bool:
    """Not yet signed: the document may still change, and must not look final."""
    return protocol.meeting.status in (Meeting.Status.DRAFT, Meeting.Status.SUBMITTED)


def is_non_public_part(protocol: Protocol) -> bool:
    """The separate document of the non-public items (archive.non_public_part)."""
    return bool(protocol.include_non_public and protocol.items and not protocol.public_items)


def render_protocol_pdf(protocol: Protocol) -> bytes:
    """The protocol as PDF/A-3b with embedded fonts.

    Always rendered in German, the language of the record, whatever the reader's UI.
    WeasyPrint gets the project folder as base_url, so it reads stylesheets, fonts
    and figures from disk and never fetches anything over HTTP.
    """
    with translation.override("de"):
        context = {
            "protocol": protocol,
            "for_print": True,
            "draft": is_draft(protocol),
            "non_public_part": is_non_public_part(protocol),
        }
        html = render_to_string("minutes/pdf/protocol.html", context)
    meeting = protocol.meeting
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(
        pdf_variant="pdf/a-3b",
        pdf_identifier=f"ratsprotokoll-meeting-{meeting.pk}".encode(),
        uncompressed_pdf=False,
    )


def pdf_filename(protocol: Protocol) -> str:
    """A name people can file: 2017-07-20_Integrationsbeirat_Protokoll.pdf

    An unsigned protocol ends in ``_Entwurf``, so a saved draft is never taken for the record.
    """
    meeting = protocol.meeting
    body = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in meeting.body.name)
    suffix = ""
    if protocol.include_non_public and protocol.non_public_items:
        # The portal's separate non-public PDF holds only the non-public items.
        suffix = "_mit_nichtoeffentlichem_Teil" if protocol.public_items else "_nichtoeffentlicher_Teil"
    if is_draft(protocol):
        suffix += "_Entwurf"
    return f"{meeting.date:%Y-%m-%d}_{body}_Protokoll{suffix}.pdf"
