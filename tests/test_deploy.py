"""deploy/ does what deploy/README.md says: the units' commands serve and dispatch, nginx accepts the site, compose
and the image agree with the units, the example settings are those the service reads, and a backup restores."""
from __future__ import annotations

import ast
import contextlib
import datetime
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
import yaml
from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID

from feedback_app.config import load_config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
VENV_BIN = Path(sys.executable).parent
INSTALLED = "/opt/safeguarding-feedback"
WEB, JOBS, JOBS_TIMER = ("safeguarding-feedback-web.service", "safeguarding-feedback-jobs.service",
                         "safeguarding-feedback-jobs.timer")
POSTGRES_URL = os.environ.get("DEPLOY_TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/dev_deploy"
REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"


def read_unit(name: str) -> dict[str, list[tuple[str, str]]]:
    """A unit file as systemd reads it: sections of key=value lines, a trailing \\ joining lines."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current, pending = None, ""
    for line in (UNITS / name).read_text().splitlines():
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = (pending + line).strip(), ""
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        key, _, value = line.partition("=")
        current.append((key.strip(), value.strip()))
    return sections


def values(unit: dict, section: str, key: str) -> list[str]:
    return [value for name, value in unit.get(section, []) if name == key]


def exec_start(name: str, installed: bool = False) -> list[str]:
    """The unit's command line; the installed virtualenv replaced by this one unless ``installed``."""
    (line,) = values(read_unit(name), "Service", "ExecStart")
    line = line.lstrip("-@:+!")
    assert "$" not in line and "%" not in line, "systemd would expand this command line; keep it literal"
    command = shlex.split(line)
    if not installed:
        command[0] = command[0].replace(f"{INSTALLED}/.venv/bin", str(VENV_BIN))
    return command


def env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as systemd's EnvironmentFile= reads them, including those shown after #."""
    found = {}
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"#? ?([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            found[match[1]] = match[2].strip("\"'")
    return found


def settings_the_app_reads() -> set[str]:
    """Every variable config.py reads: env.get, helpers given env, the rate limits, Twilio's in a loop."""
    tree = ast.parse((ROOT / "feedback_app" / "config.py").read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            on_env = isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", None) == "env"
            given_env = bool(node.args) and getattr(node.args[0], "id", None) == "env"
            if on_env or given_env:
                names |= {arg.value for arg in node.args if isinstance(arg, ast.Constant)}
        elif isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple):
            names |= {item.value for item in node.iter.elts if isinstance(item, ast.Constant)}
        elif isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "RATE_LIMITS":
            names |= {key.value for key in node.value.keys}
    return {name for name in names if isinstance(name, str) and re.fullmatch(r"[A-Z][A-Z0-9_]+", name)}


def production_env(database_url: str, media: Path) -> dict[str, str]:
    """The environment the units' EnvironmentFile gives: production, with keys made for this test."""
    env = {key: value for key, value in os.environ.items() if key not in settings_the_app_reads()}
    return {**env, "APP_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "LOOKUP_KEY": secrets.token_hex(32),
            "DATA_KEY": Fernet.generate_key().decode(), "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL,
            "MEDIA_DIR": str(media), "SMS_BACKEND": "log", "TRUSTED_PROXIES": "1"}


def flask(env: dict, *args: str) -> None:
    result = subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"flask {' '.join(args)}: {result.stdout}{result.stderr}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    server.wait()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("deploy")
    env = production_env(f"sqlite:///{folder / 'feedback.db'}", folder / "media")
    flask(env, "db", "upgrade")
    return env


