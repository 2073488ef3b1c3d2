"""The seeder's toolbox: scales, deterministic randomness, bulk writes in chunks, progress lines."""

import datetime
import itertools
import random
import re
import time
import unicodedata
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models

SEED = 1994  # the year the program began
DEMO_PASSWORD = "living-bridge-1994"  # noqa: S105 (documented demo password)
DEMO_SALT = "p2gdemoseedsalt"  # a fixed salt: the same hash on every run, computed once
JERUSALEM = zoneinfo.ZoneInfo("Asia/Jerusalem")


@dataclass(frozen=True)
class Scale:
    name: str
    partnerships: int  # the first N of data_places.PARTNERSHIPS
    villages_per_region: int
    towns_per_hub: int
    new_communities: int
    subcommittees: int  # in all partnerships together
    steering_seats: int  # member seats per side
    subcommittee_seats: int
    membership_years: int  # how far back member terms go (chairs and staff go back to founding)
    programs: int  # per partnership, besides its two anchor programs
    participants_latest: int  # participants in the latest fiscal year's activities, both sides
    volunteers: int
    opportunities: int  # per partnership
    past_shifts: int  # per opportunity, over the last year
    upcoming_shifts: int  # per opportunity, over the next ten weeks
    meeting_years: int  # committee meetings go back this many years
    organisations: int
    applications: int
    mentors: int
    workshops: int
    forum_meetings: int


SCALES = {
    "small": Scale(
        name="small", partnerships=5, villages_per_region=4, towns_per_hub=3, new_communities=6, subcommittees=8,
        steering_seats=5, subcommittee_seats=3, membership_years=10, programs=8, participants_latest=6_000,
        volunteers=400, opportunities=5, past_shifts=8, upcoming_shifts=3, meeting_years=2, organisations=30,
        applications=24, mentors=4, workshops=6, forum_meetings=12,
    ),
    "full": Scale(
        name="full", partnerships=46, villages_per_region=5, towns_per_hub=5, new_communities=32, subcommittees=74,
        steering_seats=8, subcommittee_seats=4, membership_years=20, programs=12, participants_latest=400_000,
        volunteers=30_000, opportunities=30, past_shifts=20, upcoming_shifts=6, meeting_years=3, organisations=120,
        applications=169, mentors=12, workshops=24, forum_meetings=26,
    ),
}


def chunked(iterable: Iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@dataclass
class Seeder:
    """Holds the run's scale, its day, the output and the counts, and writes rows in chunks."""

    scale: Scale
    out: object  # a writable with .write(str)
    today: datetime.date
    now: datetime.datetime
    counts: Counter = field(default_factory=Counter)
    password: str = ""

    def __post_init__(self):
        # Hashed once, shared by every person; always PBKDF2 so the world is the same whatever the hasher order.
        self.password = make_password(DEMO_PASSWORD, salt=DEMO_SALT, hasher="pbkdf2_sha256")
        self._started = time.monotonic()
        self._phase_counts = Counter()

    @staticmethod
    def rng(phase: str) -> random.Random:
        """One generator per phase, so a change in one phase leaves the others' data alone."""
        return random.Random(f"{SEED}:{phase}")  # noqa: S311 (demo data, not secrets)

    def insert(self, model, rows: Iterable, batch_size: int = 2000) -> list:
        """Write rows and return them with their primary keys (for tables that others point to)."""
        created = []
        for chunk in chunked(rows, batch_size):
            self._stamp(model, chunk)
            created.extend(model.objects.bulk_create(chunk, batch_size=batch_size))
        self._count(model, len(created))
        return created

    def stream(self, model, rows: Iterable, batch_size: int = 5000) -> int:
        """Write rows chunk by chunk, keeping none of them (for the big leaf tables)."""
        total = 0
        for chunk in chunked(rows, batch_size):
            self._stamp(model, chunk)
            model.objects.bulk_create(chunk, batch_size=batch_size)
            total += len(chunk)
        self._count(model, total)
        return total

    def _stamp(self, model, rows: list) -> None:
        """Rows that do not say when they were created or updated get the run's anchor time (see ``own_timestamps``)."""
        for name in AUTO_TIMESTAMPS.get(model._meta.label, ()):
            for row in rows:
                if getattr(row, name) is None:
                    setattr(row, name, self.now)

    def _count(self, model, n: int):
        label = model._meta.label
        self.counts[label] += n
        self._phase_counts[label] += n

    @contextmanager
    def phase(self, name: str):
        self._phase_counts = Counter()
        started = time.monotonic()
        yield
        rows = sum(self._phase_counts.values())
        detail = ", ".join(f"{label.split('.')[1]} {n:,}" for label, n in self._phase_counts.most_common(4))
        self.out.write(
            f"  {name:<26} {rows:>9,} rows {time.monotonic() - started:6.1f} s"
            f"  (total {time.monotonic() - self._started:6.1f} s)  {detail}"
        )

    def aware(self, day: datetime.date, hour: int, minute: int = 0, tz: str = "Asia/Jerusalem") -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(tz))


AUTO_TIMESTAMPS: dict = {}  # model label -> names of its auto_now / auto_now_add fields


@contextmanager
def own_timestamps(app_labels: Iterable[str]):
    """Let the seeder write ``created_at``/``updated_at`` itself while it runs.

    ``auto_now``/``auto_now_add`` would stamp every row with the moment of the run: the data would differ from one
    run to the next, and every sign-up would look made today. The flags are switched off for the run (one process,
    restored on exit) and the rows carry dates that fit their story, or the run's anchor time.
    """
    switched = []
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            for f in model._meta.concrete_fields:
                if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                    switched.append((f, f.auto_now, f.auto_now_add))
                    AUTO_TIMESTAMPS.setdefault(model._meta.label, []).append(f.attname)
                    f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
        AUTO_TIMESTAMPS.clear()
