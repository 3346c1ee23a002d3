"""A council's quarterly figures over a national data set, timed beside the bare SQL GROUP BY over
the same rows on the same PostgreSQL with the same session settings; and the comparison of every
council, read from their final returns.

Claims: over a million responses from 153 councils and five years, a council's live figures for
a quarter take at most 1.5 times as long as the bare GROUP BY queries, and under one second; the
comparison of 153 councils' final returns for a quarter takes under 100 ms.

Run: .venv/bin/python bench/report_figures.py

It creates the database bench_reports if it is missing, migrates it, makes the synthetic data set
with `flask synthetic generate` when it holds none (or with --regenerate, after recreating the
schema), runs VACUUM (ANALYZE), makes each council's return for the quarter final where it is not
already, then times several rounds of each. The settings both sides run with (jit, work_mem) are
printed. Exit status is 0 whatever the verdict; only a broken run makes it non-zero.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from feedback_app.comments.queries import theme_counts  # noqa: E402
from feedback_app.reports.figures import (  # noqa: E402
    activity, experience_counts, record_counts, safer_by_outcomes,
)
from feedback_app.reports.funnel import enquiry_places  # noqa: E402
from feedback_app.models import Organisation, OrganisationKind  # noqa: E402
from feedback_app.reports.disclosure import DisclosureRules  # noqa: E402
from feedback_app.reports.benchmark import benchmark_figures, strictest
from feedback_app.reports.parts import council_figures

HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = f"postgresql+psycopg://postgres@{HOST}:5432/bench_reports"
TARGET_RATIO = 1.5
TARGET_SECONDS = 1.0
TARGET_COMPARISON_SECONDS = 0.1
OF_COUNCIL = {"response": "AND r.organisation_id = %(council)s", "enquiry": "AND organisation_id = %(council)s",
              "invitation": "AND i.organisation_id = %(council)s"}

# The bare baseline: the plain grouped queries a person would write by hand for the same counts.
BARE_SQL = {
    "answers": """
        SELECT r.organisation_id, a.framework_item, a.question_key, a.choice_key, r.enquiry_kind,
               r.respondent, r.feedback_window, count(*)
        FROM response r JOIN answer a ON a.response_id = r.id
        WHERE r.status = 'submitted' AND r.enquiry_closed_on BETWEEN %(first_day)s AND %(last_day)s {response}
          AND a.framework_item LIKE 'mspof:Q%%' AND a.choice_key IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7""",
    "enquiries": """
        SELECT organisation_id, kind, imported, outcomes_asked, outcomes_achieved, risk_outcome, count(*)
        FROM enquiry WHERE closed_on BETWEEN %(first_day)s AND %(last_day)s {enquiry}
        GROUP BY 1, 2, 3, 4, 5, 6""",
    "invitations": """
        SELECT i.organisation_id, i.channel, i.asked_by, i.timing, count(*), count(r.id)
        FROM invitation i LEFT JOIN response r ON r.invitation_id = i.id AND r.status = 'submitted'
        WHERE i.sent_at >= %(start)s AND i.sent_at < %(end)s {invitation}
        GROUP BY 1, 2, 3, 4""",
    "responses": """
        SELECT r.organisation_id, r.channel, r.asked_by, r.timing, count(*)
        FROM response r
        WHERE r.status = 'submitted' AND r.submitted_at >= %(start)s AND r.submitted_at < %(end)s {response}
        GROUP BY 1, 2, 3, 4""",
}


class BenchError(RuntimeError):
    pass


def figures(session, organisation_ids, quarter):
    """What the pages compute: one council's quarter (with its comment themes), or the comparison
    of every council from their final returns, both with disclosure control applied."""
    if organisation_ids is not None and len(organisation_ids) == 1:
        council = session.get(Organisation, organisation_ids[0])
        return council_figures(session, council.id, quarter, DisclosureRules.for_council(council.settings),
                               themes=theme_counts(session, [council.id], quarter))
    councils = session.scalars(select(Organisation).where(Organisation.kind == OrganisationKind.COUNCIL)).all()
    rules = strictest(DisclosureRules.for_council(c.settings) for c in councils)
    return benchmark_figures(session, [c.id for c in councils], quarter, rules)


def measured() -> str:
    return ("council_figures (feedback_app.reports.parts): the grouped counts, the funnel, disclosure control and "
            "the tables the page shows; benchmark_figures (.benchmark): every council's final return")


def finalise_quarter(session, quarter) -> int:
    """Make each council's return for the quarter final where it is not already; how many were made."""
    from feedback_app.reports.benchmark import final_returns
    from feedback_app.reports.returns import finalise

    councils = session.scalars(select(Organisation).where(Organisation.kind == OrganisationKind.COUNCIL)).all()
    done = final_returns(session, [c.id for c in councils], quarter)
    made = 0
    for council in councils:
        if council.id not in done:
            finalise(session, council.id, quarter, council_figures(
                session, council.id, quarter, DisclosureRules.for_council(council.settings)), user=None)
            made += 1
    return made


