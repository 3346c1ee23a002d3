"""Reports: the MSP Outcomes Framework figures, counted in SQL (figures, counts), the disclosure
control every published figure passes through (disclosure), a council's tables for a period
(tables, parts), quarterly returns (returns), downloads (downloads/), benchmarks across councils
(benchmark), and the analysts' pages that show them, served under /reports."""
from . import benchmark_views, return_views, views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]
