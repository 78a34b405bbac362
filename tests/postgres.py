"""pytest plugin: run the test suite against a throwaway PostgreSQL server.

Loaded with ``-p tests.postgres`` (see pyproject.toml). Production runs on PostgreSQL,
so the tests must too: SQLite differs in locking, constraints, JSON and text handling.

- ``DATABASE_URL`` set: used unchanged (e.g. a CI service or a developer's own server).
- otherwise: ``initdb`` a cluster into a temp dir, start it on 127.0.0.1 and a free port,
  point ``DATABASE_URL`` at it, stop it and delete the dir when pytest ends.
- PostgreSQL missing or broken: with ``CI=true`` that is an error (a green CI on SQLite
  would prove nothing); locally the tests fall back to SQLite with a loud warning.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# What the tests run on: "environment" (DATABASE_URL given), "throwaway" (server started
# here) or "sqlite-fallback". tests/test_smoke_db.py reads it.
source: str = ""
_header: str = ""
_tmpdir: Path | None = None
_pg_ctl: list[str] = []  # the pg_ctl command (with runuser prefix) once a server runs
_fallback_notice: list[str] = []


class PostgresUnavailable(Exception):
    """PostgreSQL binaries missing, or initdb / the server failed."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _find_bin(name: str) -> str:
    """Locate a PostgreSQL binary: PATH first, then Debian's versioned dirs (not on PATH)."""
    found = shutil.which(name)
    if found:
        return found

    def version(bindir: Path) -> list[int]:
        return [int(part) for part in bindir.parent.name.split(".") if part.isdigit()]

    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True):
        if (bindir / name).is_file():
            return str(bindir / name)
    raise PostgresUnavailable(f"{name} not found on PATH or in /usr/lib/postgresql/*/bin")


def _free_port() -> int:
    # The OS picks an unused port; the tiny race until postgres binds it is retried below.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(cmd: list[str], cwd: Path, timeout: float = 60) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")


def _start_postgres() -> str:
    """Start a private server and return its URL. Raises PostgresUnavailable."""
    global _tmpdir, _pg_ctl
    initdb, pg_ctl = _find_bin("initdb"), _find_bin("pg_ctl")

    # initdb and postgres refuse to run as root: then run them as the "postgres" user,
    # which must own the directory (mkdtemp makes it 0700 for us, so hand it over).
    as_user: list[str] = []
    if os.geteuid() != 0:
        _tmpdir = Path(tempfile.mkdtemp(prefix="ratsprotokoll-pg-"))
    else:
        # The postgres user must be able to reach the dir: a root-private TMPDIR won't do.
        base = Path(tempfile.gettempdir()).resolve()
        if not all(p.stat().st_mode & 0o001 for p in [base, *base.parents]):
            base = Path("/tmp")
        _tmpdir = Path(tempfile.mkdtemp(prefix="ratsprotokoll-pg-", dir=base))
        try:
            pg_user = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root, but there is no 'postgres' user to run initdb as") from None
        os.chown(_tmpdir, pg_user.pw_uid, pg_user.pw_gid)
        # runuser lives in /usr/sbin, which a non-login PATH may lack.
        runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin") or "runuser"
        as_user = [runuser, "-u", "postgres", "--"]

    data, log = _tmpdir / "data", _tmpdir / "server.log"
    # trust: no passwords on a private throwaway; --no-sync: durability is pointless here;
    # C locale + UTF8: independent of whatever locales the machine has installed.
    init_args = ["-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "--locale=C", "--encoding=UTF8"]
    _run([*as_user, initdb, *init_args], cwd=_tmpdir)

    _pg_ctl = [*as_user, pg_ctl, "-D", str(data)]
    last_error: PostgresUnavailable | None = None
    for _attempt in range(3):
        port = _free_port()
        # -F: no fsync. -k: socket in our dir (the default /run/postgresql may not exist or be
        # writable). TCP on loopback only, so the URL is a plain host:port.
        options = f"-F -p {port} -k {shlex.quote(str(_tmpdir))} -c listen_addresses=127.0.0.1"
        try:
            # -w waits until the server accepts connections.
            _run([*_pg_ctl, "-l", str(log), "-w", "-t", "60", "-o", options, "start"], cwd=_tmpdir, timeout=90)
            return f"postgres://postgres@127.0.0.1:{port}/postgres"
        except PostgresUnavailable as exc:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            last_error = PostgresUnavailable(f"{exc}\nserver log:\n{server_log[-3000:]}")
    assert last_error is not None
    raise last_error


def _stop_postgres() -> None:
    """Stop the server and delete its dir. Idempotent: runs from pytest_unconfigure and atexit."""
    global _tmpdir, _pg_ctl
    if _pg_ctl:
        # immediate: no clean shutdown needed for data we throw away anyway.
        subprocess.run(
            [*_pg_ctl, "-m", "immediate", "-w", "stop"], cwd=_tmpdir, capture_output=True, timeout=60, check=False
        )
        _pg_ctl = []
    if _tmpdir is not None:
        shutil.rmtree(_tmpdir, ignore_errors=True)
        _tmpdir = None


def _describe(url: str) -> str:
    # Never print a password into the test log.
    password = urlsplit(url).password
    return url.replace(f":{password}@", ":***@", 1) if password else url


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    # tryfirst: pytest-django loads council.settings in this same hook, and the settings read
    # DATABASE_URL once at import, so it has to be set before that.
    global source, _header
    if os.environ.get("DATABASE_URL"):
        source = "environment"
        _header = f"database: {_describe(os.environ['DATABASE_URL'])} (DATABASE_URL from the environment)"
        return

    atexit.register(_stop_postgres)  # also if pytest dies before pytest_unconfigure
    try:
        url = _start_postgres()
    except (PostgresUnavailable, OSError, subprocess.TimeoutExpired) as exc:
        _stop_postgres()
        if in_ci():
            raise pytest.UsageError(
                f"CI=true, but no PostgreSQL test server could be started; refusing to test on SQLite.\n{exc}"
            ) from exc
        # Locally, running some tests beats running none - but say so loudly.
        fallback_dir = Path(tempfile.mkdtemp(prefix="ratsprotokoll-sqlite-"))
        atexit.register(shutil.rmtree, fallback_dir, True)
        os.environ["DATABASE_URL"] = f"sqlite:///{fallback_dir / 'test.sqlite3'}"
        source = "sqlite-fallback"
        _header = "database: SQLite FALLBACK - PostgreSQL not available (not what production runs on)"
        # Not printed here: pytest captures (and drops) output of this hook; the header and
        # the summary show it instead.
        reason = str(exc).strip().splitlines()
        _fallback_notice.extend(
            [
                "!" * 78,
                "!!! PostgreSQL not found - running on SQLite, which is not production.",
                "!!! Results may differ from PostgreSQL. Install PostgreSQL (initdb, pg_ctl) or set DATABASE_URL.",
                f"!!! Reason: {reason[-1] if reason else type(exc).__name__}",
                "!" * 78,
            ]
        )
        return

    os.environ["DATABASE_URL"] = url
    source = "throwaway"
    _header = f"database: throwaway PostgreSQL at {url} (data in {_tmpdir})"


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [*_fallback_notice, _header]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # Repeat the SQLite warning at the end, where people look.
    for line in _fallback_notice:
        terminalreporter.write_line(line, red=True, bold=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    _stop_postgres()
