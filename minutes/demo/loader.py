"""Build the demo data from ``minutes.demo.seed``, idempotently.

Registry objects (body, organisations, people, memberships, logins) are looked up by
their natural keys and updated in place. The meeting is looked up by body and number;
its children (attendance, minute-takers, agenda with contributions, figures and
decisions, signature lines) are deleted and recreated, so a second run leaves exactly
the same data as the first.
"""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from council.models import Body, Membership, Organization, Person
from minutes.models import (
    AgendaItem,
    Attendance,
    Contribution,
    Decision,
    Figure,
    Meeting,
    MinuteTaker,
    Presenter,
    SignatureLine,
)

from . import seed


@dataclass
class Result:
    meeting: Meeting
    items: int
    contributions: int
    attendances: int
    users: list  # [(username, description)]


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
        meeting = Meeting.objects.filter(body=body, number=seed.MEETING["number"], corrects__isnull=True).first()
        if meeting is None or meeting.status == Meeting.Status.DRAFT:
            meeting = _meeting(body, people)
            _attendance(meeting, people)
            _agenda(meeting, people, organizations)
            _signature_lines(meeting, people)
        _second_meeting(body, people)
    if sign and meeting.status == Meeting.Status.DRAFT:
        _approve(meeting)
    items = meeting.agenda_items.count()
    contributions = Contribution.objects.filter(item__meeting=meeting).count()
    return Result(
        meeting=meeting,
        items=items,
        contributions=contributions,
        attendances=meeting.attendances.count(),
        users=users,
    )


# ------------------------------------------------------------------------ registry


def _body() -> Body:
    body, _ = Body.objects.update_or_create(
        name=seed.BODY["name"], defaults={k: v for k, v in seed.BODY.items() if k != "name"}
    )
    return body


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
            },
        )


# ------------------------------------------------------------------------- meeting


def _meeting(body, people) -> Meeting:
    defaults = dict(seed.MEETING)
    defaults.pop("number")
    # A rerun restores a draft seed protocol (a signed one is not touched: see load_demo).
    defaults["status"] = Meeting.Status.DRAFT
    defaults["revision"] = Meeting._meta.get_field("revision").get_default()
    defaults["chair"] = people[seed.CHAIR]
    meeting, _ = Meeting.objects.update_or_create(
        body=body, number=seed.MEETING["number"], corrects__isnull=True, defaults=defaults
    )
    meeting.events.all().delete()  # the history of an earlier trial run

    # Children are recreated from scratch; figure files go first so none pile up.
    for figure in Figure.objects.filter(item__meeting=meeting).exclude(image=""):
        figure.image.delete(save=False)
    meeting.agenda_items.all().delete()  # cascades to presenters, contributions, decisions, figures
    meeting.attendances.all().delete()
    meeting.minute_takers.all().delete()
    meeting.signature_lines.all().delete()
    return meeting


def _attendance(meeting, people) -> None:
    blocks = [
        (seed.PRESENT_NAMES, seed.PRESENT_AFFILIATIONS, Attendance.Status.PRESENT, Attendance.Group.MEMBER),
        (seed.EXCUSED_NAMES, seed.EXCUSED_AFFILIATIONS, Attendance.Status.EXCUSED, Attendance.Group.MEMBER),
        (seed.ABSENT_NAMES, seed.ABSENT_AFFILIATIONS, Attendance.Status.ABSENT, Attendance.Group.MEMBER),
        (seed.GUEST_NAMES, seed.GUEST_AFFILIATIONS, Attendance.Status.PRESENT, Attendance.Group.GUEST),
    ]
    rows = []
    for names, affiliations, status, group in blocks:
        for name, affiliation in zip(names, affiliations, strict=True):
            rows.append(
                Attendance(
                    meeting=meeting,
                    order=len(rows) + 1,
                    person=people[name],
                    status=status,
                    group=group,
                    affiliation=affiliation,
                    arrival=seed.ARRIVALS.get(name),
                )
            )
    Attendance.objects.bulk_create(rows)

    MinuteTaker.objects.bulk_create(
        MinuteTaker(meeting=meeting, order=order, person=people[name], affiliation=affiliation)
        for order, (name, affiliation) in enumerate(
            zip(seed.MINUTE_TAKER_NAMES, seed.MINUTE_TAKER_AFFILIATIONS, strict=True), start=1
        )
    )