def settings(cursor) -> str:
    cursor.execute("SELECT current_setting('jit'), current_setting('work_mem')")
    jit, work_mem = cursor.fetchone()
    cursor.connection.rollback()
    return f"jit={jit}, work_mem={work_mem}"


# ---------------------------------------------------------------------------------------------
# The database and the data set


def prepare_database(database_url: str, regenerate: bool) -> None:
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql" or url.host not in (HOST, "localhost"):
        raise BenchError("--database-url must be a PostgreSQL database on this machine.")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}):
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    if regenerate:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    from feedback_app.migrate import upgrade

    upgrade(database_url)


def synthetic_responses(session) -> int:
    from feedback_app.models import Organisation, Response

    return session.scalar(select(func.count()).select_from(Response).join(
        Organisation, Organisation.id == Response.organisation_id).where(Organisation.slug.like("synthetic-%")))


def generate(database_url: str, args) -> None:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "synthetic", "generate",
               "--responses", str(args.responses), "--councils", str(args.councils), "--years", str(args.years),
               "--seed", str(args.seed)]
    print("$", " ".join(command[2:]), flush=True)
    env = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development"}
    if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
        raise BenchError("Generating the synthetic data failed (see above).")


# ---------------------------------------------------------------------------------------------
# What is measured


def default_quarter(session):
    from feedback_app.models import Response
    from feedback_app.reports.periods import quarter_of

    latest = session.scalar(select(func.max(Response.submitted_at)).where(Response.status == "submitted"))
    if latest is None:
        raise BenchError("The database holds no submitted responses.")
    quarter = quarter_of(latest)
    return quarter if quarter.end < date.today() else quarter.previous()


