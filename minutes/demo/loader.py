"""Build the demo data from ``minutes.demo.seed``, idempotently.

Registry objects (body, organisations, people, memberships, logins) are looked up by
their natural keys and updated in place. The protocols are written the way the
secretariat writes them: through the drafting services, as the demo login
``sekretariat`` (so their history names her). A meeting still in draft from an earlier
run is deleted through the services and built again, so a second run leaves the same
data as the first; a protocol that has left the draft state is locked and left alone.
"""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont
from weasyprint import HTML

from council.groups import attendance_groups, guest_group
from council.models import AttendanceGroup, Body, LegislativeTerm, Location, Membership, Organization, Person, TextBlock
from minutes import access, files
from minutes.drafting import papers as drafting_papers
from minutes.drafting import services as drafting
from minutes.models import (
    Attendance,
    Contribution,
    Figure,
    Meeting,
    MinuteTaker,
    Paper,
)

from . import committee, seed


@dataclass
class Result:
    meeting: Meeting
    items: int
    contributions: int
    attendances: int
    users: list  # [(username, description)]
    committee: Meeting  # the second body's protocol (minutes.demo.committee)


def load_demo(*, sign: bool = True) -> Result:
    """Build the demo; with ``sign``, put the seed protocol through the approval workflow.

    A seed protocol that has already left the draft state (submitted, signed,
    published) is left alone: it is locked, and a rerun must not fail on it.
    """
    with transaction.atomic():
        body = _body()
        organizations = _organizations()
        people = _people()
        _memberships(body, people, organizations)
        users = _users(people)
        _secretariat_admin_access()
        secretariat = get_user_model().objects.get(username="sekretariat")
        meeting = Meeting.objects.filter(body=body, number=seed.MEETING["number"], corrects__isnull=True).first()
        if meeting is None or meeting.status == Meeting.Status.DRAFT:
            meeting = _meeting(body, people, by=secretariat)
            _attendance(meeting, people, by=secretariat)
            _agenda(meeting, people, organizations, by=secretariat)
            _signature_lines(meeting, people, by=secretariat)
        _second_meeting(body, people, by=secretariat)
    if sign and meeting.status == Meeting.Status.DRAFT:
        _approve(meeting)
    committee_meeting, committee_users = load_committee(sign=sign)
    items = meeting.agenda_items.count()
    contributions = Contribution.objects.filter(item__meeting=meeting).count()
    return Result(
        meeting=meeting,
        items=items,
        contributions=contributions,
        attendances=meeting.attendances.count(),
        users=users + committee_users,
        committee=committee_meeting,
    )


# ------------------------------------------------------------------------ registry


def _body() -> Body:
    body, _ = Body.objects.update_or_create(
        name=seed.BODY["name"], defaults={k: v for k, v in seed.BODY.items() if k != "name"}
    )
    for order, (title, text) in enumerate(TEXT_BLOCKS, start=1):
        TextBlock.objects.update_or_create(body=body, title=title, defaults={"text": text, "order": order})
    return body


# The body's recurring phrases (Textbausteine), inserted from the item page's list.
TEXT_BLOCKS = [
    ("Niederschrift genehmigt", "Die Niederschrift der letzten Sitzung wird ohne Änderungen genehmigt."),
    ("Keine Fragen", "Fragen werden nicht gestellt."),
    ("Kenntnisnahme", "Der Integrationsbeirat nimmt den Bericht zur Kenntnis."),
]


def _organizations() -> dict[str, Organization]:
    return {
        name: Organization.objects.update_or_create(name=name, defaults={"organization_type": kind})[0]
        for name, kind in seed.ORGANIZATIONS.items()
    }


def _all_printed_names() -> list[str]:
    names = (
        [seed.CHAIR]
        + seed.PRESENT_NAMES
        + seed.MINUTE_TAKER_NAMES
        + seed.EXCUSED_NAMES
        + seed.ABSENT_NAMES
        + seed.GUEST_NAMES
    )
    return list(dict.fromkeys(names))  # unique, in order


def _people() -> dict[str, Person]:
    """Every person of the protocol, keyed by the name as printed (“Frau Duczkowska”)."""
    people = {}
    for printed in _all_printed_names():
        form_of_address, family_name = printed.split(" ", 1)
        people[printed], _ = Person.objects.get_or_create(
            form_of_address=form_of_address,
            family_name=family_name,
            given_name=seed.GIVEN_NAMES.get(printed, ""),
        )
    return people


