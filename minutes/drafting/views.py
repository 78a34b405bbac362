"""The drafting workspace: the secretariat writes a protocol in the browser.

Thin function-based views: check access (minutes.access), validate with a form
(forms.py), change through the drafting services (services.py), render or redirect. Every form
works without JavaScript; a failed save re-renders the page with what was typed.
"""

import copy
import hashlib
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import CharField
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from council.models import Body, Person
from council.names import PrintedNames
from minutes import access, history, presence
from minutes.drafting import agenda_text, papers, selectors, services, speakers
from minutes.drafting.forms import (
    AgendaItemForm,
    AgendaPasteForm,
    AttachmentForm,
    AttendanceForm,
    ConsultationForm,
    ContributionForm,
    DecisionForm,
    DeputyForm,
    FigureForm,
    GuestForm,
    LiveTimeForm,
    MeetingForm,
    MinuteTakerForm,
    NamedVoteForm,
    NewAttachmentForm,
    NewFigureForm,
    NewMinuteTakerForm,
    NewPaperForm,
    PaperForm,
    PresenterForm,
    SignatureLineForm,
    SpeakerRequestForm,
    StartMeetingForm,
    StatusForm,
    add_drafting_error,
)
from minutes.exceptions import DraftingError, EditConflict, ProtocolLocked
from minutes.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Consultation,
    Contribution,
    ContributionDraft,
    Decision,
    Deputation,
    Figure,
    Meeting,
    MinuteTaker,
    Paper,
    Presenter,
    SignatureLine,
    SpeakerRequest,
)


def drafting_view(view):
    """Login required; a protocol that left the draft state answers with an explanation.

    A refused post — the protocol was submitted meanwhile (also between the page's check and
    the service's, under its lock), or the user may not draft it — gives back what was typed,
    with the reason: 409 when the protocol's state forbids it, 403 when the person may not.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ProtocolLocked as locked:
            return _refused(request, locked.message, status=409 if request.method == "POST" else 403)
        except PermissionDenied as denied:
            if request.method != "POST":
                raise
            return _refused(request, str(denied) or _("You may not change this protocol."), status=403)

    return wrapper


# What a refused post gives back: every text field of the workspace's forms, by its label.
TEXT_FORMS = (
    MeetingForm,
    AgendaItemForm,
    AttendanceForm,
    GuestForm,
    PresenterForm,
    ContributionForm,
    DecisionForm,
    SpeakerRequestForm,
)


def _typed_text(data) -> list[tuple[str, str]]:
    """(label, text) of each text a user typed into a posted workspace form."""
    labels = {}
    for form_class in TEXT_FORMS:
        for name, field in form_class.base_fields.items():
            if type(field) is CharField and not field.widget.is_hidden:
                labels.setdefault(name, str(field.label or name))
    typed = []
    for key, value in data.items():
        name = key.rsplit("-", 1)[-1]  # without a form's prefix (“a12-affiliation”)
        if name in labels and value.strip():
            typed.append((labels[name], value))
    return typed


def _refused(request, message, *, status: int):
    context = {"message": message, "typed": _typed_text(request.POST) if request.method == "POST" else []}
    return render(request, "minutes/drafting/locked.html", context, status=status)


def _draft(request, meeting_pk: int) -> Meeting:
    """The meeting, if the user drafts it: 404 if they may not even see it, 403 otherwise."""
    meeting = get_object_or_404(access.visible_meetings(request.user), pk=meeting_pk)
    if not access.may_draft(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat of this body may draft its protocols."))
    access.ensure_editable(meeting)
    return meeting


def _draft_of(request, model, pk):
    """An object of a draft (row, item, contribution …) and its meeting, with the same checks."""
    obj = get_object_or_404(model, pk=pk)
    return obj, _draft(request, next(iter(model.meeting_ids_of([obj]))))


def _edit_with_revision(request, obj, *, form_class, save, page, done: str, saved: str, form_kwargs=None, preview=None):
    """The one shape of an edit in the workspace (meeting facts, item, contribution, decision).

    GET shows ``form_class`` for ``obj`` with the revision it is at (hidden). POST validates,
    calls the service ``save(obj, by=…, revision=…, **form.changes())`` and on success says
    ``saved`` and goes to ``done``. A rule the service refuses comes back next to its field
    (400). If someone saved ``obj`` since the form was opened (EditConflict), the page comes
    back with status 409: the stored version — the fields in which it differs from what was
    typed — above the form, which still holds the typed text and now the stored revision,
    so that saving again is a conscious overwrite. ``preview(form)``, if given, answers a
    POST with “preview” without saving. ``page(form, current, *, status=200, **context)``
    renders the page for the row as stored (``current``).
    """
    form_kwargs = form_kwargs or {}
    if request.method != "POST":
        return page(form_class(instance=obj, **form_kwargs), obj)
    # A copy: validating writes the typed values into the form's instance, and the page
    # shows the row as stored.
    form = form_class(request.POST, instance=copy.copy(obj), **form_kwargs)
    if form.is_valid():
        if preview is not None and "preview" in request.POST:
            return page(form, obj, preview=preview(form))
        try:
            save(obj, by=request.user, revision=form.cleaned_data["revision"], **form.changes())
        except EditConflict as conflict:
            data = request.POST.copy()
            data["revision"] = conflict.current.revision
            form = form_class(data, instance=copy.copy(conflict.current), **form_kwargs)
            form.is_valid()  # the typed text's own problems still show
            theirs = _differences(form, form_class(instance=conflict.current, **form_kwargs), conflict.current)
            return page(form, conflict.current, conflict=conflict, theirs=theirs, status=409)
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, saved)
            return redirect(done)
    return page(form, obj, status=400)


def _differences(typed, stored, current) -> list[tuple[str, str]]:
    """(label, stored value) of each visible field in which the stored row differs from the typed form."""
    model_fields = {field.name for field in current._meta.concrete_fields}
    rows = []
    for name, field in typed.fields.items():
        if field.widget.is_hidden or not field.has_changed(stored[name].value(), typed[name].data):
            continue
        shown = history.field_display(current, name) if name in model_fields else stored[name].value() or "–"
        rows.append((str(field.label), str(shown)))
    return rows


def _confirm_delete(request, obj, meeting, *, delete, back: str, done: str, deleted: str):
    """The one shape of a delete in the workspace: GET asks first (the object, Delete, Cancel
    back to ``back``); POST deletes through the service ``delete(obj, by=…)``, says
    ``deleted`` and goes to ``done``."""
    if request.method == "POST":
        delete(obj, by=request.user)
        messages.success(request, deleted)
        return redirect(done)
    return render(request, "minutes/drafting/confirm_delete.html", {"meeting": meeting, "object": obj, "back": back})


# --- Overview and starting a meeting ------------------------------------------------------


@login_required
def workspace_home(request):
    bodies = list(access.drafting_bodies(request.user))
    if not bodies:
        raise PermissionDenied(_("The drafting workspace is for the secretariat of a body."))
    drafts, submitted = selectors.drafts_and_submitted(bodies)
    context = {
        "bodies": bodies,
        "drafts": drafts,
        "submitted": submitted,
        "to_publish": selectors.signed_to_publish(bodies),
    }
    return render(request, "minutes/drafting/home.html", context)


@login_required
def meeting_start(request, body_pk):
    body = get_object_or_404(Body, pk=body_pk)
    if not access.may_start_meeting(request.user, body):
        raise PermissionDenied(_("Only the secretariat of this body may start its meetings."))
    if request.method == "POST":
        form = StartMeetingForm(request.POST, body=body)
        if form.is_valid():
            facts = {name: value for name, value in form.cleaned_data.items() if name not in {"number", "date"}}
            try:
                meeting = services.start_meeting(
                    body, by=request.user, number=form.cleaned_data["number"], date=form.cleaned_data["date"], **facts
                )
            except DraftingError as error:
                add_drafting_error(form, error)
            else:
                if body.initial_attendance == Body.InitialAttendance.UNRECORDED:
                    started = _("The meeting has been started. Mark who is present, excused or absent.")
                else:
                    started = _("The meeting has been started. Everyone on the roster is marked present.")
                messages.success(request, started)
                return redirect("minutes:workspace_attendance", meeting.pk)
    else:
        form = StartMeetingForm(initial=services.meeting_defaults(body), body=body)
    return render(request, "minutes/drafting/start.html", {"form": form, "body": body})


def _meeting_page(request, meeting, form=None, *, signature_form=None, status=200, **context):
    """The meeting's facts and its signature lines."""
    context = {
        "meeting": meeting,
        "form": form or MeetingForm(instance=meeting),
        "tab": "meeting",
        "signature_lines": meeting.signature_lines.select_related("person"),
        "signature_form": signature_form or SignatureLineForm(meeting=meeting, user=request.user),
        **context,
    }
    return render(request, "minutes/drafting/meeting.html", context, status=status)


