"""The workspace's button to import one body's meetings, papers and people from the city's
council information system (its OParl endpoint), for that body's secretariat."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.models import Body
from minutes import access

from .importer import ImportFailed, import_oparl


class ImportForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("OParl address"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("The OParl system or body of the council information system, e.g. …/oparl/v1.1/."),
    )
    meetings_from = forms.DateField(
        label=gettext_lazy("meetings from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: from today, i.e. the upcoming meetings."),
    )


@login_required
def oparl_import(request, body_pk):
    """GET: the form; POST: the import for this body, with its summary (or why it failed)."""
    body = get_object_or_404(Body, pk=body_pk)
    if not access.may_start_meeting(request.user, body):
        raise PermissionDenied(_("Only the secretariat of this body may import its meetings."))
    form = ImportForm(request.POST or None)
    summary = error = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                summary = import_oparl(
                    form.cleaned_data["url"],
                    by=request.user,
                    meetings_from=form.cleaned_data["meetings_from"],
                    body=body,
                )
            except ImportFailed as failure:
                error, status = failure.message, 502
        else:
            status = 400
    context = {"body": body, "form": form, "summary": summary, "error": error}
    return render(request, "minutes/oparl/import.html", context, status=status)
