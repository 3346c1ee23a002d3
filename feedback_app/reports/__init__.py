"""Reporting: the MSP Outcomes Framework figures, counted in SQL, and the disclosure control
that every published figure passes through. Pages and downloads build on these modules."""
