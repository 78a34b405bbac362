"""A small city for the permission matrix and the garbage walk: two bodies, a meeting of body A
in every state with one row of every kind of content, and a login for every role.

Built with the factories (tests/factories.py), in a few hundred milliseconds.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from council.models import Body, LegislativeTerm, Location, Membership
from minutes import lock
from minutes.models import (
    Consultation,
    Deputation,
    Figure,
    Meeting,
    MinuteTaker,
    Paper,
    SignatureLine,
    SpeakerRequest,
)
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    ContributionFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PresenterFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.files import attach, png_bytes

ROLES = [
    "anonymous",
    "member",  # of body A
    "member_b",  # a member of another body
    "secretariat_b",  # the secretariat of another body (staff, every minutes and council permission)
    "staff",  # staff with every minutes and council permission, in no body
    "chair",  # of body A: names its chair's signature line
    "management",  # of body A: holds the function of the management's line
    "secretariat",  # of body A (staff, every minutes and council permission)
    "superuser",
]
STATUSES = [status.value for status in Meeting.Status]  # draft, submitted, signed, published


@dataclass
class World:
    body: Body
    other_body: Body
    users: dict = field(default_factory=dict)  # role → user (no entry for anonymous)
    meetings: dict = field(default_factory=dict)  # status → meeting of body A
    rows: dict = field(default_factory=dict)  # status → {kind: row of that meeting}
    registry: dict = field(default_factory=dict)  # kind → a registry or third-party row


def _staff_with_every_permission(username: str):
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["minutes", "council"]))
    return user


def build_world() -> World:
    body = BodyFactory(
        name="Integrationsbeirat",
        signature_roles=["chair", "management"],
        check_chair=False,
        check_attendance=False,
        check_absences=False,
        check_item_content=False,
        check_votes=False,
        check_signers=False,
    )
    other_body = BodyFactory(name="Sportausschuss")
    world = World(body=body, other_body=other_body)
    people = {}
    for role in ("member", "chair", "management", "secretariat", "member_b", "secretariat_b"):
        people[role] = PersonFactory(family_name=role.title(), given_name="Test", login=role)
        world.users[role] = people[role].user
    for role in ("member", "chair", "management", "secretariat"):
        MembershipFactory(body=body, person=people[role], role=role)
    MembershipFactory(body=other_body, person=people["member_b"], role="member")
    MembershipFactory(body=other_body, person=people["secretariat_b"], role="secretariat")
    for role in ("secretariat", "secretariat_b"):
        world.users[role].is_staff = True
        world.users[role].save()
        world.users[role].user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=["minutes", "council"])
        )
    world.users["staff"] = _staff_with_every_permission("staff")
    world.users["superuser"] = SuperuserFactory(username="superuser")

    paper = Paper.objects.create(reference="0001/2024", name="Haushaltsplan 2024")
    for number, status in enumerate(STATUSES, start=1):
        meeting = MeetingFactory(body=body, number=number, date=datetime.date(2024, 3, number), chair=people["chair"])
        guest = PersonFactory(family_name=f"Gast{status.title()}")  # named in this protocol only
        item = AgendaItemFactory(meeting=meeting, number="1", order=1)
        AgendaItemFactory(meeting=meeting, number="2", order=2, public=False, title="Vertrauliches")
        contribution = ContributionFactory(item=item, speaker=guest)
        rows = {
            "meeting": meeting,
            "person": guest,
            "item": item,
            "agendaitem": item,
            "attendance": (attendance := AttendanceFactory(meeting=meeting, person=guest)),
            "deputation": Deputation.objects.create(deputy=attendance, member=people["member"]),
            "minutetaker": MinuteTaker.objects.create(meeting=meeting, person=people["secretariat"], order=1),
            "presenter": PresenterFactory(item=item, person=guest),
            "contribution": contribution,
            "decision": DecisionFactory(item=item),
            "figure": Figure.objects.create(
                item=item,
                order=1,
                caption="Organigramm",
                after=contribution,
                image=ContentFile(png_bytes(), name=f"organigramm-{status}.png"),
            ),
            "attachment": attach(meeting, title="Haushaltsplan"),
            "signatureline": SignatureLine.objects.create(
                meeting=meeting, order=1, role="chair", person=people["chair"]
            ),
            "speakerrequest": SpeakerRequest.objects.create(item=item, speaker=guest, note="Stichworte"),
        }
        SignatureLine.objects.create(meeting=meeting, order=2, role="management")
        rows["consultation"] = Consultation.objects.create(item=item, paper=paper)
        rows["oparl_file"] = rows["attachment"].file  # the OParl interface's File of the attachment
        with lock.unlocked():
            Meeting.objects.filter(pk=meeting.pk).update(status=status)
        meeting.refresh_from_db()
        world.meetings[status] = meeting
        world.rows[status] = rows

    group = Group.objects.create(name="Redaktion")
    world.registry = {
        "body": body,
        "organization": OrganizationFactory(name="Turnverein"),
        "person": people["chair"],
        "membership": Membership.objects.get(body=body, person=people["chair"]),
        "user": world.users["member"],
        "group": group,
        "accessattempt": AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1),
        "accesslog": AccessLog.objects.create(username="x", ip_address="127.0.0.1"),
        "accessfailurelog": AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1"),
        "totpdevice": TOTPDevice.objects.create(user=world.users["chair"], name="App", confirmed=True),
        "staticdevice": StaticDevice.objects.create(user=world.users["chair"], name="Codes", confirmed=True),
        "meeting_type": ContentType.objects.get_for_model(Meeting),
        "paper": paper,
        "location": Location.objects.create(description="Rathaus, Saal 1"),
        "legislativeterm": LegislativeTerm.objects.create(name="Wahlperiode 2024–2029"),
        # The tests run tasks at once (no queue): there is no task result, only its address.
        "dbtaskresult": SimpleNamespace(pk=uuid.uuid4()),
    }
    return world


# ------------------------------------------------------------------ the URL configuration


@dataclass
class Route:
    """One URL pattern: its key in the matrix (the name, else the route), its route and callback."""

    key: str
    route: str
    pattern: URLPattern
    namespace: str


def routes() -> list[Route]:
    """Every URL pattern of the project (the admin included), from the resolver."""
    found = []

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                route = prefix + str(pattern.pattern)
                key = f"{namespace}{pattern.name}" if pattern.name else route
                found.append(Route(key, route, pattern, namespace))

    walk(get_resolver().url_patterns, "", "")
    return found
