"""Two running copies of the service on one Redis share one allowance: a second worker or host
does not double the tries an attacker gets. Without Redis each copy counts for itself, which is
why production refuses to start without ``REDIS_URL``."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_reachable() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared-limits")
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": f"sqlite:///{folder / 'feedback.db'}",
           "SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex, "DATA_KEY": Fernet.generate_key().decode(),
           "MEDIA_DIR": str(folder / "media"), "LOGIN_RATE_LIMIT": "10 per minute",
           # Other runs of this test on the same machine share the address; only the account counts here.
           "LOGIN_ADDRESS_RATE_LIMIT": "10000 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "10000 per day"}
    env.pop("REDIS_URL", None)
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return env


class Server:
    def __init__(self, env: dict):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self):
        for _ in range(200):
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise AssertionError("the server stopped while starting")
            time.sleep(0.1)
        raise AssertionError("the server did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def two_servers(environment):
    started = []

    def start(**extra):
        env = {**environment, **extra}
        servers = [Server(env), Server(env)]
        started.extend(servers)
        return [server.wait() for server in servers]

    yield start
    for server in started:
        server.stop()


def failed_sign_in(browser: requests.Session, server: Server, email: str) -> int:
    page = browser.get(server.base + "/login", timeout=10)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    answer = browser.post(server.base + "/login", timeout=10, allow_redirects=False,
                          data={"csrf_token": token[1], "email": email, "password": "not the password"})
    return answer.status_code


def attempts_allowed(servers, tries=14) -> int:
    """Failed sign-ins to one account, alternating between the servers, until one is refused."""
    browser = requests.Session()
    email = f"nobody-{uuid.uuid4().hex[:12]}@example.org"
    for attempt in range(tries):
        status = failed_sign_in(browser, servers[attempt % 2], email)
        if status == 429:
            return attempt
        assert status == 200
    return tries


@pytest.mark.skipif(not _redis_reachable(), reason=f"Redis is not running at {REDIS_URL}")
def test_two_servers_on_one_redis_share_the_allowance(two_servers):
    assert attempts_allowed(two_servers(REDIS_URL=REDIS_URL)) == 10


def test_without_a_shared_store_each_server_counts_alone(two_servers):
    # What a shared store prevents: each copy allows its own ten.
    assert attempts_allowed(two_servers(), tries=14) == 14
