"""What the kinds sent in each recipient's morning share: local dates per time zone, the ledger's last occurrences."""

import datetime
import zoneinfo
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from notifications.models import Delivery

#: Owners (and other recipients) are handled this many at a time: one ledger query per batch.
BATCH = 500
#: Rows read per round trip when a plan streams a large table.
CHUNK = 2000



def zone(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class Mornings:
    """Each time zone's local time at ``now`` (computed once per zone).

    ``date(tz)`` is the recipient's local date once their local hour has reached
    ``P2G_DIGEST_HOUR`` (None before): a run every hour finds each person in their own morning,
    and a run that comes late in the day (beat was down) still finds them.
    """

    def __init__(self, now: datetime.datetime):
        self.now = now
        self._local: dict[str, datetime.datetime] = {}
        utc_day = now.astimezone(datetime.UTC).date()
        #: Every local date on earth at ``now`` lies between these two (UTC−12 … UTC+14).
        self.earliest = utc_day - datetime.timedelta(days=1)
        self.latest = utc_day + datetime.timedelta(days=1)

    def local(self, tz_name: str | None) -> datetime.datetime:
        key = tz_name or ""
        if key not in self._local:
            self._local[key] = self.now.astimezone(zone(tz_name))
        return self._local[key]

    def date(self, tz_name: str | None) -> datetime.date | None:
        local = self.local(tz_name)
        return local.date() if local.hour >= settings.P2G_DIGEST_HOUR else None

    def digest_moment(self, tz_name: str | None, day: datetime.date) -> datetime.datetime:
        """The moment of ``day``'s digest hour in that zone."""
        return datetime.datetime.combine(day, datetime.time(settings.P2G_DIGEST_HOUR), tzinfo=zone(tz_name))


def local_today(person) -> datetime.date:
    """The person's local date now (at sending time)."""
    return timezone.now().astimezone(zone(getattr(person, "time_zone", None))).date()


def occurrence_date(delivery) -> datetime.date:
    """The local date a digest was decided for (occurrences that start with an ISO date)."""
    return datetime.date.fromisoformat(delivery.occurrence[:10])


def last_occurrences(
    kind: str, object_ids: Iterable[int], since: str = ""
) -> dict[int, tuple[str, datetime.datetime]]:
    """The latest occurrence (and when it was decided) the ledger holds per object, for occurrences ≥ ``since``.

    One query (the ledger's ``(kind, object_id)`` index); for digests whose object is the recipient.
    """
    rows = Delivery.objects.filter(kind=kind, object_id__in=list(object_ids))
    if since:
        rows = rows.filter(occurrence__gte=since)
    return {
        row["object_id"]: (row["last"], row["decided"])
        for row in rows.values("object_id")
        .annotate(last=Max("occurrence"), decided=Max("created_at"))
        .order_by()
    }


def batched_by(rows: Iterator, key, size: int = BATCH) -> Iterator[dict]:
    """Rows ordered by ``key``, gathered as {key: [rows]} batches of at most ``size`` keys."""
    batch: dict = {}
    for row in rows:
        k = key(row)
        if k not in batch and len(batch) >= size:
            yield batch
            batch = {}
        batch.setdefault(k, []).append(row)
    if batch:
        yield batch
