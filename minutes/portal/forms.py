"""Forms of the portal: filtering the protocol list and searching."""

from django import forms
from django.utils.translation import gettext_lazy as _

from council.models import Body, Person
from minutes import access


class MeetingFilterForm(forms.Form):
    body = forms.ModelChoiceField(Body.objects.none(), required=False, label=_("Body"), empty_label=_("All bodies"))
    year = forms.IntegerField(required=False, label=_("Year"), min_value=1900, max_value=2200)

    def __init__(self, data, *, user):
        super().__init__(data)
        # Offer only bodies with something the reader may see.
        self.fields["body"].queryset = Body.objects.filter(pk__in=access.visible_meetings(user).values("body"))


class SearchForm(MeetingFilterForm):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    field_order = ["q", "body", "year", "person"]
    # Set from a person's page ("search in their contributions"), shown as a removable filter.
    person = forms.ModelChoiceField(Person.objects.all(), required=False, widget=forms.HiddenInput)


class RecordCheckForm(forms.Form):
    """The public check of a PDF someone was sent; the file is read in memory and not kept."""

    file = forms.FileField(
        label=_("PDF file"), help_text=_("The protocol as you received it, e.g. as an email attachment.")
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(too_large_message(self.max_bytes))
        content = upload.read()
        if not content.startswith(b"%PDF-"):
            raise forms.ValidationError(
                _("This is not a PDF file. Please choose the protocol's PDF file (ending in .pdf).")
            )
        return content


def too_large_message(max_bytes: int) -> str:
    return _("The file is larger than %(size)s MB. A protocol of this installation is much smaller.") % {
        "size": max_bytes // (1024 * 1024)
    }
