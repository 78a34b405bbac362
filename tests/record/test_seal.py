"""Verification with public material only: trusted PEM certificates, key rotation, other
keys refused, bad keys reported at start, RFC 3161 timestamps from a local authority."""

import datetime
import hashlib
import io

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from minutes import lock, seal
from minutes.exceptions import WorkflowError
from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import render_protocol_pdf
from minutes.protocol import build_protocol, public_part

from .certificates import NOW, issue
from .conftest import PASSPHRASE, sign_demo


def _draft_pdf(meeting) -> bytes:
    return render_protocol_pdf(public_part(build_protocol(meeting.pk, include_non_public=True)))


def _sign_demo(draft_demo, django_user_model) -> Meeting:
    return sign_demo(draft_demo)


def _verify() -> str:
    out = io.StringIO()
    call_command("verify_minutes", stdout=out)
    return out.getvalue()


def test_a_signed_protocol_verifies_with_the_trusted_certificate_alone(
    sealing_key, draft_demo, django_user_model, settings
):
    meeting = _sign_demo(draft_demo, django_user_model)
    assert all(d.pades_signed for d in ProtocolDocument.objects.filter(meeting=meeting))
    assert "2 Dokumente geprüft: alle unverändert." in _verify()
    # The key is not needed to verify: only the public certificate.
    settings.SIGNING_CERT_P12 = ""
    settings.SIGNING_CERT_PASSPHRASE = ""
    assert "alle unverändert" in _verify()
    # Without a trusted certificate nothing is taken on trust, not even the one in the file.
    settings.SIGNING_TRUSTED_CERTS = []
    with pytest.raises(CommandError, match="Es ist kein vertrauenswürdiges Zertifikat eingerichtet"):
        _verify()


def test_a_copy_resigned_with_another_key_under_the_same_name_fails(
    sealing_key, draft_demo, django_user_model, settings, tmp_path
):
    meeting = _sign_demo(draft_demo, django_user_model)
    document = ProtocolDocument.objects.get(meeting=meeting, variant="public")
    # A forger with database access makes a key with the same name, re-seals the unsigned
    # rendering and recomputes every checksum.
    forged_key = issue("Ratsprotokoll Testsiegel")
    trusted = settings.SIGNING_TRUSTED_CERTS
    settings.SIGNING_CERT_P12 = str(forged_key.p12(tmp_path / "forged.p12", PASSPHRASE.encode()))
    forged = seal.sign(render_protocol_pdf(public_part(build_protocol(meeting.pk, include_non_public=True))))
    assert seal.check(forged).problems, "the forged copy must not validate"
    with lock.unlocked():
        ProtocolDocument.objects.filter(pk=document.pk).update(
            pdf=forged,
            size=len(forged),
            sha256=hashlib.sha256(forged).hexdigest(),
            sha512=hashlib.sha512(forged).hexdigest(),
        )
    assert trusted == settings.SIGNING_TRUSTED_CERTS
    with pytest.raises(CommandError) as error:
        _verify()
    assert "einem Schlüssel erstellt, dem diese Installation nicht vertraut" in str(error.value)
    assert "was replaced" in str(error.value)  # and the hash chain noticed too


def test_after_a_key_rotation_old_documents_stay_valid(settings, tmp_path, letters):
    """The old certificate stays trusted; each document is judged at its freeze time.

    Sealing certificates are issued by a CA (the trust anchor itself is never checked for
    expiry, so the test needs one): the old one has expired by now, the new one is current.
    """
    city_ca = issue("Stadt Ludwigsburg CA", not_before=NOW - datetime.timedelta(days=1000))
    old = issue(
        "Siegel 2023",
        issuer=city_ca,
        not_before=NOW - datetime.timedelta(days=400),
        not_after=NOW - datetime.timedelta(days=10),
    )
    new = issue("Siegel 2025", issuer=city_ca)
    stranger = issue("Siegel 2025")  # same name, another key, not issued by the city's CA
    settings.SIGNING_CERT_PASSPHRASE = PASSPHRASE
    settings.SIGNING_TRUSTED_CERTS = [str(city_ca.pem(tmp_path / "ca.pem"))]
    pdf = _draft_pdf(letters)
    sealed = {}
    for name, issued in (("old", old), ("new", new), ("stranger", stranger)):
        settings.SIGNING_CERT_P12 = str(issued.p12(tmp_path / f"{name}.p12", PASSPHRASE.encode()))
        sealed[name] = seal.sign(pdf)
    frozen_back_then = NOW - datetime.timedelta(days=200)

    assert seal.check(sealed["old"], moment=frozen_back_then).valid
    assert not seal.check(sealed["old"]).valid  # judged today, the old certificate has expired
    assert seal.check(sealed["new"]).valid
    stranger_check = seal.check(sealed["stranger"])
    assert not stranger_check.valid
    assert (
        "Die Signatur wurde mit einem Schlüssel erstellt, dem diese Installation nicht vertraut."
        in stranger_check.problems
    )


