"""Fixtures of the record: a seal (test keys), a local timestamp authority, a protocol
whose names are written in many scripts."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.contrib.auth import get_user_model

from council.models import Body, Membership, Person
from minutes.approval import services
from minutes.models import AgendaItem, Attendance, Contribution, Decision, Meeting, MinuteTaker, SignatureLine
from tests.conftest import PASSWORD, line_of
from tests.factories import body_group

from .certificates import issue

PASSPHRASE = "geheim"


def sign_demo(meeting: Meeting, *, publish: bool = False) -> Meeting:
    """The draft demo submitted, signed by chair and management (frozen with the settings of
    the test, e.g. its seal) and, if asked, published — through the approval services.

    The ``demo`` and ``signed`` fixtures are recorded once per session with the session's
    settings, so a test that wants the seal on the stored documents signs here."""
    users = {n: get_user_model().objects.get(username=n) for n in ("sekretariat", "vorsitz", "geschaeftsfuehrung")}
    meeting = services.submit_for_approval(meeting, by=users["sekretariat"])
    for name in ("vorsitz", "geschaeftsfuehrung"):
        meeting = services.sign(meeting, by=users[name], line=line_of(meeting, users[name]), password=PASSWORD)
    if publish:
        meeting = services.publish(meeting, by=users["sekretariat"])
    return meeting


@pytest.fixture
def sealing_key(settings, tmp_path):
    """The installation's seal: a PKCS#12 key for signing, its certificate as trusted PEM."""
    issued = issue("Ratsprotokoll Testsiegel")
    settings.SIGNING_CERT_P12 = str(issued.p12(tmp_path / "seal.p12", PASSPHRASE.encode()))
    settings.SIGNING_CERT_PASSPHRASE = PASSPHRASE
    settings.SIGNING_TRUSTED_CERTS = [str(issued.pem(tmp_path / "seal.pem"))]
    return issued


def _asn1(issued):
    certificate = asn1_x509.Certificate.load(issued.certificate.public_bytes(serialization.Encoding.DER))
    key = asn1_keys.PrivateKeyInfo.load(
        issued.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return certificate, key


@pytest.fixture
def timestamp_authority(settings, tmp_path):
    """An RFC 3161 timestamp authority on 127.0.0.1 (pyhanko's DummyTimeStamper behind a tiny
    HTTP server), its CA added to the trusted certificates. Yields the list of requests."""
    from pyhanko.sign.timestamps import DummyTimeStamper

    root = issue("Test-TSA Root")
    unit = issue("Test-TSA", issuer=root, timestamping=True)
    certificate, key = _asn1(unit)
    stamper = DummyTimeStamper(tsa_cert=certificate, tsa_key=key, certs_to_embed=[_asn1(root)[0]])
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            requests.append(self.headers.get("Content-Type"))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SIGNING_TSA_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.SIGNING_TRUSTED_CERTS = [*settings.SIGNING_TRUSTED_CERTS, str(root.pem(tmp_path / "tsa-root.pem"))]
    yield requests
    server.shutdown()
    server.server_close()


# Names and texts an Integrationsrat's protocol is full of.
PEOPLE = [
    ("Frau", "Işılar", "Güneş-Öztürk"),  # Turkish
    ("Herr", "Łukasz", "Żółkiewski"),  # Polish
    ("Frau", "Dagmar", "Dvořáková-Čapková-Šťastná"),  # Czech
    ("Herr", "Ștefan", "Țăranu"),  # Romanian (comma below)
    ("Herr", "Đorđe", "Šćepanović"),  # Croatian / Serbian Latin
    ("Frau", "Nguyễn Thị", "Phương"),  # Vietnamese
    ("Herr", "Αλέξανδρος", "Παπαδόπουλος"),  # Greek
    ("Frau", "Ольга", "Щербакова"),  # Cyrillic
    ("Herr", "Ørjan", "Åsmund Lindqvist"),  # Nordic
    ("Frau", "Ağça", "Ğüdül"),  # Turkish capitals
]
TEXT = (
    "Sie berichtet über „Integration vor Ort“, “Teilhabe” und ‚Sprachkurse‘ – Kosten: 1.250 € "
    "nach § 45 SGB III — für Menschen aus Łódź, Iași, Constanța, Đà Nẵng, Αθήνα, Київ "
    "und Brno-Žabovřesky (Čechy)… Ergebnis: ½ der Mittel."
)


@pytest.fixture
def letters(db):
    """A draft protocol whose people are named in many scripts, with a text full of typography."""
    body = Body.objects.create(name="Integrationsrat", protocol_title="Niederschrift des Integrationsrates")
    people = [Person.objects.create(form_of_address=f, given_name=g, family_name=n) for f, g, n in PEOPLE]
    meeting = Meeting.objects.create(
        body=body,
        number=8,
        date=datetime.date(2024, 3, 14),
        start_time=datetime.time(17, 0),
        end_time=datetime.time(19, 0),
        building="Rathaus",
        room="Saal „Europa“",
        chair=people[0],
        chair_function="Vorsitzende",
    )
    for order, person in enumerate(people, start=1):
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            order=order,
            affiliation=f"Verein {person.given_name}",
            group=body_group(body),
        )
    MinuteTaker.objects.create(meeting=meeting, person=people[7], affiliation="Büro für Integration")
    item = AgendaItem.objects.create(meeting=meeting, number="1", order=1, title="Bericht – „Willkommen“ § 3")
    for order, person in enumerate(people, start=1):
        Contribution.objects.create(item=item, order=order, speaker=person, text=TEXT)
    Decision.objects.create(item=item, text="Der Rat empfiehlt 3.000 € für „Sprachcafés“.", votes_yes=9, votes_no=0)
    # The line prints the person's name and, from her membership, her function as signed.
    Membership.objects.create(body=body, person=people[0], role="chair", function="Vorsitzende")
    SignatureLine.objects.create(meeting=meeting, order=1, role="chair", person=people[0])
    return meeting
