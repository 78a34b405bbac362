"""Views of the approval workflow: review, submit, request changes, sign, publish, correct.

Thin: check who may look, call a service, turn a WorkflowError into a message. The
rules themselves live in services.py and minutes/access.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from minutes import access
from minutes import selectors as core_selectors
from minutes.approval import notifications, selectors, services
from minutes.approval.completeness import check_completeness
from minutes.approval.forms import CorrectionForm, RequestChangesForm, SignForm, SubmitForm
from minutes.exceptions import WorkflowError
from minutes.models import Meeting, ProtocolDocument
from minutes.protocol import build_signed_protocol


def _meeting_for(request, pk) -> Meeting:
    return get_object_or_404(core_selectors.with_archive_state(access.visible_meetings(request.user)), pk=pk)


def _report(request, error: WorkflowError) -> None:
    messages.error(request, error.message)
    for problem in error.problems:
        messages.warning(request, problem.message)


@login_required
def review(request, pk):
    """The protocol as it will be printed, its state, its timeline, and what this user may do now."""
    meeting = _meeting_for(request, pk)
    include_non_public = access.may_see_non_public(request.user, meeting.body)
    protocol = build_signed_protocol(meeting, include_non_public=include_non_public)
    stored = core_selectors.frozen_documents(meeting)
    if not include_non_public:
        stored.pop(ProtocolDocument.Variant.NON_PUBLIC, None)
    lines = list(protocol.meeting.signature_lines.all())
    roles = access.line_roles(meeting, lines)
    submitter = selectors.submitted_by_id(meeting)
    signable = []
    if meeting.status == Meeting.Status.SUBMITTED:
        for line in lines:
            refusal = access.signing_refusal(request.user, meeting, line, roles[line.pk], submitter)
            if not line.signature and refusal is None:
                signable.append((line, SignForm(initial={"line": line.pk}, prefix=f"line{line.pk}")))
    is_draft = meeting.status == Meeting.Status.DRAFT
    may_submit = access.may_submit(request.user, meeting)
    context = {
        "meeting": meeting,
        "protocol": protocol,
        "stored": stored.get(ProtocolDocument.Variant.PUBLIC),
        "stored_documents": list(stored.values()),
        "stored_non_public": stored.get(ProtocolDocument.Variant.NON_PUBLIC),
        "events": selectors.timeline(meeting),
        "problems": check_completeness(meeting) if is_draft and may_submit else [],
        "may_submit": is_draft and may_submit,
        "submit_form": SubmitForm(),
        "may_request_changes": meeting.status == Meeting.Status.SUBMITTED and access.may_review(request.user, meeting),
        "changes_form": RequestChangesForm(items=protocol.items),
        "signable": signable,
        "may_publish": meeting.status == Meeting.Status.SIGNED and access.may_publish(request.user, meeting),
        "may_correct": meeting.status in (Meeting.Status.SIGNED, Meeting.Status.PUBLISHED)
        and access.may_correct(request.user, meeting),
        "correction_form": CorrectionForm(),
    }
    return render(request, "minutes/approval/review.html", context)


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
    form.is_valid()
    try:
        services.submit_for_approval(meeting, by=request.user, comment=form.cleaned_data.get("comment", ""))
    except WorkflowError as error:
        _report(request, error)
    else:
        _report_notified(request, notifications.signer_addresses(meeting))
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
    form = RequestChangesForm(request.POST, items=meeting.agenda_items.all())
    form.is_valid()
    try:
        services.request_changes(
            meeting, by=request.user, comment=form.cleaned_data.get("comment", ""), item_comments=form.item_comments()
        )
    except WorkflowError as error:
        _report(request, error)
    else:
        messages.success(request, _("The protocol went back to the secretariat with your comments."))
    return redirect("minutes:approval_review", pk=meeting.pk)


@require_POST
@login_required
def sign(request, pk, line_pk):
    meeting = _meeting_for(request, pk)
    form = SignForm(request.POST, prefix=f"line{line_pk}")
    if not form.is_valid():
        messages.error(request, _("Enter your password to sign."))
        return redirect("minutes:approval_review", pk=meeting.pk)
    try:
        meeting = services.sign(meeting, by=request.user, line=line_pk, password=form.cleaned_data["password"])
    except WorkflowError as error:
        _report(request, error)
    else:
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
        _report(request, error)
    else:
        messages.success(request, _("The protocol is published."))
    return redirect("minutes:approval_review", pk=meeting.pk)


@require_POST
@login_required
def correct(request, pk):
    meeting = _meeting_for(request, pk)
    form = CorrectionForm(request.POST)
    form.is_valid()
    try:
        correction = services.start_correction(meeting, by=request.user, reason=form.cleaned_data.get("reason", ""))
    except WorkflowError as error:
        _report(request, error)
        return redirect("minutes:approval_review", pk=meeting.pk)
    messages.success(request, _("The correction was created as a draft. Correct it, then submit it for approval."))
    return redirect("minutes:approval_review", pk=correction.pk)
