"""Every state change of a protocol: submit, request changes, sign, publish, correct.

Each transition locks the meeting row, checks the state, checks who acts (rules in
access.py), writes, and records a ProtocolEvent. Views, the admin and management
commands call these functions; none of them sets ``status`` itself. The database
refuses status changes that do not come through here (lock.py, migration 0005).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from minutes import access, frozen_copies, lock
from minutes.approval import archive, tasks
from minutes.approval.completeness import check_completeness
from minutes.approval.selectors import submitted_by_id
from minutes.drafting import services as drafting
from minutes.exceptions import SealUnavailable, WorkflowError
from minutes.models import (
    AgendaItem,
    Meeting,
    ProtocolEvent,
    Signature,
    SignatureLine,
)

Status = Meeting.Status
Action = ProtocolEvent.Action


def _locked(meeting: Meeting) -> Meeting:
    """The meeting row, locked for the rest of the transaction, with its current status."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def _set_status(meeting: Meeting, status: str) -> None:
    meeting.status = status
    with lock.unlocked():
        meeting.save(update_fields=["status", "modified"])


def _after_commit(task, *args) -> None:
    """Enqueue a task (tasks.py) once the transaction has committed: it reads what was written."""
    transaction.on_commit(lambda: task.enqueue(*args))


def _record(meeting: Meeting, action: str, by, comment: str = "", item: AgendaItem | None = None) -> ProtocolEvent:
    return ProtocolEvent.objects.create(meeting=meeting, action=action, actor=by, comment=comment, item=item)


@transaction.atomic
def submit_for_approval(meeting: Meeting, *, by: AbstractBaseUser, comment: str = "") -> Meeting:
    """The secretariat hands a complete draft to the chair and the signers."""
    meeting = _locked(meeting)
    if not access.may_submit(by, meeting):
        raise WorkflowError(_("Only the secretariat of this body submits its protocols."))
    if meeting.status != Status.DRAFT:
        raise WorkflowError(_("Only a draft can be submitted for approval."))
    problems = check_completeness(meeting)
    if problems:
        raise WorkflowError(_("The protocol is not complete yet; nothing was submitted."), problems)
    _set_status(meeting, Status.SUBMITTED)
    _record(meeting, Action.SUBMITTED, by, comment)
    _after_commit(tasks.notify, "submitted", meeting.pk)
    return meeting


@transaction.atomic
def request_changes(
    meeting: Meeting, *, by: AbstractBaseUser, comment: str = "", item_comments: dict[int, str] | None = None
) -> Meeting:
    """The chair (or another signer) sends the protocol back to the secretariat with comments.

    Signatures given so far are withdrawn: they were given to a text that will change.
    """
    meeting = _locked(meeting)
    if not access.may_review(by, meeting):
        raise WorkflowError(_("Only the chair and the signers of this protocol may request changes."))
    if meeting.status != Status.SUBMITTED:
        raise WorkflowError(_("Changes can only be requested while the protocol is submitted for approval."))
    item_comments = {pk: text.strip() for pk, text in (item_comments or {}).items() if text and text.strip()}
    comment = comment.strip()
    if not comment and not item_comments:
        raise WorkflowError(_("Say what should change: write a comment on the protocol or on an item."))
    items = {item.pk: item for item in meeting.agenda_items.filter(pk__in=item_comments)}
    if len(items) != len(item_comments):
        raise WorkflowError(_("A comment refers to an item that is not part of this protocol."))
    for pk, text in item_comments.items():
        _record(meeting, Action.COMMENTED, by, text, item=items[pk])
    withdrawn = list(meeting.signatures.all())
    with lock.unlocked():
        meeting.signatures.all().delete()
    _set_status(meeting, Status.DRAFT)
    if withdrawn:
        label = _("Signatures withdrawn")
        comment = f"{comment}\n\n{label}: {', '.join(s.name for s in withdrawn)}".strip()
    _record(meeting, Action.CHANGES_REQUESTED, by, comment)
    _after_commit(tasks.notify, "changes_requested", meeting.pk)
    return meeting


