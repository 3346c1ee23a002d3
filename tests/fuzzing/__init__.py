"""Helpers for ``tests/test_fuzz_forms.py``: hostile values, the records a form needs, the forms
found on pages and what the database held before and after."""
