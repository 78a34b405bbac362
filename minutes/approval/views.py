"""Views of the approval workflow: review, submit, request changes, sign, publish, correct.

Thin: check who may look, call a service, turn a WorkflowError into a message. The
rules themselves live in services.py and minutes/access.py.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from minutes import access
from minutes import selectors as core_selectors
from minutes.approval import credentials, notifications, selectors, services
from minutes.approval.completeness import check_completeness
from minutes.approval.forms import CorrectionForm, RequestChangesForm, SignForm, SubmitForm
from minutes.exceptions import NotAllowed, WorkflowError
from minutes.models import Meeting, ProtocolDocument, SignatureLine
from minutes.protocol import build_signed_protocol, signer_function


@dataclass
class SignableLine:
    """A line this user may sign now: its form, and the name and function their signature will print."""

    line: SignatureLine
    form: SignForm
    name: str
    function: str
    needs_setup: bool  # the body asks for a code, and the user has no authenticator app yet


def _meeting_for(request, pk) -> Meeting:
    return get_object_or_404(core_selectors.with_archive_state(access.visible_meetings(request.user)), pk=pk)


def _report(request, error: WorkflowError) -> None:
    messages.error(request, error.message)
    for problem in error.problems:
        messages.warning(request, problem.message)


def _refusal_status(error: WorkflowError) -> int:
    """403 when this person may not take the step, 409 when the protocol's state forbids it now."""
    return 403 if isinstance(error, NotAllowed) else 409


def _review_page(request, meeting: Meeting, *, status: int = 200, **forms):
    """The protocol as it will be printed, its state, what this user may do now — and, for
    those who work on it, its timeline. ``forms`` replaces a blank form by the one just posted
    (its text and its errors), so that a refused step loses nothing that was typed."""
    include_non_public = access.may_see_non_public(request.user, meeting.body)
    protocol = build_signed_protocol(meeting, include_non_public=include_non_public)
    stored = core_selectors.frozen_documents(meeting)
    if not include_non_public:
        stored.pop(ProtocolDocument.Variant.NON_PUBLIC, None)
    signable = []
    if meeting.status == Meeting.Status.SUBMITTED:
        submitter = selectors.submitted_by_id(meeting)
        need_code = meeting.body.signers_need_second_factor
        for line in protocol.meeting.signature_lines.all():
            if line.signature or access.signing_refusal(request.user, meeting, line, submitter) is not None:
                continue
            form = forms.get(f"sign_{line.pk}") or SignForm(
                initial={"line": line.pk}, prefix=f"line{line.pk}", need_code=need_code
            )
            person = request.user.person
            signable.append(
                SignableLine(
                    line=line,
                    form=form,
                    name=person.full_name,
                    function=signer_function(person, meeting.body, meeting.date, line.role),
                    needs_setup=need_code and not credentials.has_second_factor(request.user),
                )
            )
    is_draft = meeting.status == Meeting.Status.DRAFT
    may_submit = access.may_submit(request.user, meeting)
    # Like the meeting page: the review (comments, also on non-public items) is for those who
    # work on the protocol, not for every reader of its published part.
    events = selectors.timeline(meeting) if access.may_see_unpublished(request.user, meeting.body) else None
    context = {
        "meeting": meeting,
        "protocol": protocol,
        "stored": stored.get(ProtocolDocument.Variant.PUBLIC),
        "stored_documents": list(stored.values()),
        "stored_non_public": stored.get(ProtocolDocument.Variant.NON_PUBLIC),
        "events": events,
        "problems": check_completeness(meeting) if is_draft and may_submit else [],
        "may_submit": is_draft and may_submit,
        "submit_form": forms.get("submit") or SubmitForm(),
        "may_request_changes": meeting.status == Meeting.Status.SUBMITTED and access.may_review(request.user, meeting),
        "changes_form": forms.get("changes") or RequestChangesForm(items=protocol.items),
        "signable": signable,
        "may_publish": meeting.status == Meeting.Status.SIGNED and access.may_publish(request.user, meeting),
        "may_correct": meeting.status in (Meeting.Status.SIGNED, Meeting.Status.PUBLISHED)
        and access.may_correct(request.user, meeting),
        "correction_form": forms.get("correction") or CorrectionForm(),
    }
    if context["may_request_changes"]:
        _comments_next_to_items(context["changes_form"], protocol.items)
    # A form refused because the step is no longer offered (someone was quicker) still shows
    # what was typed, to copy from.
    offered = {"submit": "may_submit", "changes": "may_request_changes", "correction": "may_correct"}
    context["refused_forms"] = [form for name, form in forms.items() if name in offered and not context[offered[name]]]
    return render(request, "minutes/approval/review.html", context, status=status)


CHANGES_FORM_ID = "request-changes"


def _comments_next_to_items(form: RequestChangesForm, items) -> None:
    """Each item's comment box is shown next to the item as printed (``item.review_comment``),
    part of the request-changes form through the HTML ``form`` attribute: no script needed."""
    for item in items:
        name = f"item_{item.pk}"
        if name in form.fields:
            form.fields[name].widget.attrs["form"] = CHANGES_FORM_ID
            item.review_comment = form[name]


@login_required
def review(request, pk):
    return _review_page(request, _meeting_for(request, pk))


