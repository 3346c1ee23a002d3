"""Synthetic national data for measuring the reports: the plan, the bulk writer, the command."""
from .cli import synthetic_cli
from .generator import delete_synthetic, generate, synthetic_council_ids
from .plan import Made, Plan, last_full_quarter

__all__ = ["Made", "Plan", "delete_synthetic", "generate", "last_full_quarter", "synthetic_cli",
           "synthetic_council_ids"]
