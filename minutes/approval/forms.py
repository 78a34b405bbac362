"""Forms of the approval workflow: submit, request changes, sign, correct.

Every text has its limit here and again in the services (``COMMENT_LIMIT``): an over-long
text comes back whole with a message, nothing is stored.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from minutes.approval.services import COMMENT_LIMIT

# Passwords are hashed on every check: a megabyte of them would cost the server, not the guesser.
PASSWORD_LIMIT = 4096


def _comment_field(label, *, required=False, rows=2) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=COMMENT_LIMIT, widget=forms.Textarea(attrs={"rows": rows})
    )


def _without_maxlength(form: forms.Form) -> None:
    # A browser cuts a pasted text at the textarea's maxlength without a word; the server
    # checks the length instead and gives the whole text back with a message.
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


class SubmitForm(forms.Form):
    comment = _comment_field(_("Note to the signers (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_maxlength(self)


class RequestChangesForm(forms.Form):
    """A general comment and one optional comment per agenda item."""

    comment = _comment_field(_("What should change?"), rows=3)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = _comment_field(
                _("Comment on item %(number)s “%(title)s”") % {"number": item.number, "title": item.title}
            )
        _without_maxlength(self)

    def item_comments(self) -> dict[int, str]:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_") and value
        }


class SignForm(forms.Form):
    """The signer's password; with ``need_code`` (the body signs with two factors) also the
    code of their authenticator app, or one of their recovery codes."""

    line = forms.IntegerField(widget=forms.HiddenInput)
    password = forms.CharField(
        label=_("Confirm with your password"),
        strip=False,
        max_length=PASSWORD_LIMIT,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, need_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if need_code:
            self.fields["code"] = forms.CharField(
                label=_("Code from your authenticator app (or a recovery code)"),
                max_length=32,
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
            )


class CorrectionForm(forms.Form):
    reason = _comment_field(_("Reason for the correction"), required=True, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_maxlength(self)


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ConfirmForm(SignForm):
    """The password (and with ``need_code`` a code) before changing the second factor."""

    def __init__(self, *args, need_code: bool = False, **kwargs):
        super().__init__(*args, need_code=need_code, **kwargs)
        del self.fields["line"]
        self.fields["password"].label = _("Your password")
        self.need_code = need_code