def test_the_web_units_command_serves_the_health_check(migrated, tmp_path):
    command = exec_start(WEB)
    assert "127.0.0.1:8000" in command, "gunicorn listens on the loopback address alone, behind nginx"
    # Port 0: the system picks a free port as gunicorn binds, and gunicorn logs which.
    command = [part.replace("127.0.0.1:8000", "127.0.0.1:0") for part in command]
    with open(log := tmp_path / "gunicorn.log", "wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=migrated, stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        response, deadline = None, time.monotonic() + 30
        while response is None and time.monotonic() < deadline:
            assert server.poll() is None, f"gunicorn stopped: {log.read_text()}"
            listening = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
            try:
                base = listening[1]
                response = requests.get(base + "/healthz", timeout=5)
            except (TypeError, requests.RequestException):  # not listening yet, or no worker has started
                time.sleep(0.1)
        assert response is not None, f"gunicorn did not answer: {log.read_text()}"
        assert response.status_code == 200 and response.json() == {"status": "ok"}
        assert "Strict-Transport-Security" not in response.headers
        # What nginx adds, believed from the one proxy TRUSTED_PROXIES=1 allows.
        proxied = requests.get(base + "/healthz", timeout=5, headers={"X-Forwarded-Proto": "https"})
        assert proxied.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        stop(server)


def test_the_jobs_units_command_does_a_pass(migrated):
    result = subprocess.run(exec_start(JOBS), cwd=ROOT, env=migrated, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("sent 0, "), result.stdout + result.stderr


def test_the_units_run_unprivileged_and_hardened():
    media = env_file(DEPLOY / "env.example")["MEDIA_DIR"]
    services = sorted(path.name for path in UNITS.glob("*.service"))
    assert {WEB, JOBS} <= set(services)
    for name in services:
        unit = read_unit(name)
        (user,) = values(unit, "Service", "User")
        assert user not in ("root", "0"), name
        assert values(unit, "Service", "EnvironmentFile") == ["/etc/safeguarding-feedback/env"], name
        assert values(unit, "Service", "WorkingDirectory") == [INSTALLED], name
        for key, value in (("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("PrivateTmp", "yes"),
                           ("ProtectHome", "yes"), ("CapabilityBoundingSet", "")):
            assert values(unit, "Service", key) == [value], f"{name}: {key}"
    assert media in values(read_unit(WEB), "Service", "ReadWritePaths"), "the web service writes MEDIA_DIR"
    assert values(read_unit(JOBS), "Service", "Type") == ["oneshot"]
    assert all((UNITS / values(read_unit(timer.name), "Timer", "Unit")[0]).exists() for timer in UNITS.glob("*.timer"))
    assert values(read_unit(JOBS_TIMER), "Timer", "OnCalendar") == ["minutely"]
    assert exec_start(JOBS, installed=True) == [f"{INSTALLED}/.venv/bin/flask", "--app", "wsgi", "jobs", "tick"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    for path in UNITS.iterdir():
        text = path.read_text().replace(f"{INSTALLED}/.venv/bin", str(VENV_BIN))
        (tmp_path / path.name).write_text(text.replace(f"{INSTALLED}/deploy", str(DEPLOY)))
    result = subprocess.run(["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stdout + result.stderr


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "feedback.example.gov.uk")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now)
                   .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(certificate.public_bytes(Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


NGINX_SITE = DEPLOY / "nginx" / "safeguarding-feedback.conf"
NGINX = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin")


def test_the_nginx_site_matches_the_application():
    from tests.conftest import make_test_app

    site = NGINX_SITE.read_text()
    config = load_config({"APP_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "REDIS_URL": REDIS_URL,
                          "DATABASE_URL": "postgresql://feedback@127.0.0.1/feedback",
                          "LOOKUP_KEY": secrets.token_hex(32), "DATA_KEY": Fernet.generate_key().decode()})
    (general,) = re.findall(r"^    client_max_body_size (\d+)m;", site, re.M)
    assert int(general) * 1024 * 1024 >= config["MAX_CONTENT_LENGTH"]
    upload = re.search(r"location \^~ (\S+) \{[^}]*client_max_body_size (\d+)m;", site)
    assert int(upload[2]) * 1024 * 1024 >= config["MEDIA_MAX_VIDEO_BYTES"] + 256 * 1024
    rules = {rule.endpoint: rule.rule for rule in make_test_app("sqlite://").url_map.iter_rules()}
    assert rules["admin.recording"].startswith(upload[1]), "the larger limit covers the upload page"
    assert re.search(r"location /assets/ \{\s*alias /opt/safeguarding-feedback/feedback_app/static/;", site)
    assert rules["static"] == "/assets/<path:filename>"
    assert all(f"proxy_set_header X-Forwarded-{name} " in site for name in ("For", "Proto", "Host"))
    assert "return 301 https://" in site and "TRUSTED_PROXIES=1" in site


def throwaway_site(folder: Path) -> str:
    """The site with a self-signed certificate, logs in ``folder`` and free ports (``nginx -t`` binds)."""
    certificate, key = self_signed(folder)
    site = NGINX_SITE.read_text()
    for directive, path in (("ssl_certificate", certificate), ("ssl_certificate_key", key),
                            ("access_log", folder / "site-access.log"), ("error_log", folder / "site-error.log"),
                            ("alias", f"{ROOT / 'feedback_app' / 'static'}/"), ("root", f"{folder}/")):
        site, count = re.subn(rf"(?m)^(\s*{directive}) /[^;]+;", rf"\1 {path};", site)
        assert count, directive
    ports, ipv6 = {"80": free_port(), "443": free_port()}, Path("/proc/net/if_inet6").exists()
    site = re.sub(r"(?m)^(\s*listen )(80|443)\b", lambda m: f"{m[1]}127.0.0.1:{ports[m[2]]}", site)
    return re.sub(r"(?m)^(\s*listen )\[::\]:(80|443)\b(.*)$",
                  lambda m: f"{m[1]}[::1]:{ports[m[2]]}{m[3]}" if ipv6 else "", site)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make test installs nginx-light)")
def test_nginx_accepts_the_site(tmp_path):
    # Run as root, the test runs nginx as nobody, in a folder of nobody's, to show root is not needed.
    as_nobody = os.geteuid() == 0 and shutil.which("setpriv") is not None
    folder = Path(tempfile.mkdtemp(prefix="nginx-site-")) if as_nobody else tmp_path
    try:
        (folder / "site.conf").write_text(throwaway_site(folder))
        temp = " ".join(f"{k}_temp_path {folder / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
            f"http {{\n access_log {folder / 'access.log'};\n {temp}\n include {folder / 'site.conf'};\n}}\n")
        prefix = [shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups"] if as_nobody else []
        for path in [folder, *folder.iterdir()] if as_nobody else []:
            os.chown(path, 65534, 65534)
        result = subprocess.run([*prefix, NGINX, "-t", "-p", f"{folder}/", "-c", str(folder / "nginx.conf"),
                                 "-e", str(folder / "error.log")], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "test is successful" in result.stderr, result.stdout + result.stderr
    finally:
        if as_nobody:
            shutil.rmtree(folder)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make test installs nginx-light)")
def test_nginx_keeps_fingerprinted_files_for_a_year_and_others_for_an_hour(tmp_path):
    import ssl

    from feedback_app.static_files import LONG_CACHE, current_fingerprint

    site = throwaway_site(tmp_path)
    (tmp_path / "site.conf").write_text(site)
    temp = " ".join(f"{k}_temp_path {tmp_path / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\ndaemon off;\nevents {{}}\n"
        f"http {{\n access_log {tmp_path / 'access.log'};\n {temp}\n include {tmp_path / 'site.conf'};\n}}\n")
    port = int(re.search(r"listen 127\.0\.0\.1:(\d+) ssl", site)[1])
    host = re.search(r"server_name (\S+);", site)[1]
    server = subprocess.Popen([NGINX, "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf"),
                               "-e", str(tmp_path / "error.log")], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    unverified = ssl._create_unverified_context()
    version = current_fingerprint(str(ROOT / "feedback_app" / "static"), "app.css")

    def headers(path: str) -> str:
        """The status line and headers nginx answers with, asked by the site's own name."""
        for _attempt in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as plain, \
                        unverified.wrap_socket(plain, server_hostname=host) as tls:
                    tls.sendall(f"HEAD {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
                    answer = b""
                    while chunk := tls.recv(4096):
                        answer += chunk
                    return answer.decode("latin-1")
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"nginx did not answer: {(tmp_path / 'error.log').read_text()}")

    try:
        kept = headers(f"/assets/app.css?v={version}")
        assert kept.startswith("HTTP/1.1 200") and f"Cache-Control: {LONG_CACHE}\r\n" in kept, kept
        checked = headers("/assets/app.css")
        assert checked.startswith("HTTP/1.1 200") and "Cache-Control: public, max-age=3600\r\n" in checked, checked
    finally:
        server.terminate()
        server.wait(timeout=30)


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def without_bind_address(command: list[str]) -> list[str]:
    """The command without the program's folder or the address it listens on (the port stays)."""
    command = [Path(command[0]).name, *command[1:]]
    return [part.split(":")[-1] if command[i - 1] == "--bind" else part for i, part in enumerate(command)]


def test_compose_runs_the_units_commands_with_settings_the_app_knows():
    services = compose()["services"]
    assert set(services) == {"app", "jobs", "postgres", "redis"}
    assert without_bind_address(services["app"]["command"]) == without_bind_address(exec_start(WEB))
    # The timer's tick every minute is, in a container, one process doing a pass every 60 seconds.
    jobs = services["jobs"]["command"]
    assert jobs[:4] == [Path(p).name if i == 0 else p for i, p in enumerate(exec_start(JOBS)[:4])]
    assert jobs[4:] == ["run", "--interval", "60"] and exec_start(JOBS)[4:] == ["tick"]
    known = settings_the_app_reads()
    assert {"APP_ENV", "DATABASE_URL", "SECRET_KEY", "DATA_KEY", "TRUSTED_PROXIES", "LOGIN_RATE_LIMIT"} <= known
    for name in ("app", "jobs"):
        assert set(services[name]["environment"]) <= known, name
        assert services[name]["environment"]["TRUSTED_PROXIES"] == "1"
        assert services[name]["environment"]["MEDIA_DIR"] == env_file(DEPLOY / "env.example")["MEDIA_DIR"]
    assert "media:/var/lib/safeguarding-feedback/media" in services["app"]["volumes"]
    assert any(volume.startswith("database:") for volume in services["postgres"]["volumes"])
    assert set(compose()["volumes"]) == {"database", "media"}
    assert all("healthcheck" in service for service in services.values())
    assert "/healthz" in " ".join(services["app"]["healthcheck"]["test"])


def test_the_container_image_is_built_as_make_builds_the_service():
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert re.search(r"^ARG PYTHON_IMAGE=\S*python:3\.11-slim-bookworm$", containerfile, re.M)
    makefile = (ROOT / "Makefile").read_text()
    packages = re.search(r"^SYSTEM_PACKAGES := (.*)$", makefile, re.M)[1].split()
    for package in [p for p in packages if p.startswith(("libpango", "fonts-"))]:
        assert package in containerfile, f"WeasyPrint needs {package}"
    for step in ("pip install -r requirements.txt", "npm ci", "scripts/build_assets.py",
                 "pybabel compile --use-fuzzy -d translations"):
        assert step in containerfile
    users = re.findall(r"^USER (\S+)$", containerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    (command,) = re.findall(r"^CMD (\[.*\])$", containerfile, re.M)
    assert json.loads(command) == compose()["services"]["app"]["command"]
    client = re.search(r"postgresql-client-(\d+)", containerfile)[1]
    assert compose()["services"]["postgres"]["image"].split(":")[-1].startswith(f"{client}-")


def test_the_example_settings_are_the_settings_the_app_reads():
    example = env_file(DEPLOY / "env.example")
    assert set(example) == settings_the_app_reads()
    keys = {key: production_env("", ROOT)[key] for key in ("SECRET_KEY", "LOOKUP_KEY", "DATA_KEY")}
    filled = {**example, **keys, "DATABASE_URL": "postgresql://feedback@db/feedback", "TWILIO_AUTH_TOKEN": "a" * 32,
              "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_MESSAGING_SERVICE_SID": "MG" + "0" * 32}
    config = load_config(filled)
    assert config["APP_ENV"] == "production" and config["TRUSTED_PROXIES"] == 1
    for left_empty in ("SECRET_KEY", "LOOKUP_KEY", "DATA_KEY", "TWILIO_AUTH_TOKEN"):
        with pytest.raises(SystemExit, match=left_empty):
            load_config({**filled, left_empty: ""})


def _postgres_problem() -> str | None:
    if missing := [program for program in ("pg_dump", "pg_restore", "psql") if shutil.which(program) is None]:
        return f"{', '.join(missing)} not installed"
    _create_database_if_missing()
    probe = subprocess.run(["psql", "--no-psqlrc", "-Atc", "SHOW server_version_num", POSTGRES_URL],
                           capture_output=True, text=True, timeout=20, env={**os.environ, "PGCONNECT_TIMEOUT": "5"})
    if probe.returncode != 0:
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {probe.stderr.strip()}"
    client = re.search(r"(\d+)", subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout)
    if int(client[1]) < int(probe.stdout.strip()) // 10000:
        return f"pg_dump {client[1]} is older than the server"
    return None


def _create_database_if_missing() -> None:
    """A fresh machine has the server but not this test's own database: make it, if allowed."""
    server, name = POSTGRES_URL.rsplit("/", 1)
    maintenance = server + "/postgres"
    found = subprocess.run(["psql", "--no-psqlrc", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
                            maintenance], capture_output=True, text=True, timeout=20)
    if found.returncode == 0 and found.stdout.strip() != "1":
        subprocess.run(["psql", "--no-psqlrc", "-qc", f'CREATE DATABASE "{name}"', maintenance],
                       capture_output=True, text=True, timeout=20)


def _database_exists(name: str) -> bool:
    return subprocess.run(["psql", "--no-psqlrc", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
                           POSTGRES_URL], capture_output=True, text=True, check=True).stdout.strip() == "1"


@pytest.fixture(scope="module")
def postgres():
    if problem := _postgres_problem():
        pytest.skip(problem)
    return POSTGRES_URL


def _script(name: str, env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run([str(DEPLOY / name), *map(str, args)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_backup_restores_and_the_application_reads_it(postgres, tmp_path):
    subprocess.run(["psql", "--no-psqlrc", "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public", postgres],
                   check=True, capture_output=True)
    media = tmp_path / "media"
    (media / "1").mkdir(parents=True)
    (media / "1" / "clip.mp3").write_bytes(b"ID3 a recording")
    env = production_env(postgres, media)
    flask(env, "db", "upgrade")
    flask(env, "create-organisation", "--slug", "restore-check", "--name", "Restore Check Council",
          "--ons-code", "E06000099")
    backup = _script("backup.sh", env, tmp_path / "backups")
    assert backup.returncode == 0, backup.stderr
    written = dict(line.split(" ", 1) for line in backup.stdout.splitlines())
    assert written["database"].endswith(".dump") and written["media"].endswith(".tar.gz")
    restored = _script("restore-test.sh", env, written["database"], written["media"])
    report = restored.stdout
    assert restored.returncode == 0, report + restored.stderr
    assert "rows organisation 1" in report.splitlines() and "organisations restore-check" in report
    assert "media files 1" in report.splitlines() and report.rstrip().endswith("restore test passed")
    (scratch,) = re.findall(r"^scratch database (\S+)$", report, re.M)
    assert not _database_exists(scratch)


def test_a_restore_that_fails_leaves_no_scratch_database(postgres, tmp_path):
    broken = tmp_path / "feedback-broken.dump"
    broken.write_bytes(b"PGDMP this is not a dump")
    restored = _script("restore-test.sh", production_env(postgres, tmp_path / "media"), broken)
    assert restored.returncode != 0 and "FAILED" in restored.stderr
    (scratch,) = re.findall(r"^scratch database (\S+)$", restored.stdout, re.M)
    assert not _database_exists(scratch)
