"""The demo world of ``manage.py seed_demo``: data tables and the phases that write them."""
