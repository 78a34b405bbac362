"""The email a login gets with its link to set the password (sent by tasks.py)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from council.models import Body
from minutes.roster.selectors import password_link_days


def password_link(user) -> str:
    """A one-time link to set the password (Django's password-reset token: it expires after
    PASSWORD_RESET_TIMEOUT and with the first password set)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def send_password_link(user, *, body: Body, by, new: bool) -> None:
    """In German: who created the login (or sent a new link) for which body, and the link."""
    with translation.override("de"):
        context = {
            "user": user,
            "body": body,
            "by": by.get_full_name() or by.get_username(),
            "link": password_link(user),
            "days": password_link_days(),
            "new": new,
        }
        subject = _("Your login for Ratsprotokoll") if new else _("Set your password for Ratsprotokoll")
        body_text = render_to_string("minutes/roster/password_link_email.txt", context)
    send_mail(str(subject), body_text, None, [user.email])