def _agenda(meeting, people, organizations) -> tuple[int, int]:
    contribution_count = 0
    for item_order, data in enumerate(seed.AGENDA, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, number=data["number"], order=item_order, title=data["title"], public=data["public"]
        )
        for order, (person, organization, role) in enumerate(data["presenters"], start=1):
            Presenter.objects.create(
                item=item,
                order=order,
                person=people[person] if person else None,
                organization=organizations[organization] if organization else None,
                role=role,
            )
        contributions = []
        for order, entry in enumerate(data["contributions"], start=1):
            contributions.append(
                Contribution.objects.create(
                    item=item,
                    order=order,
                    speaker=people[entry["speaker"]] if entry["speaker"] else None,
                    speaker_prefix=entry["prefix"],
                    text=entry["text"],
                )
            )
        contribution_count += len(contributions)
        for order, entry in enumerate(data["decisions"], start=1):
            Decision.objects.create(item=item, order=order, **entry)
        for order, entry in enumerate(data["figures"], start=1):
            figure = Figure(
                item=item,
                order=order,
                after=contributions[entry["after"] - 1] if entry["after"] else None,
                caption=entry["caption"],
                description=entry["description"],
            )
            _attach_placeholder(figure, entry["file_name"], entry["placeholder_text"])
    return len(seed.AGENDA), contribution_count


def _attach_placeholder(figure: Figure, file_name: str, text: str) -> None:
    field = figure.image.field
    # Same name every run: remove a leftover (e.g. from an interrupted run) so the
    # storage does not invent “…_abc1234.png”.
    target = field.generate_filename(figure, file_name)
    if field.storage.exists(target):
        field.storage.delete(target)
    figure.image.save(file_name, ContentFile(_placeholder_png(text)), save=True)


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


def _signature_lines(meeting, people) -> None:
    SignatureLine.objects.bulk_create(
        SignatureLine(meeting=meeting, order=order, person=people[person], name=name, function=function)
        for order, (person, name, function) in enumerate(seed.SIGNATURE_LINES, start=1)
    )


# -------------------------------------------------------------------------- logins


def _users(people) -> list[tuple[str, str]]:
    User = get_user_model()
    created = []
    for username, printed, description in seed.DEMO_USERS:
        person = people[printed] if printed else None
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


def _approve(meeting: Meeting) -> None:
    """Submit, sign and publish the seed protocol through the real services, as people would."""
    from minutes.approval import services

    User = get_user_model()
    secretariat = User.objects.get(username="sekretariat")
    services.submit_for_approval(meeting, by=secretariat)
    for username in ("vorsitz", "geschaeftsfuehrung"):
        signer = User.objects.get(username=username)
        line = meeting.signature_lines.get(person__user=signer)
        services.sign(meeting, by=signer, line=line, password=seed.DEMO_PASSWORD)
    meeting.refresh_from_db()
    if meeting.status == Meeting.Status.SIGNED:
        services.publish(meeting, by=secretariat)
    meeting.refresh_from_db()


def _second_meeting(body, people) -> Meeting | None:
    """A later meeting as a draft to try the workflow on; left alone once it is submitted."""
    number = seed.SECOND_MEETING["number"]
    meeting = Meeting.objects.filter(body=body, number=number, corrects__isnull=True).first()
    if meeting is not None and meeting.status != Meeting.Status.DRAFT:
        return meeting
    defaults = {k: v for k, v in seed.SECOND_MEETING.items() if k != "number"}
    defaults["chair"] = people[seed.CHAIR]
    meeting, _ = Meeting.objects.update_or_create(body=body, number=number, corrects__isnull=True, defaults=defaults)
    meeting.events.all().delete()
    meeting.agenda_items.all().delete()
    meeting.attendances.all().delete()
    meeting.minute_takers.all().delete()
    meeting.signature_lines.all().delete()

    # Attendance from the body's roster: members present unless excused; the chair is set above.
    rows = []
    roster = (
        Membership.objects.active(meeting.date)
        .filter(body=body)
        .exclude(role__in=[Membership.Role.CHAIR, Membership.Role.SECRETARIAT])
        .select_related("person", "on_behalf_of")
        .order_by("order")
    )
    seen = set()
    for membership in roster:
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        excused = membership.person.addressed_name in seed.SECOND_MEETING_EXCUSED
        group = {
            Membership.Role.ADVISORY: Attendance.Group.ADVISORY,
            Membership.Role.ADMINISTRATION: Attendance.Group.ADMINISTRATION,
            Membership.Role.MANAGEMENT: Attendance.Group.ADMINISTRATION,
            Membership.Role.MINUTE_TAKER: Attendance.Group.ADMINISTRATION,
        }.get(membership.role, Attendance.Group.MEMBER)
        rows.append(
            Attendance(
                meeting=meeting,
                order=len(rows) + 1,
                person=membership.person,
                status=Attendance.Status.EXCUSED if excused else Attendance.Status.PRESENT,
                group=group,
                affiliation=membership.affiliation,
            )
        )
    Attendance.objects.bulk_create(rows)
    MinuteTaker.objects.create(
        meeting=meeting, order=1, person=people[seed.SECRETARIAT], affiliation=seed.MINUTE_TAKER_AFFILIATIONS[0]
    )
    for order, data in enumerate(seed.SECOND_MEETING_AGENDA, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=data["number"],
            order=order,
            title=data["title"],
            without_discussion=data.get("without_discussion", False),
        )
        for position, (speaker, text) in enumerate(data["contributions"], start=1):
            Contribution.objects.create(item=item, order=position, speaker=people[speaker], text=text)
    _signature_lines(meeting, people)
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
