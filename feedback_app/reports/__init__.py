"""Reports: the MSP Outcomes Framework figures, counted in SQL (figures, counts), the disclosure
control every published figure passes through (disclosure), a council's tables for a period
(tables, parts), quarterly returns (returns), downloads (downloads/), benchmarks across councils
(benchmark), and the analysts' pages that show them, served under /reports.

The package itself imports nothing, because other packages use its figures; ``reports.routes``
brings the pages together for the application.
"""
