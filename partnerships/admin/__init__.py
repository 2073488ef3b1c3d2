"""Partnerships, committees, meetings and collective impact in the staff admin."""

from . import committees, impact, meetings, partnership  # noqa: F401  (each module registers its admins)
