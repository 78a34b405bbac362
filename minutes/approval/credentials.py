"""Confirming that whoever signs is who they say: their password and, where the body asks
for it, a one-time code — under the same brute-force limit as the login (django-axes).

A wrong password or code at the signature counts against the login like a wrong password
at the login form: after AXES_FAILURE_LIMIT of them, together, the login is locked (login and
signing alike) until the cool-off ends or an administrator unlocks it. Callers without a
request (the demo loader, tests, commands) check the password only: nobody guesses there.
"""

from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass
class Refusal:
    """Why a signature was not given: ``message`` for the signer, ``record`` (German, the
    language of the record) for the protocol's timeline."""

    message: str
    record: str


def has_second_factor(user) -> bool:
    """Whether the user has set up an authenticator app (a confirmed TOTP device)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def code_matches(user, code: str) -> bool:
    """Whether ``code`` is the authenticator app's current code or one of the unused recovery
    codes (which it then uses up). Both kinds of device throttle repeated failures themselves."""
    code = "".join((code or "").split()).lower()
    if not code:
        return False
    # The app's codes are digits, recovery codes letters and digits: each is tried only where it
    # could match, so that one kind's failures do not slow down the other (throttling).
    model = TOTPDevice if code.isascii() and code.isdigit() else StaticDevice
    return any(device.verify_token(code) for device in model.objects.filter(user=user, confirmed=True))


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def is_locked(user, request) -> bool:
    return request is not None and not AxesProxyHandler.is_allowed(request, _credentials(user))


def _refusal(message, record) -> Refusal:
    with translation.override("de"):
        return Refusal(message, str(record))


def check(user, *, password: str, code: str, need_code: bool, request=None) -> Refusal | None:
    """None if the password (and, if ``need_code``, the code) confirm the user; else why not.

    Each failure is counted against the login (axes, through Django's ``user_login_failed``).
    """
    locked = _("Too many wrong passwords or codes: signing and logging in with this login are locked for now.")
    if is_locked(user, request):
        return _refusal(locked, _("Refused: the login is locked after too many failed attempts."))
    if not password or not user.check_password(password):
        refusal = _refusal(_("The password is not correct. Nothing was signed."), _("Refused: wrong password."))
    elif need_code and not code_matches(user, code):
        refusal = _refusal(
            _("The code is not correct (or was used already). Nothing was signed."), _("Refused: wrong code.")
        )
    else:
        return None
    if request is not None:
        user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
        if getattr(request, "axes_locked_out", False):
            refusal = _refusal(locked, _("Refused: wrong password or code; the login is now locked."))
    return refusal


# ------------------------------------------------------------------ setting up the second factor

RECOVERY_CODES = 10


def pending_device(user) -> TOTPDevice:
    """The authenticator app being set up: a new secret until a code from the app confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)


@transaction.atomic
def confirm_device(user, code: str) -> list[str] | None:
    """Confirm the pending app with a code it shows; returns new recovery codes (shown once),
    or None if the code does not match. Any earlier app and codes are replaced."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None or not device.verify_token("".join((code or "").split())):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes by RECOVERY_CODES new ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_second_factor(user) -> None:
    """Remove the user's authenticator app and recovery codes (e.g. a lost phone: an
    administrator does the same in the admin, under “TOTP devices” and “Static devices”)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
