"""factory_boy factories for test data: the registry (bodies, people, memberships, logins)
and protocol content (meetings, attendance, agenda items, contributions, decisions).

Test data, like fixtures: factories create rows directly, past the drafting services, which
the product uses for every write to protocol content. The lock still holds for them: the
content of a meeting that has left the draft state is refused (``ProtocolLocked``) unless
the test opens the lock with ``minutes.lock.unlocked()`` — create the content first, then
``publish`` the meeting.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory, Password

from council.groups import attendance_groups
from council.models import AttendanceGroup, Body, Membership, Organization, Person
from minutes import lock
from minutes.demo.seed import DEMO_PASSWORD
from minutes.models import AgendaItem, Attendance, Contribution, Decision, Meeting, MinuteTaker, Presenter


class UserFactory(DjangoModelFactory):
    """A login; its password is the demo password (“demo”)."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"login{n}")
    password = Password(DEMO_PASSWORD)


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Ausschuss {n}")


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Verein {n}")


class PersonFactory(DjangoModelFactory):
    """A person; ``login="vorsitz"`` gives them a login of that name (``person.user``)."""

    class Meta:
        model = Person

    class Params:
        login = None

    form_of_address = "Frau"
    family_name = factory.Sequence(lambda n: f"Person{n}")
    user = factory.Maybe(
        "login",
        yes_declaration=factory.SubFactory(UserFactory, username=factory.SelfAttribute("..login")),
        no_declaration=None,
    )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER


class MeetingFactory(DjangoModelFactory):
    """A draft meeting."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2024, 3, 14)


def body_group(body: Body, *, kind=AttendanceGroup.Kind.MEMBERS, votes: bool | None = True) -> AttendanceGroup:
    """One of a body's attendance groups (the defaults, created on first use): by default the voting members."""
    return next(g for g in attendance_groups(body) if g.kind == kind and (votes is None or g.votes == votes))


class AttendanceFactory(DjangoModelFactory):
    """A row of the attendance list, in the body's voting group unless ``group`` is given."""

    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    order = factory.Sequence(lambda n: n)
    group = factory.LazyAttribute(lambda row: body_group(row.meeting.body))


class MinuteTakerFactory(DjangoModelFactory):
    class Meta:
        model = MinuteTaker

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda item: str(item.order))
    title = factory.Sequence(lambda n: f"Thema {n}")


class PresenterFactory(DjangoModelFactory):
    class Meta:
        model = Presenter

    item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    item = factory.SubFactory(AgendaItemFactory)
    order = factory.Sequence(lambda n: n)
    speaker = factory.SubFactory(PersonFactory)
    text = "berichtet."


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory)
    text = "Der Ausschuss beschließt."


def publish(meeting: Meeting) -> Meeting:
    """Set the meeting published, as test data.

    The approval workflow (minutes/approval/services.py) publishes in the product; test data
    sets the state directly, through the lock that otherwise keeps status changes to the
    services (minutes/lock.py)."""
    with lock.unlocked():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    meeting.refresh_from_db()
    return meeting
