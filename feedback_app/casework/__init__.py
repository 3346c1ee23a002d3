"""Casework: practitioners register enquiries and the people who may be asked for feedback,
record consent, safe contact, screening and the MSP record items, and schedule feedback.

Other packages import its domain modules (``records``, ``forms``), so the pages are gathered in
``routes``, which only the application factory imports."""
