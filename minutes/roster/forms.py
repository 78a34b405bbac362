"""Forms of the roster pages: the CSV import with its preview, a login for a person."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minutes.exceptions import RosterError
from minutes.roster import services


class RosterImportForm(forms.Form):
    """A CSV file, or its text: after the preview the text is in the form, to be corrected
    and checked again, or imported as it is."""

    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("Saved from Excel or LibreOffice as CSV (“;” or “,” between the columns)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )
    text = forms.CharField(
        label=_("… or the table as text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "font-monospace"}),
        help_text=_("One line per person; the first line names the columns. You can correct it here."),
    )
    end_missing = forms.BooleanField(
        label=_("End the memberships of people who are no longer in the file"),
        required=False,
        help_text=_("They end yesterday; their earlier protocols stay as they are. Off: they stay on the roster."),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                upload.seek(0)
                cleaned["text"] = services.decode(upload.read(services.MAX_BYTES + 1))
            except RosterError as error:
                self.add_error("file", error.message)
        if not (cleaned.get("text") or "").strip() and not self.errors:
            self.add_error("file", _("Choose a CSV file or paste the table."))
        return cleaned


class LoginForm(forms.Form):
    username = forms.CharField(label=_("login name"), max_length=150)
    email = forms.EmailField(
        label=_("email"), help_text=_("The link to set the password goes there. Only the person should read it.")
    )
    secretariat = forms.BooleanField(
        label=_("Also secretariat of this body"),
        required=False,
        help_text=_("Drafts the body's protocols and keeps its roster, like you."),
    )