@drafting_view
def meeting_edit(request, pk):
    meeting = _draft(request, pk)

    def page(form, current, *, status=200, **context):
        return _meeting_page(request, current, form, status=status, **context)

    return _edit_with_revision(
        request,
        meeting,
        form_class=MeetingForm,
        save=services.save_meeting,
        page=page,
        done=reverse("minutes:workspace_meeting", args=[meeting.pk]),
        saved=_("Saved."),
    )


# --- Signature lines -----------------------------------------------------------------------


@require_POST
@drafting_view
def signature_line_add(request, pk):
    meeting = _draft(request, pk)
    form = SignatureLineForm(request.POST, meeting=meeting, user=request.user)
    if form.is_valid():
        try:
            services.add_signature_line(
                meeting, by=request.user, role=form.cleaned_data["role"], person=form.cleaned_data["person"]
            )
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, _("Signature line added."))
            return redirect(reverse("minutes:workspace_meeting", args=[meeting.pk]) + "#signatures")
    return _meeting_page(request, meeting, signature_form=form, status=400)


@require_POST
@drafting_view
def signature_line_move(request, pk):
    line, meeting = _draft_of(request, SignatureLine, pk)
    services.move_signature_line(line, by=request.user, direction=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("minutes:workspace_meeting", args=[meeting.pk]) + f"#signature-line-{line.pk}")


@require_POST
@drafting_view
def signature_line_remove(request, pk):
    line, meeting = _draft_of(request, SignatureLine, pk)
    services.remove_signature_line(line, by=request.user)
    messages.success(request, _("Signature line removed."))
    return redirect(reverse("minutes:workspace_meeting", args=[meeting.pk]) + "#signatures")


# --- Attendance --------------------------------------------------------------------------


def _direction(request) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


# What the status buttons of a row offer (“not recorded” is where a row starts, not a choice).
STATUS_BUTTONS = [(value, label) for value, label in Attendance.Status.choices if value != Attendance.Status.UNRECORDED]


def _row_forms(meeting, row, *, bound=None, deputation_form=None, conflict=None, opened=False):
    """The forms of a row, when they are shown: the row opened on its own (``opened``), or
    a save of the row that failed (``bound``, ``deputation_form``: shown open with its errors,
    ``conflict``: with what someone else saved). Otherwise (None, None, None): the page lists
    the rows without their forms, which a row loads when it is opened."""
    row_conflict = conflict if conflict is not None and conflict["row"].pk == row.pk else None
    own_bound = bound if bound is not None and bound.instance.pk == row.pk else None
    own_deputation = deputation_form if deputation_form is not None and deputation_form.deputy.pk == row.pk else None
    if not (opened or row_conflict or own_bound or own_deputation):
        return None, None, None
    form = own_bound or AttendanceForm(instance=row, prefix=f"a{row.pk}")
    sits_for_form = own_deputation
    if sits_for_form is None and row.person_id and row.status == Attendance.Status.PRESENT:
        sits_for_form = DeputyForm(meeting=meeting, deputy=row, prefix=f"d{row.pk}")
    return form, sits_for_form, row_conflict


def _voting_present_text(meeting) -> str:
    count = services.voting_members_present(meeting)
    return ngettext("%(counter)s voting member present.", "%(counter)s voting members present.", count) % {
        "counter": count
    }


def _attendance_page(
    request,
    meeting,
    *,
    bound=None,
    deputation_form=None,
    guest_form=None,
    deputy_form=None,
    conflict=None,
    minute_taker_form=None,
    taker_form=None,
    status=200,
    **extra,
):
    """The attendance page (with the minute-takers): one screen for the whole list, small
    enough for a body of forty. Each row carries its status buttons and a checkbox for marking
    many at once; its other forms (arrival and departure, a deputation) are loaded when the
    row is opened (``attendance_row``). ``bound``, ``deputation_form``, ``taker_form``: a
    row's form that failed (shown open with its errors); ``conflict``: the row, the
    EditConflict and what they saved, of a save refused as stale."""
    rows = [
        (row, *_row_forms(meeting, row, bound=bound, deputation_form=deputation_form, conflict=conflict))
        for row in selectors.attendance_list(meeting)
    ]
    takers = [
        (taker, taker_form)
        if taker_form is not None and taker_form.instance.pk == taker.pk
        else (taker, MinuteTakerForm(instance=taker, prefix=f"t{taker.pk}"))
        for taker in selectors.minute_takers(meeting)
    ]
    # The forms below the list are opened on request (?open=…): their choices of people are
    # long (in a large city, the known people are thousands) and rarely needed.
    opened = request.GET.get("open", "")
    context = {
        "meeting": meeting,
        "rows": rows,
        "guest_form": guest_form or GuestForm(meeting=meeting),
        "known_guests": opened == "guest" or (guest_form is not None and guest_form.is_bound),
        "deputy_open": opened == "deputy" or deputy_form is not None,
        "takers_open": opened == "takers" or minute_taker_form is not None or taker_form is not None,
        "deputy_form": deputy_form or DeputyForm(meeting=meeting),
        "minute_takers": takers,
        "minute_taker_form": minute_taker_form or NewMinuteTakerForm(meeting=meeting, prefix="taker"),
        "statuses": STATUS_BUTTONS,
        "voting_present": _voting_present_text(meeting),
        "tab": "attendance",
        **extra,
    }
    return render(request, "minutes/drafting/attendance.html", context, status=status)


