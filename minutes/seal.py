"""The installation's electronic seal on frozen PDFs: PAdES signing, timestamps, verification.

Signing uses the private key (``SIGNING_CERT_P12`` and its passphrase). Verification uses
public material only: the certificates in ``SIGNING_TRUSTED_CERTS`` (PEM files), never the
certificate a PDF brings along. Keep the certificates of earlier keys in that list after a
key rotation: each document is checked at the time it was frozen, so documents signed with
an old key stay valid, while a PDF signed with any other key fails. With
``SIGNING_TSA_URL`` set, every signature carries an RFC 3161 timestamp from that timestamp
authority (PAdES B-T); add the authority's certificate (or its CA) to the trusted list.

``minutes.checks`` runs ``load_signer()`` and ``trusted_certificates()`` at start, so a
wrong passphrase or an unreadable file is reported then, not at the chair's last signature.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import SealUnavailable


def signing_configured() -> bool:
    return bool(settings.SIGNING_CERT_P12)


def load_signer():
    """The configured signing key and certificate (pyhanko SimpleSigner); SealUnavailable if unusable."""
    from pyhanko.sign import signers

    path = settings.SIGNING_CERT_P12
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise SealUnavailable(
            _("The signing key %(path)s cannot be read: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
    passphrase = settings.SIGNING_CERT_PASSPHRASE.encode() or None
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=set(), passphrase=passphrase)
    except (ValueError, TypeError) as error:
        raise SealUnavailable(
            _("The signing key %(path)s cannot be opened: wrong passphrase, or not a PKCS#12 file.") % {"path": path}
        ) from error


def trusted_certificates() -> list:
    """The certificates verification trusts (asn1crypto), from the PEM files configured."""
    from pyhanko.keys import load_certs_from_pemder

    certificates = []
    for path in settings.SIGNING_TRUSTED_CERTS:
        try:
            loaded = list(load_certs_from_pemder([path]))
        except (OSError, ValueError) as error:
            raise SealUnavailable(
                _("The trusted certificates in %(path)s cannot be read: %(error)s") % {"path": path, "error": error}
            ) from error
        if not loaded:
            raise SealUnavailable(_("%(path)s holds no certificate.") % {"path": path})
        certificates += loaded
    return certificates


def sign(pdf: bytes) -> bytes:
    """Add a PAdES baseline signature (B-B; B-T with a timestamp authority), as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="Ratsprotokoll",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Unterzeichnetes Protokoll",
    )
    timestamper = timestamps.HTTPTimeStamper(settings.SIGNING_TSA_URL) if settings.SIGNING_TSA_URL else None
    signer = load_signer()
    try:
        output = signers.sign_pdf(writer, metadata, signer=signer, timestamper=timestamper)
    except timestamps.TimestampRequestError as error:
        raise SealUnavailable(
            _("The timestamp authority %(url)s did not answer: %(error)s")
            % {"url": settings.SIGNING_TSA_URL, "error": error.__cause__ or error}
        ) from error
    return output.getvalue()


@dataclass
class SealCheck:
    """What the PAdES check of a PDF found."""

    signed: bool = False
    valid: bool = False
    signers: list[str] = field(default_factory=list)
    timestamps: list[datetime.datetime] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check(pdf: bytes, *, moment: datetime.datetime | None = None) -> SealCheck:
    """Validate every PAdES signature of ``pdf`` against the trusted certificates only.

    ``moment`` is when the document was frozen, if known (the archive knows it): the
    certificate must have been valid then, so documents signed before a key rotation stay
    valid after the old certificate expired.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    result = SealCheck()
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception as error:  # a damaged file is a failed check, not a crash
        result.problems.append(_("The PDF cannot be read: %(error)s") % {"error": error})
        return result
    result.signed = bool(signatures)
    if not signatures:
        result.problems.append(_("The PDF carries no PAdES signature."))
        return result
    try:
        roots = trusted_certificates()
    except SealUnavailable as error:
        result.problems.append(str(error.message))
        return result
    if not roots:
        result.problems.append(_("No trusted certificate is configured (SIGNING_TRUSTED_CERTS)."))
        return result
    for signature in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)
        timestamp_context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = validate_pdf_signature(
                signature, signer_validation_context=context, ts_validation_context=timestamp_context
            )
        except Exception as error:  # a malformed signature is a failed check
            result.problems.append(_("The signature cannot be validated: %(error)s") % {"error": error})
            continue
        subject = signature.signer_cert.subject
        result.signers.append(subject.native.get("common_name") or subject.human_friendly)
        if status.timestamp_validity is not None:
            result.timestamps.append(status.timestamp_validity.timestamp)
            if not (status.timestamp_validity.intact and status.timestamp_validity.valid):
                result.problems.append(_("The timestamp of the signature is not valid."))
            elif not status.timestamp_validity.trusted:
                result.problems.append(_("The timestamp authority is not trusted."))
        if not (status.intact and status.valid):
            result.problems.append(_("The signature does not match the document: it was changed after signing."))
        elif not status.trusted:
            result.problems.append(_("The signature was made with a key this installation does not trust."))
        elif status.coverage is None or status.coverage.name not in ("ENTIRE_FILE", "ENTIRE_REVISION"):
            result.problems.append(_("The signature does not cover the whole document."))
        elif status.coverage.name == "ENTIRE_REVISION":
            result.problems.append(_("The document was changed after signing (a later revision)."))
    result.valid = not result.problems
    return result
