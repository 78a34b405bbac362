"""Render a protocol as a print document (PDF/A-3b, A4) — bytes in, bytes out."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from .selectors import Protocol


def render_protocol_pdf(protocol: Protocol) -> bytes:
    """The protocol as PDF/A-3b with embedded fonts.

    Always rendered in German, the language of the record, whatever the reader's UI.
    WeasyPrint gets the project folder as base_url, so it reads stylesheets, fonts
    and figures from disk and never fetches anything over HTTP.
    """
    with translation.override("de"):
        html = render_to_string("minutes/pdf/protocol.html", {"protocol": protocol, "for_print": True})
    meeting = protocol.meeting
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(
        pdf_variant="pdf/a-3b",
        pdf_identifier=f"ratsprotokoll-meeting-{meeting.pk}".encode(),
        uncompressed_pdf=False,
    )


def pdf_filename(protocol: Protocol) -> str:
    """A name people can file: 2017-07-20_Integrationsbeirat_Protokoll.pdf"""
    meeting = protocol.meeting
    body = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in meeting.body.name)
    suffix = ""
    if protocol.include_non_public and protocol.non_public_items:
        # The portal's separate non-public PDF holds only the non-public items.
        suffix = "_mit_nichtoeffentlichem_Teil" if protocol.public_items else "_nichtoeffentlicher_Teil"
    return f"{meeting.date:%Y-%m-%d}_{body}_Protokoll{suffix}.pdf"
