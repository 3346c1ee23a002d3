"""The dispatcher: one pass (``run_tick``) sends what is due by text, sends at most one
reminder, expires old invitations, purges contact details on schedule and escalates overdue
alerts. ``flask jobs tick`` runs one pass; ``flask jobs run`` repeats it.

Several dispatchers may run at once, on one machine or many: each claims invitations
atomically before it touches them (see ``claims``), and every later change is made only while
its claim still holds, so each text goes out once.
"""
from .reasons import REASONS, describe_failure
from .tick import TickSummary, run_tick

__all__ = ["REASONS", "TickSummary", "describe_failure", "run_tick"]