def _wants_json(request) -> bool:
    """A request of the attendance page's script (static/js/attendance.js), which updates the
    row in place; without the script, the same post answers with a redirect or a page."""
    return "application/json" in request.headers.get("Accept", "")


def _rendered_rows(request, meeting, pks) -> dict[int, str]:
    """The rows ``pks`` as the attendance page shows them, as HTML, for the script to swap in."""
    return {
        row.pk: render_to_string(
            "minutes/drafting/_attendance_row.html",
            {"row": row, "meeting": meeting, "statuses": STATUS_BUTTONS},
            request=request,
        )
        for row in selectors.attendance_list(meeting, only=pks)
    }


def _rows_changed(request, meeting, pks, *, notes=()) -> JsonResponse:
    return JsonResponse(
        {
            "rows": {str(pk): html for pk, html in _rendered_rows(request, meeting, pks).items()},
            "voting_present": _voting_present_text(meeting),
            "messages": [str(note) for note in notes],
        }
    )


def _row_anchor(meeting, row) -> str:
    return reverse("minutes:workspace_attendance", args=[meeting.pk]) + f"#attendance-{row.pk}"


def _attendance_conflict(row, conflict: EditConflict, typed: dict) -> dict:
    """A row saved by someone else since the page was opened: what they saved (each field
    that differs from what was typed), shown at the row like any edit conflict; the row's
    form holds what was typed and the stored revision."""
    current = conflict.current
    theirs = [
        (str(Attendance._meta.get_field(name).verbose_name), history.field_display(current, name))
        for name, value in typed.items()
        if getattr(current, Attendance._meta.get_field(name).attname) != getattr(value, "pk", value)
    ]
    return {"row": row, "conflict": conflict, "theirs": theirs}


@drafting_view
def attendance(request, pk):
    meeting = _draft(request, pk)
    if request.method == "POST":
        guest_form = GuestForm(request.POST, meeting=meeting)
        if guest_form.is_valid():
            data = guest_form.cleaned_data
            try:
                guest = services.add_guest(
                    meeting,
                    by=request.user,
                    person=data["person"],
                    new_person=guest_form.new_person(),
                    organization=data["organization"],
                    new_organization=data["new_organization"],
                    affiliation=data["affiliation"],
                )
            except DraftingError as error:
                add_drafting_error(guest_form, error)
            else:
                messages.success(request, _("%(name)s added as a guest.") % {"name": guest.name})
                return redirect(reverse("minutes:workspace_attendance", args=[meeting.pk]) + "#guests")
        return _attendance_page(request, meeting, guest_form=guest_form, status=400)
    return _attendance_page(request, meeting)


@require_POST
@drafting_view
def attendance_status(request, pk):
    row, meeting = _draft_of(request, Attendance, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        try:
            services.save_attendance(row, by=request.user, revision=form.cleaned_data["revision"], status=status)
        except EditConflict as conflict:
            # Also for the script: it then posts again without itself and shows this page.
            shown = _attendance_conflict(row, conflict, {"status": status})
            return _attendance_page(request, meeting, conflict=shown, status=409)
    if _wants_json(request):
        return _rows_changed(request, meeting, [row.pk])
    return redirect(_row_anchor(meeting, row))


def _set_one_status(request, meeting, value: str):
    """A row's status button on the attendance page (“<id>:<revision>:<status>”): that row only.
    Someone else saved it since the page showed it: refused with what they saved (409)."""
    row_pk, revision, status = (value.split(":") + ["", "", ""])[:3]
    if not (row_pk.isdigit() and revision.isdigit()) or status not in Attendance.Status.values:
        return HttpResponseBadRequest(_("The selection could not be read."))
    row = get_object_or_404(meeting.attendances, pk=int(row_pk))
    try:
        services.save_attendance(row, by=request.user, revision=int(revision), status=status)
    except EditConflict as conflict:
        shown = _attendance_conflict(row, conflict, {"status": status})
        return _attendance_page(request, meeting, conflict=shown, status=409)
    except DraftingError as error:
        # Shown on the page at the list (the script posts again without itself on a 400).
        if _wants_json(request):
            return JsonResponse({"messages": [str(error.message)]}, status=400)
        messages.error(request, error.message)
    if _wants_json(request):
        return _rows_changed(request, meeting, [row.pk])
    return redirect(_row_anchor(meeting, row))


@require_POST
@drafting_view
def attendance_mark(request, pk):
    """The attendance page's buttons: a row's status button (``set``), or many rows at once —
    the checked rows (“<id>:<revision>”) get the status of the button (``status``)."""
    meeting = _draft(request, pk)
    if "set" in request.POST:
        return _set_one_status(request, meeting, request.POST["set"])
    status = request.POST.get("status", "")
    revisions = {}
    for value in request.POST.getlist("rows"):
        row_pk, _sep, revision = value.partition(":")
        if not row_pk.isdigit() or (revision and not revision.isdigit()):
            return HttpResponseBadRequest(_("The selection could not be read."))
        revisions[int(row_pk)] = int(revision) if revision else None
    notes = []
    if not revisions:
        notes.append(_("Select the people to mark first."))
        marked = services.Marked(changed=[], conflicts=[], refused=[])
    else:
        try:
            marked = services.mark_attendances(meeting, by=request.user, status=status, revisions=revisions)
        except DraftingError as error:
            if _wants_json(request):
                return JsonResponse({"messages": [str(error.message)]}, status=400)
            messages.error(request, error.message)
            return redirect("minutes:workspace_attendance", meeting.pk)
    if marked.changed:
        notes.append(
            ngettext(
                "%(count)d person marked as %(status)s.", "%(count)d people marked as %(status)s.", len(marked.changed)
            )
            % {"count": len(marked.changed), "status": Attendance.Status(status).label}
        )
    for row in marked.conflicts:
        notes.append(
            _("%(name)s was saved by someone else meanwhile and was not changed: check the row.") % {"name": row.name}
        )
    for row, message in marked.refused:
        notes.append(f"{row.name}: {message}")
    if _wants_json(request):
        changed = [row.pk for row in marked.changed + marked.conflicts]
        return _rows_changed(request, meeting, changed, notes=notes)
    for note in notes:
        (messages.success if marked.changed and note == notes[0] else messages.warning)(request, note)
    return redirect("minutes:workspace_attendance", meeting.pk)


@require_safe
@drafting_view
def attendance_row(request, pk):
    """One row with its forms: arrival, departure, group, affiliation and its deputations. The
    attendance page's script loads them into the row when it is opened; without the script,
    a page of its own."""
    row, meeting = _draft_of(request, Attendance, pk)
    row = selectors.attendance_list(meeting, only=[row.pk])[0]
    form, sits_for_form, _conflict = _row_forms(meeting, row, opened=True)
    context = {"meeting": meeting, "row": row, "form": form, "sits_for_form": sits_for_form, "tab": "attendance"}
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "minutes/drafting/_attendance_row_forms.html", context)
    return render(request, "minutes/drafting/attendance_row.html", context)


