"""Is a draft complete enough to be submitted for approval?

The rules are switched per body (Body.check_*); the defaults follow what German
municipal codes require of a Niederschrift (e.g. GemO BW §38): the chair, the members
present and the absent ones with the reason, every item dealt with, the motions and
their votes, and signers who were there. Each problem says what is missing and links to
the place where it is fixed.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from council import wording
from council.models import Membership
from council.names import PrintedNames
from minutes import presence
from minutes.models import Attendance, Decision, Deputation, Meeting
from minutes.protocol import preamble_values

# Roles whose holders belong in the attendance list (present, excused or absent).
ATTENDING_ROLES = [Membership.Role.MEMBER, Membership.Role.DEPUTY_CHAIR, Membership.Role.ADVISORY]
# Resolutions that were voted on; “taken note of” and “deferred” need no vote figures.
VOTED_RESULTS = [Decision.Result.ACCEPTED, Decision.Result.REJECTED]


@dataclass
class Problem:
    message: str
    url: str
    link_text: str


# Where each problem is fixed: the drafting workspace.


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    if anchor == "#attendances-group":
        return reverse("minutes:workspace_attendance", args=[meeting.pk])
    return reverse("minutes:workspace_meeting", args=[meeting.pk]) + anchor


def _item_url(item) -> str:
    return reverse("minutes:workspace_item", args=[item.pk])


def check_completeness(meeting: Meeting) -> list[Problem]:
    """What keeps this protocol from being submitted; empty when it is complete."""
    body = meeting.body
    problems: list[Problem] = []
    fix_meeting = _("Edit the meeting")
    attendances = list(meeting.attendances.select_related("person", "organization").order_by("order", "pk"))
    names = PrintedNames(body, meeting.date)

    if body.check_chair and not meeting.chair_id:
        problems.append(Problem(_("No chair is set."), _meeting_url(meeting), fix_meeting))

    if body.check_attendance and not any(a.status == Attendance.Status.PRESENT for a in attendances):
        problems.append(
            Problem(_("No attendance is recorded."), _meeting_url(meeting, "#attendances-group"), fix_meeting)
        )

    # Not a rule a body switches off: a row nobody recorded would print as nothing at all.
    for row in attendances:
        if row.status == Attendance.Status.UNRECORDED:
            problems.append(
                Problem(
                    _("%(name)s is not recorded yet: mark them present, excused or absent.")
                    % {"name": names(row.person) if row.person_id else row.name},
                    reverse("minutes:workspace_attendance", args=[meeting.pk]) + f"#attendance-{row.pk}",
                    _("Record the attendance"),
                )
            )

    if body.check_absences:
        deputised = Deputation.objects.filter(deputy__meeting=meeting).values_list("member_id", flat=True)
        listed = {a.person_id for a in attendances if a.person_id} | set(deputised)
        missing = (
            Membership.objects.active(meeting.date)
            .filter(body=body, role__in=ATTENDING_ROLES, deputy_of__isnull=True)
            .exclude(person_id__in=listed)
            .exclude(person_id=meeting.chair_id)
            .select_related("person")
            .order_by("order", "person__family_name")
        )
        seen = set()
        for membership in missing:
            if membership.person_id in seen:
                continue
            seen.add(membership.person_id)
            problems.append(
                Problem(
                    _(
                        "%(name)s is a member of the body but missing from the attendance list: "
                        "record them as present, excused or absent."
                    )
                    % {"name": names(membership.person)},
                    _meeting_url(meeting, "#attendances-group"),
                    fix_meeting,
                )
            )

    if body.preamble:
        values = preamble_values(meeting, names)
        unstated = [
            str(wording.PREAMBLE_PLACEHOLDERS[name])
            for name in dict.fromkeys(wording.placeholders_in(body.preamble))
            if name in values and values[name] is None
        ]
        if unstated:
            problems.append(
                Problem(
                    _("The preamble needs: %(facts)s.") % {"facts": ", ".join(unstated)},
                    _meeting_url(meeting),
                    fix_meeting,
                )
            )

    items = list(meeting.agenda_items.prefetch_related("contributions", "decisions__named_votes__person"))
    at_items = presence.item_presence(meeting) if any(item.decisions.all() for item in items) else {}
    for item in items:
        if body.check_item_content and not (
            item.without_discussion or item.contributions.all() or item.decisions.all()
        ):
            problems.append(
                Problem(
                    _(
                        "Item %(number)s “%(title)s” has no contribution and no decision. Add them, or mark "
                        "the item “without discussion”."
                    )
                    % {"number": item.number, "title": item.title},
                    _item_url(item),
                    _("Edit item %(number)s") % {"number": item.number},
                )
            )
        for decision in item.decisions.all():
            problems += _vote_problems(item, decision, at_items[item.pk], names)
        if body.check_votes:
            for decision in item.decisions.all():
                if decision.result in VOTED_RESULTS and None in (
                    decision.votes_yes,
                    decision.votes_no,
                    decision.votes_abstain,
                ):
                    problems.append(
                        Problem(
                            _("A resolution under item %(number)s lacks its vote: yes, no and abstentions.")
                            % {"number": item.number},
                            _item_url(item),
                            _("Edit item %(number)s") % {"number": item.number},
                        )
                    )

    if body.check_signers:
        problems += _signer_problems(meeting, attendances, fix_meeting)

    # Not a rule a body switches off: an attachment is frozen with the protocol, so its file
    # must be there (its checksums are compared when the last signature freezes it).
    for attachment in meeting.attachments.select_related("file"):
        if not attachment.file.content.storage.exists(attachment.file.content.name):
            problems.append(
                Problem(
                    _("The file of attachment %(number)s “%(title)s” is missing: upload it again.")
                    % {"number": attachment.order, "title": attachment.title},
                    reverse("minutes:workspace_attachments", args=[meeting.pk]),
                    _("Edit the attachments"),
                )
            )
    return problems


def _vote_problems(item, decision, at_item: presence.ItemPresence, names) -> list[Problem]:
    """Votes the attendance no longer allows (it changed after the vote was recorded): more
    votes than seats held at the item, named voters who held none."""
    problems = []
    fix = _("Edit item %(number)s") % {"number": item.number}
    total = sum(v or 0 for v in (decision.votes_yes, decision.votes_no, decision.votes_abstain, decision.votes_biased))
    if total > at_item.count:
        problems.append(
            Problem(
                _(
                    "A resolution under item %(number)s has %(total)s votes, but only %(present)s voting members "
                    "were present."
                )
                % {"number": item.number, "total": total, "present": at_item.count},
                _item_url(item),
                fix,
            )
        )
    for vote in decision.named_votes.all():
        if at_item.seat_of(vote.person_id) is None:
            problems.append(
                Problem(
                    _("%(name)s voted by name under item %(number)s but held no vote there.")
                    % {"name": names(vote.person), "number": item.number},
                    _item_url(item),
                    fix,
                )
            )
    return problems


def _signer_problems(meeting: Meeting, attendances, fix_meeting) -> list[Problem]:
    problems = []
    url = _meeting_url(meeting, "#signatures")
    fix = _("Edit the signature lines")
    lines = list(meeting.signature_lines.select_related("person"))
    names = PrintedNames(meeting.body, meeting.date)
    required = list(meeting.body.signature_roles or [])
    if not lines:
        problems.append(Problem(_("The protocol has no signature lines."), url, fix))
        return problems
    if len(lines) < len(required):
        problems.append(
            Problem(
                _("The body requires %(required)d signatures, but the protocol has %(lines)d signature lines.")
                % {"required": len(required), "lines": len(lines)},
                url,
                fix,
            )
        )
    present = {a.person_id for a in attendances if a.status == Attendance.Status.PRESENT}
    present |= set(meeting.minute_takers.values_list("person_id", flat=True))
    if meeting.chair_id:
        present.add(meeting.chair_id)
    holders = Membership.objects.active(meeting.date).filter(body=meeting.body)
    for line in lines:
        function = line.get_role_display()
        if not line.person_id:
            if not holders.filter(role=line.role).exists():
                problems.append(
                    Problem(
                        _(
                            "Nobody holds the function “%(function)s” in this body on the meeting's date, "
                            "so nobody could sign its line."
                        )
                        % {"function": function},
                        url,
                        fix,
                    )
                )
            continue
        if line.person_id not in present and not holders.filter(person_id=line.person_id, role=line.role).exists():
            problems.append(
                Problem(
                    _(
                        "%(name)s signs the protocol but neither attended the meeting nor holds the function "
                        "“%(function)s”."
                    )
                    % {"name": names(line.person), "function": function},
                    url,
                    fix,
                )
            )
    return problems
