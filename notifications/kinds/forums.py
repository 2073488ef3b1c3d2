"""Kinds of forum emails (being written)."""
