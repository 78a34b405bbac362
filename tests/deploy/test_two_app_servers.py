"""Two app servers on one PostgreSQL and one Redis behave as one.

Each is a real gunicorn process with its own folder for PDF copies; they share the
database (the test database) and a throwaway Redis (tests/redis_server.py): sessions, the
cache of published pages and its invalidation. A protocol published through one is served
at once, correctly, by the other.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import connection

from minutes.approval import services
from minutes.models import ProtocolDocument
from tests.conftest import line_of
from tests.postgres import _free_port
from tests.redis_server import redis_url  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database (not the one named in DATABASE_URL): what this test's rows are in."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class Server:
    def __init__(self, name: str, redis: str, tmp_path: Path):
        self.port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis,
            "DEBUG": "true",
            "ALLOWED_HOSTS": "127.0.0.1",
            "TASK_BACKEND": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "PROTOCOL_FILES_ROOT": str(tmp_path / f"files-{name}"),
            "CONN_MAX_AGE": "0",
        }
        self.log = (tmp_path / f"{name}.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "council.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.cookies: dict[str, str] = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                assert self.process.poll() is None, (tmp_path / f"{name}.log").read_text()
                time.sleep(0.2)
        raise AssertionError(f"server {name} did not start")

    def request(self, method: str, path: str, body: dict | None = None, cookies: dict | None = None):
        headers = {"Host": "127.0.0.1"}
        jar = self.cookies if cookies is None else cookies
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = jar.get("csrftoken", "")
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        client.request(method, path, body=data, headers=headers)
        response = client.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                jar[name] = morsel.value
        client.close()
        return response.status, response.headers, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def log_in(self, username: str) -> None:
        self.get("/login/")
        status, headers, _ = self.request("POST", "/login/", {"username": username, "password": "demo"})
        assert status == 302, status

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def two_servers(transactional_db, redis_url, tmp_path):  # noqa: F811
    servers = [Server("a", redis_url, tmp_path), Server("b", redis_url, tmp_path)]
    yield servers
    for server in servers:
        server.stop()


def test_a_protocol_published_through_one_server_is_served_at_once_by_the_other(
    transactional_db, demo, two_servers, settings
):
    a, b = two_servers
    users = {name: User.objects.get(username=name) for name in ("sekretariat", "vorsitz", "geschaeftsfuehrung")}
    # The servers know only Django's default hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    users["sekretariat"].set_password("demo")
    users["sekretariat"].save()
    # A correction of the published demo protocol, signed, not yet published.
    correction = services.start_correction(demo, by=users["sekretariat"], reason="Name in TOP 3 falsch")
    services.submit_for_approval(correction, by=users["sekretariat"])
    for signer in ("vorsitz", "geschaeftsfuehrung"):
        services.sign(correction, by=users[signer], line=line_of(correction, users[signer]), password="demo")
    stored = ProtocolDocument.objects.get(meeting=correction, variant="public")

    # Server B keeps the original's page for visitors; the correction is not public yet.
    status, headers, original = b.get(demo.get_absolute_url(), cookies={})
    assert status == 200 and "Berichtigt durch" not in original.decode()
    assert "Set-Cookie" not in headers and "Cookie" not in (headers.get("Vary") or "")
    assert b.get(demo.get_absolute_url(), cookies={})[2] == original  # served from the shared cache
    assert b.get(correction.get_absolute_url(), cookies={})[0] == 404
    assert b.get(f"/meetings/{correction.pk}/pdf/", cookies={})[0] == 404

    # Published through server A by the secretariat …
    a.log_in("sekretariat")
    status, _, _ = a.request("POST", f"/meetings/{correction.pk}/approval/publish/", {})
    assert status == 302

    # … and served at once, correctly, by server B: page, PDF (B makes its own file from the
    # record), and the original's kept page now links to the correction.
    status, _, page = b.get(correction.get_absolute_url(), cookies={})
    assert status == 200 and "Berichtigung (Fassung 2)" in page.decode()
    status, headers, pdf = b.get(f"/meetings/{correction.pk}/pdf/", cookies={})
    assert status == 200 and pdf == bytes(stored.pdf) and headers["ETag"] == f'"{stored.sha256}"'
    html = b.get(demo.get_absolute_url(), cookies={})[2].decode()
    assert "Berichtigt durch" in html and correction.get_absolute_url() in html

    # The login made on A holds on B (one session store).
    status, _, home = b.get("/", cookies=dict(a.cookies))
    assert status == 200 and "Frau Gegner" in home.decode()
    assert re.search(r"Abmelden", home.decode())
