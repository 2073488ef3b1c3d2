"""Kinds of collective impact emails (being written)."""
