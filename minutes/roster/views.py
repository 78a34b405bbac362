"""The roster of a body in the workspace: who belongs to it, a CSV import, logins.

Thin views: who may (the body's secretariat and superusers; minutes.access), a form, a
service (services.py). Nothing is written before the import's preview was shown.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.models import Body, Person
from minutes import access
from minutes.exceptions import RosterError
from minutes.roster import selectors, services
from minutes.roster.forms import LoginForm, RosterImportForm


def _body(request, body_pk) -> Body:
    body = get_object_or_404(Body, pk=body_pk)
    if not access.is_secretariat(request.user, body):
        raise PermissionDenied(_("Only the secretariat of this body may see and change its roster."))
    return body


@login_required
def roster(request, body_pk):
    body = _body(request, body_pk)
    rows = selectors.roster_rows(body)
    for row in rows:
        row.login_refusal = services.login_refusal(request.user, body, row.person)
    return render(request, "minutes/roster/roster.html", {"body": body, "rows": rows})


@login_required
def roster_import(request, body_pk):
    """GET: the form. POST “preview”: what an import would do, row by row (nothing written).
    POST “import”: the import, then back to the roster."""
    body = _body(request, body_pk)
    preview = None
    if request.method != "POST":
        form = RosterImportForm()
    else:
        form = RosterImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["text"]
            try:
                if "import" in request.POST:
                    result = services.import_roster(
                        body, text, by=request.user, end_missing=form.cleaned_data["end_missing"]
                    )
                    messages.success(request, _import_message(result))
                    return redirect("minutes:roster", body.pk)
                preview = services.preview_roster(body, text, by=request.user)
            except RosterError as error:
                form.add_error(error.field if error.field in form.fields else "text", error.message)
                preview = _preview_or_none(body, text, request.user)
            # The text the preview is about (also of an uploaded file) stays in the form, to be corrected.
            form.data = form.data.copy()
            form.data["text"] = text
    status = 400 if form.errors or (preview and preview.has_errors) else 200
    context = {"body": body, "form": form, "preview": preview, "columns": services.COLUMNS}
    return render(request, "minutes/roster/import.html", context, status=status)


def _import_message(result: services.ImportResult) -> str:
    return _("Roster imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(ended)s ended.") % {
        "new": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "ended": result.ended,
    }


def _preview_or_none(body, text, user):
    """The preview that explains why an import was refused, where the text can be read at all."""
    try:
        return services.preview_roster(body, text, by=user)
    except RosterError:
        return None


def _person(body: Body, person_pk) -> Person:
    return get_object_or_404(Person.objects.filter(memberships__body=body).distinct(), pk=person_pk)


@login_required
def login_create(request, body_pk, person_pk):
    body = _body(request, body_pk)
    person = _person(body, person_pk)
    refusal = services.login_refusal(request.user, body, person)
    if refusal:
        raise PermissionDenied(refusal)
    if person.user_id:
        messages.info(request, _("%(name)s already has a login.") % {"name": person.addressed_name})
        return redirect("minutes:roster", body.pk)
    if request.method == "POST":
        form = LoginForm(request.POST)
        if form.is_valid():
            try:
                user = services.create_login(body, person, by=request.user, **form.cleaned_data)
            except RosterError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Login “%(username)s” created for %(name)s. A link to set the password has been sent to "
                        "%(email)s; it is valid for %(days)s days."
                    )
                    % {
                        "username": user.get_username(),
                        "name": person.addressed_name,
                        "email": user.email,
                        "days": selectors.password_link_days(),
                    },
                )
                return redirect("minutes:roster", body.pk)
    else:
        form = LoginForm(initial={"username": services.suggested_username(person), "email": person.email})
    context = {"body": body, "person": person, "form": form}
    return render(request, "minutes/roster/login.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def password_link(request, body_pk, person_pk):
    body = _body(request, body_pk)
    person = _person(body, person_pk)
    try:
        services.renew_password_link(body, person, by=request.user)
    except RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("A new link to set the password has been sent to %(email)s.") % {"email": person.user.email},
        )
    return redirect("minutes:roster", body.pk)