def choose_council(session, quarter, slug: str | None):
    """The council asked for, or the middle one by responses in the quarter."""
    from feedback_app.models import Organisation, Response

    start, end = quarter.utc_bounds()
    sizes = session.execute(
        select(Organisation.id, Organisation.slug, Organisation.ons_code, func.count(Response.id))
        .join(Response, Response.organisation_id == Organisation.id)
        .where(Response.status == "submitted", Response.submitted_at >= start, Response.submitted_at < end)
        .group_by(Organisation.id).order_by(func.count(Response.id), Organisation.id)).all()
    if slug is not None:
        chosen = [row for row in sizes if row.slug == slug]
        if not chosen:
            raise BenchError(f"No council with the slug {slug!r} has responses in {quarter.label}.")
        return chosen[0], sizes
    if not sizes:
        raise BenchError(f"No responses were submitted in {quarter.label}.")
    return sizes[len(sizes) // 2], sizes


def bare_queries(cursor, quarter, council_id: int | None) -> dict[str, list[tuple]]:
    start, end = quarter.utc_bounds()
    parameters = {"start": start, "end": end, "first_day": quarter.start, "last_day": quarter.end,
                  "council": council_id}
    filters = OF_COUNCIL if council_id is not None else {name: "" for name in OF_COUNCIL}
    results = {}
    for name, sql in BARE_SQL.items():
        cursor.execute(sql.format(**filters), parameters)
        results[name] = cursor.fetchall()
    return results


def check_same_rows(session, cursor, quarter, council_id: int | None) -> None:
    """The figures count exactly the rows the bare queries count, or the comparison means nothing."""
    experience, records, active = (experience_counts(session, _ids(council_id), quarter),
                                   record_counts(session, _ids(council_id), quarter),
                                   activity(session, _ids(council_id), quarter))
    bare = bare_queries(cursor, quarter, council_id)
    pairs = {
        "answers": (experience.total(), sum(row[-1] for row in bare["answers"])),
        "enquiries closed": (records.enquiries(), sum(row[-1] for row in bare["enquiries"])),
        "enquiries completed": (active.enquiries_completed.total(), sum(row[-1] for row in bare["enquiries"])),
        "invitations": (active.invitations_sent.total(), sum(row[-2] for row in bare["invitations"])),
        "invitations answered": (active.invitations_answered.total(), sum(row[-1] for row in bare["invitations"])),
        "responses": (active.responses_submitted.total(), sum(row[-1] for row in bare["responses"])),
    }
    wrong = {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}
    if wrong:
        raise BenchError(f"The figures and the bare queries counted different rows: {wrong}")
    print("  same rows: " + ", ".join(f"{name} {n:,}" for name, (n, _) in pairs.items()))


def _ids(council_id: int | None):
    return None if council_id is None else [council_id]


def timed_rounds(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Each call once per round, in turn, after one unmeasured round; seconds per call."""
    times = {name: [] for name in calls}
    for round_number in range(rounds + 1):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            elapsed = time.perf_counter() - started
            if round_number:
                times[name].append(elapsed)
    return times


def explain(session, call: Callable[[], object], cursor) -> None:
    """EXPLAIN ANALYZE of every statement the call runs, with the parameters it ran with."""
    statements = []
    engine = session.get_bind()

    def capture(conn, cursor_, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    for statement, parameters in statements:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        print("\n".join(row[0] for row in cursor.fetchall()), end="\n\n")


def print_parts(session, cursor, quarter, council_id: int, rounds: int) -> None:
    """Where the time goes: each figures function and each bare query on its own."""
    for label, ids in (("council", [council_id]), ("national", None)):
        calls = {name: (lambda f=function, ids=ids: (f(session, ids, quarter), session.rollback()))
                 for name, function in (("experience_counts", experience_counts), ("record_counts", record_counts),
                                        ("activity", activity), ("safer_by_outcomes", safer_by_outcomes),
                                        ("theme_counts", theme_counts))}
        if ids:
            # The funnel places each enquiry of one council; the bare SQL has nothing like it.
            calls["funnel (enquiry_places)"] = lambda: (enquiry_places(session, council_id, quarter),
                                                        session.rollback())
        for name, sql in BARE_SQL.items():
            filters = OF_COUNCIL if ids else {table: "" for table in OF_COUNCIL}
            calls[f"bare: {name}"] = lambda sql=sql, filters=filters: _bare_one(cursor, sql.format(**filters), quarter,
                                                                              council_id)
        print(f"\nParts, {label}, medians of {rounds} rounds:")
        medians = {name: statistics.median(times) for name, times in timed_rounds(calls, rounds).items()}
        for name, median in medians.items():
            print(f"  {name:<26}{ms(median):>14}")
        if ids:
            # What the page counts beyond the four grouped queries sets a floor under the ratio.
            extra = sum(medians[n] for n in ("safer_by_outcomes", "theme_counts", "funnel (enquiry_places)"))
            bare = sum(t for n, t in medians.items() if n.startswith("bare: "))
            print(f"  The cross-tabulation, themes and funnel, which the bare SQL does not count, take {ms(extra)}: "
                  f"with the four grouped queries at bare speed and no other work, the ratio would still be "
                  f"{(bare + extra) / bare:.2f}.")


def _bare_one(cursor, sql: str, quarter, council_id: int) -> None:
    start, end = quarter.utc_bounds()
    cursor.execute(sql, {"start": start, "end": end, "first_day": quarter.start, "last_day": quarter.end,
                         "council": council_id})
    cursor.fetchall()
    cursor.connection.rollback()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def report(label: str, figure_times: list[float], bare_times: list[float]) -> tuple[float, float]:
    figure, bare = statistics.median(figure_times), statistics.median(bare_times)
    ratio = figure / bare
    print(f"  {label:<20}{ms(figure):>14}{ms(bare):>14}{ratio:>9.2f}"
          f"   (figures {ms(min(figure_times))}-{ms(max(figure_times))}, bare {ms(min(bare_times))}-{ms(max(bare_times))})")
    return figure, ratio


def verdict(label: str, seconds: float, ratio: float) -> str:
    ratio_ok = "met" if ratio <= TARGET_RATIO else "NOT met"
    time_ok = "met" if seconds < TARGET_SECONDS else "NOT met"
    return (f"  {label}: ratio {ratio:.2f} <= {TARGET_RATIO:g}: {ratio_ok}; "
            f"{ms(seconds)} < {TARGET_SECONDS:g} s: {time_ok}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--regenerate", action="store_true", help="recreate the schema and the data set first")
    parser.add_argument("--responses", type=int, default=1_000_000, help="for a new data set (default 1,000,000)")
    parser.add_argument("--councils", type=int, default=153, help="for a new data set (default 153)")
    parser.add_argument("--years", type=int, default=5, help="for a new data set (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="for a new data set (default 1)")
    parser.add_argument("--quarter", help="e.g. 2025-26 Q4 (default: the last full quarter in the data)")
    parser.add_argument("--council", help="a council's slug (default: the middle council by responses)")
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds of each (default 7)")
    parser.add_argument("--parts", action="store_true", help="also time each figures function and bare query")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the figures' queries")
    args = parser.parse_args(argv)

    try:
        prepare_database(args.database_url, args.regenerate)
        from feedback_app import create_app
        from feedback_app.db import db
        from feedback_app.reports.periods import parse_quarter

        app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "APP_ENV": "development"})
        with app.app_context():
            session = db.session
            existing = synthetic_responses(session)
            session.rollback()
            if existing == 0:
                generate(args.database_url, args)
            else:
                print(f"Using the {existing:,} synthetic responses already in the database "
                      "(--regenerate makes a new data set).")
            started = time.perf_counter()
            # VACUUM as well as ANALYZE: after a bulk load only VACUUM marks the pages all-visible,
            # as autovacuum soon would in a live database, and index-only scans depend on it.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM (ANALYZE)"))
            print(f"VACUUM (ANALYZE): {time.perf_counter() - started:.1f} s")

            quarter = parse_quarter(args.quarter) if args.quarter else default_quarter(session)
            council, sizes = choose_council(session, quarter, args.council)
            session.rollback()
            print(f"Quarter {quarter.label}; council {council.slug} ({council.ons_code}), {council[3]:,} responses "
                  f"in the quarter (councils range {sizes[0][3]:,}-{sizes[-1][3]:,}); national "
                  f"{sum(row[3] for row in sizes):,} responses from {len(sizes)} councils.")
            print(f"Measuring: {measured()}.")

            raw = db.engine.raw_connection()
            try:
                cursor = raw.driver_connection.cursor()
                for council_id in (council.id, None):
                    check_same_rows(session, cursor, quarter, council_id)
                    session.rollback()
                    raw.driver_connection.rollback()

                def run_figures(ids):
                    figures(session, ids, quarter)
                    session.rollback()

                def run_bare(council_id):
                    bare_queries(cursor, quarter, council_id)
                    raw.driver_connection.rollback()

                made = finalise_quarter(session, quarter)
                print(f"Final returns for {quarter.label}: {made} made now, the rest already final.")
                app_settings = settings(session.connection().connection.driver_connection.cursor())
                session.rollback()
                print(f"Session settings: figures {app_settings}; bare SQL {settings(cursor)}")

                times = timed_rounds({
                    "council figures": lambda: run_figures([council.id]),
                    "council bare": lambda: run_bare(council.id),
                    "comparison": lambda: run_figures(None),
                }, args.rounds)
                print(f"\nMedians of {args.rounds} rounds (after one unmeasured round), figures beside bare SQL:")
                print(f"  {'':<20}{'figures':>14}{'bare SQL':>14}{'ratio':>9}")
                council_seconds, council_ratio = report(
                    "council quarterly", times["council figures"], times["council bare"])
                comparison = statistics.median(times["comparison"])
                print(f"  {'comparison':<20}{ms(comparison):>14}   (every council's final return; "
                      f"{ms(min(times['comparison']))}-{ms(max(times['comparison']))})")
                print("Verdict:")
                print(verdict("council quarterly", council_seconds, council_ratio))
                print(f"  comparison of councils: {ms(comparison)} < {ms(TARGET_COMPARISON_SECONDS)}: "
                      f"{'met' if comparison < TARGET_COMPARISON_SECONDS else 'NOT met'}")
                if args.parts:
                    print_parts(session, cursor, quarter, council.id, args.rounds)
                if args.explain:
                    for label, ids in (("council", [council.id]),):
                        print(f"\nEXPLAIN ANALYZE, {label} figures:\n")
                        explain(session, lambda: figures(session, ids, quarter), cursor)
                        session.rollback()
                        raw.driver_connection.rollback()
            finally:
                raw.close()
            db.session.remove()
        app.extensions["database_engine"].dispose()
    except BenchError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
