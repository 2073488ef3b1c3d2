"""What the service modules of communities share: the bounds of dates and texts, who did a change (for the
log), and the locking of a track. Public here so that no module reaches for another's private helper.

Dates whose year was mistyped (before :data:`EARLIEST_DATE`, after :data:`LATEST_DATE`) are refused
(:func:`date_plausible`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from ..models import EstablishmentTrack

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "NOTES_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "actor_id",
    "date_not_in_future",
    "date_plausible",
    "date_text",
    "track_lock",
]

NOTES_MAX_LENGTH = 4000
TITLE_MAX_LENGTH = 200
#: Dates outside these bounds are typing mistakes (a year 0202, 2206 or 9999): refused with the reason
#: instead of being stored.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def actor_id(user) -> int | None:
    """The id of who did a change, for the log (``None`` for no one, e.g. a command)."""
    return getattr(user, "pk", None)


def date_text(day: datetime.date) -> str:
    """A date as a refusal names it, in the reader's language."""
    return formats.date_format(day, "DATE_FORMAT")


def date_not_in_future(day: datetime.date | None, today: datetime.date, field: str, message: str) -> None:
    """Refuse ``day`` on ``field`` with ``message`` when it is after ``today``."""
    if day is not None and day > today:
        raise ValidationError({field: message}, code="date_in_future")


def date_plausible(day: datetime.date | None, field: str) -> None:
    """Refuse a date whose year was mistyped (see :data:`EARLIEST_DATE`)."""
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            {field: _("Check the year: give a date between %(first)s and %(last)s.")
             % {"first": date_text(EARLIEST_DATE), "last": date_text(LATEST_DATE)}},
            code="date_implausible",
        )


def track_lock(track: EstablishmentTrack) -> EstablishmentTrack:
    """Lock the track's row (inside the caller's transaction) and refresh ``track``'s stage and its dates from it."""
    locked = EstablishmentTrack.objects.select_for_update().get(pk=track.pk)
    track.stage, track.stage_changed_on, track.joined_network_on = (
        locked.stage, locked.stage_changed_on, locked.joined_network_on,
    )
    return track
