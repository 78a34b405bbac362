"""System checks (``manage.py check``, and at every start): the seal's key and certificates.

A wrong passphrase or an unreadable key file is reported when the app starts, not when
the chair gives the last signature and the protocol is frozen.
"""

from django.conf import settings
from django.core import checks

from . import seal
from .exceptions import SealUnavailable


@checks.register(checks.Tags.security)
def check_seal(app_configs=None, **kwargs):
    messages = []
    signer = None
    if seal.signing_configured():
        try:
            signer = seal.load_signer()
        except SealUnavailable as error:
            messages.append(
                checks.Error(
                    str(error.message),
                    hint="Check SIGNING_CERT_P12 and SIGNING_CERT_PASSPHRASE.",
                    id="minutes.E001",
                )
            )
    try:
        trusted = seal.trusted_certificates()
    except SealUnavailable as error:
        messages.append(checks.Error(str(error.message), hint="Check SIGNING_TRUSTED_CERTS.", id="minutes.E002"))
        trusted = None
    if signer is not None and trusted is not None:
        fingerprints = {certificate.sha256 for certificate in trusted}
        subjects = {certificate.subject.dump() for certificate in trusted}
        own = signer.signing_cert
        if own.sha256 not in fingerprints and own.issuer.dump() not in subjects:
            messages.append(
                checks.Warning(
                    "The signing certificate (or its CA) is not among the trusted certificates: "
                    "the documents this installation signs would fail verification.",
                    hint="Add the signing certificate's PEM file to SIGNING_TRUSTED_CERTS.",
                    id="minutes.W001",
                )
            )
    if settings.SIGNING_TSA_URL and not seal.signing_configured():
        messages.append(
            checks.Warning("SIGNING_TSA_URL is set but no signing key: nothing will be timestamped.", id="minutes.W002")
        )
    return messages
