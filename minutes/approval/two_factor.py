"""The signer's own pages for the second factor: set up an authenticator app (QR code),
recovery codes, remove it. Bodies that sign with two factors (Body.signers_need_second_factor)
ask for a code of it, or a recovery code, with every signature."""

import textwrap
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minutes.approval import credentials
from minutes.approval.forms import ConfirmForm, SetupForm


def _confirmed(request, form: ConfirmForm) -> bool:
    """Password (and code) of the logged-in user, counted like a login (credentials.check)."""
    if not form.is_valid():
        return False
    refusal = credentials.check(
        request.user,
        password=form.cleaned_data["password"],
        code=form.cleaned_data.get("code", ""),
        need_code=form.need_code,
        request=request,
    )
    if refusal:
        form.add_error(None, refusal.message)
        return False
    return True


def _status_page(request, *, status=200, codes_form=None, remove_form=None):
    enrolled = credentials.has_second_factor(request.user)
    context = {
        "enrolled": enrolled,
        "codes_left": credentials.recovery_codes_left(request.user) if enrolled else 0,
        "codes_form": codes_form or ConfirmForm(prefix="codes"),
        "remove_form": remove_form or ConfirmForm(prefix="remove", need_code=True),
    }
    return render(request, "minutes/approval/two_factor.html", context, status=status)


@login_required
def status(request):
    return _status_page(request)


@login_required
def setup(request):
    """Scan the QR code (or type the key) into an authenticator app, then confirm with its code."""
    if credentials.has_second_factor(request.user):
        messages.info(request, _("Your authenticator app is set up already. Remove it first to set up another."))
        return redirect("minutes:two_factor")
    device = credentials.pending_device(request.user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = credentials.confirm_device(request.user, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "minutes/approval/two_factor_codes.html", {"codes": codes, "new_app": True})
        form.add_error("code", _("The code does not match. Check the time on your phone and try the next code."))
    qr_code = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        # An inline SVG of our own making: no script, no external image (and no CSP exception).
        "qr_svg": mark_safe(qr_code.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code for the app"))),
        "secret": " ".join(textwrap.wrap(b32encode(device.bin_key).decode(), 4)),  # to type in instead
    }
    return render(request, "minutes/approval/two_factor_setup.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def recovery_codes(request):
    """New recovery codes (the old ones stop working), after the password."""
    form = ConfirmForm(request.POST, prefix="codes")
    if not credentials.has_second_factor(request.user) or not _confirmed(request, form):
        return _status_page(request, status=403, codes_form=form)
    codes = credentials.new_recovery_codes(request.user)
    return render(request, "minutes/approval/two_factor_codes.html", {"codes": codes})


@require_POST
@login_required
def remove(request):
    """Remove the app and the recovery codes, after the password and a code."""
    form = ConfirmForm(request.POST, prefix="remove", need_code=True)
    if not credentials.has_second_factor(request.user) or not _confirmed(request, form):
        return _status_page(request, status=403, remove_form=form)
    credentials.remove_second_factor(request.user)
    messages.success(request, _("Two-factor authentication is removed."))
    return redirect("minutes:two_factor")
