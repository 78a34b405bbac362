"""The fixtures of the whole suite. The database is PostgreSQL, started by tests/postgres.py.

- ``demo``, ``draft_demo``, ``signed``, ``submitted``: the seed protocol as ``load_demo``
  builds it, in the state the name says, with the demo logins (``secretariat``, ``chair``,
  ``manager``, ``member``, ``superuser``). ``load_demo`` runs once per session per state;
  each test gets its rows restored from that recording (tests/snapshot.py), and may change
  them: they are rolled back with the test.
- ``council`` (with ``meeting``, ``secretary_client``): a small body with a roster of every
  kind and logins — the Sportausschuss, for drafting.
- ``city`` (with ``city_member_client``, ``city_secretariat_client``): two bodies with a
  published, a draft and an upcoming meeting, public and non-public items and marker words
  the public must never see — for reading.

Small data is built with the factories of tests/factories.py.
"""

import datetime
import io
import os
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from council.models import Membership
from minutes.approval import services
from minutes.demo.seed import DEMO_PASSWORD
from minutes.drafting import services as drafting
from minutes.models import Attendance, Meeting
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
    SuperuserFactory,
    UserFactory,
    publish,
)
from tests.snapshot import DatabaseSnapshot, database_shape

# Playwright's sync API runs an event loop in the test thread; Django's ORM must
# still be usable from it (live_server tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD = DEMO_PASSWORD  # of every login in the fixtures

# Words that must never reach an anonymous visitor, in any page, PDF, feed or search (``city``).
NON_PUBLIC_MARKERS = ["Zitronenfalterabsprache", "Maulwurfsvertrag", "Seepferdchenbeschluss"]
DRAFT_MARKERS = ["Kometenentwurf", "Quallenplanung", "Nebelkrähenbericht"]
MARKERS = NON_PUBLIC_MARKERS + DRAFT_MARKERS


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files (figures) and the copies of stored PDFs go to a temporary folder, never into the work tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PROTOCOL_FILES_ROOT = tmp_path / "protocol-files"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (kept pages, PDF locations), as a new server would."""
    from django.core.cache import cache

    from minutes import frozen_copies

    cache.clear()
    frozen_copies.forget_local_memory()
    yield
    cache.clear()
    frozen_copies.forget_local_memory()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


# Reports every Content-Security-Policy violation of a page to the console (the browser
# reports blocked inline scripts and styles there itself; this catches all the others too).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`Content Security Policy violation: ${event.violatedDirective} blocked `
        + `${event.blockedURI || "inline"} on ${document.location.pathname}`);
});
"""


class CspViolations(list):
    """Console messages about Content-Security-Policy violations of one browser page."""

    def collect(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.append(f"{message.text} ({message.location.get('url', '')})")


@pytest.fixture
def csp_violations() -> CspViolations:
    return CspViolations()


@pytest.fixture
def page(page, csp_violations):
    """pytest-playwright's page, failing the test on any CSP violation on any page it visits."""
    page.on("console", csp_violations.collect)
    page.add_init_script(script=REPORT_CSP_VIOLATIONS)
    yield page
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)


# ---------------------------------------------------------------------------- the demo


def seed_meeting() -> Meeting:
    """Meeting 1 of the demo: the seed protocol (its original, not a correction)."""
    return Meeting.objects.get(body__name="Integrationsbeirat", number=1, corrects__isnull=True)


def line_of(meeting: Meeting, user):
    """The signature line of the meeting that the user signs."""
    return meeting.signature_lines.get(person__user=user)


def _load_demo(*, signed: bool) -> Callable[[], None]:
    return lambda: call_command("load_demo", force=True, unsigned=not signed, stdout=io.StringIO())


def _load_and_sign_demo() -> None:
    """``load_demo --unsigned``, then submitted and signed by chair and management through
    the approval services, as the signers would: frozen, not yet published."""
    _load_demo(signed=False)()
    users = get_user_model().objects
    meeting = services.submit_for_approval(seed_meeting(), by=users.get(username="sekretariat"))
    for username in ("vorsitz", "geschaeftsfuehrung"):
        signer = users.get(username=username)
        meeting = services.sign(meeting, by=signer, line=line_of(meeting, signer), password=PASSWORD)
    assert meeting.status == Meeting.Status.SIGNED