def _refused(request, meeting, error: WorkflowError, **forms):
    """The review page again, with the reason and the posted form (what was typed)."""
    _report(request, error)
    return _review_page(request, meeting, status=_refusal_status(error), **forms)


def _workspace_page(request, meeting: Meeting, *, status: int = 200, submit_form=None):
    """The workspace's “Freigabe” tab: the completeness check and the submit button, in the
    workspace's own tabs (no new browser tab); after submitting, the state and where to go."""
    is_draft = meeting.status == Meeting.Status.DRAFT
    context = {
        "meeting": meeting,
        "tab": "approval",
        "problems": check_completeness(meeting) if is_draft else [],
        "is_draft": is_draft,
        "submit_form": submit_form or SubmitForm(),
    }
    return render(request, "minutes/approval/workspace.html", context, status=status)


@require_safe
@login_required
def workspace_approval(request, pk):
    meeting = _meeting_for(request, pk)
    if not access.may_submit(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat of this body may draft its protocols."))
    return _workspace_page(request, meeting)


@login_required
def awaiting(request):
    """Protocols submitted for approval that this user reviews; marked where their signature is missing."""
    meetings = selectors.awaiting_review_marked(request.user)
    return render(request, "minutes/approval/awaiting.html", {"meetings": meetings})


@require_POST
@login_required
def submit(request, pk):
    meeting = _meeting_for(request, pk)
    form = SubmitForm(request.POST)
    # Posted from the workspace's “Freigabe” tab: answered there, in the same tab.
    from_workspace = request.POST.get("from") == "workspace" and access.may_submit(request.user, meeting)
    if not form.is_valid():
        if from_workspace:
            return _workspace_page(request, meeting, status=400, submit_form=form)
        return _review_page(request, meeting, status=400, submit=form)
    try:
        services.submit_for_approval(meeting, by=request.user, comment=form.cleaned_data["comment"])
    except WorkflowError as error:
        if from_workspace:  # the tab lists the problems itself
            messages.error(request, error.message)
            meeting.refresh_from_db()
            return _workspace_page(request, meeting, status=_refusal_status(error), submit_form=form)
        return _refused(request, meeting, error, submit=form)
    _report_notified(request, notifications.signer_addresses(meeting))
    if from_workspace:
        return redirect("minutes:workspace_approval", pk=meeting.pk)
    return redirect("minutes:approval_review", pk=meeting.pk)


def _report_notified(request, addresses: list[str]) -> None:
    """Say truthfully whom the submission mail reaches (notifications.submitted writes to them)."""
    if addresses:
        messages.success(
            request,
            ngettext(
                "The protocol was submitted for approval. %(count)d signer was notified by email.",
                "The protocol was submitted for approval. %(count)d signers were notified by email.",
                len(addresses),
            )
            % {"count": len(addresses)},
        )
    else:
        messages.success(request, _("The protocol was submitted for approval."))
        messages.warning(request, _("None of the signers has an email address: please tell them directly."))


@require_POST
@login_required
def request_changes(request, pk):
    meeting = _meeting_for(request, pk)
    items = meeting.agenda_items.all()
    if not access.may_see_non_public(request.user, meeting.body):
        items = items.filter(public=True)
    form = RequestChangesForm(request.POST, items=items)
    if not form.is_valid():
        return _review_page(request, meeting, status=400, changes=form)
    try:
        services.request_changes(
            meeting, by=request.user, comment=form.cleaned_data["comment"], item_comments=form.item_comments()
        )
    except WorkflowError as error:
        return _refused(request, meeting, error, changes=form)
    messages.success(request, _("The protocol went back to the secretariat with your comments."))
    return redirect("minutes:approval_review", pk=meeting.pk)


@require_POST
@login_required
def sign(request, pk, line_pk):
    meeting = _meeting_for(request, pk)
    form = SignForm(request.POST, prefix=f"line{line_pk}", need_code=meeting.body.signers_need_second_factor)
    if not form.is_valid():
        messages.error(request, _("Enter your password (and the code) to sign."))
        return _review_page(request, meeting, status=400)
    try:
        meeting = services.sign(
            meeting,
            by=request.user,
            line=line_pk,
            password=form.cleaned_data["password"],
            code=form.cleaned_data.get("code", ""),
            request=request,
        )
    except WorkflowError as error:
        return _refused(request, meeting, error)
    if meeting.status == Meeting.Status.SUBMITTED:
        messages.success(request, _("Your signature was recorded."))
    else:
        messages.success(request, _("Your signature was recorded. The protocol is complete and frozen."))
    return redirect("minutes:approval_review", pk=meeting.pk)


@require_POST
@login_required
def publish(request, pk):
    meeting = _meeting_for(request, pk)
    try:
        services.publish(meeting, by=request.user)
    except WorkflowError as error:
        return _refused(request, meeting, error)
    messages.success(request, _("The protocol is published."))
    return redirect("minutes:approval_review", pk=meeting.pk)


@require_POST
@login_required
def correct(request, pk):
    meeting = _meeting_for(request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _review_page(request, meeting, status=400, correction=form)
    try:
        correction = services.start_correction(meeting, by=request.user, reason=form.cleaned_data["reason"])
    except WorkflowError as error:
        return _refused(request, meeting, error, correction=form)
    messages.success(request, _("The correction was created as a draft. Correct it, then submit it for approval."))
    return redirect("minutes:approval_review", pk=correction.pk)
