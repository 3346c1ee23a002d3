"""The analysts' and national viewers' report pages."""
