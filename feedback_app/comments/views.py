"""The analysts' pages for comments."""