@require_POST
@drafting_view
def attendance_edit(request, pk):
    row, meeting = _draft_of(request, Attendance, pk)
    form = AttendanceForm(request.POST, instance=copy.copy(row), prefix=f"a{row.pk}")
    if not form.is_valid():
        return _attendance_page(request, meeting, bound=form, status=400)
    try:
        services.save_attendance(row, by=request.user, revision=form.cleaned_data["revision"], **form.changes())
    except EditConflict as conflict:
        data = request.POST.copy()
        data[form.add_prefix("revision")] = conflict.current.revision
        stale = AttendanceForm(data, instance=copy.copy(conflict.current), prefix=f"a{row.pk}")
        stale.is_valid()
        shown = _attendance_conflict(row, conflict, form.changes())
        return _attendance_page(request, meeting, bound=stale, conflict=shown, status=409)
    except DraftingError as error:
        add_drafting_error(form, error)
        return _attendance_page(request, meeting, bound=form, status=400)
    messages.success(request, _("Saved: %(name)s.") % {"name": row.name})
    return redirect(_row_anchor(meeting, row))


@require_POST
@drafting_view
def attendance_remove(request, pk):
    row, meeting = _draft_of(request, Attendance, pk)
    services.remove_attendance(row, by=request.user)
    messages.success(request, _("%(name)s removed from the attendance list.") % {"name": row.name})
    return redirect("minutes:workspace_attendance", meeting.pk)


@require_POST
@drafting_view
def deputy_add(request, pk):
    """A deputy attends: sits for a member (the form at the bottom of the attendance page)."""
    meeting = _draft(request, pk)
    form = DeputyForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            deputation = services.add_deputy(
                meeting,
                by=request.user,
                person=data["person"],
                member=data["member"],
                start=data["start"],
                end=data["end"],
            )
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, _("Deputy recorded: %(deputation)s.") % {"deputation": deputation})
            return redirect(_row_anchor(meeting, deputation.deputy))
    return _attendance_page(request, meeting, deputy_form=form, status=400)


@require_POST
@drafting_view
def deputation_add(request, pk):
    """The person of this row sits for a member (another period, another member)."""
    row, meeting = _draft_of(request, Attendance, pk)
    form = DeputyForm(request.POST, meeting=meeting, deputy=row, prefix=f"d{row.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_deputy(
                meeting, by=request.user, person=row.person, member=data["member"], start=data["start"], end=data["end"]
            )
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": row.name})
            return redirect(_row_anchor(meeting, row))
    return _attendance_page(request, meeting, deputation_form=form, status=400)


@require_POST
@drafting_view
def deputation_remove(request, pk):
    deputation, meeting = _draft_of(request, Deputation, pk)
    services.remove_deputation(deputation, by=request.user)
    messages.success(request, _("Deputation removed: %(deputation)s.") % {"deputation": deputation})
    return redirect(_row_anchor(meeting, deputation.deputy))


# --- Minute-takers (on the attendance page) ---------------------------------------------------


def _minute_takers_url(meeting_pk: int) -> str:
    return reverse("minutes:workspace_attendance", args=[meeting_pk]) + "#minute-takers"


@require_POST
@drafting_view
def minute_taker_add(request, pk):
    meeting = _draft(request, pk)
    form = NewMinuteTakerForm(request.POST, meeting=meeting, prefix="taker")
    if form.is_valid():
        try:
            taker = services.add_minute_taker(
                meeting,
                by=request.user,
                person=form.cleaned_data["person"],
                new_person=form.new_person(),
                affiliation=form.printed_affiliation(),
            )
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, _("%(name)s added as minute-taker.") % {"name": taker.person.addressed_name})
            return redirect(_minute_takers_url(meeting.pk))
    return _attendance_page(request, meeting, minute_taker_form=form, status=400)


@drafting_view
def minute_taker_edit(request, pk):
    taker, meeting = _draft_of(request, MinuteTaker, pk)
    if request.method != "POST":
        return redirect(_minute_takers_url(meeting.pk))

    def page(form, current, *, status=200, **context):
        return _attendance_page(
            request,
            meeting,
            taker_form=form,
            status=status,
            taker_conflict=context.get("conflict"),
            taker_theirs=context.get("theirs"),
        )

    return _edit_with_revision(
        request,
        taker,
        form_class=MinuteTakerForm,
        form_kwargs={"prefix": f"t{taker.pk}"},
        save=services.save_minute_taker,
        page=page,
        done=_minute_takers_url(meeting.pk),
        saved=_("Saved."),
    )


@require_POST
@drafting_view
def minute_taker_move(request, pk):
    taker, meeting = _draft_of(request, MinuteTaker, pk)
    services.move_minute_taker(taker, by=request.user, direction=_direction(request))
    return redirect(_minute_takers_url(meeting.pk))


@require_POST
@drafting_view
def minute_taker_remove(request, pk):
    taker, meeting = _draft_of(request, MinuteTaker, pk)
    services.remove_minute_taker(taker, by=request.user)
    messages.success(request, _("%(name)s removed from the minute-takers.") % {"name": taker.person.addressed_name})
    return redirect(_minute_takers_url(meeting.pk))


# --- Agenda --------------------------------------------------------------------------------


@drafting_view
def agenda(request, pk):
    meeting = _draft(request, pk)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_agenda_item(meeting, by=request.user, **form.changes())
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            return redirect("minutes:workspace_item", item.pk)
    return _agenda_page(request, meeting, form=form, status=400 if form.errors else 200)


