"""Collective impact: forms, one module per area."""
