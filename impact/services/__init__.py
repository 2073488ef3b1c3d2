"""Collective impact: services, one module per area."""