def test_verify_minutes_judges_each_document_at_its_freeze_time(sealing_key, draft_demo, django_user_model):
    meeting = _sign_demo(draft_demo, django_user_model)
    document = ProtocolDocument.objects.get(meeting=meeting, variant="public")
    assert seal.check(bytes(document.pdf), moment=document.created).valid


def test_a_wrong_passphrase_is_reported_at_start_and_signing_refuses_cleanly(
    sealing_key, settings, draft_demo, django_user_model
):
    assert not [m for m in run_checks() if m.id.startswith("minutes.")]
    settings.SIGNING_CERT_PASSPHRASE = "falsch"
    [message] = [m for m in run_checks() if m.id.startswith("minutes.")]
    assert message.id == "minutes.E001" and "falsche Passphrase" in message.msg
    # Signing does not crash with pyHanko's AttributeError: the chair is told, nothing is signed.
    with pytest.raises(WorkflowError, match="nicht elektronisch gesiegelt werden") as error:
        _sign_demo(draft_demo, django_user_model)
    assert "falsche Passphrase" in str(error.value.message)
    meeting = Meeting.objects.get(pk=draft_demo.pk)
    assert meeting.status == Meeting.Status.SUBMITTED
    assert meeting.signatures.count() == 1  # the chair's; the last one was rolled back
    assert not ProtocolDocument.objects.filter(meeting=meeting).exists()


def test_unreadable_key_and_certificates_are_reported_at_start(settings, tmp_path):
    settings.SIGNING_CERT_P12 = str(tmp_path / "missing.p12")
    (tmp_path / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nnonsense\n-----END CERTIFICATE-----\n")
    settings.SIGNING_TRUSTED_CERTS = [str(tmp_path / "broken.pem")]
    ids = sorted(m.id for m in run_checks() if m.id.startswith("minutes."))
    assert ids == ["minutes.E001", "minutes.E002"]


def test_a_signing_certificate_missing_from_the_trusted_list_is_warned_about(sealing_key, settings, tmp_path):
    settings.SIGNING_TRUSTED_CERTS = [str(issue("Jemand anderes").pem(tmp_path / "other.pem"))]
    assert [m.id for m in run_checks() if m.id.startswith("minutes.")] == ["minutes.W001"]


def test_with_a_timestamp_authority_signatures_carry_an_rfc3161_timestamp(
    sealing_key, timestamp_authority, draft_demo, django_user_model
):
    meeting = _sign_demo(draft_demo, django_user_model)
    # pyHanko asks once to size the signature, once to sign it: for each of the two stored parts.
    assert timestamp_authority and set(timestamp_authority) == {"application/timestamp-query"}
    for document in ProtocolDocument.objects.filter(meeting=meeting):
        check = seal.check(bytes(document.pdf), moment=document.created)
        assert check.valid, check.problems
        [moment] = check.timestamps
        assert abs(moment - document.created) < datetime.timedelta(minutes=5)
    assert "alle unverändert" in _verify()


def test_a_timestamp_from_an_untrusted_authority_is_reported(sealing_key, timestamp_authority, settings, letters):
    pdf = seal.sign(_draft_pdf(letters))
    settings.SIGNING_TRUSTED_CERTS = settings.SIGNING_TRUSTED_CERTS[:1]  # the seal, not the TSA
    check = seal.check(pdf)
    assert check.timestamps and "Dem Zeitstempeldienst wird nicht vertraut." in check.problems


def test_an_unreachable_timestamp_authority_refuses_signing_cleanly(
    sealing_key, settings, draft_demo, django_user_model
):
    import socket

    with socket.socket() as unused:  # a port on this machine where nothing listens
        unused.bind(("127.0.0.1", 0))
        settings.SIGNING_TSA_URL = f"http://127.0.0.1:{unused.getsockname()[1]}/"
    with pytest.raises(WorkflowError, match="Zeitstempeldienst") as error:
        _sign_demo(draft_demo, django_user_model)
    assert "nicht elektronisch gesiegelt werden" in str(error.value.message)
    assert not ProtocolDocument.objects.filter(meeting=draft_demo).exists()
    assert Meeting.objects.get(pk=draft_demo.pk).status == Meeting.Status.SUBMITTED
