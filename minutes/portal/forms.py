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