class DemoSnapshots:
    """The demo in each state, recorded once per session (tests/snapshot.py): a test gets it
    in a fraction of a second instead of the seconds ``load_demo`` takes."""

    BUILDS = {"demo": _load_demo(signed=True), "draft_demo": _load_demo(signed=False), "signed": _load_and_sign_demo}

    def __init__(self, session_settings: dict):
        self._session_settings = session_settings
        self._snapshots: dict[str, DatabaseSnapshot] = {}

    def snapshot(self, state: str) -> DatabaseSnapshot:
        """The recording of BUILDS[state], made on first use."""
        if state not in self._snapshots:
            # Recorded with the settings the session started with, whatever the current test changed.
            changed = {k: v for k, v in self._session_settings.items() if getattr(settings, k, None) != v}
            self._snapshots[state] = DatabaseSnapshot.record(
                self.BUILDS[state], **{**changed, "PASSWORD_HASHERS": FAST_HASHERS}
            )
        return self._snapshots[state]

    def load(self, state: str) -> Meeting:
        """The demo in ``state`` (a key of BUILDS) in the test's database; returns the seed protocol."""
        snapshot = self.snapshot(state)
        if snapshot.shape == database_shape():
            snapshot.restore()
        else:
            # A transactional test (live_server) flushed the database since the recording:
            # content types and permissions came back with new keys the recording does not
            # know. Build it here instead, as load_demo did before there were recordings.
            self.BUILDS[state]()
        return seed_meeting()


@pytest.fixture(scope="session")
def demo_snapshots() -> DemoSnapshots:
    return DemoSnapshots({name: getattr(settings, name) for name in dir(settings) if name.isupper()})


@pytest.fixture
def demo(db, demo_snapshots) -> Meeting:
    """The seed protocol and the demo logins, as `make run` loads them: submitted, signed by
    chair and management through the approval workflow, frozen and published.

    Exactly the rows and figure files ``load_demo`` writes, restored from a recording of it,
    so that a test may read and change them like rows of its own (rolled back afterwards)."""
    return demo_snapshots.load("demo")


@pytest.fixture
def draft_demo(db, demo_snapshots) -> Meeting:
    """The seed protocol still as a draft (load_demo --unsigned): to edit it, or to submit and
    sign it. Restored from a recording like ``demo``."""
    return demo_snapshots.load("draft_demo")


@pytest.fixture
def submitted(draft_demo, secretariat) -> Meeting:
    """The draft demo submitted for approval by the secretariat (through the services, in the test)."""
    return services.submit_for_approval(draft_demo, by=secretariat)


@pytest.fixture
def signed(db, demo_snapshots) -> Meeting:
    """The seed protocol submitted and signed by chair and management through the approval
    services: frozen, not yet published. Restored from a recording like ``demo``."""
    meeting = demo_snapshots.load("signed")
    assert meeting.status == Meeting.Status.SIGNED
    return meeting


def _demo_login(request, username: str):
    """A login of whichever demo the test uses (``demo``, ``signed``; else ``draft_demo``).
    ``load_demo`` gives each the email address <login>@example.org."""
    state = next((name for name in ("demo", "signed") if name in request.fixturenames), "draft_demo")
    request.getfixturevalue(state)
    return get_user_model().objects.get(username=username)


@pytest.fixture
def secretariat(request):
    """``sekretariat``: Frau Gegner, the secretariat and minute-taker of the demo body."""
    return _demo_login(request, "sekretariat")


@pytest.fixture
def chair(request):
    """``vorsitz``: Herr Seigfried, the chair; signs."""
    return _demo_login(request, "vorsitz")


@pytest.fixture
def manager(request):
    """``geschaeftsfuehrung``: Frau Müller, the management; signs with the chair."""
    return _demo_login(request, "geschaeftsfuehrung")


@pytest.fixture
def member(request):
    """``mitglied``: Frau Duczkowska, a member."""
    return _demo_login(request, "mitglied")


@pytest.fixture
def superuser(request):
    """``admin``: a superuser without a person."""
    return _demo_login(request, "admin")


# ------------------------------------------------------------ a body for the drafting


