"""Benchmark the reading path side by side — a measurement, not a test (issue 14's table).

    make bench                                            # the whole table, about 10 minutes
    .venv/bin/python tests/benchmarks/bench_speed.py --rounds 3 --load-seconds 20   # quicker look

Starts a throwaway PostgreSQL (or uses DATABASE_URL's server: it CREATEs and DROPs the
databases bench_small and bench_full there — never production) and, if Debian's
redis-server is there, a throwaway Redis. Fills one database with generate_large_city at
scale 0.1 and one at 1.0 (each with the demo), collects the static files and starts one
gunicorn per database with the same number of workers, DEBUG off, as in production.

Every row compares two sides, measured in turns (A B A B …, ``--rounds`` times), and
reports their medians and the ratio:

- the anonymous page of a published protocol ÷ a bare Django view returning the same
  bytes, and the public signed PDF ÷ the same file served by WhiteNoise (requests/s);
- a 304 answer ÷ the 200 answer (server time, the ``X-Server-Time-Us`` header);
- searches, the people list, a person page, home, a deep list page at scale 1.0 ÷ 0.1;
- a draft PDF ÷ WeasyPrint alone on the same HTML;
- the number of queries of each page at both scales (Django's test client, in a subprocess);
- then a load test on the full database: ``--readers`` anonymous readers and ``--editors``
  editors (the secretariat, adding contributions to a draft) for ``--load-seconds``
  against ``--load-workers`` gunicorn workers: requests/s, median and 95th percentile
  latency, errors, and whether every saved contribution is in the database.

It prints a Markdown table (README.md, "Scale: a large city").
"""

from __future__ import annotations

import argparse
import atexit
import html
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

SCALES = {"small": 0.1, "full": 1.0}


# ----------------------------------------------------------------------------- set-up


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_server() -> str:
    """The URL of a server to create the benchmark databases on."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from tests import postgres

    atexit.register(postgres._stop_postgres)
    return postgres._start_postgres()


def database_url(server: str, name: str) -> str:
    parts = urlsplit(server)
    return parts._replace(path=f"/{name}").geturl()


def sql(server: str, statement: str, *params, fetch: bool = False):
    import psycopg2

    connection = psycopg2.connect(server)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if fetch else None
    finally:
        connection.close()


def manage(url: str, *args: str, env: dict | None = None, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=cwd,
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "true", **(env or {})},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_database(server: str, name: str, scale: float) -> tuple[str, float]:
    sql(server, f'DROP DATABASE IF EXISTS "{name}"')
    sql(server, f'CREATE DATABASE "{name}"')
    url = database_url(server, name)
    manage(url, "migrate", "--noinput", "-v0")
    manage(url, "load_demo", "--force", "-v0")
    started = time.perf_counter()
    manage(url, "generate_large_city", "--scale", str(scale), "-v0")
    return url, time.perf_counter() - started


def start_redis() -> str:
    from tests.redis_server import RedisUnavailable, start_redis

    try:
        process, url, folder = start_redis()
    except RedisUnavailable as exc:
        print(f"!!! no Redis ({exc}): the servers share a cache folder instead", file=sys.stderr)
        return ""
    atexit.register(lambda: (process.terminate(), shutil.rmtree(folder, ignore_errors=True)))
    return url


@dataclass
class Server:
    name: str
    url: str  # database
    workers: int
    env: dict
    code: Path = ROOT
    port: int = field(default_factory=free_port)

    def start(self) -> Server:
        log = open(self.env["BENCH_LOG_DIR"] + f"/{self.name}.log", "w")  # noqa: SIM115 (open while it runs)
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "council.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
            ],
            cwd=self.code,
            env={**os.environ, **self.env, "DATABASE_URL": self.url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"server {self.name} did not start; see {log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# ----------------------------------------------------------------------------- HTTP


def request(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None):
    """(status, headers, body) — one connection per request, as gunicorn's sync workers do."""
    connection = HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def get(port: int, path: str, headers: dict | None = None):
    return request(port, "GET", path, headers)