def _affiliation_parts(text: str, organizations) -> tuple[Organization | None, str]:
    """A printed affiliation → (organisation, label) of a membership."""
    if text in seed.AFFILIATION_PARTS:
        org_name, label = seed.AFFILIATION_PARTS[text]
        return (organizations[org_name] if org_name else None), label
    return organizations[text], ""


def _memberships(body, people, organizations) -> None:
    # (printed name, role, voting right, printed affiliation or "")
    rows = [(seed.CHAIR, Membership.Role.CHAIR, True, "")]
    members = zip(
        seed.PRESENT_NAMES + seed.EXCUSED_NAMES + seed.ABSENT_NAMES,
        seed.PRESENT_AFFILIATIONS + seed.EXCUSED_AFFILIATIONS + seed.ABSENT_AFFILIATIONS,
        strict=True,
    )
    for name, affiliation in members:
        if name == seed.MANAGEMENT:
            rows.append((name, Membership.Role.MANAGEMENT, False, affiliation))
        elif name in seed.MINUTE_TAKERS:
            continue  # added with the minute-takers below
        else:
            rows.append((name, Membership.Role.MEMBER, True, affiliation))
    for name, affiliation in zip(seed.MINUTE_TAKER_NAMES, seed.MINUTE_TAKER_AFFILIATIONS, strict=True):
        rows.append((name, Membership.Role.MINUTE_TAKER, False, affiliation))
        if name == seed.SECRETARIAT:
            rows.append((name, Membership.Role.SECRETARIAT, False, affiliation))

    for order, (name, role, voting_right, affiliation) in enumerate(rows, start=1):
        organization, label = _affiliation_parts(affiliation, organizations) if affiliation else (None, "")
        Membership.objects.update_or_create(
            body=body,
            person=people[name],
            role=role,
            defaults={
                "voting_right": voting_right,
                "on_behalf_of": organization,
                "label": label,
                "order": order,
                "start_date": None,
                "end_date": None,
                "deputy_of": None,
                "function": seed.FUNCTIONS_AS_SIGNED.get(name, "") if role in {"chair", "management"} else "",
            },
        )


# ------------------------------------------------------------------------- meeting


def _meeting(body, people, *, by) -> Meeting:
    """The seed meeting, new: an earlier run's draft is discarded first."""
    number = seed.MEETING["number"]
    _discard_draft(Meeting.objects.filter(body=body, number=number, corrects__isnull=True).first(), by=by)
    facts = {name: value for name, value in seed.MEETING.items() if name != "number"}
    return drafting.add_content(Meeting(body=body, number=number, chair=people[seed.CHAIR], **facts), by=by)


def _discard_draft(meeting: Meeting | None, *, by) -> None:
    """Delete a draft of an earlier run (with its figures' files, so none pile up)."""
    if meeting is None:
        return
    for figure in Figure.objects.filter(item__meeting=meeting).exclude(image=""):
        figure.image.delete(save=False)
    drafting.delete_content(meeting, by=by)  # with everything that hangs on it


def _attendance(meeting, people, *, by) -> None:
    # The seed prints everyone who is not a guest in one list per status, without groups:
    # all of them in the body's voting group, as the attendance was kept before groups.
    groups = attendance_groups(meeting.body)
    members = next(g for g in groups if g.kind == AttendanceGroup.Kind.MEMBERS and g.votes)
    guests = guest_group(groups)
    blocks = [
        (seed.PRESENT_NAMES, seed.PRESENT_AFFILIATIONS, Attendance.Status.PRESENT, members),
        (seed.EXCUSED_NAMES, seed.EXCUSED_AFFILIATIONS, Attendance.Status.EXCUSED, members),
        (seed.ABSENT_NAMES, seed.ABSENT_AFFILIATIONS, Attendance.Status.ABSENT, members),
        (seed.GUEST_NAMES, seed.GUEST_AFFILIATIONS, Attendance.Status.PRESENT, guests),
    ]
    for names, affiliations, status, group in blocks:
        for name, affiliation in zip(names, affiliations, strict=True):
            row = Attendance(
                meeting=meeting,
                person=people[name],
                status=status,
                group=group,
                affiliation=affiliation,
                arrival=seed.ARRIVALS.get(name),
            )
            drafting.add_content(row, by=by, append=True)

    for name, affiliation in zip(seed.MINUTE_TAKER_NAMES, seed.MINUTE_TAKER_AFFILIATIONS, strict=True):
        row = MinuteTaker(meeting=meeting, person=people[name], affiliation=affiliation)
        drafting.add_content(row, by=by, append=True)