@pytest.fixture
def council(db):
    """The Sportausschuss: a body with a roster of every kind (chair, voting members, an
    advisory member, the administration, the minute-taker and secretariat, a former member)
    and logins, faster than the full demo. Signed by chair and minute-taker."""
    body = BodyFactory(
        name="Sportausschuss",
        protocol_title="Niederschrift des Sportausschusses",
        signature_roles=["chair", "minute_taker"],
    )
    verein = OrganizationFactory(name="Turnverein 1861 e.V.")
    people = SimpleNamespace(
        chair=PersonFactory(form_of_address="Herr", family_name="Vogt", given_name="Karl", login="vorsitz"),
        secretary=PersonFactory(form_of_address="Frau", family_name="Gegner", given_name="Gisela", login="sekretariat"),
        alpha=PersonFactory(form_of_address="Frau", family_name="Alpha", given_name="Anna", login="mitglied"),
        beta=PersonFactory(form_of_address="Herr", family_name="Beta", given_name="Bernd"),
        gamma=PersonFactory(form_of_address="Frau", family_name="Gamma", given_name="Gerda"),
        delta=PersonFactory(form_of_address="Herr", family_name="Delta", given_name="Dieter"),
        admin=PersonFactory(form_of_address="Frau", family_name="Epsilon", given_name="Eva"),
        former=PersonFactory(form_of_address="Herr", family_name="Früher", given_name="Fritz"),
    )
    rows = [
        (people.chair, Membership.Role.CHAIR, True, None, ""),
        (people.alpha, Membership.Role.MEMBER, True, verein, ""),
        (people.beta, Membership.Role.MEMBER, True, None, "Bereich Wirtschaft"),
        (people.gamma, Membership.Role.MEMBER, True, None, "CDU"),
        (people.delta, Membership.Role.ADVISORY, False, None, "Seniorenrat"),
        (people.admin, Membership.Role.ADMINISTRATION, False, None, "Fachbereich Sport"),
        (people.secretary, Membership.Role.MINUTE_TAKER, False, None, "Fachbereich Sport"),
        (people.secretary, Membership.Role.SECRETARIAT, False, None, "Fachbereich Sport"),
    ]
    for order, (person, role, voting, org, label) in enumerate(rows, start=1):
        MembershipFactory(
            body=body, person=person, role=role, voting_right=voting, on_behalf_of=org, label=label, order=order
        )
    MembershipFactory(
        body=body,
        person=people.former,
        role=Membership.Role.MEMBER,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    users = SimpleNamespace(
        secretary=people.secretary.user,
        chair=people.chair.user,
        member=people.alpha.user,
        superuser=SuperuserFactory(username="admin"),
        stranger=UserFactory(username="fremd"),
    )
    return SimpleNamespace(body=body, people=people, users=users, verein=verein)


@pytest.fixture
def meeting(council) -> Meeting:
    """A draft of the council, started through the drafting services, with one item."""
    meeting = drafting.start_meeting(
        council.body,
        by=council.users.secretary,
        number=7,
        date=datetime.date(2024, 3, 14),
        start_time=datetime.time(17, 30),
        end_time=datetime.time(20, 0),
        chair=council.people.chair,
        building="Rathaus",
        room="Sitzungssaal",
    )
    drafting.add_agenda_item(meeting, by=council.users.secretary, number="1", title="Hallenbelegung")
    return meeting


@pytest.fixture
def secretary_client(client, council):
    """The test client, logged in as the council's secretariat."""
    client.force_login(council.users.secretary)
    return client


# ------------------------------------------------------------- a small city's archive


def _agenda_item(meeting, number, title, *, public=True, contributions=(), decision=None):
    item = AgendaItemFactory(meeting=meeting, number=str(number), order=number, title=title, public=public)
    for order, (speaker, text) in enumerate(contributions):
        ContributionFactory(item=item, order=order, speaker=speaker, text=text)
    if decision:
        DecisionFactory(item=item, text=decision, votes_yes=7, votes_no=0, votes_abstain=1)
    return item


@pytest.fixture
def city(db):
    """Two bodies: the Integrationsbeirat with a published protocol (public items and a
    non-public one), a draft and an upcoming meeting, and the Sportausschuss with a published
    protocol. The non-public item and the drafts hold the MARKERS words."""
    beirat = BodyFactory(
        name="Integrationsbeirat", short_name="IB", protocol_title="Protokoll der Integrationsbeiratssitzung"
    )
    sport = BodyFactory(name="Sportausschuss", protocol_title="Niederschrift des Sportausschusses")

    chair = PersonFactory(form_of_address="Herr", given_name="Konrad", family_name="Seigfried", login="vorsitz")
    member = PersonFactory(form_of_address="Frau", given_name="Olga", family_name="Duczkowska", login="mitglied")
    secretariat = PersonFactory(form_of_address="Frau", given_name="Anne", family_name="Gegner", login="sekretariat")
    speaker = PersonFactory(form_of_address="Herr", given_name="Ali", family_name="Manay")
    outsider = PersonFactory(form_of_address="Herr", given_name="Paul", family_name="Fremd", login="aussen")
    MembershipFactory(body=beirat, person=chair, role=Membership.Role.CHAIR)
    MembershipFactory(body=beirat, person=member, role=Membership.Role.MEMBER, order=1)
    MembershipFactory(body=beirat, person=secretariat, role=Membership.Role.SECRETARIAT, order=2)
    MembershipFactory(body=sport, person=outsider, role=Membership.Role.MEMBER)

    published = MeetingFactory(
        body=beirat,
        number=1,
        date=datetime.date(2017, 7, 20),
        start_time=datetime.time(17, 30),
        end_time=datetime.time(19, 30),
        building="Rathaus",
        room="Großer Sitzungssaal",
        chair=chair,
        protocol_date=datetime.date(2017, 8, 12),
    )
    AttendanceFactory(meeting=published, person=chair, order=0)
    AttendanceFactory(meeting=published, person=member, order=1)
    AttendanceFactory(meeting=published, person=speaker, order=2, status=Attendance.Status.EXCUSED)
    _agenda_item(
        published, 1, "Begrüßung", contributions=[(chair, "begrüßt die Anwesenden und stellt die Tagesordnung vor.")]
    )
    _agenda_item(
        published,
        2,
        "Sprachkurse für Geflüchtete",
        contributions=[
            (speaker, "berichtet über die Zuschüsse der Stadt für Sprachkurse im Stadtteil."),
            (member, "fragt nach den Wartelisten der Volkshochschule."),
        ],
        decision="Der Beirat empfiehlt, die Förderung fortzusetzen.",
    )
    _agenda_item(
        published,
        5,
        "Personalangelegenheit Maulwurfsvertrag",
        public=False,
        contributions=[(member, "Die Zitronenfalterabsprache bleibt vertraulich.")],
        decision="Seepferdchenbeschluss: der Beirat stimmt zu.",
    )
    publish(published)

    draft = MeetingFactory(body=beirat, number=2, date=datetime.date(2017, 9, 14), start_time=datetime.time(17, 30))
    AttendanceFactory(meeting=draft, person=member, order=0, status=Attendance.Status.ABSENT)
    _agenda_item(draft, 1, "Quallenplanung", contributions=[(member, "Der Kometenentwurf wird vorgestellt.")])
    _agenda_item(draft, 2, "Verschiedenes", public=False, contributions=[(chair, "Nebelkrähenbericht.")])

    upcoming = MeetingFactory(
        body=beirat,
        number=3,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(17, 0),
        building="Rathaus",
        room="Raum 101",
    )
    _agenda_item(upcoming, 1, "Nebelkrähenbericht zur Quallenplanung")

    sport_meeting = MeetingFactory(
        body=sport,
        number=1,
        date=datetime.date(2018, 3, 1),
        start_time=datetime.time(18, 0),
        end_time=datetime.time(20, 0),
        chair=outsider,
    )
    AttendanceFactory(meeting=sport_meeting, person=outsider, order=0)
    _agenda_item(
        sport_meeting, 1, "Hallenzeiten", contributions=[(outsider, "erläutert den Zuschuss für den Hallenbau.")]
    )
    publish(sport_meeting)

    return SimpleNamespace(
        beirat=beirat,
        sport=sport,
        published=published,
        draft=draft,
        upcoming=upcoming,
        sport_meeting=sport_meeting,
        chair=chair,
        member=member,
        secretariat=secretariat,
        speaker=speaker,
        outsider=outsider,
    )


@pytest.fixture
def city_member_client(client, city):
    """The test client, logged in as ``mitglied``: Frau Duczkowska, member of the city's Integrationsbeirat."""
    client.force_login(city.member.user)
    return client


@pytest.fixture
def city_secretariat_client(client, city):
    """The test client, logged in as ``sekretariat``: the secretariat of the city's Integrationsbeirat."""
    client.force_login(city.secretariat.user)
    return client
