"""Forms of the portal: filtering the protocol list, searching, choosing a calendar — and the
page number of a list. Whatever arrives in a query string is checked here: a value that is
not what the parameter holds answers 400 (a filter) or 404 (a page, a body's calendar),
never an error of the server.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from council.models import Body, Person
from minutes import access
from minutes.portal.selectors import people_in_protocols


def is_number(value) -> bool:
    """ASCII digits only: Python's int() also reads “١٢” or “²”, which no link of ours contains."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= 18  # within PostgreSQL's bigint


class NumberField(forms.IntegerField):
    def to_python(self, value):
        if value not in self.empty_values and not is_number(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IdChoiceField(forms.ModelChoiceField):
    """A choice of a row by its id, which must be a plain number."""

    def to_python(self, value):
        if value not in self.empty_values and not is_number(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def page_of(paginator: Paginator, number: str | None) -> Page:
    """The page a query parameter asks for (the first if none): 404 unless it exists."""
    if number in (None, ""):
        number = "1"
    if not is_number(number):
        raise Http404(_("There is no such page."))
    try:
        return paginator.page(int(number))
    except InvalidPage:
        raise Http404(_("There is no such page.")) from None


class MeetingFilterForm(forms.Form):
    body = IdChoiceField(Body.objects.none(), required=False, label=_("Body"), empty_label=_("All bodies"))
    year = NumberField(required=False, label=_("Year"), min_value=1900, max_value=2200)

    def __init__(self, data, *, user):
        super().__init__(data)
        # Offer only bodies with something the reader may see.
        self.fields["body"].queryset = Body.objects.filter(pk__in=access.visible_meetings(user).values("body"))


class SearchForm(MeetingFilterForm):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    field_order = ["q", "body", "year", "person"]
    # Set from a person's page ("search in their contributions"), shown as a removable filter:
    # only people a protocol the reader may see names, so the filter cannot reveal anyone else.
    person = IdChoiceField(Person.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, user):
        super().__init__(data, user=user)
        self.fields["person"].queryset = people_in_protocols(user)


class CalendarForm(forms.Form):
    """``?body=<id>``: the calendar of one body."""

    body = IdChoiceField(Body.objects.all(), required=False)


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
