"""A throwaway Redis for the tests that need one (several app servers sharing a cache).

Like tests/postgres.py: Debian's ``redis-server`` started on 127.0.0.1 and a free port,
without persistence, and stopped when the tests end. Missing locally: those tests are
skipped with a loud notice; with ``CI=true`` that is an error (.ci/run installs it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.postgres import _free_port, in_ci


class RedisUnavailable(Exception):
    pass


def start_redis() -> tuple[subprocess.Popen, str, Path]:
    """Start a private server; returns the process, its URL and its folder."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise RedisUnavailable("redis-server not found (Debian package redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="ratsprotokoll-redis-"))
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return process, f"redis://127.0.0.1:{port}/0", folder
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RedisUnavailable(f"redis-server did not answer on port {port}")


@pytest.fixture(scope="session")
def redis_url():
    """The URL of a throwaway Redis, for the whole test session."""
    try:
        process, url, folder = start_redis()
    except RedisUnavailable as exc:
        if in_ci():
            pytest.fail(f"CI=true, but no Redis could be started: {exc}")
        pytest.skip(f"!!! REDIS NOT AVAILABLE - multi-server tests skipped: {exc} !!!")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(folder, ignore_errors=True)
