"""Answering a question under gunicorn and PostgreSQL, against a bare page that renders the same
template without the database, measured side by side in one run.

Claim: an answer (POST, save, redirect, GET the next page) sustains at least 0.7 of the requests
per second of the bare page. The machine is noisy, so the two are measured in alternating
rounds of equal length and the ratio is taken per round; the median ratio gives the verdict.

Run: .venv/bin/python bench/answer_throughput.py --seconds 10 --rounds 3

It recreates the schema of the database bench_feedback (created if missing), starts two gunicorn
servers on 127.0.0.1 with the same worker count (the real wsgi:app and bench.bare_app:app), and
stops them on the way out, Ctrl+C included. --profile instead answers questions in this process
through the test client (timed, then sampled, then under cProfile) to show where the time goes.
"""
from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import math
import os
import pstats
import random
import re
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
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = f"postgresql+psycopg://postgres@{HOST}:5432/bench_feedback"
BARE_PATH = "/bare/question"
TARGET_RATIO = 0.7
# A person's route through the demo survey: consent to own words, ten pages with outcomes recorded.
CYCLES_PER_LINK = 10
FREE_TEXT = "The social worker listened to me and I feel better now."

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ACTION_RE = re.compile(r'<form method="post" action="(/questionnaire/q/[^"]+)"')
RADIO_RE = re.compile(r'name="answer" type="radio" value="([^"]+)"')
START_RE = re.compile(r'href="(/questionnaire/q/[^"?]+)"')
UNIVERSAL = {"skip", "prefer_not_say"}
# A "yes" here raises an alert for the duty desk; people rarely ask, so the load mostly says no.
FIXED_ANSWERS = {"consent": "yes", "who": "adult", "contact_safety": "no"}


class BenchError(RuntimeError):
    pass


# ---------------------------------------------------------------------------------------------
# Database and servers


def run_environment(database_url: str, port: int) -> dict[str, str]:
    return production_environment(database_url, f"http://{HOST}:{port}")


def production_environment(database_url: str, base_url: str) -> dict[str, str]:
    """What the application needs to start as in production, with fresh keys for this run."""
    from cryptography.fernet import Fernet

    return {
        "APP_ENV": "production",
        "SECRET_KEY": os.urandom(32).hex(),
        "LOOKUP_KEY": os.urandom(32).hex(),
        "DATA_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "PUBLIC_BASE_URL": base_url,
        "SMS_BACKEND": "log",
    }


