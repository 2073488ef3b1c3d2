"""Reads for the committee workspace, by area: each returns querysets already narrowed and joined."""
