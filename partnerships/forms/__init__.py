"""Forms of the committee workspace, by area."""
