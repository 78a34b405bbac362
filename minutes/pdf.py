"""Render a protocol as a print document (PDF/A-3a and PDF/UA-1, A4) — bytes in, bytes out."""

import io
from collections.abc import Sequence

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, Attachment

from .models import Meeting
from .protocol import Protocol
from .record import AssociatedFile, attachment_files, record_attachment

# Tagged PDF/A-3 level A; the finisher adds the PDF/UA-1 identification (see _declare_pdf_ua).
PDF_VARIANT = "pdf/a-3a"

# The PDF/UA identification schema is not one of PDF/A's predefined XMP schemas, so PDF/A
# requires it to be described by an extension schema (ISO 19005-3, 6.6.2.3).
PDF_UA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfuaid:part>1</pdfuaid:part>
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def is_draft(protocol: Protocol) -> bool:
    """Not yet signed: the document may still change, and must not look final."""
    return protocol.meeting.status in (Meeting.Status.DRAFT, Meeting.Status.SUBMITTED)


def is_non_public_part(protocol: Protocol) -> bool:
    """The separate document of the non-public items (archive.non_public_part)."""
    return bool(protocol.include_non_public and protocol.items and not protocol.public_items)


def _object(pdf: pydyf.PDF, reference) -> object:
    return pdf.objects[int(reference.split()[0])]


def _declare_pdf_ua(pdf: pydyf.PDF) -> None:
    """Add the PDF/UA-1 identification to the XMP metadata WeasyPrint wrote for PDF/A-3a.

    WeasyPrint writes one identification (the variant asked for); the document is tagged
    either way, so it is both, and says so in the one rdf:RDF that XMP allows.
    """
    metadata = _object(pdf, pdf.catalog["Metadata"])
    xmp = b"".join(metadata.stream)
    metadata.stream = [xmp.replace(b"</rdf:RDF>", PDF_UA_XMP + b"</rdf:RDF>", 1)]


def _wrap_list_item_bodies(pdf: pydyf.PDF) -> None:
    """Put the paragraphs of a list item into its body (LBody), as PDF/UA wants it.

    WeasyPrint tags an item of a “loose” list (paragraphs inside <li>, as CommonMark
    writes a list item of several paragraphs) as LI → Lbl, P, P; PDF/UA-1 (7.2) allows
    only Lbl and LBody in an LI. Only the structure tree changes, not the page.
    """
    for element in list(pdf.objects):
        if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/LI":
            continue
        kids = element["K"]
        body_kids = [kid for kid in kids if _object(pdf, kid).get("S") not in ("/Lbl", "/LBody")]
        if not body_kids:
            continue
        body = pydyf.Dictionary(
            {"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(body_kids), "P": element.reference}
        )
        if "Pg" in element:
            body["Pg"] = element["Pg"]
        pdf.add_object(body)
        for kid in body_kids:
            _object(pdf, kid)["P"] = body.reference
        element["K"] = pydyf.Array([kid for kid in kids if kid not in body_kids] + [body.reference])


def _finish(document, pdf: pydyf.PDF) -> None:
    """Last touches before WeasyPrint writes the file (its ``finisher`` hook)."""
    _wrap_list_item_bodies(pdf)
    _declare_pdf_ua(pdf)


def render_protocol_pdf(protocol: Protocol, *, attachments: Sequence[AssociatedFile] = ()) -> bytes:
    """The protocol as tagged PDF/A-3a and PDF/UA-1 with embedded fonts.

    Its structured data (minutes/record.py) is embedded as an associated file, then its
    attachments (Anlagen, as supplements), then ``attachments`` given here.
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
    files = [record_attachment(protocol, pdf_filename(protocol)), *attachment_files(protocol), *attachments]
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=f"ratsprotokoll-meeting-{meeting.pk}".encode(),
        uncompressed_pdf=False,
        attachments=[
            Attachment(
                file_obj=io.BytesIO(file.content),
                name=file.name,
                description=file.description,
                relationship=file.relationship,
                # The meeting's last change, not the clock: the same protocol, the same bytes.
                created=meeting.modified,
                modified=meeting.modified,
            )
            for file in files
        ],
        finisher=_finish,
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
