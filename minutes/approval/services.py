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
from minutes.approval import archive, credentials, tasks
from minutes.approval.completeness import check_completeness
from minutes.approval.selectors import submitted_by_id
from minutes.drafting import services as drafting
from minutes.exceptions import NotAllowed, SealUnavailable, WorkflowError
from minutes.models import (
    AgendaItem,
    Meeting,
    ProtocolEvent,
    Signature,
    SignatureLine,
)
from minutes.protocol import signer_function

Status = Meeting.Status
Action = ProtocolEvent.Action
# The longest comment, note or reason a step records (ProtocolEvent.comment).
COMMENT_LIMIT = ProtocolEvent._meta.get_field("comment").max_length


def _within_limit(*texts: str) -> None:
    if any(len(text or "") > COMMENT_LIMIT for text in texts):
        raise WorkflowError(
            _("A comment may have at most %(limit)d characters; nothing was recorded.") % {"limit": COMMENT_LIMIT}
        )


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
    _within_limit(comment)
    meeting = _locked(meeting)
    if not access.may_submit(by, meeting):
        raise NotAllowed(_("Only the secretariat of this body submits its protocols."))
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
    _within_limit(comment, *(item_comments or {}).values())
    meeting = _locked(meeting)
    if not access.may_review(by, meeting):
        raise NotAllowed(_("Only the chair and the signers of this protocol may request changes."))
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


def sign(
    meeting: Meeting, *, by: AbstractBaseUser, line: SignatureLine | int, password: str, code: str = "", request=None
) -> Meeting:
    """Record one signature, after the signer confirmed their password (and, where the body
    asks for it, a code from their authenticator app or a recovery code).

    The name and function printed with the signature are the signer's own, from their person
    and their membership in the body (protocol.signer_function) — never the line's. A wrong
    password or code signs nothing, is recorded in the timeline and counts against the login's
    brute-force limit (credentials.check; ``request`` is the web request it is counted for).
    The last required signature freezes the protocol: its HTML and PDF are rendered once and
    stored with their checksums (archive.freeze), and the content is locked for good.
    """
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    line = _signable_line(meeting, line, by)  # refused before any password is looked at
    if meeting.body.signers_need_second_factor and not credentials.has_second_factor(by):
        raise NotAllowed(
            _(
                "This body signs with two factors: set up your authenticator app under "
                "“Two-factor authentication” first."
            )
        )
    refusal = credentials.check(
        by, password=password, code=code, need_code=meeting.body.signers_need_second_factor, request=request
    )
    if refusal:
        # Outside the signature's transaction, so that the attempt stays on record.
        _record(meeting, Action.SIGNING_FAILED, by, refusal.record)
        raise NotAllowed(refusal.message)
    return _sign(meeting, by=by, line=line)


def _signable_line(meeting: Meeting, line: SignatureLine | int, by) -> SignatureLine:
    """The line, if the protocol is submitted, the line is its own and unsigned, and ``by`` may sign it."""
    if meeting.status != Status.SUBMITTED:
        raise WorkflowError(_("Only a protocol submitted for approval can be signed."))
    line = meeting.signature_lines.select_related("person").filter(pk=getattr(line, "pk", line)).first()
    if line is None:
        raise WorkflowError(_("This signature line does not belong to this protocol."))
    refusal = access.signing_refusal(by, meeting, line, submitted_by_id(meeting))
    if refusal:
        raise NotAllowed(refusal)
    if meeting.signatures.filter(line=line).exists():
        raise WorkflowError(_("This line has already been signed."))
    return line


@transaction.atomic
def _sign(meeting: Meeting, *, by, line: SignatureLine) -> Meeting:
    meeting = _locked(meeting)
    line = _signable_line(meeting, line, by)  # again, under the lock: a request for changes may have come first
    person = by.person
    name = person.full_name
    function = signer_function(person, meeting.body, meeting.date, line.role)
    with lock.unlocked():
        Signature.objects.create(
            meeting=meeting, line=line, role=line.role, signer=by, person=person, name=name, function=function
        )
    _record(meeting, Action.SIGNED, by, f"{name}, {function}")
    if meeting.signatures.count() == meeting.signature_lines.count():
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
        else:
            _after_commit(tasks.notify, "signed", meeting.pk)
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
        raise NotAllowed(_("Only the secretariat of this body publishes its protocols."))
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
    _within_limit(reason)
    original = _locked(meeting)
    if not access.may_correct(by, original):
        raise NotAllowed(_("Only the secretariat of this body corrects its protocols."))
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