def _agenda(meeting, people, organizations, *, by) -> None:
    for data in seed.AGENDA:
        item = drafting.add_agenda_item(
            meeting, by=by, number=data["number"], title=data["title"], public=data["public"]
        )
        for person, organization, role in data["presenters"]:
            drafting.add_presenter(
                item,
                by=by,
                person=people[person] if person else None,
                organization=organizations[organization] if organization else None,
                role=role,
            )
        contributions = [
            drafting.add_contribution(
                item,
                by=by,
                speaker=people[entry["speaker"]] if entry["speaker"] else None,
                speaker_prefix=entry["prefix"],
                text=entry["text"],
            )
            for entry in data["contributions"]
        ]
        for entry in data["decisions"]:
            drafting.add_decision(item, by=by, **entry)
        for entry in data["figures"]:
            image = _placeholder(entry["file_name"], entry["placeholder_text"])
            drafting.add_figure(
                item,
                by=by,
                image=image,
                after=contributions[entry["after"] - 1] if entry["after"] else None,
                caption=entry["caption"],
                description=entry["description"],
            )


def _placeholder(file_name: str, text: str) -> files.CleanFile:
    """The placeholder image, checked and re-encoded like an upload."""
    image = files.clean_image(ContentFile(_placeholder_png(text), name=file_name))
    # Stored under its checksum, the same every run: remove a leftover of an interrupted
    # run that no figure refers to, so that the storage does not invent “…_abc1234.png”.
    field = Figure._meta.get_field("image")
    target = field.generate_filename(None, image.as_content_file().name)
    if field.storage.exists(target) and not Figure.objects.filter(image=target).exists():
        field.storage.delete(target)
    return image