class Session:
    """A logged-in browser: cookies, CSRF token."""

    def __init__(self, port: int, username: str, password: str = "demo"):
        self.port, self.cookies = port, {}
        self.call("GET", "/login/")
        status, _, _ = self.call("POST", "/login/", {"username": username, "password": password})
        assert status == 302, f"login as {username} failed ({status})"

    def headers(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def call(self, method: str, path: str, form: dict | None = None):
        headers = self.headers()
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update(
                {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.cookies.get("csrftoken", "")}
            )
        status, response_headers, content = request(self.port, method, path, headers, body)
        for header in response_headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, response_headers, content


# ----------------------------------------------------------------------------- measuring


def requests_per_second(port: int, path: str, n: int, headers: dict | None = None) -> float:
    start = time.perf_counter()
    for _ in range(n):
        status, _, _ = get(port, path, headers)
        assert status in (200, 304), (path, status)
    return n / (time.perf_counter() - start)


def latency_ms(port: int, path: str, n: int, headers: dict | None = None) -> float:
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        status, _, _ = get(port, path, headers)
        timings.append(time.perf_counter() - start)
        assert status == 200, (path, status)
    return statistics.median(timings) * 1000


def server_ms(port: int, path: str, n: int, headers: dict | None = None, expect: int = 200) -> float:
    timings = []
    for _ in range(n):
        status, response_headers, _ = get(port, path, headers)
        assert status == expect, (path, status, expect)
        timings.append(int(response_headers["X-Server-Time-Us"]) / 1000)
    return statistics.median(timings)


@dataclass
class Row:
    name: str
    a: str
    b: str
    unit: str
    measure_a: callable
    measure_b: callable
    goal: str
    results_a: list = field(default_factory=list)
    results_b: list = field(default_factory=list)

    def run(self, rounds: int) -> None:
        self.measure_a(), self.measure_b()  # warm-up: caches, copies, connections
        for _ in range(rounds):
            self.results_a.append(self.measure_a())
            self.results_b.append(self.measure_b())

    def line(self) -> str:
        a, b = statistics.median(self.results_a), statistics.median(self.results_b)
        return f"| {self.name} | {a:.1f} {self.unit} | {b:.1f} {self.unit} | {a / b:.2f}× | {self.goal} |"


def count_queries_main() -> None:
    """Subprocess mode: the queries of each portal page on DATABASE_URL, as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from minutes import frozen_copies

    pages = json.loads(sys.argv[2])
    counts = {}
    client = Client()
    for name, path in pages.items():
        client.get(path)  # warm-up (connections, templates) …
        cache.clear()  # … but count the page as it is made, not as it is kept
        frozen_copies.forget_local_memory()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        assert status == 200, (path, status)
        counts[name] = len(queries)
    print(json.dumps(counts))


# ----------------------------------------------------------------------------- load


def load_test(port: int, db_url: str, readers: int, editors: int, seconds: float, facts: dict) -> dict:
    """Readers and editors at once; returns throughput, latencies, errors, lost edits."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    saved: list[str] = []
    words = ["Zuschuss", "Haushalt", "Radverkehr", "Wartelisten", "Sondernutzungserlaubnis", "Weber"]
    recent, everything = facts["meetings"][:30], facts["meetings"]
    # What readers of a council's minutes ask for: mostly recent protocols (pages and
    # PDFs), the home page and lists, some searches, people; a long tail of old protocols.
    mix = [
        (30, lambda rng: f"/meetings/{rng.choice(recent)}/"),
        (10, lambda rng: f"/meetings/{rng.choice(everything)}/"),
        (10, lambda rng: f"/meetings/{facts['demo']}/pdf/"),
        (15, lambda rng: "/"),
        (10, lambda rng: rng.choice(["/meetings/", "/meetings/?page=2", f"/meetings/?body={facts['body']}"])),
        (10, lambda rng: f"/search/?q={quote(rng.choice(words))}"),
        (5, lambda rng: "/people/"),
        (5, lambda rng: f"/people/{rng.choice(facts['people'])}/"),
        (5, lambda rng: f"/meetings/{facts['demo']}/"),
    ]
    weights = [weight for weight, _ in mix]

    def record(start: float, status: int | None, what: str) -> None:
        with lock:
            latencies.append(time.perf_counter() - start)
            if status is None or status >= 500:
                errors.append(f"{what}: {status}")

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            path = rng.choices(mix, weights)[0][1](rng)
            start = time.perf_counter()
            try:
                status = get(port, path)[0]
            except OSError as exc:
                status = None
                path += f" ({exc})"
            record(start, status, path)

    def editor(number: int) -> None:
        session = Session(port, "sekretariat")
        item = facts["draft_items"][number % len(facts["draft_items"])]
        page = session.call("GET", f"/workspace/items/{item}/")[2].decode()
        speaker = re.search(r'<datalist id="speakers">\s*<option value="([^"]+)"', page).group(1)
        count = 0
        while time.monotonic() < deadline:
            count += 1
            marker = f"Lastprobe Redaktion {number}-{count}-{secrets.token_hex(4)}"
            start = time.perf_counter()
            try:
                status = session.call(
                    "POST",
                    f"/workspace/items/{item}/contributions/",
                    {"speaker_name": html.unescape(speaker), "text": marker},
                )[0]
            except OSError:
                status = None
            record(start, status, f"edit {marker}")
            if status == 302:
                with lock:
                    saved.append(marker)
            elif status is not None and status < 500:
                with lock:
                    errors.append(f"edit refused: {status}")

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    threads += [threading.Thread(target=editor, args=(n,)) for n in range(editors)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    found = {
        row[0]
        for row in sql(
            db_url, "SELECT text FROM minutes_contribution WHERE text LIKE %s", "Lastprobe Redaktion %", fetch=True
        )
    }
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": len(errors),
        "error_examples": errors[:5],
        "edits": len(saved),
        "lost": len(set(saved) - found),
    }


def load_line(result: dict) -> str:
    return (
        f"{result['rps']:.0f} req/s, p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
        f"{result['errors']} errors, {result['edits']} edits saved, {result['lost']} lost"
    )


def load_facts(db_url: str) -> dict:
    """What the readers and editors of a load test ask for, in this database."""

    def ids(statement: str, *params) -> list[int]:
        return [row[0] for row in sql(db_url, statement, *params, fetch=True)]

    demo, draft = ids(
        "SELECT m.id FROM minutes_meeting m JOIN council_body b ON b.id = m.body_id "
        "WHERE b.name = 'Integrationsbeirat' ORDER BY m.number"
    )[:2]
    return {
        "demo": demo,
        # newest first: the first 30 are the recent protocols most readers open
        "meetings": ids("SELECT id FROM minutes_meeting WHERE status = 'published' ORDER BY date DESC, id DESC"),
        "people": ids("SELECT id FROM council_person ORDER BY id"),
        "body": ids("SELECT id FROM council_body WHERE classification = 'SYNTHETIC' ORDER BY id")[0],
        "draft_items": ids('SELECT id FROM minutes_agendaitem WHERE meeting_id = %s ORDER BY "order"', draft),
    }


def prepare_baseline(ref: str, server: str, work: Path, env: dict) -> tuple[Path, str, dict]:
    """The code of ``ref`` (git archive) with its own database at scale 1.0, as it was."""
    code = work / "baseline"
    code.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    sql(server, 'DROP DATABASE IF EXISTS "bench_baseline"')
    sql(server, 'CREATE DATABASE "bench_baseline"')
    atexit.register(sql, server, 'DROP DATABASE IF EXISTS "bench_baseline" WITH (FORCE)')
    url = database_url(server, "bench_baseline")
    for args in (["migrate", "--noinput", "-v0"], ["load_demo", "--force", "-v0"], ["generate_large_city", "-v0"]):
        manage(url, *args, cwd=code)
    # The same comparison views and server-time header as this side (bench_settings.py, bench_urls.py).
    for name in ("bench_settings.py", "bench_urls.py"):
        shutil.copy(Path(__file__).with_name(name), code / "tests" / "benchmarks" / name)
    side_env = {**env, "STATIC_ROOT": str(work / "static-baseline")}
    manage(url, "collectstatic", "--noinput", "-v0", env={**side_env, "DEBUG": "false"}, cwd=code)
    return code, url, side_env


# ----------------------------------------------------------------------------- main


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--count-queries":
        return count_queries_main()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="turns per row (A B A B …)")
    parser.add_argument("--requests", type=int, default=40, help="requests per turn for the fast rows")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of both servers")
    parser.add_argument("--load-workers", type=int, default=5)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument(
        "--baseline",
        metavar="REF",
        help="also run the load test against this commit (git archive, its own database), e.g. the base of a branch",
    )
    args = parser.parse_args()
    # Stopped (kill, Ctrl-C): still stop the servers and drop what was made (atexit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    work = Path(tempfile.mkdtemp(prefix="ratsprotokoll-bench-"))
    atexit.register(shutil.rmtree, work, True)
    server = postgres_server()
    redis = start_redis()
    print("preparing the databases (scale 0.1 and 1.0) …", file=sys.stderr)
    urls, generated = {}, {}
    for name, scale in SCALES.items():
        urls[name], generated[name] = prepare_database(server, f"bench_{name}", scale)
        atexit.register(sql, server, f'DROP DATABASE IF EXISTS "bench_{name}" WITH (FORCE)')

    demo, draft = (
        sql(
            urls["full"],
            "SELECT m.id FROM minutes_meeting m JOIN council_body b ON b.id = m.body_id "
            "WHERE b.name = 'Integrationsbeirat' ORDER BY m.number",
            fetch=True,
        )[i][0]
        for i in (0, 1)
    )
    static_root, bare_dir = work / "whitenoise", work / "bare"
    static_root.mkdir()
    bare_dir.mkdir()
    pdf = sql(
        urls["full"],
        "SELECT pdf FROM minutes_protocoldocument WHERE meeting_id = %s AND variant = 'public'",
        demo,
        fetch=True,
    )[0][0]
    (static_root / "bench.pdf").write_bytes(bytes(pdf))
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.bench_settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(work / "static"),
        "TASK_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "BENCH_STATIC_ROOT": str(static_root),
        "BENCH_BARE_DIR": str(bare_dir),
        "BENCH_LOG_DIR": str(work),
        "LOG_LEVEL": "WARNING",
    }
    manage(urls["full"], "collectstatic", "--noinput", "-v0", env={**env, "DEBUG": "false"})
    baseline = None
    if args.baseline:
        print(f"preparing the baseline {args.baseline} at scale 1.0 …", file=sys.stderr)
        baseline = prepare_baseline(args.baseline, server, work, env)
    servers = {}
    if baseline:
        code, url, side_env = baseline
        servers["baseline"] = Server("baseline", url, args.workers, side_env, code=code).start()
    for index, name in enumerate(SCALES):
        server_env = {
            **env,
            "REDIS_URL": f"{redis.rsplit('/', 1)[0]}/{index + 1}" if redis else "",
            "CACHE_DIR": str(work / f"cache-{name}"),
            "PROTOCOL_FILES_ROOT": str(work / f"files-{name}"),
        }
        servers[name] = Server(name, urls[name], args.workers, server_env).start()
    full, small = servers["full"].port, servers["small"].port

    page = f"/meetings/{demo}/"
    (bare_dir / "page").write_bytes(get(full, page)[2])
    synthetic = sql(
        urls["full"],
        "SELECT m.id FROM minutes_meeting m JOIN council_body b ON b.id = m.body_id "
        "WHERE b.classification = 'SYNTHETIC' ORDER BY m.date DESC, m.id LIMIT 1",
        fetch=True,
    )[0][0]
    (bare_dir / "synthetic").write_bytes(get(full, f"/meetings/{synthetic}/")[2])
    member = Session(full, "mitglied")
    secretariat = Session(full, "sekretariat")
    etag = get(full, f"/meetings/{demo}/pdf/")[1]["ETag"]
    non_public_etag = get(full, f"/meetings/{demo}/pdf/nichtoeffentlich/", member.headers())[1]["ETag"]
    person_of = {}
    for name in SCALES:  # the same kind of person at both scales: a member of the first synthetic body
        person_of[name] = sql(
            urls[name],
            "SELECT p.id FROM council_person p JOIN council_membership ms ON ms.person_id = p.id "
            "JOIN council_body b ON b.id = ms.body_id WHERE b.classification = 'SYNTHETIC' "
            "ORDER BY b.id, ms.order LIMIT 1 OFFSET 1",
            fetch=True,
        )[0][0]

    n = args.requests

    def both(path, unit="ms", n=n):
        return (lambda: latency_ms(full, path, n), lambda: latency_ms(small, path, n))

    rows = [
        Row(
            "anonymous published protocol page (the demo, frozen) ÷ bare Django view, same bytes",
            "app",
            "bare view",
            "req/s",
            lambda: requests_per_second(full, page, n * 4),
            lambda: requests_per_second(full, "/bench/bare/page", n * 4),
            "≥ 0.8×",
        ),
        Row(
            "anonymous published protocol page (synthetic, assembled once) ÷ bare view",
            "app",
            "bare view",
            "req/s",
            lambda: requests_per_second(full, f"/meetings/{synthetic}/", n * 4),
            lambda: requests_per_second(full, "/bench/bare/synthetic", n * 4),
            "≥ 0.8×",
        ),
        Row(
            "public signed PDF ÷ the same file from WhiteNoise",
            "app",
            "WhiteNoise",
            "req/s",
            lambda: requests_per_second(full, f"/meetings/{demo}/pdf/", n * 4),
            lambda: requests_per_second(full, "/bench.pdf", n * 4),
            "≥ 0.9×",
        ),
        Row(
            "304 (If-None-Match) ÷ 200, public PDF, server time",
            "304",
            "200",
            "ms",
            lambda: server_ms(full, f"/meetings/{demo}/pdf/", n, {"If-None-Match": etag}, expect=304),
            lambda: server_ms(full, f"/meetings/{demo}/pdf/", n),
            "≤ 0.2×",
        ),
        Row(
            "304 ÷ 200, a member's non-public PDF (access checked each time), server time",
            "304",
            "200",
            "ms",
            lambda: server_ms(
                full,
                f"/meetings/{demo}/pdf/nichtoeffentlich/",
                n,
                {**member.headers(), "If-None-Match": non_public_etag},
                expect=304,
            ),
            lambda: server_ms(full, f"/meetings/{demo}/pdf/nichtoeffentlich/", n, member.headers()),
            "≤ 0.2×",
        ),
    ]
    for label, path in [
        ('search "Zuschuss"', "/search/?q=Zuschuss"),
        ('search "Haushalt -Kita"', "/search/?q=Haushalt+-Kita"),
        ('search "Weber" (a speaker\'s name)', "/search/?q=Weber"),
        ('search "Sondernutzungserlaubnis" (rare)', "/search/?q=Sondernutzungserlaubnis"),
        ("/people/", "/people/"),
        ("home", "/"),
        ("/meetings/?page=50 (0.1: its last page)", "/meetings/?page=50"),
    ]:
        a, b = both(path, n=max(5, n // 4))
        rows.append(Row(f"{label}, scale 1.0 ÷ 0.1", "1.0", "0.1", "ms", a, b, "≤ 1.5×"))
    # The same pages as made, never kept: for a logged-in member (their own session per server).
    members = {"full": member, "small": Session(small, "mitglied")}
    for label, path in [("/people/", "/people/"), ("home", "/"), ("/meetings/?page=50", "/meetings/?page=50")]:
        rows.append(
            Row(
                f"{label} as made (a logged-in member), scale 1.0 ÷ 0.1",
                "1.0",
                "0.1",
                "ms",
                lambda path=path: latency_ms(full, path, max(5, n // 4), members["full"].headers()),
                lambda path=path: latency_ms(small, path, max(5, n // 4), members["small"].headers()),
                "≤ 1.5×",
            )
        )
    rows.append(
        Row(
            "a person page as made (a logged-in member), scale 1.0 ÷ 0.1",
            "1.0",
            "0.1",
            "ms",
            lambda: latency_ms(full, f"/people/{person_of['full']}/", max(5, n // 4), members["full"].headers()),
            lambda: latency_ms(small, f"/people/{person_of['small']}/", max(5, n // 4), members["small"].headers()),
            "≤ 1.5×",
        )
    )
    rows.append(
        Row(
            "a person page (a member of a synthetic body), scale 1.0 ÷ 0.1",
            "1.0",
            "0.1",
            "ms",
            lambda: latency_ms(full, f"/people/{person_of['full']}/", max(5, n // 4)),
            lambda: latency_ms(small, f"/people/{person_of['small']}/", max(5, n // 4)),
            "≤ 1.5×",
        )
    )
    rows.append(
        Row(
            "draft PDF ÷ WeasyPrint alone on the same HTML",
            "app",
            "WeasyPrint",
            "ms",
            lambda: latency_ms(full, f"/meetings/{draft}/pdf/", 4, secretariat.headers()),
            lambda: latency_ms(full, f"/bench/weasyprint/{draft}/", 4),
            "≤ 1.1×",
        )
    )
    if baseline:
        base = servers["baseline"].port
        base_demo = load_facts(baseline[1])["demo"]
        get(base, f"/meetings/{base_demo}/pdf/")
        rows[4:4] = [
            Row(
                f"304 now ÷ the full 200 of {args.baseline} (public PDF, server time)",
                "304 now",
                "200 before",
                "ms",
                lambda: server_ms(full, f"/meetings/{demo}/pdf/", n, {"If-None-Match": etag}, expect=304),
                lambda: server_ms(base, f"/meetings/{base_demo}/pdf/", n),
                "≤ 0.2×",
            ),
            Row(
                f"anonymous published protocol page, now ÷ {args.baseline}",
                "now",
                "before",
                "req/s",
                lambda: requests_per_second(full, page, n),
                lambda: requests_per_second(base, f"/meetings/{base_demo}/", n),
                "",
            ),
        ]
    print(f"measuring {len(rows)} rows, {args.rounds} rounds each …", file=sys.stderr)
    for row in rows:
        row.run(args.rounds)
        print("  " + row.line(), file=sys.stderr)

    query_counts = {}
    for name in SCALES:
        synthetic_body = sql(
            urls[name], "SELECT id FROM council_body WHERE classification = 'SYNTHETIC' ORDER BY id LIMIT 1", fetch=True
        )[0][0]
        pages = {
            "home": "/",
            "list": "/meetings/",
            "list (body, year)": f"/meetings/?body={synthetic_body}&year=2019",
            "protocol (demo)": page,
            "search": "/search/?q=Zuschuss",
            "search (name)": "/search/?q=Weber",
            "people": "/people/",
            "person": f"/people/{person_of[name]}/",
        }
        result = subprocess.run(
            [PYTHON, __file__, "--count-queries", json.dumps(pages)],
            env={**os.environ, "DATABASE_URL": urls[name], "DEBUG": "true"},
            capture_output=True,
            text=True,
            check=True,
        )
        query_counts[name] = json.loads(result.stdout.strip().splitlines()[-1])

    for running in servers.values():
        running.stop()
    sides = {"now": (ROOT, urls["full"], env)}
    if baseline:
        sides = {"baseline": baseline, **sides}
    print(
        f"load test: {args.readers} readers + {args.editors} editors, {args.load_seconds:.0f} s per side, "
        f"{args.load_workers} workers …",
        file=sys.stderr,
    )
    load = {}
    for side, (code, db_url, side_env) in sides.items():
        load_server = Server(f"load-{side}", db_url, args.load_workers, {**side_env, "REDIS_URL": ""}, code=code)
        if redis:
            load_server.env["REDIS_URL"] = f"{redis.rsplit('/', 1)[0]}/{3 + len(load)}"
        load[side] = load_test(
            load_server.start().port, db_url, args.readers, args.editors, args.load_seconds, load_facts(db_url)
        )
        load_server.stop()
        print(f"  {side}: {load_line(load[side])}", file=sys.stderr)

    import psycopg2

    version = psycopg2.connect(server).server_version // 10000
    print()
    print(
        f"PostgreSQL {version}, gunicorn {args.workers} sync workers per server, DEBUG off, "
        f"{'Redis' if redis else 'file'} cache; {os.cpu_count()} cores; medians of {args.rounds} turns per side "
        f"(A B A B …)."
    )
    print()
    print("| what | A | B | A ÷ B | goal |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(row.line())
    same = query_counts["small"] == query_counts["full"]
    counts = ", ".join(f"{k} {v}" for k, v in query_counts["full"].items())
    print(f"| queries per page, 0.1 and 1.0 | {counts} | | {'same' if same else 'DIFFERENT'} | constant |")
    what = (
        f"{args.readers} readers + {args.editors} editors, {args.load_seconds:.0f} s, {args.load_workers} workers, "
        "scale 1.0"
    )
    if "baseline" in load:
        ratio = load["now"]["rps"] / load["baseline"]["rps"]
        print(
            f"| {what}: now ÷ {args.baseline} | {load_line(load['now'])} | {load_line(load['baseline'])} "
            f"| {ratio:.2f}× | ≥ 3×, 0 errors, no lost edit |"
        )
    else:
        print(f"| {what} | {load_line(load['now'])} | | | ≥ 3 × 65 req/s, 0 errors, no lost edit |")
    if not same:
        print(f"\nqueries at 0.1: {query_counts['small']}\nqueries at 1.0: {query_counts['full']}")
    for side, result in load.items():
        if result["error_examples"]:
            print(f"\nerrors ({side}), for example:", *result["error_examples"], sep="\n  ")
    print(f"\ngenerated in {generated['small']:.0f} s (0.1) and {generated['full']:.0f} s (1.0)")


if __name__ == "__main__":
    main()
