"""``manage.py seed_demo [--scale small|full]``: a coherent bilingual demo world."""

import time

from django.core.management.base import BaseCommand

from demo.seed.base import DEMO_PASSWORD, SCALES
from demo.seed.run import MARKER_EMAIL, demo_logins, is_seeded, seed, summary


class Command(BaseCommand):
    help = (
        "Fill the database with a demo world of Partnership2Gether: partnerships with both sides, joint steering "
        "committees and subcommittees, Living Bridge programs, budgets since 1997, activities, meetings, "
        "volunteers with shifts and hours, new communities in establishment and cross-sector forums, in English "
        "and Hebrew. The data is deterministic (a fixed random seed; dates are relative to today). "
        "Safe to run twice: the whole world is written in one transaction, and a database that already holds it "
        f"(the demo staff user {MARKER_EMAIL} is the marker) is left exactly as it is: the command only reports "
        "'already seeded' and prints the demo logins. To seed again, empty the database first "
        "(manage.py flush --no-input). --scale small (the default) takes a few seconds; --scale full reaches the "
        "program's size (46 partnerships, ~460 communities, 30,000 volunteers, 400,000 participants in the "
        "latest fiscal year) and is meant for PostgreSQL. Every person's password is the demo password "
        f"'{DEMO_PASSWORD}'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                            help="small (default): a few partnerships, for `make run` and tests; full: the program's size.")

    def handle(self, *args, scale, verbosity=1, **options):
        if is_seeded():
            self.stdout.write(f"Already seeded ({summary()}): nothing to do. "
                              "To seed again: manage.py flush --no-input && manage.py seed_demo.")
        else:
            started = time.monotonic()
            self.stdout.write(f"Seeding the demo world at scale '{scale}'…")
            seed(scale, self.stdout if verbosity else _Quiet())
            self.stdout.write(self.style.SUCCESS(f"Seeded in {time.monotonic() - started:.1f} s: {summary()}."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, what in demo_logins():
            self.stdout.write(f"  {email:<26} {what}")


class _Quiet:
    """Swallows the progress lines at --verbosity 0."""

    def write(self, message):
        pass