def _agenda_page(request, meeting, *, form=None, paste_form=None, planned=None, ignored=(), previewed="", status=200):
    """The agenda: its items, a new item, and an agenda pasted (or taken from the previous
    meeting) with the preview of what it creates (``planned``)."""
    if form is None:
        form = AgendaItemForm(meeting=meeting)
    if not form.is_bound:
        form.initial["number"] = str(meeting.agenda_items.count() + 1)
    context = {
        "meeting": meeting,
        "items": selectors.agenda(meeting),
        "form": form,
        "paste_form": paste_form or AgendaPasteForm(),
        "planned": planned,
        "ignored": ignored,
        "previewed": previewed,
        "may_create": planned is not None and not any(row.error for row in planned),
        "previous": selectors.previous_meeting(meeting),
        "tab": "agenda",
    }
    return render(request, "minutes/drafting/agenda.html", context, status=status)


@require_POST
@drafting_view
def agenda_paste(request, pk):
    """An agenda pasted from the invitation, or the previous meeting's (``previous``): first a
    preview of the items it would create, then — with ``create`` — the items, all or none."""
    meeting = _draft(request, pk)
    if "previous" in request.POST:
        previous = selectors.previous_meeting(meeting)
        text = agenda_text.agenda_as_text(previous.agenda_items.all()) if previous else ""
        paste_form = AgendaPasteForm({"text": text})
    else:
        paste_form = AgendaPasteForm(request.POST)
    if not paste_form.is_valid():
        return _agenda_page(request, meeting, paste_form=paste_form, status=400)
    parsed = agenda_text.parse_agenda(paste_form.cleaned_data["text"])
    if not parsed.items:
        paste_form.add_error("text", _("No numbered items found: each item starts with its number (“1.”, “4.1”)."))
        return _agenda_page(request, meeting, paste_form=paste_form, ignored=parsed.ignored, status=400)
    previewed = hashlib.sha256(paste_form.cleaned_data["text"].encode()).hexdigest()
    # Created only from the text that was previewed: a changed text is shown first.
    if "create" in request.POST and request.POST.get("previewed") == previewed:
        try:
            created = services.add_agenda_items(meeting, by=request.user, parsed=parsed.items)
        except DraftingError as error:
            paste_form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext("%(count)d item created.", "%(count)d items created.", len(created)) % {"count": len(created)},
            )
            return redirect("minutes:workspace_agenda", meeting.pk)
    planned = services.plan_agenda(meeting, parsed.items)
    status = 400 if paste_form.errors else 200
    return _agenda_page(
        request,
        meeting,
        paste_form=paste_form,
        planned=planned,
        ignored=parsed.ignored,
        previewed=previewed,
        status=status,
    )


@require_POST
@drafting_view
def agenda_renumber(request, pk):
    meeting = _draft(request, pk)
    services.renumber_agenda(meeting, by=request.user)
    messages.success(request, _("The agenda has been renumbered."))
    return redirect("minutes:workspace_agenda", meeting.pk)


