"""Maintenance scripts (not shipped): they regenerate data files that are committed."""