def recreate_database(database_url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "postgresql" or url.host not in (HOST, "localhost"):
        raise BenchError("--database-url must be a PostgreSQL database on this machine.")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": url.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def load_links(env: dict[str, str], count: int) -> list[str]:
    """Demo data, then ``count`` more adults whose enquiries recorded outcomes; returns link paths."""
    os.environ.update(env)
    from feedback_app import create_app
    from feedback_app.db import db
    from feedback_app.devdata.demo import _enquiry, _fresh_invitation, _participant, load_demo_data
    from feedback_app.migrate import upgrade
    from feedback_app.models import Channel, Organisation, ParticipantRole
    from sqlalchemy import select

    upgrade(env["DATABASE_URL"])
    app = create_app()
    tokens = []
    with app.app_context():
        load_demo_data(db.session, env["PUBLIC_BASE_URL"])
        council = db.session.scalar(select(Organisation).where(Organisation.slug == "northshire"))
        for n in range(count):
            enquiry = _enquiry(db.session, council, f"BENCH-{n:06d}")
            participant = _participant(db.session, enquiry, ParticipantRole.ADULT, "en", None)
            _, token = _fresh_invitation(db.session, participant, Channel.WEB)
            tokens.append(f"/s/{token}")
            if n % 250 == 249:
                db.session.commit()
        db.session.commit()
        db.session.remove()
    app.extensions["database_engine"].dispose()
    return tokens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def start_server(name: str, target: str, port: int, workers: int, env: dict[str, str], logdir: Path) -> Server:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
    log_path = logdir / f"{name}.log"
    command = [str(gunicorn), "--workers", str(workers), "--worker-class", "sync", "--bind", f"{HOST}:{port}",
               "--chdir", str(ROOT), "--log-level", "warning", "--graceful-timeout", "5", target]
    with open(log_path, "wb") as log:
        # A session of its own, so that Ctrl+C reaches only this script, which then stops the
        # server in order instead of leaving workers half-killed.
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    return Server(name, process, port, log_path)


def wait_until_ready(server: Server, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"The {server.name} server exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            status, _, _ = request(server.port, "GET", path, {})
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"The {server.name} server did not answer {path} within {timeout:.0f} s:\n{server.log_tail()}")


def stop_servers(servers: list[Server]) -> None:
    """Ask every server to stop, wait a little, then kill what is left of each one's group."""
    # Ctrl+C or SIGTERM in the middle of this would leave servers behind, so both wait.
    saved = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for server in servers:
            if server.process.poll() is None:
                server.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for server in servers:
            try:
                server.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for server in servers:
            # A master that stopped in time has stopped its workers. One that did not is still
            # ours to kill, with its group (its own, from start_new_session): only its workers.
            if server.process.poll() is None:
                try:
                    os.killpg(server.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                server.process.wait(timeout=5)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


# ---------------------------------------------------------------------------------------------
# Where the CPU goes: both servers, PostgreSQL and this client share two cores, so a phase's
# figures come with the CPU each used, read from /proc (Linux only; left out elsewhere).

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces; fields are counted after it.
    return [raw[raw.index("(") + 1:raw.rindex(")")]] + raw[raw.rindex(")") + 2:].split()


def _all_pids() -> list[int]:
    try:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []


def cpu_seconds_by_pid(pids) -> dict[int, float]:
    times = {}
    for pid in pids:
        fields = _proc_stat(pid)
        if fields:
            times[pid] = (int(fields[12]) + int(fields[13])) / CLOCK_TICKS
    return times


def gunicorn_pids(master: int) -> list[int]:
    return [master] + [pid for pid in _all_pids() if (fields := _proc_stat(pid)) and fields[2] == str(master)]


def postgres_pids(database: str) -> list[int]:
    """The PostgreSQL backends connected to ``database``, found by their process titles
    ("postgres: <cluster>: <user> <database> <client> <activity>"). Other databases on the same
    server, used by other programs, are left out, as are the server's background processes."""
    pids = []
    for pid in _all_pids():
        fields = _proc_stat(pid)
        if not fields or fields[0] != "postgres":
            continue
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if database in title.split():
            pids.append(pid)
    return pids


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds over all cores since boot."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / CLOCK_TICKS, sum(values[:8]) / CLOCK_TICKS


class CpuMeter:
    """CPU used by a server, PostgreSQL's backends for ``database``, this client and the whole
    machine during one phase."""

    def __init__(self, server_pid: int, database: str = ""):
        self.server_pid = server_pid
        self.database = database

    def __enter__(self):
        self.before = self._read()
        return self

    def __exit__(self, *exc):
        after = self._read()
        self.used = {}
        for key, value in after.items():
            if isinstance(value, dict):
                # A process that started during the phase counts from zero.
                self.used[key] = sum(t - self.before[key].get(pid, 0.0) for pid, t in value.items())
            else:
                self.used[key] = value - self.before[key]

    def _read(self) -> dict:
        busy, total = machine_busy_seconds()
        return {"server": cpu_seconds_by_pid(gunicorn_pids(self.server_pid)),
                "postgres": cpu_seconds_by_pid(postgres_pids(self.database)) if self.database else {},
                "client": sum(os.times()[:2]), "machine_busy": busy, "machine_total": total}


# ---------------------------------------------------------------------------------------------
# HTTP client


def request(port: int, method: str, path: str, cookies: dict[str, str], body: dict | None = None):
    """One request on a fresh connection (gunicorn's sync workers close every connection)."""
    headers = {"Host": f"{HOST}:{port}", "Accept": "text/html", "Accept-Encoding": "identity"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    data = None
    if body is not None:
        data = urlencode(body).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        location = response.headers.get("Location")
        return response.status, payload, urlsplit(location).path if location else None
    finally:
        connection.close()


@dataclass
class OpenSession:
    """A link already exchanged for a session, sitting on a question page."""

    cookies: dict[str, str]
    action: str
    html: str


class LinkPool:
    def __init__(self, links: list[str]):
        self._links = list(links)
        self._lock = threading.Lock()

    def take(self) -> str | None:
        with self._lock:
            return self._links.pop() if self._links else None

    def __len__(self) -> int:
        return len(self._links)


def expect(status: int, wanted: int, what: str) -> None:
    if status != wanted:
        raise BenchError(f"{what} answered {status}, not {wanted}")


def open_link(port: int, link: str) -> OpenSession:
    cookies: dict[str, str] = {}
    status, _, location = request(port, "GET", link, cookies)
    expect(status, 302, "opening a link")
    status, body, _ = request(port, "GET", location, cookies)
    expect(status, 200, "the start page")
    first = START_RE.search(body.decode())
    if not first:
        raise BenchError("the start page has no link to the first question")
    status, body, _ = request(port, "GET", first.group(1), cookies)
    expect(status, 200, "the first question")
    return OpenSession(cookies, first.group(1), body.decode())


def form_answer(session: OpenSession, rng: random.Random) -> dict[str, str]:
    csrf = CSRF_RE.search(session.html)
    if not csrf:
        raise BenchError(f"no csrf_token on {session.action}")
    key = session.action.rsplit("/", 1)[-1]
    data = {"csrf_token": csrf.group(1), "question": key}
    choices = [c for c in RADIO_RE.findall(session.html) if c not in UNIVERSAL]
    if choices:
        data["answer"] = FIXED_ANSWERS.get(key) or rng.choice(choices)
    else:
        data["text"] = FREE_TEXT
    return data


def answer_cycle(port: int, session: OpenSession, rng: random.Random) -> bool:
    """POST one answer, follow the redirect; True while there are questions left."""
    status, _, location = request(port, "POST", session.action, session.cookies, form_answer(session, rng))
    expect(status, 302, f"POST {session.action}")
    status, body, _ = request(port, "GET", location, session.cookies)
    expect(status, 200, f"GET {location}")
    html = body.decode()
    action = ACTION_RE.search(html)
    if location.startswith("/questionnaire/q/") and action:
        session.action, session.html = action.group(1), html
        return True
    return False


# ---------------------------------------------------------------------------------------------
# Load phases


@dataclass
class Phase:
    label: str
    seconds: float
    operations: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    links_opened_in_window: int = 0
    ran_out_of_links: bool = False
    cpu: dict[str, float] = field(default_factory=dict)

    def cpu_ms_per_request(self, key: str) -> float:
        return 1000 * self.cpu.get(key, 0.0) / self.requests if self.requests else float("nan")

    def machine_busy_share(self) -> float:
        total = self.cpu.get("machine_total", 0.0)
        return self.cpu.get("machine_busy", 0.0) / total if total else float("nan")

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def operations_per_second(self) -> float:
        return self.operations / self.seconds

    def latency(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def run_threads(clients: int, seconds: float, work, meter: CpuMeter | None = None) -> dict[str, float]:
    """Start ``clients`` threads on ``work(index, deadline)`` together; returns the CPU they cost."""
    barrier = threading.Barrier(clients + 1)
    deadline_box: list[float] = []

    def runner(index: int):
        barrier.wait()
        work(index, deadline_box[0])

    threads = [threading.Thread(target=runner, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    meter = meter or CpuMeter(os.getpid())
    with meter:
        deadline_box.append(time.monotonic() + seconds)
        barrier.wait()
        time.sleep(seconds)
    for thread in threads:
        thread.join(60)
    return meter.used


def bare_phase(port: int, server_pid: int, database: str, seconds: float, clients: int, max_requests: int) -> Phase:
    phase = Phase("bare", seconds)
    lock = threading.Lock()

    def work(_index: int, deadline: float):
        cookies: dict[str, str] = {}
        done, latencies, errors = 0, [], []
        while time.monotonic() < deadline and done < max_requests // clients:
            began = time.monotonic()
            try:
                status, body, _ = request(port, "GET", BARE_PATH, cookies)
                expect(status, 200, f"GET {BARE_PATH}")
                CSRF_RE.search(body.decode())
            except (OSError, BenchError) as error:
                errors.append(str(error))
                continue
            finished = time.monotonic()
            if finished <= deadline:
                done += 1
                latencies.append(finished - began)
        with lock:
            phase.operations += done
            phase.requests += done
            phase.latencies += latencies
            phase.errors += errors

    phase.cpu = run_threads(clients, seconds, work, CpuMeter(server_pid, database))
    return phase


def preopen(port: int, links: LinkPool, clients: int, per_client: int) -> list[list[OpenSession]]:
    """Exchange links for sessions before the clock starts, so the window measures answering."""
    queues: list[list[OpenSession]] = [[] for _ in range(clients)]
    failures: list[str] = []

    def fill(index: int):
        for _ in range(per_client):
            link = links.take()
            if link is None:
                return
            try:
                queues[index].append(open_link(port, link))
            except (OSError, BenchError) as error:
                failures.append(str(error))

    threads = [threading.Thread(target=fill, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise BenchError(f"opening links failed: {failures[0]}")
    return queues


def real_phase(port: int, server_pid: int, database: str, seconds: float, clients: int, links: LinkPool,
               queues: list[list[OpenSession]], max_cycles: int, seed: int) -> Phase:
    phase = Phase("real", seconds)
    lock = threading.Lock()

    def work(index: int, deadline: float):
        rng = random.Random(seed * 1000 + index)
        queue = queues[index]
        done, opened, latencies, errors, ran_out = 0, 0, [], [], False
        current = queue.pop() if queue else None
        while time.monotonic() < deadline and done < max_cycles // clients:
            if current is None:
                link = links.take()
                if link is None:
                    ran_out = True
                    break
                try:
                    current = open_link(port, link)
                    opened += 1
                except (OSError, BenchError) as error:
                    errors.append(str(error))
                    continue
            began = time.monotonic()
            try:
                more = answer_cycle(port, current, rng)
            except (OSError, BenchError) as error:
                errors.append(str(error))
                current = None
                continue
            finished = time.monotonic()
            if finished <= deadline:
                done += 1
                latencies.append(finished - began)
            if not more:
                current = queue.pop() if queue else None
        with lock:
            phase.operations += done
            phase.requests += 2 * done
            phase.latencies += latencies
            phase.errors += errors
            phase.links_opened_in_window += opened
            phase.ran_out_of_links |= ran_out

    phase.cpu = run_threads(clients, seconds, work, CpuMeter(server_pid, database))
    return phase


# ---------------------------------------------------------------------------------------------
# Profile


# Parts of an answer's path, by the function that does each, for the profile's summary. Each is
# matched on the end of the file name and the function name.
COMPONENTS = [
    ("load the respondent (respond/links.py:current_respondent)",
     "feedback_app/respond/links.py", "current_respondent"),
    ("  of which the statement and its rows (answers/state.py:_read)", "feedback_app/answers/state.py", "_read"),
    ("  of which plain objects from rows (answers/state.py:_state)", "feedback_app/answers/state.py", "_state"),
    ("save the answer (respond/views.py:_save)", "feedback_app/respond/views.py", "_save"),
    ("  of which answers/recording.py:record_answer", "feedback_app/answers/recording.py", "record_answer"),
    ("  of which starting the response (first answer)", "feedback_app/answers/recording.py", "_start"),
    ("  of which the consent ledger (apply_consent)", "feedback_app/answers/consequences.py", "apply_consent"),
    ("  of which alerts (raise_alerts)", "feedback_app/answers/consequences.py", "raise_alerts"),
    ("  of which the commit (sqlalchemy scoping.commit)", "sqlalchemy/orm/scoping.py", "commit"),
    ("build QuestionForm (wtforms/flask_wtf __init__)", "flask_wtf/form.py", "__init__"),
    ("work out the page (respond/pages.py:question_view)", "feedback_app/respond/pages.py", "question_view"),
    ("render the template (flask render_template)", "flask/templating.py", "render_template"),
    ("request set-up (before_request hooks)", "flask/app.py", "preprocess_request"),
    ("session cookie and after_request (finalize_request)", "flask/app.py", "finalize_request"),
    ("request teardown (ctx.pop)", "flask/ctx.py", "pop"),
    ("take a pooled connection (pool _checkout)", "sqlalchemy/pool/base.py", "_checkout"),
    ("  of which the check after idling (db.py ping_if_idle)", "feedback_app/db.py", "ping_if_idle"),
    ("all SQL through SQLAlchemy Core (Connection.execute)", "sqlalchemy/engine/base.py", "execute"),
    ("all SQL: psycopg cursor.execute", "psycopg/cursor.py", "execute"),
    ("ORM flush (Session.flush; consent and alerts only)", "sqlalchemy/orm/session.py", "flush"),
    ("decrypt Enquiry.desired_outcomes_text (Fernet decrypt)", "cryptography/fernet.py", "decrypt"),
]


def _cumulative(stats: pstats.Stats, path_end: str, function: str) -> float:
    # Recursive functions appear once with their outermost cumulative time, so summing is safe.
    return sum(ct for (filename, _, name), (_, _, _, ct, _) in stats.stats.items()
               if name == function and filename.endswith(path_end))


def _count_statements(app):
    from sqlalchemy import event

    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    event.listen(app.extensions["database_engine"], "before_cursor_execute", count)
    return counter


def _open_in_process(app, tokens: list[str]) -> list[list]:
    sessions = []
    for token in tokens:
        client = app.test_client()
        location = urlsplit(client.get(token).headers["Location"]).path
        first = START_RE.search(client.get(location).get_data(as_text=True)).group(1)
        sessions.append([client, first, client.get(first).get_data(as_text=True)])
    return sessions


def _answer_in_process(sessions, rng, timers: dict[str, float]) -> int:
    """Answer every question of every session; timers get POST and GET time separately."""
    cycles = 0
    for client, action, html in sessions:
        while True:
            data = form_answer(OpenSession({}, action, html), rng)
            began = time.process_time()
            response = client.post(action, data=data)
            middle = time.process_time()
            expect(response.status_code, 302, f"POST {action}")
            location = urlsplit(response.headers["Location"]).path
            middle_2 = time.process_time()
            response = client.get(location)
            ended = time.process_time()
            expect(response.status_code, 200, f"GET {location}")
            timers["post"] += middle - began
            timers["get"] += ended - middle_2
            cycles += 1
            html = response.get_data(as_text=True)
            found = ACTION_RE.search(html)
            if not location.startswith("/questionnaire/q/") or not found:
                break
            action = found.group(1)
    return cycles


class CpuSampler:
    """Samples the main thread's stack every ``interval`` seconds of this process's CPU time.

    cProfile charges every call, so code made of many small calls (the ORM, Jinja) looks
    dearer under it than it is; a CPU-time sampler (SIGPROF) has no per-call cost, keeps the
    proportions, and, like the saturated server, does not count time spent waiting for
    PostgreSQL's replies.
    """

    def __init__(self, interval: float = 0.001):
        self.interval = interval
        self.samples: list[frozenset] = []

    def _sample(self, _signum, frame):
        stack = set()
        while frame is not None:
            stack.add((frame.f_code.co_filename, frame.f_code.co_name))
            frame = frame.f_back
        self.samples.append(frozenset(stack))

    def __enter__(self):
        self._previous = signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc):
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, self._previous)

    def count(self, path_end: str, function: str) -> int:
        return sum(1 for stack in self.samples
                   if any(name == function and filename.endswith(path_end) for filename, name in stack))


def _timed_side_by_side(bare_client, bare_path, sessions, rng, chunk: int, bare_requests: int):
    """Bare pages and answers in alternating chunks: CPU per request, and wall time per answer."""
    rows = []
    for start in range(0, len(sessions), chunk):
        began = time.process_time()
        for _ in range(bare_requests):
            expect(bare_client.get(bare_path).status_code, 200, bare_path)
        bare_ms = 1000 * (time.process_time() - began) / bare_requests
        timers = {"post": 0.0, "get": 0.0}
        wall = time.perf_counter()
        cycles = _answer_in_process(sessions[start:start + chunk], rng, timers)
        wall_ms = 1000 * (time.perf_counter() - wall) / cycles
        rows.append((bare_ms, 1000 * timers["post"] / cycles, 1000 * timers["get"] / cycles, cycles, wall_ms))
    return rows


def profile(database_url: str, links: int, top: int) -> None:
    """Answer questions through the test client in this process: timed, sampled, then cProfiled.

    CPU time, not wall time, is what the timing and cProfile count: under load the two cores
    are saturated (the throughput run shows it), so CPU per request is what limits requests per
    second. The sampler counts wall time, so it also shows the wait for PostgreSQL's replies.
    """
    env = run_environment(database_url, 5000)
    recreate_database(database_url)
    tokens = load_links(env, 4 * links)
    from feedback_app import create_app

    from bench.bare_app import BARE_PATH as bare_path, make_bare_app

    bare_client = make_bare_app().test_client()
    app = create_app({"RATELIMIT_ENABLED": False})
    statements = _count_statements(app)
    rng = random.Random(1)
    # The sampler gets twice the answers: it takes one sample per few milliseconds of CPU.
    timed = _open_in_process(app, tokens[:links])
    sampled = _open_in_process(app, tokens[links:3 * links])
    profiled = _open_in_process(app, tokens[3 * links:])
    for _ in range(30):
        bare_client.get(bare_path)

    statements["n"] = 0
    rows = _timed_side_by_side(bare_client, bare_path, list(timed), rng, chunk=5, bare_requests=60)
    cycles = sum(r[3] for r in rows)
    bare_ms = statistics.median(r[0] for r in rows)
    post_ms = statistics.median(r[1] for r in rows)
    get_ms = statistics.median(r[2] for r in rows)
    per_request = (post_ms + get_ms) / 2
    print(f"In this process, no profiler: CPU time per request, median of {len(rows)} alternating chunks "
          f"({cycles} answers):")
    print(f"  bare page GET              {bare_ms:6.2f} ms")
    print(f"  answer POST (save, 302)    {post_ms:6.2f} ms")
    print(f"  next question GET          {get_ms:6.2f} ms")
    print(f"  answer, per request        {per_request:6.2f} ms   in-process ratio {bare_ms / per_request:.2f}")
    print(f"  SQL statements per answer  {statements['n'] / cycles:6.1f}    (POST and GET together)")
    wall_ms = statistics.median(r[4] for r in rows)
    print(f"  wall time per answer       {wall_ms:6.2f} ms   of which CPU here {post_ms + get_ms:.2f} ms; the rest is "
          f"mostly waiting for PostgreSQL")

    cpu_before = time.process_time()
    with CpuSampler() as sampler:
        cycles_sampled = _answer_in_process(list(sampled), rng, {"post": 0.0, "get": 0.0})
    sample_every = (time.process_time() - cpu_before) / max(len(sampler.samples), 1)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    cycles_profiled = _answer_in_process(list(profiled), rng, {"post": 0.0, "get": 0.0})
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = _cumulative(stats, "flask/app.py", "wsgi_app")
    sampled_total = max(sampler.count("flask/app.py", "wsgi_app"), 1)

    print("\nWhere an answer's CPU time goes, as a share of the time inside Flask's wsgi_app:")
    print(f"  cProfile: {cycles_profiled} answers, {1000 * total / cycles_profiled:.1f} ms per answer including "
          f"the profiler's own cost")
    print(f"  sampled:  {cycles_sampled} answers, {len(sampler.samples)} samples, one per "
          f"{sample_every * 1000:.1f} ms of CPU (SIGPROF; the kernel's tick sets the pace)")
    print(f"  {'part of the answer path':<62} {'cProfile':>8} {'sampled':>8}")
    for label, path_end, function in COMPONENTS:
        spent = _cumulative(stats, path_end, function)
        hits = sampler.count(path_end, function)
        print(f"  {label:<62} {spent / total:8.0%} {hits / sampled_total:8.0%}")
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(out.getvalue())
    app.extensions["database_engine"].dispose()


# ---------------------------------------------------------------------------------------------


def server_cpu_per_request(phase: Phase) -> float:
    return phase.cpu_ms_per_request("server") + phase.cpu_ms_per_request("postgres")


def cpu_cost_ratio(bare: Phase, real: Phase) -> float:
    """What the ratio would be if the servers had the cores to themselves: CPU per bare request
    over CPU per answer request (gunicorn and PostgreSQL). Load from other programs changes it
    far less than it changes requests per second."""
    real_cost = server_cpu_per_request(real)
    return server_cpu_per_request(bare) / real_cost if real_cost else float("nan")


def report_round(number: int, bare: Phase, real: Phase) -> float:
    ratio = real.requests_per_second / bare.requests_per_second if bare.requests else float("nan")
    print(f"  round {number}: bare {bare.requests_per_second:7.1f} req/s (p50 {bare.latency(0.5):5.1f} ms, "
          f"p95 {bare.latency(0.95):5.1f} ms) | real {real.requests_per_second:7.1f} req/s = "
          f"{real.operations_per_second:6.1f} answers/s (cycle p50 {real.latency(0.5):5.1f} ms, "
          f"p95 {real.latency(0.95):5.1f} ms) | ratio {ratio:.2f}")
    for phase in (bare, real):
        if phase.errors:
            print(f"    {phase.label}: {len(phase.errors)} errors, first: {phase.errors[0]}")
    if real.links_opened_in_window:
        print(f"    real: {real.links_opened_in_window} links were opened inside the window "
              f"(pre-opened sessions ran out); the real figure is slightly pessimistic")
    if real.ran_out_of_links:
        print("    real: RAN OUT OF LINKS; rerun with a larger --links")
    for phase in (bare, real):
        print(f"    {phase.label} CPU per request: gunicorn {phase.cpu_ms_per_request('server'):.2f} ms, "
              f"PostgreSQL (this database) {phase.cpu_ms_per_request('postgres'):.2f} ms, "
              f"load client {phase.cpu_ms_per_request('client'):.2f} ms; "
              f"machine busy {phase.machine_busy_share():.0%}")
    print(f"    CPU-cost ratio (bare CPU per request / answer CPU per request): {cpu_cost_ratio(bare, real):.2f}")
    return ratio


def interrupted(_signum, _frame):
    # Treated like Ctrl+C, so that the finally block stops the servers.
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measured phase (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="bare/real pairs (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each server (default 2)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (default 8)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load per server first")
    parser.add_argument("--links", type=int, default=0, help="survey links to create (default: enough for the run)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per phase, whatever the time")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--profile", action="store_true", help="profile answers in this process instead")
    parser.add_argument("--profile-links", type=int, default=40, help="links answered in each profile pass")
    parser.add_argument("--top", type=int, default=35, help="functions shown by --profile")
    args = parser.parse_args(argv)
    if not (0 < args.seconds <= 600 and 0 < args.rounds <= 20 and 0 < args.clients <= 64 and 0 < args.workers <= 16):
        parser.error("keep --seconds within 600, --rounds within 20, --clients within 64, --workers within 16")

    if args.profile:
        profile(args.database_url, args.profile_links, args.top)
        return 0

    # Generous: 500 answers a second is far above what two cores reach.
    links_needed = args.links or math.ceil(500 * (args.seconds * args.rounds + args.warmup) / CYCLES_PER_LINK) + 50
    real_port, bare_port = free_port(), free_port()
    env = run_environment(args.database_url, real_port)
    from sqlalchemy.engine import make_url

    # PostgreSQL's CPU is counted for this database's backends only: the server may be shared.
    database = make_url(args.database_url).database

    print(f"Setting up {args.database_url} with {links_needed} survey links ...", flush=True)
    began = time.monotonic()
    recreate_database(args.database_url)
    links = LinkPool(load_links(env, links_needed))
    print(f"  done in {time.monotonic() - began:.1f} s", flush=True)

    servers: list[Server] = []
    previous_sigterm = signal.signal(signal.SIGTERM, interrupted)
    logdir = Path(tempfile.mkdtemp(prefix="answer-throughput-"))
    try:
        servers.append(start_server("real", "wsgi:app", real_port, args.workers, env, logdir))
        servers.append(start_server("bare", "bench.bare_app:app", bare_port, args.workers, env, logdir))
        real, bare = servers
        wait_until_ready(real, "/healthz")
        wait_until_ready(bare, BARE_PATH)
        print(f"gunicorn: {args.workers} sync workers each; real wsgi:app on :{real_port}, "
              f"bare bench.bare_app:app on :{bare_port}; {args.clients} client threads; {os.cpu_count()} CPUs")

        # Compile templates, fill connection pools and caches in every worker before measuring.
        warm_sessions = preopen(real_port, links, args.clients, 2)
        bare_phase(bare_port, bare.process.pid, database, args.warmup, args.clients, args.max_requests)
        warm = real_phase(real_port, real.process.pid, database, args.warmup, args.clients, links, warm_sessions,
                          args.max_requests, seed=0)
        if warm.errors:
            raise BenchError(f"the warm-up failed: {warm.errors[0]}")
        # Workers are still warming during the warm-up, so its rate is doubled to be safe.
        expected_cycles = max(warm.operations_per_second, 1.0) * args.seconds * 2.0

        print(f"Measuring {args.rounds} rounds of {args.seconds:g} s bare, then {args.seconds:g} s real:")
        ratios, bares, reals = [], [], []
        for number in range(1, args.rounds + 1):
            per_client = math.ceil(expected_cycles / (CYCLES_PER_LINK - 1) / args.clients) + 2
            queues = preopen(real_port, links, args.clients, per_client)
            bare_result = bare_phase(bare_port, bare.process.pid, database, args.seconds, args.clients,
                                     args.max_requests)
            real_result = real_phase(real_port, real.process.pid, database, args.seconds, args.clients, links, queues,
                                     args.max_requests, seed=number)
            ratios.append(report_round(number, bare_result, real_result))
            bares.append(bare_result)
            reals.append(real_result)
            expected_cycles = max(real_result.operations_per_second, 1.0) * args.seconds * 1.5

        median_ratio = statistics.median(ratios)
        errors = sum(len(p.errors) for p in bares + reals)
        print("Summary:")
        print(f"  bare page:        median {statistics.median(p.requests_per_second for p in bares):7.1f} req/s")
        print(f"  answering:        median {statistics.median(p.requests_per_second for p in reals):7.1f} req/s "
              f"(2 requests per answer), {statistics.median(p.operations_per_second for p in reals):.1f} answers/s")
        print(f"  ratio real/bare:  per round {', '.join(f'{r:.2f}' for r in ratios)}; median {median_ratio:.2f}")
        cost_ratios = [cpu_cost_ratio(b, r) for b, r in zip(bares, reals)]
        if not any(math.isnan(r) for r in cost_ratios):
            print(f"  CPU-cost ratio:   per round {', '.join(f'{r:.2f}' for r in cost_ratios)}; "
                  f"median {statistics.median(cost_ratios):.2f} (a cross-check, less sensitive to other load)")
        if errors:
            print(f"  {errors} requests failed; the figures above leave them out")
        print(f"  survey links left unused: {len(links)} of {links_needed}")
        verdict = "MEETS the target" if median_ratio >= TARGET_RATIO else "BELOW the target"
        print(f"Verdict: median ratio {median_ratio:.2f} {'>=' if median_ratio >= TARGET_RATIO else '<'} "
              f"{TARGET_RATIO}: {verdict}")
        return 0
    except KeyboardInterrupt:
        print("\nInterrupted; stopping the servers.", file=sys.stderr)
        return 130
    except BenchError as error:
        print(f"Benchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        stop_servers(servers)
        signal.signal(signal.SIGTERM, previous_sigterm)
        shutil.rmtree(logdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