@require_POST
@drafting_view
def item_move(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    services.move_agenda_item(item, by=request.user, direction=_direction(request))
    return redirect(reverse("minutes:workspace_agenda", args=[meeting.pk]) + f"#item-{item.pk}")


@drafting_view
def item_delete(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    return _confirm_delete(
        request,
        item,
        meeting,
        delete=services.delete_agenda_item,
        back=reverse("minutes:workspace_item", args=[item.pk]),
        done=reverse("minutes:workspace_agenda", args=[meeting.pk]),
        deleted=_("Item %(number)s deleted.") % {"number": item.number},
    )


def _is_htmx(request) -> bool:
    """A request of htmx (the item page's forms saving in place), which wants a part of the page."""
    return request.headers.get("HX-Request") == "true"


# The parts of the item page that a form saving in place gets back instead of the whole page.
ITEM_PAGE_PARTS = {
    "deliberation": "minutes/drafting/_deliberation.html",
    "decisions": "minutes/drafting/_decisions.html",
    "live": "minutes/drafting/_live.html",
}


def _item_page(
    request,
    item,
    meeting,
    *,
    part: str | None = None,
    item_form=None,
    presenter_form=None,
    contribution_form=None,
    decision_form=None,
    figure_form=None,
    attachment_form=None,
    preview=None,
    status=200,
    **extra,
):
    draft = None
    if contribution_form is None:
        draft = ContributionDraft.objects.filter(item=item, author=request.user, contribution=None).first()
        if draft and (draft.text or draft.speaker_name) and "saved" not in extra:
            typed = {name: getattr(draft, name) for name in services.DRAFT_LIMITS}
            contribution_form = ContributionForm(meeting=meeting, initial=typed)
        else:
            draft = None
    context = {
        "meeting": meeting,
        "item": item,
        "restored_draft": draft,
        "item_form": item_form or AgendaItemForm(instance=item),
        "presenter_form": presenter_form or PresenterForm(),
        "contribution_form": contribution_form or ContributionForm(meeting=meeting),
        "decision_form": decision_form or DecisionForm(item=item),
        "present_at_item": presence.presence_at(item).count,
        "figure_form": figure_form or NewFigureForm(item=item, prefix="figure"),
        "attachment_form": attachment_form
        or NewAttachmentForm(meeting=meeting, prefix="attachment", initial={"item": item.pk}),
        "consultation_form": extra.pop("consultation_form", None) or ConsultationForm(),
        "consultations": item.consultations.select_related("paper"),
        **selectors.item_content(item),
        "preview": preview,
        "tab": "agenda",
        **extra,
    }
    context["speakers"] = context["contribution_form"].speakers
    context["previous_item"], context["next_item"] = selectors.neighbouring_items(item)
    context["text_blocks"] = meeting.body.text_blocks.all()
    context.setdefault("queue_form", SpeakerRequestForm(meeting=meeting))
    context["speaker_requests"] = item.speaker_requests.select_related("speaker")
    context["attendance_rows"] = [
        row for row in selectors.attendance_list(meeting) if row.person_id and row.status == Attendance.Status.PRESENT
    ]
    template = ITEM_PAGE_PARTS[part] if part and _is_htmx(request) else "minutes/drafting/item.html"
    return render(request, template, context, status=status)


@drafting_view
def item_edit(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)

    def page(form, current, *, status=200, **context):
        return _item_page(request, current, meeting, item_form=form, status=status, **context)

    return _edit_with_revision(
        request,
        item,
        form_class=AgendaItemForm,
        save=services.save_agenda_item,
        page=page,
        done=reverse("minutes:workspace_item", args=[item.pk]),
        saved=_("Saved."),
    )


@require_POST
@drafting_view
def presenter_add(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    form = PresenterForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item, meeting, presenter_form=form, status=400)
    services.add_presenter(
        item,
        by=request.user,
        person=form.cleaned_data["person"],
        new_person=form.new_person(),
        organization=form.cleaned_data["organization"],
        role=form.cleaned_data["role"],
    )
    return redirect(reverse("minutes:workspace_item", args=[item.pk]) + "#presenters")


@require_POST
@drafting_view
def presenter_remove(request, pk):
    presenter, meeting = _draft_of(request, Presenter, pk)
    services.remove_presenter(presenter, by=request.user)
    return redirect(reverse("minutes:workspace_item", args=[presenter.item_id]) + "#presenters")


# --- Contributions and decisions ------------------------------------------------------------


def _preview(meeting, form) -> Contribution:
    """The typed contribution as it would print, not saved (``printed``: with the speaker's name
    as the body prints it)."""
    preview = Contribution(**form.changes())
    preview.printed = preview.as_markup(PrintedNames(meeting.body, meeting.date)(preview.speaker))
    return preview


@require_POST
@drafting_view
def contribution_add(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    _accept_speaker_offer(request, meeting)
    form = ContributionForm(request.POST, meeting=meeting)
    part = "deliberation"
    if not form.is_valid():
        return _item_page(request, item, meeting, part=part, contribution_form=form, status=400)
    if "preview" in request.POST:
        preview = _preview(meeting, form)
        return _item_page(request, item, meeting, part=part, contribution_form=form, preview=preview)
    services.add_contribution(item, by=request.user, **form.changes())
    services.discard_contribution_draft(item, by=request.user)
    if _is_htmx(request):
        return _item_page(request, item, meeting, part=part, saved=_("Contribution saved."))
    messages.success(request, _("Contribution saved."))
    return redirect(reverse("minutes:workspace_item", args=[item.pk]) + "#new-contribution")


def _accept_speaker_offer(request, meeting) -> None:
    """The contribution form's offer for a speaker it refused (speakers.SpeakerOffer): mark
    them present, or add them as a guest — then the form is validated and saved as usual."""
    value = request.POST.get("speaker_offer")
    if not value:
        return
    try:
        done = speakers.accept_offer(meeting, value, request.POST.get("speaker_name", ""), by=request.user)
    except DraftingError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.info(request, done)


@drafting_view
def contribution_edit(request, pk):
    contribution, meeting = _draft_of(request, Contribution, pk)
    if request.method == "POST":
        _accept_speaker_offer(request, meeting)

    def page(form, current, *, status=200, **context):
        context = {
            "meeting": meeting,
            "contribution": current,
            "form": form,
            "text_blocks": meeting.body.text_blocks.all(),
            "tab": "agenda",
            **context,
        }
        return render(request, "minutes/drafting/contribution.html", context, status=status)

    return _edit_with_revision(
        request,
        contribution,
        form_class=ContributionForm,
        form_kwargs={"meeting": meeting},
        save=services.save_contribution,
        page=page,
        done=reverse("minutes:workspace_item", args=[contribution.item_id]) + f"#contribution-{contribution.pk}",
        saved=_("Contribution saved."),
        preview=lambda form: _preview(meeting, form),
    )


@require_POST
@drafting_view
def contribution_move(request, pk):
    contribution, meeting = _draft_of(request, Contribution, pk)
    services.move_contribution(contribution, by=request.user, direction=_direction(request))
    return redirect(reverse("minutes:workspace_item", args=[contribution.item_id]) + f"#contribution-{contribution.pk}")


@drafting_view
def contribution_delete(request, pk):
    contribution, meeting = _draft_of(request, Contribution, pk)
    back = reverse("minutes:workspace_item", args=[contribution.item_id])
    return _confirm_delete(
        request,
        contribution,
        meeting,
        delete=services.delete_contribution,
        back=back,
        done=back,
        deleted=_("Contribution deleted."),
    )


@require_POST
@drafting_view
def decision_add(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    form = DecisionForm(request.POST, item=item)
    part = "decisions"
    if not form.is_valid():
        return _item_page(request, item, meeting, part=part, decision_form=form, status=400)
    try:
        services.add_decision(item, by=request.user, **form.changes())
    except DraftingError as error:
        add_drafting_error(form, error)
        return _item_page(request, item, meeting, part=part, decision_form=form, status=400)
    if _is_htmx(request):
        return _item_page(request, item, meeting, part=part, decision_saved=_("Decision saved."))
    messages.success(request, _("Decision saved."))
    return redirect(reverse("minutes:workspace_item", args=[item.pk]) + "#decisions")


@drafting_view
def decision_edit(request, pk):
    decision, meeting = _draft_of(request, Decision, pk)

    def page(form, current, *, status=200, **context):
        return _decision_page(request, meeting, current, form=form, status=status, **context)

    return _edit_with_revision(
        request,
        decision,
        form_class=DecisionForm,
        form_kwargs={"item": decision.item},
        save=services.save_decision,
        page=page,
        done=reverse("minutes:workspace_item", args=[decision.item_id]) + "#decisions",
        saved=_("Decision saved."),
    )


def _voters(decision: Decision):
    """Who held a vote at the decision's item, in the order of the attendance list (the chair first)."""
    at_item = presence.presence_at(decision.item)
    voters = at_item.voters
    people = {p.pk: p for p in Person.objects.filter(pk__in=voters)}
    ordered = [decision.item.meeting.chair_id] if decision.item.meeting.chair_id in voters else []
    ordered += [
        a.person_id for a in decision.item.meeting.attendances.filter(person__in=voters).order_by("order", "pk")
    ]
    return [people[pk] for pk in dict.fromkeys(ordered)], at_item


def _decision_page(request, meeting, decision, *, form=None, vote_form=None, status=200, **context):
    voters, at_item = _voters(decision)
    context = {
        "meeting": meeting,
        "decision": decision,
        "form": form or DecisionForm(instance=decision),
        "vote_form": vote_form or NamedVoteForm(decision=decision, voters=voters),
        "present_at_item": at_item.count,
        "tab": "agenda",
        **context,
    }
    return render(request, "minutes/drafting/decision.html", context, status=status)


@drafting_view
def decision_votes(request, pk):
    """A named vote on a decision: one choice per member who held a vote at its item."""
    decision, meeting = _draft_of(request, Decision, pk)
    if request.method != "POST":
        return redirect(reverse("minutes:workspace_decision", args=[decision.pk]) + "#named-vote")
    voters, _at_item = _voters(decision)
    form = NamedVoteForm(request.POST, decision=decision, voters=voters)
    if form.is_valid():
        try:
            services.save_named_votes(
                decision, by=request.user, revision=form.cleaned_data["revision"], votes=form.votes()
            )
        except EditConflict as conflict:
            data = request.POST.copy()
            data["revision"] = conflict.current.revision
            stale = NamedVoteForm(data, decision=conflict.current, voters=voters)
            stale.is_valid()
            return _decision_page(
                request, meeting, conflict.current, vote_form=stale, conflict=conflict, theirs=[], status=409
            )
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, _("Named vote saved."))
            return redirect(reverse("minutes:workspace_item", args=[decision.item_id]) + "#decisions")
    return _decision_page(request, meeting, decision, vote_form=form, status=400)


@drafting_view
def decision_delete(request, pk):
    decision, meeting = _draft_of(request, Decision, pk)
    back = reverse("minutes:workspace_item", args=[decision.item_id])
    return _confirm_delete(
        request,
        decision,
        meeting,
        delete=services.delete_decision,
        back=back,
        done=back,
        deleted=_("Decision deleted."),
    )


# --- Figures (on the item page) -------------------------------------------------------------------


def _figures_url(item_pk: int) -> str:
    return reverse("minutes:workspace_item", args=[item_pk]) + "#figures"


@require_POST
@drafting_view
def figure_add(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    form = NewFigureForm(request.POST, request.FILES, item=item, prefix="figure")
    if form.is_valid():
        try:
            services.add_figure(
                item,
                by=request.user,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                description=form.cleaned_data["description"],
                after=form.cleaned_data["after"],
            )
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, _("Figure saved."))
            return redirect(_figures_url(item.pk))
    return _item_page(request, item, meeting, figure_form=form, status=400)


@drafting_view
def figure_edit(request, pk):
    figure, meeting = _draft_of(request, Figure, pk)
    form = FigureForm(request.POST or None, instance=copy.copy(figure))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_figure(figure, by=request.user, **form.changes())
        except DraftingError as error:
            add_drafting_error(form, error)
        else:
            messages.success(request, _("Figure saved."))
            return redirect(_figures_url(figure.item_id))
    context = {"meeting": meeting, "figure": figure, "form": form, "tab": "agenda"}
    return render(request, "minutes/drafting/figure.html", context, status=400 if form.errors else 200)


@require_POST
@drafting_view
def figure_move(request, pk):
    figure, meeting = _draft_of(request, Figure, pk)
    services.move_figure(figure, by=request.user, direction=_direction(request))
    return redirect(_figures_url(figure.item_id))


@drafting_view
def figure_delete(request, pk):
    figure, meeting = _draft_of(request, Figure, pk)
    return _confirm_delete(
        request,
        figure,
        meeting,
        delete=services.delete_figure,
        back=_figures_url(figure.item_id),
        done=_figures_url(figure.item_id),
        deleted=_("Figure deleted."),
    )


# --- Attachments (their own tab; an item's also on the item page) --------------------------------


def _attachments_page(request, meeting, form=None, status=200):
    context = {
        "meeting": meeting,
        "attachments": selectors.attachments(meeting),
        "form": form or NewAttachmentForm(meeting=meeting, prefix="attachment"),
        "tab": "attachments",
    }
    return render(request, "minutes/drafting/attachments.html", context, status=status)


def _add_attachment(request, meeting, form) -> Attachment | None:
    """Store the attachment of a valid form; None (with the reason in the form) if refused."""
    if not form.is_valid():
        return None
    try:
        attachment = services.add_attachment(
            meeting, by=request.user, upload=form.cleaned_data["file"], **form.changes()
        )
    except DraftingError as error:
        add_drafting_error(form, error)
        return None
    messages.success(
        request,
        _("Saved as attachment %(number)s: %(title)s.") % {"number": attachment.order, "title": attachment.title},
    )
    return attachment


@drafting_view
def attachments(request, pk):
    meeting = _draft(request, pk)
    if request.method != "POST":
        return _attachments_page(request, meeting)
    form = NewAttachmentForm(request.POST, request.FILES, meeting=meeting, prefix="attachment")
    attachment = _add_attachment(request, meeting, form)
    if attachment is None:
        return _attachments_page(request, meeting, form=form, status=400)
    return redirect(reverse("minutes:workspace_attachments", args=[meeting.pk]) + f"#attachment-{attachment.pk}")


@require_POST
@drafting_view
def item_attachment_add(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    form = NewAttachmentForm(request.POST, request.FILES, meeting=meeting, prefix="attachment")
    if _add_attachment(request, meeting, form) is None:
        return _item_page(request, item, meeting, attachment_form=form, status=400)
    return redirect(reverse("minutes:workspace_item", args=[item.pk]) + "#attachments")


@drafting_view
def attachment_edit(request, pk):
    attachment, meeting = _draft_of(request, Attachment, pk)

    def page(form, current, *, status=200, **context):
        context = {"meeting": meeting, "attachment": current, "form": form, "tab": "attachments", **context}
        return render(request, "minutes/drafting/attachment.html", context, status=status)

    return _edit_with_revision(
        request,
        attachment,
        form_class=AttachmentForm,
        save=services.save_attachment,
        page=page,
        done=reverse("minutes:workspace_attachments", args=[meeting.pk]) + f"#attachment-{attachment.pk}",
        saved=_("Saved."),
    )


@require_POST
@drafting_view
def attachment_move(request, pk):
    attachment, meeting = _draft_of(request, Attachment, pk)
    services.move_attachment(attachment, by=request.user, direction=_direction(request))
    return redirect(reverse("minutes:workspace_attachments", args=[meeting.pk]) + f"#attachment-{attachment.pk}")


@drafting_view
def attachment_delete(request, pk):
    attachment, meeting = _draft_of(request, Attachment, pk)
    back = reverse("minutes:workspace_attachments", args=[meeting.pk])
    return _confirm_delete(
        request,
        attachment,
        meeting,
        delete=services.delete_attachment,
        back=back,
        done=back,
        deleted=_("Attachment %(number)s deleted; the ones after it moved up a number.") % {"number": attachment.order},
    )


# --- History ----------------------------------------------------------------------------------


@login_required
def meeting_history(request, pk):
    """Who changed what and when — also after the draft stage, for the secretariat."""
    meeting = get_object_or_404(access.visible_meetings(request.user), pk=pk)
    if not access.may_draft(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat of this body may see the history of its protocols."))
    context = {"meeting": meeting, "entries": history.meeting_history(meeting), "tab": "history"}
    return render(request, "minutes/drafting/history.html", context)


# --- Papers (Drucksachen, Vorlagen) and their consultation at items ----------------------------


def _ensure_may_keep_papers(request) -> None:
    if not papers.may_keep_papers(request.user):
        raise PermissionDenied(_("Only a secretariat may enter papers."))


@login_required
def paper_list(request):
    """The papers, and a form for a new one (with its main document)."""
    _ensure_may_keep_papers(request)
    form = NewPaperForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                paper = papers.create_paper(
                    by=request.user,
                    main_file=form.cleaned_data.get("main_file") or None,
                    **{name: form.cleaned_data[name] for name in PaperForm.Meta.fields},
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Paper %(reference)s saved.") % {"reference": paper.reference})
                return redirect("minutes:workspace_paper", paper.pk)
        status = 400
    listed = Paper.objects.select_related("main_file").prefetch_related("consultations__item__meeting__body")
    return render(
        request, "minutes/drafting/papers.html", {"papers": listed, "form": form, "tab": "papers"}, status=status
    )


@login_required
def paper_edit(request, pk):
    _ensure_may_keep_papers(request)
    paper = get_object_or_404(Paper, pk=pk)
    form = PaperForm(request.POST or None, instance=copy.copy(paper))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                papers.save_paper(paper, by=request.user, **{n: form.cleaned_data[n] for n in PaperForm.Meta.fields})
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Saved."))
                return redirect("minutes:workspace_paper", paper.pk)
        status = 400
    return render(request, "minutes/drafting/paper.html", {"paper": paper, "form": form}, status=status)


@require_POST
@drafting_view
def consultation_add(request, pk):
    """Put a paper on the agenda item: the protocol prints its reference there."""
    item, meeting = _draft_of(request, AgendaItem, pk)
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            papers.consult(item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect(reverse("minutes:workspace_item", args=[item.pk]) + "#papers")
    return _item_page(request, item, meeting, consultation_form=form, status=400)


# --- Live mode: the clerk in the room ---------------------------------------------------------


def _live_answer(request, item, meeting, *, anchor="live", status=200, **extra):
    """The live panel (htmx) or, without JavaScript, the item page again."""
    if _is_htmx(request) or status != 200:
        return _item_page(request, item, meeting, part="live", status=status, **extra)
    return redirect(reverse("minutes:workspace_item", args=[item.pk]) + f"#{anchor}")


def _live_refused(request, item, meeting, message, *, status, **extra):
    return _live_answer(request, item, meeting, status=status, live_error=message, **extra)


@require_POST
@drafting_view
def item_live(request, pk):
    """Live mode: the item is called or closed now."""
    item, meeting = _draft_of(request, AgendaItem, pk)
    form = LiveTimeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["event"] not in ("call", "close"):
        return _live_refused(request, item, meeting, _("Reload the page and try again."), status=400)
    try:
        item = services.call_or_close_item(
            item, by=request.user, revision=form.cleaned_data["revision"], event=form.cleaned_data["event"]
        )
    except EditConflict as conflict:
        message = _("Someone saved this item meanwhile; its times are shown as saved. Click again to record now.")
        return _live_refused(request, conflict.current, meeting, message, status=409)
    except DraftingError as error:
        return _live_refused(request, item, meeting, error.message, status=400)
    return _live_answer(request, item, meeting)


@require_POST
@drafting_view
def attendance_now(request, pk):
    """Live mode: a late arrival or an early departure at the current time."""
    row, meeting = _draft_of(request, Attendance, pk)
    item = meeting.agenda_items.filter(pk=request.POST.get("item") if request.POST.get("item", "").isdigit() else None)
    item = item.first()
    form = LiveTimeForm(request.POST)
    if item is None:
        return redirect("minutes:workspace_attendance", meeting.pk)
    if not form.is_valid() or form.cleaned_data["event"] not in ("arrival", "departure"):
        return _live_refused(request, item, meeting, _("Reload the page and try again."), status=400)
    try:
        services.arrive_or_leave_now(
            row, by=request.user, revision=form.cleaned_data["revision"], event=form.cleaned_data["event"]
        )
    except EditConflict:
        message = _("Someone saved %(name)s's row meanwhile; it is shown as saved. Click again to record now.")
        return _live_refused(request, item, meeting, message % {"name": row.name}, status=409, arrivals_open=True)
    except DraftingError as error:
        return _live_refused(request, item, meeting, f"{row.name}: {error.message}", status=400, arrivals_open=True)
    return _live_answer(
        request, item, meeting, arrivals_open=True, live_saved=_("Saved: %(name)s.") % {"name": row.name}
    )


@require_POST
@drafting_view
def speaker_request_add(request, pk):
    item, meeting = _draft_of(request, AgendaItem, pk)
    form = SpeakerRequestForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _item_page(request, item, meeting, part="live", queue_form=form, status=400)
    services.request_to_speak(item, by=request.user, speaker=form.speaker(), note=form.cleaned_data["note"])
    return _live_answer(request, item, meeting, anchor="queue", live_saved=_("Added to the queue."))


def _speaker_request(request, pk) -> tuple[SpeakerRequest, Meeting]:
    speaker_request = get_object_or_404(SpeakerRequest.objects.select_related("item"), pk=pk)
    return speaker_request, _draft(request, speaker_request.item.meeting_id)


@require_POST
@drafting_view
def consultation_remove(request, pk):
    consultation, meeting = _draft_of(request, Consultation, pk)
    papers.remove_consultation(consultation, by=request.user)
    return redirect(reverse("minutes:workspace_item", args=[consultation.item_id]) + "#papers")


@require_POST
@drafting_view
def speaker_request_remove(request, pk):
    speaker_request, meeting = _speaker_request(request, pk)
    item = speaker_request.item
    services.withdraw_request(speaker_request, by=request.user)
    return _live_answer(request, item, meeting, anchor="queue")


@require_POST
@drafting_view
def speaker_request_contribution(request, pk):
    """The note of a request becomes the speaker's contribution (the page's deliberation too)."""
    speaker_request, meeting = _speaker_request(request, pk)
    item = speaker_request.item
    note = request.POST.get("note")
    if note is not None:
        if len(note) > 50_000:
            return _live_refused(request, item, meeting, _("The note is longer than 50,000 characters."), status=400)
        speaker_request.note = note  # as typed in the queue just now
    try:
        services.contribution_from_request(speaker_request, by=request.user)
    except DraftingError as error:
        return _live_refused(request, item, meeting, error.message, status=400)
    if _is_htmx(request):
        return _item_page(request, item, meeting, part="live", deliberation_too=True, saved=_("Contribution saved."))
    messages.success(request, _("Contribution saved."))
    return redirect(reverse("minutes:workspace_item", args=[item.pk]) + "#deliberation")


@require_POST
@drafting_view
def contribution_draft(request, pk):
    """Autosave (JavaScript, every few seconds while typing): the new contribution's text as
    the user's draft on the server. 204; 400 if it is too long to keep (the page says so when saving)."""
    item, meeting = _draft_of(request, AgendaItem, pk)
    typed = {name: request.POST.get(name, "") for name in services.DRAFT_LIMITS}
    try:
        services.autosave_contribution(item, by=request.user, **typed)
    except DraftingError:
        return HttpResponse(status=400)
    return HttpResponse(status=204)
