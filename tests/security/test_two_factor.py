"""Two factors for those who sign: an authenticator app (TOTP) and recovery codes (django-otp),
asked for with every signature where the body's setting says so."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from minutes.approval import services
from minutes.exceptions import WorkflowError
from minutes.models import ProtocolEvent
from tests.conftest import PASSWORD, line_of


@pytest.fixture
def two_factor_body(submitted):
    body = submitted.body
    body.signers_need_second_factor = True
    body.save()
    return submitted


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, user) -> list[str]:
    """Set up the app through the pages, as the signer does; returns the recovery codes shown."""
    client.force_login(user)
    html = client.get(reverse("minutes:two_factor_setup")).content.decode()
    assert "<svg" in html  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(reverse("minutes:two_factor_setup"), {"code": code})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    # The app's code just used cannot be used again: the next signature waits for the next one.
    TOTPDevice.objects.filter(user=user).update(last_t=int(time.time()) // 30 - 2)
    return codes


def sign_url(meeting, line):
    return reverse("minutes:approval_sign", args=[meeting.pk, line.pk])


def post_signature(client, meeting, line, password=PASSWORD, code=None):
    data = {f"line{line.pk}-line": line.pk, f"line{line.pk}-password": password}
    if code is not None:
        data[f"line{line.pk}-code"] = code
    return client.post(sign_url(meeting, line), data)


def test_without_the_app_a_signer_is_sent_to_set_it_up(client, two_factor_body, chair):
    client.force_login(chair)
    html = client.get(reverse("minutes:approval_review", args=[two_factor_body.pk])).content.decode()
    assert "Zwei-Faktor-Authentifizierung einrichten" in html
    assert 'name="line' not in html  # no signing form yet
    with pytest.raises(WorkflowError):
        services.sign(two_factor_body, by=chair, line=line_of(two_factor_body, chair), password=PASSWORD)


@pytest.fixture
def no_throttling(settings):
    """django-otp slows down a device after a wrong code (1 s, 2 s, 4 s …): not what is tested here."""
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_signing_asks_for_password_and_code(client, two_factor_body, chair, no_throttling):
    enrol(client, chair)
    line = line_of(two_factor_body, chair)
    html = client.get(reverse("minutes:approval_review", args=[two_factor_body.pk])).content.decode()
    assert f'name="line{line.pk}-code"' in html

    response = post_signature(client, two_factor_body, line, code="000000")
    assert response.status_code == 403
    assert "Der Code ist nicht richtig" in response.content.decode()
    assert two_factor_body.events.filter(action=ProtocolEvent.Action.SIGNING_FAILED).count() == 1
    assert not two_factor_body.signatures.exists()

    response = post_signature(client, two_factor_body, line, code=current_code(chair))
    assert response.status_code == 302
    assert two_factor_body.signatures.get().signer == chair


def test_a_recovery_code_signs_once(client, two_factor_body, chair):
    codes = enrol(client, chair)
    line = line_of(two_factor_body, chair)
    assert post_signature(client, two_factor_body, line, code=codes[0]).status_code == 302
    assert "9 Wiederherstellungscodes" in client.get(reverse("minutes:two_factor")).content.decode()


def test_a_wrong_code_slows_down_the_next_try(client, two_factor_body, chair):
    enrol(client, chair)
    assert not services.credentials.code_matches(chair, "000000")
    assert not services.credentials.code_matches(chair, current_code(chair))  # too soon after the wrong one


def test_a_used_recovery_code_does_not_sign_again(client, two_factor_body, chair):
    codes = enrol(client, chair)
    assert services.credentials.code_matches(chair, codes[1])
    assert not services.credentials.code_matches(chair, codes[1])


def test_the_password_alone_does_not_sign(two_factor_body, chair, client):
    enrol(client, chair)
    with pytest.raises(WorkflowError):
        services.sign(two_factor_body, by=chair, line=line_of(two_factor_body, chair), password=PASSWORD)


def test_removing_the_app_needs_password_and_code(client, draft_demo, chair, no_throttling):
    codes = enrol(client, chair)
    url = reverse("minutes:two_factor_remove")
    response = client.post(url, {"remove-password": PASSWORD, "remove-code": "000000"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=chair).exists()
    response = client.post(url, {"remove-password": PASSWORD, "remove-code": codes[0]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=chair).exists()


def test_demo_logins_sign_without_a_second_factor(submitted):
    assert not submitted.body.signers_need_second_factor
