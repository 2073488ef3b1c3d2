"""Collective impact: selectors, one module per area."""
