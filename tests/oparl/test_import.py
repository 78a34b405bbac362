"""Importing from an OParl endpoint (manage.py import_oparl, minutes/oparl/importer.py),
end to end: a second Ratsprotokoll — a real gunicorn process on its own SQLite file with
the demo loaded — serves its OParl interface, and this one imports from it."""

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from council.models import Body, Membership, Person
from minutes.drafting import services as drafting
from minutes.models import AgendaItem, Consultation, File, ImportedObject, Meeting, Paper
from minutes.oparl.importer import ImportFailed, import_oparl
from tests.factories import SuperuserFactory
from tests.postgres import _free_port

ROOT = Path(__file__).resolve().parents[2]
LONG_AGO = date(2000, 1, 1)  # the demo's meetings are past: import them as if upcoming
COMMITTEE = "Ausschuss für Umwelt, Klima und Grün"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The other Ratsprotokoll: its own database with the demo, served by gunicorn; its OParl URL."""
    folder = tmp_path_factory.mktemp("oparl-source")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASK_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "MEDIA_ROOT": str(folder / "media"),
        "PROTOCOL_FILES_ROOT": str(folder / "protocol-files"),
        "CACHE_DIR": str(folder / "cache"),
        "CONN_MAX_AGE": "0",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "council.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, (folder / "server.log").read_text()
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/oparl/v1.1/"
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def admin(db):
    return SuperuserFactory(username="import")


def test_a_second_ratsprotokoll_is_imported_and_a_second_run_duplicates_nothing(source, admin):
    summary = import_oparl(source, by=admin, meetings_from=LONG_AGO)

    committee = Body.objects.get(name=COMMITTEE)
    meeting = Meeting.objects.get(body=committee)
    assert meeting.status == Meeting.Status.DRAFT  # a draft for the secretariat to write
    assert meeting.date == date(2024, 3, 14)
    assert meeting.place.locality == "Rheinstadt"
    items = list(meeting.agenda_items.values_list("number", "title"))
    assert ("4", "Änderung der Baumschutzsatzung (Vorlage 0412/2024)") in items
    paper = Paper.objects.get(reference="0398/2024")
    assert "Haushaltsüberschreitungen" in paper.main_file.text
    assert paper.main_file.content.read()[:4] == b"%PDF"
    consultation = Consultation.objects.get(paper=paper)
    assert (consultation.item.number, consultation.role, consultation.authoritative) == ("5", "Beschlussfassung", True)
    chair = Membership.objects.get(body=committee, role=Membership.Role.CHAIR)
    assert chair.person.family_name == "Wallmeyer"
    assert summary.created["Paper"] == 3
    assert "Meeting: 2 neu, 0 geändert, 0 unverändert" in summary.lines()

    counts = [model.objects.count() for model in (Body, Person, Membership, Meeting, AgendaItem, Paper, File)]
    # The secretariat starts writing the protocol: a second run leaves it as it is.
    item = meeting.agenda_items.get(number="4")
    drafting.save_agenda_item(item, by=admin, revision=item.revision, title="Baumschutzsatzung (geändert)")
    again = import_oparl(source, by=admin, meetings_from=LONG_AGO)
    assert [model.objects.count() for model in (Body, Person, Membership, Meeting, AgendaItem, Paper, File)] == counts
    assert sum(again.created.values()) == 0
    assert AgendaItem.objects.get(pk=item.pk).title == "Baumschutzsatzung (geändert)"
    # Incremental: the second run asked only for what changed since the first.
    assert ImportedObject.objects.get(kind="System").modified


def test_only_upcoming_meetings_by_default(source, admin):
    summary = import_oparl(source, by=admin)
    assert not Meeting.objects.exists()  # the demo's meetings are past
    assert summary.created["Paper"] == 3
    assert Person.objects.filter(family_name="Wallmeyer").exists()


def test_the_command_prints_a_summary(source, admin):
    out = io.StringIO()
    call_command("import_oparl", source, "--meetings-from", "2000-01-01", "--user", "import", stdout=out)
    assert "Paper: 3 neu, 0 geändert, 0 unverändert" in out.getvalue()
    assert "Import finished." in out.getvalue()


def test_an_unreachable_endpoint_is_a_clear_error(admin):
    url = f"http://127.0.0.1:{_free_port()}/oparl/v1.1/"
    with pytest.raises(ImportFailed, match="nicht erreichbar"):
        import_oparl(url, by=admin)
    with pytest.raises(CommandError, match="nicht erreichbar"):
        call_command("import_oparl", url, stdout=io.StringIO())


class FakeEndpoint(BaseHTTPRequestHandler):
    """A broken OParl endpoint: ``pages`` maps a path to the bytes it answers."""

    pages: dict[str, bytes] = {}

    def do_GET(self):
        content = self.pages.get(self.path)
        self.send_response(200 if content is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(content or b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    yield base
    server.shutdown()


def _page(data: list) -> bytes:
    return json.dumps({"data": data, "links": {}}).encode()


def test_invalid_json_is_a_clear_error(fake, admin):
    FakeEndpoint.pages = {"/oparl/": b"<html>Wartung</html>"}
    with pytest.raises(ImportFailed, match="nicht mit gültigem JSON"):
        import_oparl(fake + "/oparl/", by=admin)


def test_objects_that_break_the_schema_are_skipped_and_reported(fake, admin):
    schema = "https://schema.oparl.org/1.1/"
    FakeEndpoint.pages = {
        "/oparl/": json.dumps(
            {"id": fake + "/oparl/", "type": schema + "System", "oparlVersion": schema, "body": fake + "/bodies/"}
        ).encode(),
        "/bodies/": _page(
            [
                {
                    "id": fake + "/body/1",
                    "type": schema + "Body",
                    "name": "Stadt",
                    "organization": fake + "/orgs/",
                    "person": fake + "/people/",
                    "meeting": fake + "/meetings/",
                    "paper": fake + "/papers/",
                    "legislativeTerm": [],
                }
            ]
        ),
        "/orgs/": _page(
            [{"id": fake + "/org/1", "type": schema + "Organization", "name": "Rat", "organizationType": "Gremium"}]
        ),
        "/people/": _page(
            [
                {"id": fake + "/person/1", "type": schema + "Person", "familyName": "Roth"},
                {"id": fake + "/person/2", "type": schema + "Person", "familyName": ["keine", "Zeichenkette"]},
            ]
        ),
        "/meetings/": _page([]),
        "/papers/": _page([{"id": fake + "/paper/1", "type": schema + "Paper", "reference": 815}]),
    }
    summary = import_oparl(fake + "/oparl/", by=admin)
    assert Person.objects.filter(family_name="Roth").exists()
    assert not Paper.objects.exists()
    skipped = "\n".join(summary.skipped)
    assert f"{fake}/person/2 verletzt das OParl-Schema" in skipped
    assert f"{fake}/paper/1 verletzt das OParl-Schema" in skipped
    assert summary.created["Person"] == 1


@pytest.fixture
def committee_secretariat(db, client):
    from tests.factories import BodyFactory, MembershipFactory, PersonFactory

    body = BodyFactory(name=COMMITTEE)
    person = PersonFactory(family_name="Brandt", login="brandt")
    MembershipFactory(body=body, person=person, role="secretariat")
    client.force_login(person.user)
    return body


def test_the_workspace_imports_one_body(source, client, committee_secretariat):
    from django.urls import reverse

    url = reverse("minutes:workspace_oparl_import", args=[committee_secretariat.pk])
    assert "Aus OParl importieren" in client.get(reverse("minutes:workspace_home")).content.decode()
    response = client.post(url, {"url": source, "meetings_from": "2000-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Meeting: 1 neu" in page
    assert Meeting.objects.get().body == committee_secretariat  # only this body's meeting
    assert not Body.objects.filter(name="Integrationsbeirat").exists()
    assert Membership.objects.filter(body=committee_secretariat, role=Membership.Role.CHAIR).exists()


def test_the_workspace_says_why_an_import_failed(client, committee_secretariat):
    from django.urls import reverse

    address = f"http://127.0.0.1:{_free_port()}/oparl/v1.1/"
    response = client.post(reverse("minutes:workspace_oparl_import", args=[committee_secretariat.pk]), {"url": address})
    assert response.status_code == 502
    page = response.content.decode()
    assert "ist nicht erreichbar" in page
    assert address in page  # what was typed comes back