@transaction.atomic
def sign(meeting: Meeting, *, by: AbstractBaseUser, line: SignatureLine, password: str) -> Meeting:
    """Record one signature, after the signer confirmed their password.

    The last required signature freezes the protocol: its HTML and PDF are rendered once
    and stored with their checksums (archive.freeze), and the content is locked for good.
    """
    meeting = _locked(meeting)
    if meeting.status != Status.SUBMITTED:
        raise WorkflowError(_("Only a protocol submitted for approval can be signed."))
    lines = list(meeting.signature_lines.select_related("person"))
    line = next((candidate for candidate in lines if candidate.pk == getattr(line, "pk", line)), None)
    if line is None:
        raise WorkflowError(_("This signature line does not belong to this protocol."))
    roles = access.line_roles(meeting, lines)
    refusal = access.signing_refusal(by, meeting, line, roles[line.pk], submitted_by_id(meeting))
    if refusal:
        raise WorkflowError(refusal)
    if not password or not by.check_password(password):
        raise WorkflowError(_("The password is not correct. Nothing was signed."))
    if meeting.signatures.filter(line=line).exists():
        raise WorkflowError(_("This line has already been signed."))
    person = by.person
    with lock.unlocked():
        Signature.objects.create(
            meeting=meeting,
            line=line,
            role=roles[line.pk],
            signer=by,
            person=person,
            name=line.name,
            function=line.function,
        )
    _record(meeting, Action.SIGNED, by, f"{line.name}, {line.function}")
    if meeting.signatures.count() == len(lines):
        _set_status(meeting, Status.SIGNED)
        try:
            with lock.unlocked():
                archive.freeze(meeting)
        except SealUnavailable as error:  # rolls the whole signature back
            raise WorkflowError(
                _("Nothing was signed: the protocol cannot be sealed (%(reason)s). Please tell the administrator.")
                % {"reason": error.message}
            ) from error
        _record(meeting, Action.FROZEN, None)
        if meeting.body.publish_on_signing:
            _publish(meeting, by)
    return meeting


def _publish(meeting: Meeting, by) -> None:
    _set_status(meeting, Status.PUBLISHED)
    _record(meeting, Action.PUBLISHED, by)
    # Kept pages may now be out of date: a published correction adds a link to its original.
    transaction.on_commit(frozen_copies.forget_pages)
    _after_commit(frozen_copies.prepare_copies, meeting.pk)
    _after_commit(tasks.notify, "published", meeting.pk)


@transaction.atomic
def publish(meeting: Meeting, *, by: AbstractBaseUser) -> Meeting:
    """The secretariat publishes a signed protocol: members read all of it, everyone its public part."""
    meeting = _locked(meeting)
    if not access.may_publish(by, meeting):
        raise WorkflowError(_("Only the secretariat of this body publishes its protocols."))
    if meeting.status != Status.SIGNED:
        raise WorkflowError(_("Only a signed protocol can be published."))
    _publish(meeting, by)
    return meeting


@transaction.atomic
def start_correction(meeting: Meeting, *, by: AbstractBaseUser, reason: str) -> Meeting:
    """Begin a correction (Berichtigung) of a signed protocol: a new draft, copied from it.

    The correction states its reason, goes through the same review and signatures, and
    links to the original, which stays as it was signed.
    """
    original = _locked(meeting)
    if not access.may_correct(by, original):
        raise WorkflowError(_("Only the secretariat of this body corrects its protocols."))
    if original.status not in (Status.SIGNED, Status.PUBLISHED):
        raise WorkflowError(_("Only a signed protocol is corrected; a draft is simply edited."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("A correction must state its reason."))
    if original.corrections.exclude(status__in=[Status.SIGNED, Status.PUBLISHED]).exists():
        raise WorkflowError(_("A correction of this protocol is already in progress."))
    if original.corrections.exists():
        raise WorkflowError(_("This protocol has been corrected already: correct its latest edition instead."))
    correction = drafting.copy_protocol(
        original, by=by, corrects=original, correction_reason=reason, edition=original.edition + 1
    )
    _record(original, Action.CORRECTION_STARTED, by, reason)
    _record(correction, Action.CORRECTION_STARTED, by, reason)
    return correction
