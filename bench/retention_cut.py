"""The retention cut over a national data set: how fast a first cut of years of answers goes, what
a pass costs once nothing is due, and whether every figure is the same afterwards.

Claims: every figure of the twelve quarters before the last one due (national answers, activity,
the cross-tabulation, and three councils' funnels) is identical before and after the cut; a pass
with nothing due costs a few milliseconds, so the jobs runner can make it every minute.

Run: .venv/bin/python bench/retention_cut.py            (about three minutes with 200,000 responses)

It drops and recreates the schema of the database bench_retention (created if missing), migrates
it, makes a synthetic data set with `flask synthetic generate`, runs VACUUM (ANALYZE), counts the
figures, then runs the cut as the jobs runner does with no time limit, then empty passes, then
counts the figures again. Exit status is 0 whatever the verdict; only a broken run makes it
non-zero.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import func, select, text  # noqa: E402

HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = f"postgresql+psycopg://postgres@{HOST}:5432/bench_retention"
QUARTERS = 12
SAMPLE_COUNCILS = ("synthetic-1", "synthetic-77", "synthetic-153")
EMPTY_PASS_BUDGET_MS = 50


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--responses", default="200000")
    parser.add_argument("--seed", default="1")
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = args.database_url
    from answer_throughput import recreate_database  # the same fresh schema as the other benchmarks

    recreate_database(args.database_url)
    from feedback_app.migrate import upgrade

    upgrade(args.database_url)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "synthetic", "generate",
                    "--responses", args.responses, "--seed", args.seed], cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    print(f"Data set: {args.responses} responses, 153 councils, five years; made in "
          f"{time.perf_counter() - started:.0f} s")

    from feedback_app import create_app
    from feedback_app.db import db
    from feedback_app.dispatch.response_retention import cut_old_responses, last_quarter_due
    from feedback_app.models import Organisation, Response, utcnow
    from feedback_app.reports.figures import activity, experience_counts, safer_by_outcomes
    from feedback_app.reports.funnel import enquiry_places
    from feedback_app.reports.periods import local_date

    app = create_app()
    with app.app_context():
        session = db.session
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
        now = utcnow()
        last = last_quarter_due(local_date(now), 730)
        quarters = [last.previous(n) for n in range(QUARTERS)]
        sample = session.scalars(select(Organisation.id).where(Organisation.slug.in_(SAMPLE_COUNCILS))).all()

        def figures() -> dict:
            counted = {}
            for quarter in quarters:
                routes = activity(session, None, quarter)
                counted[quarter.label] = (
                    experience_counts(session, None, quarter).cells, routes.invitations_sent.cells,
                    routes.invitations_answered.cells, routes.responses_submitted.cells,
                    safer_by_outcomes(session, None, quarter).cells,
                    [sorted(map(repr, enquiry_places(session, council, quarter))) for council in sample])
            session.rollback()
            return counted

        before = figures()
        linked = session.scalar(select(func.count()).select_from(Response).where(Response.detached_at.is_(None)))
        session.rollback()
        started = time.perf_counter()
        first = cut_old_responses(session, now, budget_seconds=float("inf"))
        seconds = time.perf_counter() - started
        print(f"First cut: {first.cut:,} of {linked:,} responses cut from their people, up to {last.label}, "
              f"in {seconds:.1f} s ({first.cut / seconds:,.0f} a second)")
        # As autovacuum soon would after so many rows changed.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE) response"))
        empty = []
        for _ in range(7):
            started = time.perf_counter()
            again = cut_old_responses(session, now)
            empty.append((time.perf_counter() - started) * 1000)
            assert again.cut == 0 and again.deleted == 0, "a second pass found more to cut"
        median = statistics.median(empty)
        print(f"A pass with nothing due: median {median:.1f} ms over 7 (range {min(empty):.1f} to {max(empty):.1f})")
        after = figures()
        different = [label for label in before if before[label] != after[label]]
        print(f"Figures of {QUARTERS} quarters ({quarters[-1].label} to {last.label}): "
              + ("identical before and after" if not different else f"DIFFERENT in {', '.join(different)}"))
        print("Verdict: " + ("figures kept" if not different else "FIGURES CHANGED") + "; empty pass "
              + (f"within {EMPTY_PASS_BUDGET_MS} ms" if median <= EMPTY_PASS_BUDGET_MS else "SLOW"))
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
