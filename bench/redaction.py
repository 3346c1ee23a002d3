"""Redaction of free-text comments over the corpus in tests/comments/redaction_corpus.yaml: how
many identifying details it catches, how much else it takes out, and how long a comment takes.

Claim: at least 0.95 of the identifying details are caught (every character of a detail gone),
at least 0.9 of the runs of text taken out touch an identifying detail, and one comment takes
at most 5 ms at the median once the analyser is built.

Run: .venv/bin/python bench/redaction.py [--rounds 20] [--misses]

Recall is given by category (names, emails plain and spelled out, phone numbers, NHS and
National Insurance numbers, postcodes, addresses, references, dates of birth, cards, web
addresses, the council's own words), with the share of those caught that got the marker of
their kind; precision by the kind of marker. The first comment also builds Presidio's analyser:
that time, and the time to import the modules, are printed on their own.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECALL_TARGET = 0.95
PRECISION_TARGET = 0.9
MS_PER_COMMENT = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds over the whole corpus")
    parser.add_argument("--misses", action="store_true", help="print every detail missed and every false alarm")
    arguments = parser.parse_args()

    started = time.perf_counter()
    from feedback_app.comments import redaction
    from tests.comments.redaction_scoring import CATEGORY_KINDS, load, median_ms, score
    imported = time.perf_counter() - started
    started = time.perf_counter()
    redaction.redact("Warm up: Sarah on 07700 900123.")
    built = time.perf_counter() - started

    entries = load()
    measured = score(entries, rounds=max(1, arguments.rounds))
    print(f"Corpus: {measured.entries} sentences, {measured.entries - measured.clean_entries} with identifying "
          f"details ({sum(len(entry.details) for entry in entries)} details), {measured.clean_entries} with none.")
    print(f"Import {imported * 1000:.0f} ms; building the analyser on the first comment {built * 1000:.0f} ms.\n")

    print(f"{'category':<15} {'caught':>9} {'recall':>7} {'right marker':>13}")
    for category in CATEGORY_KINDS:
        caught, total = measured.caught[category], measured.caught[category] + measured.missed[category]
        if total:
            print(f"{category:<15} {caught:>4} / {total:<3} {measured.recall(category):>7.3f} "
                  f"{measured.right_kind[category]:>8} / {caught:<3}")
    caught = sum(measured.caught.values())
    total = caught + sum(measured.missed.values())
    print(f"{'overall':<15} {caught:>4} / {total:<3} {measured.recall():>7.3f}\n")

    print(f"{'marker':<15} {'right runs':>12} {'precision':>9}")
    for kind in redaction.KINDS:
        right, wrong = measured.runs_right[kind], measured.runs_wrong[kind]
        if right + wrong:
            print(f"{kind:<15} {right:>5} / {right + wrong:<5} {measured.precision(kind):>9.3f}")
    right, wrong = sum(measured.runs_right.values()), sum(measured.runs_wrong.values())
    print(f"{'overall':<15} {right:>5} / {right + wrong:<5} {measured.precision():>9.3f}\n")

    per_round = [sum(measured.seconds[i:i + len(entries)]) / len(entries) * 1000
                 for i in range(0, len(measured.seconds), len(entries))]
    median = median_ms(measured)
    print(f"Time per comment over {len(per_round)} rounds: median {median:.2f} ms, median of round means "
          f"{statistics.median(per_round):.2f} ms (range {min(per_round):.2f}-{max(per_round):.2f} ms).\n")

    if arguments.misses:
        print("Missed:")
        for text, category, detail in measured.misses:
            print(f"  {category}: {detail!r} in {text!r}")
        print("Taken out though not identifying:")
        for text, kind, what in measured.false_alarms:
            print(f"  {kind}: {what!r} in {text!r}")
        print()

    recall, precision = measured.recall(), measured.precision()
    for claim, value, target, met in (
        ("recall", f"{recall:.3f}", f">= {RECALL_TARGET}", recall >= RECALL_TARGET),
        ("precision", f"{precision:.3f}", f">= {PRECISION_TARGET}", precision >= PRECISION_TARGET),
        ("ms per comment (median)", f"{median:.2f}", f"<= {MS_PER_COMMENT}", median <= MS_PER_COMMENT),
    ):
        print(f"Verdict, {claim}: {value} against {target}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