def _placeholder_png(text: str, size=(1200, 600)) -> bytes:
    image = Image.new("RGB", size, (235, 235, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle([(0, 0), (size[0] - 1, size[1] - 1)], outline=(170, 170, 170), width=4)
    font, text = _placeholder_font(text, size=36)
    draw.text((size[0] / 2, size[1] / 2), text, fill=(80, 80, 80), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _placeholder_font(text: str, size: int):
    """A system font with “–” and umlauts, else Pillow's bundled one (which lacks “–”)."""
    for name in ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf"):
        try:
            return ImageFont.truetype(name, size), text
        except OSError:
            continue
    return ImageFont.load_default(size=size), text.replace("–", "-")


def _signature_lines(meeting, people, *, by) -> None:
    for person, role in seed.SIGNATURE_LINES:
        drafting.add_signature_line(meeting, by=by, role=role, person=people[person])


# -------------------------------------------------------------------------- logins


def _users(people) -> list[tuple[str, str]]:
    entries = [
        (username, people[printed] if printed else None, description)
        for username, printed, description in seed.DEMO_USERS
    ]
    return _logins(entries)


def _logins(entries) -> list[tuple[str, str]]:
    """Demo logins (username, person or None, description) with the demo password, each
    linked to its person; superusers as seed.SUPERUSERS says."""
    User = get_user_model()
    created = []
    for username, person, description in entries:
        superuser = username in seed.SUPERUSERS
        user, _ = User.objects.get_or_create(username=username)
        user.is_active = True
        user.is_staff = superuser
        user.is_superuser = superuser
        # So the approval mails show up (console backend in `make run`); example.org never delivers.
        user.email = f"{username}@example.org"
        if person:
            user.first_name = person.given_name
            user.last_name = person.family_name
        if not user.check_password(seed.DEMO_PASSWORD):
            user.set_password(seed.DEMO_PASSWORD)  # bypasses the validators: demo only
        user.save()
        if person:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user", "modified"])
        created.append((username, description))
    return created


# ---------------------------------------------------------------- approval workflow


def _approve(meeting: Meeting, *, submitter: str = "sekretariat", signers=("vorsitz", "geschaeftsfuehrung")) -> None:
    """Submit, sign and publish a demo protocol through the real services, as people would."""
    from minutes.approval import services

    User = get_user_model()
    secretariat = User.objects.get(username=submitter)
    services.submit_for_approval(meeting, by=secretariat)
    for username in signers:
        signer = User.objects.get(username=username)
        # The line naming them, or one of a function they hold (the committee's minute-taker).
        line = access.lines_for(signer, meeting).exclude(pk__in=meeting.signatures.values("line_id")).first()
        services.sign(meeting, by=signer, line=line, password=seed.DEMO_PASSWORD)  # the demo body asks no code
    meeting.refresh_from_db()
    if meeting.status == Meeting.Status.SIGNED:
        services.publish(meeting, by=secretariat)
    meeting.refresh_from_db()


def _second_meeting(body, people, *, by) -> Meeting:
    """A later meeting as a draft to try the workflow on, started and written the way the
    secretariat does it in the workspace; left alone once it is submitted."""
    number = seed.SECOND_MEETING["number"]
    meeting = Meeting.objects.filter(body=body, number=number, corrects__isnull=True).first()
    if meeting is not None and meeting.status != Meeting.Status.DRAFT:
        return meeting
    _discard_draft(meeting, by=by)

    facts = {name: value for name, value in seed.SECOND_MEETING.items() if name not in ("number", "date")}
    # Everyone on the roster present, minute-takers and signature lines from the body's rules.
    meeting = drafting.start_meeting(
        body, by=by, number=number, date=seed.SECOND_MEETING["date"], chair=people[seed.CHAIR], **facts
    )
    excused = [people[name] for name in seed.SECOND_MEETING_EXCUSED]
    for attendance in meeting.attendances.filter(person__in=excused):
        drafting.save_attendance(attendance, by=by, status=Attendance.Status.EXCUSED)
    for data in seed.SECOND_MEETING_AGENDA:
        item = drafting.add_agenda_item(
            meeting,
            by=by,
            number=data["number"],
            title=data["title"],
            without_discussion=data.get("without_discussion", False),
        )
        for speaker, text in data["contributions"]:
            drafting.add_contribution(item, by=by, speaker=people[speaker], text=text)
    for entry in seed.SECOND_MEETING_ATTACHMENTS:
        png = ContentFile(_placeholder_png(entry["placeholder_text"]), name=entry["file_name"])
        drafting.add_attachment(meeting, by=by, upload=files.clean_attachment(png), title=entry["title"])
    return meeting


def _secretariat_admin_access() -> None:
    """The demo secretariat may edit protocol content in the admin, where the completeness
    check links to (the drafting workspace replaces that). Locked protocols stay read-only there."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.get(username="sekretariat")
    models = ["meeting", "minutetaker", "attendance", "agendaitem", "presenter", "contribution", "decision",
              "figure", "signatureline"]  # fmt: skip
    permissions = Permission.objects.filter(content_type__app_label="minutes", content_type__model__in=models)
    permissions |= Permission.objects.filter(content_type__app_label="council", codename__startswith="view_")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(permissions)


# ------------------------------------------------------------ the committee (second body)


def load_committee(*, sign: bool = True) -> tuple[Meeting, list[tuple[str, str]]]:
    """The second demo protocol (minutes.demo.committee): the registry, the logins, and the
    protocol written through the drafting services as the committee's secretariat; with
    ``sign``, submitted, signed and published like the seed. A protocol that has left the
    draft state is left alone."""
    with transaction.atomic():
        body, _ = Body.objects.update_or_create(
            name=committee.BODY["name"], defaults={k: v for k, v in committee.BODY.items() if k != "name"}
        )
        groups = _committee_groups(body)
        organizations = {
            name: Organization.objects.get_or_create(name=name, defaults={"organization_type": kind})[0]
            for name, kind in committee.ORGANIZATIONS.items()
        }
        people = {
            key: Person.objects.update_or_create(
                family_name=family,
                given_name=given,
                defaults={"form_of_address": form, "title": title, "council_title": council},
            )[0]
            for key, (form, title, given, family, council) in committee.PEOPLE.items()
        }
        _committee_memberships(body, people, organizations, groups)
        users = _logins([(username, people[key], description) for username, key, description in committee.USERS])
        secretariat = get_user_model().objects.get(username=committee.SECRETARIAT_USER)
        number = committee.MEETING["number"]
        meeting = Meeting.objects.filter(body=body, number=number, corrects__isnull=True).first()
        if meeting is None or meeting.status == Meeting.Status.DRAFT:
            _discard_draft(meeting, by=secretariat)
            meeting = _committee_meeting(body, people, organizations, by=secretariat)
    if sign and meeting.status == Meeting.Status.DRAFT:
        _approve(meeting, submitter=committee.SECRETARIAT_USER, signers=committee.SIGNERS)
    return meeting, users


def _paper(entry: dict, *, by) -> Paper:
    """A paper of the committee's agenda with its main document (once; a rerun keeps it)."""
    paper = Paper.objects.filter(reference=entry["reference"]).first()
    if paper is not None:
        return paper
    html = f"<h1>Vorlage {entry['reference']}</h1><h2>{entry['name']}</h2><p>{entry['text']}</p>"
    pdf = HTML(string=html).write_pdf()
    name = entry["reference"].replace("/", "-")
    return drafting_papers.create_paper(
        by=by,
        reference=entry["reference"],
        name=entry["name"],
        paper_type=entry["paper_type"],
        date=entry["date"],
        main_file=files.clean_attachment(ContentFile(pdf, name=f"Vorlage-{name}.pdf")),
    )


def _committee_groups(body) -> dict[str, AttendanceGroup]:
    groups = {}
    for order, (name, heading, votes, kind, on_person_pages) in enumerate(committee.GROUPS, start=1):
        groups[name], _ = AttendanceGroup.objects.update_or_create(
            body=body,
            name=name,
            defaults={
                "heading": heading,
                "votes": votes,
                "kind": kind,
                "order": order,
                "on_person_pages": on_person_pages,
            },
        )
    return groups


def _committee_memberships(body, people, organizations, groups) -> None:
    by_key = {}
    for order, (key, role, voting, organization, label, council_title, _deputy_of, group) in enumerate(
        committee.MEMBERSHIPS, start=1
    ):
        by_key[(key, role)], _ = Membership.objects.update_or_create(
            body=body,
            person=people[key],
            role=role,
            defaults={
                "voting_right": voting,
                "on_behalf_of": organizations[organization] if organization else None,
                "label": label,
                "council_title": council_title,
                "group": groups[group] if group else None,
                "order": order,
                # What their signature prints as their function (the chair's, the minute-taker's).
                "function": committee.SIGNATURE_FUNCTIONS.get(key, "") if role in {"chair", "minute_taker"} else "",
                "start_date": None,
                "end_date": None,
                "deputy_of": None,
            },
        )
    for key, role, *_rest, deputy_of, _group in committee.MEMBERSHIPS:
        if deputy_of:
            membership = by_key[(key, role)]
            membership.deputy_of = by_key[(deputy_of, "member")]
            membership.save(update_fields=["deputy_of", "modified"])


def _committee_meeting(body, people, organizations, *, by) -> Meeting:
    """Started from the roster like “Sitzung anlegen”, then the attendance as it was, the
    deputies, the guests and the agenda with everything said and decided."""
    facts = {name: value for name, value in committee.MEETING.items() if name not in ("number", "date")}
    facts["place"] = Location.objects.update_or_create(
        description=committee.LOCATION["description"], defaults=committee.LOCATION
    )[0]
    LegislativeTerm.objects.update_or_create(
        name=committee.LEGISLATIVE_TERM["name"], defaults=committee.LEGISLATIVE_TERM
    )
    papers = {entry["item"]: (entry, _paper(entry, by=by)) for entry in committee.PAPERS}
    meeting = drafting.start_meeting(
        body,
        by=by,
        number=committee.MEETING["number"],
        date=committee.MEETING["date"],
        chair=people["wallmeyer"],
        **facts,
    )
    for key, changes in committee.ATTENDANCE:
        row = meeting.attendances.get(person=people[key])
        drafting.save_attendance(row, by=by, revision=row.revision, **changes)
    for deputy, member, start, end in committee.DEPUTIES:
        drafting.add_deputy(meeting, by=by, person=people[deputy], member=people[member], start=start, end=end)
    for person, organization, affiliation in committee.GUESTS:
        drafting.add_guest(
            meeting,
            by=by,
            person=people[person] if person else None,
            organization=organizations[organization] if organization else None,
            affiliation=affiliation,
        )

    for data in committee.AGENDA:
        item = drafting.add_agenda_item(
            meeting,
            by=by,
            number=data["number"],
            title=data["title"],
            public=data.get("public", True),
            start_time=data["start"],
            end_time=data["end"],
        )
        for key, role in data.get("presenters", []):
            drafting.add_presenter(item, by=by, person=people[key], role=role)
        entry, paper = papers.get(data["number"], (None, None))
        if paper is not None:
            drafting_papers.consult(item, by=by, paper=paper, role=entry["role"], authoritative=entry["authoritative"])
        for entry in data["contributions"]:
            speaker = people[entry["speaker"]] if entry["speaker"] else None
            drafting.add_contribution(item, by=by, speaker=speaker, text=entry["text"])
        for entry in data.get("decisions", []):
            named = entry.get("named")
            votes = {k: v for k, v in entry.items() if k.startswith("votes_")}
            decision = drafting.add_decision(
                item, by=by, text=entry["text"], result=entry["result"], paper=paper, **votes
            )
            if named:
                choices = {people[key].pk: choice for choice, keys in named.items() for key in keys}
                drafting.save_named_votes(decision, by=by, revision=decision.revision, votes=choices)
    return meeting
