"""Forms of the approval workflow: submit, request changes, sign, correct."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Note to the signers (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestChangesForm(forms.Form):
    """A general comment and one optional comment per agenda item."""

    comment = forms.CharField(label=_("What should change?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=_("Comment on item %(number)s “%(title)s”") % {"number": item.number, "title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def item_comments(self) -> dict[int, str]:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_") and value
        }


class SignForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    password = forms.CharField(
        label=_("Confirm with your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}))
