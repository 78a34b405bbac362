"""The frozen protocol: rendered once at the last signature, stored, and checked ever after.

``freeze()`` renders the protocol's HTML and PDF/A-3b in the two parts the portal serves
(the public part for everyone; the non-public part for the body's members, if there is
one), signs each PDF with PAdES when a certificate is configured, and stores them with
their checksums. ``verify()`` is the archive's integrity check, run by
``manage.py verify_minutes``.
"""

import hashlib
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import pdf_filename, render_protocol_pdf
from minutes.protocol import Protocol, build_signed_protocol, non_public_part, public_part

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
    """Render and store the parts. Call only from services, inside lock.unlocked()."""
    documents = []
    protocol = build_signed_protocol(meeting, include_non_public=True)
    parts = [(ProtocolDocument.Variant.PUBLIC, public_part(protocol))]
    if protocol.non_public_items:
        parts.append((ProtocolDocument.Variant.NON_PUBLIC, non_public_part(protocol)))
    for variant, part in parts:
        html = render_part_html(part, variant)
        pdf = render_protocol_pdf(part)
        signed = bool(settings.SIGNING_CERT_P12)
        if signed:
            pdf = pades_sign(pdf)
        documents.append(
            ProtocolDocument.objects.create(
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
            )
        )
    return documents


# ------------------------------------------------------------------------- PAdES


def _load_signer():
    from pyhanko.sign import signers

    return signers.SimpleSigner.load_pkcs12(
        pfx_file=settings.SIGNING_CERT_P12, passphrase=settings.SIGNING_CERT_PASSPHRASE.encode() or None
    )


def pades_sign(pdf: bytes) -> bytes:
    """Add a PAdES baseline signature with the configured certificate (incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="Ratsprotokoll",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Unterzeichnetes Protokoll",
    )
    output = signers.sign_pdf(writer, metadata, signer=_load_signer())
    return output.getvalue()


def _pades_problems(pdf: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception as error:  # a damaged file is a failed check, not a crash
        return [f"PDF unreadable: {error}"]
    if not signatures:
        return ["PAdES signature missing"]
    problems = []
    for signature in signatures:
        # Trust the configured certificate; without one, the certificate in the file
        # (this still proves the bytes are unchanged since signing).
        root = _load_signer().signing_cert if settings.SIGNING_CERT_P12 else signature.signer_cert
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
        if not (status.intact and status.valid and status.trusted):
            problems.append(f"PAdES signature invalid ({status.summary()})")
    return problems


# ------------------------------------------------------------------------ verify


def verify(document: ProtocolDocument) -> list[str]:
    """What is wrong with a stored document; empty when it is intact."""
    problems = []
    pdf = bytes(document.pdf)
    if len(pdf) != document.size:
        problems.append(f"size {len(pdf)} ≠ {document.size}")
    if hashlib.sha256(pdf).hexdigest() != document.sha256:
        problems.append("SHA-256 of the PDF does not match")
    if hashlib.sha512(pdf).hexdigest() != document.sha512:
        problems.append("SHA-512 of the PDF does not match")
    if hashlib.sha256(document.html.encode()).hexdigest() != document.html_sha256:
        problems.append("SHA-256 of the HTML does not match")
    if document.pades_signed:
        problems += _pades_problems(pdf)
    return problems
