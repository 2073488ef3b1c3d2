"""A community's establishment track: opening it (with a new community if need be) and its details.

A community has one establishment track at most (the one-to-one key; :func:`track_create` says so in
words), opened by staff at one of :data:`STARTING_STAGES`, with a new community if need be
(:func:`community_create`: its side follows from the country) and an optional first mentor.
"""

import datetime
import functools
import logging
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Community, CommunityKind, EstablishmentTrack, Side, Stage
from .people import mentorship_start
from .shared import NOTES_MAX_LENGTH, actor_id, date_not_in_future, date_plausible

__all__ = [
    "MAIN_TIME_ZONE",
    "NAME_MAX_LENGTH",
    "NUCLEUS_SIZE_MAX",
    "STARTING_STAGES",
    "community_create",
    "country_time_zone",
    "track_create",
    "track_details_update",
    "track_start_day",
]

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH = 200
#: A nucleus is about twenty households; a number beyond this is a typing mistake (and beyond the column's range).
NUCLEUS_SIZE_MAX = 10_000
#: The stages a track may start at. A community joins the network from its track's page, once it has
#: chosen its representatives.
STARTING_STAGES: tuple[str, ...] = (Stage.NUCLEUS, Stage.BUILDING, Stage.ESTABLISHED)
#: The time zone of a country with several, when none is given (zone.tab lists the others' only one first).
MAIN_TIME_ZONE = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City",
    "RU": "Europe/Moscow",
    "AR": "America/Argentina/Buenos_Aires",
}


# ---- a new track (and, with it, a new community)


@functools.cache
def _zones_by_country() -> dict[str, str]:
    """The first time zone zone.tab lists for each country (tzdata's copy, else the system's)."""
    text = ""
    try:
        from importlib import resources

        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ImportError, OSError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        text = system.read_text(encoding="utf-8") if system.exists() else ""
    zones: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0].strip().upper(), parts[2].strip())
    return zones


def country_time_zone(country: str) -> str:
    """The main time zone of a country, for a community whose time zone was not given."""
    code = (country or "").upper()
    return MAIN_TIME_ZONE.get(code) or _zones_by_country().get(code) or settings.TIME_ZONE


@transaction.atomic
def community_create(
    *,
    by,
    name_en: str = "",
    name_he: str = "",
    country: str,
    kind: str = CommunityKind.NUCLEUS,
    time_zone: str = "",
) -> Community:
    """A community that is not in the platform yet (its side follows from the country: Israel or the Diaspora)."""
    from django_countries import countries

    name_en, name_he = (name_en or "").strip(), (name_he or "").strip()
    if not name_en and not name_he:
        raise ValidationError(
            {"name_he": _("Give the community's name in Hebrew or in English (or both).")}, code="name_missing"
        )
    for field, value in (("name_en", name_en), ("name_he", name_he)):
        if len(value) > NAME_MAX_LENGTH:
            raise ValidationError(
                {field: _("A name has at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}}, code="name_long"
            )
    country = (country or "").strip().upper()
    if country not in dict(countries):
        raise ValidationError({"country": _("Choose the community's country from the list.")}, code="country_unknown")
    if kind not in CommunityKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")}, code="kind_unknown")
    time_zone = (time_zone or "").strip() or country_time_zone(country)
    if time_zone not in zoneinfo.available_timezones():
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")}, code="time_zone_unknown")
    for field, name in (("name_he", name_he), ("name_en", name_en)):
        if not name:
            continue
        existing = (
            Community.objects.filter(Q(name_en__iexact=name) | Q(name_he__iexact=name))
            .select_related("establishment_track")
            .first()
        )
        if existing is None:
            continue
        if hasattr(existing, "establishment_track"):
            message = _("“%(name)s” is already accompanied: it has an establishment track.") % {"name": existing.name}
        else:
            message = _(
                "A community named “%(name)s” already exists: choose it from the list of communities instead."
            ) % {"name": existing.name}
        raise ValidationError({field: message}, code="community_exists")
    community = Community.objects.create(
        name_en=name_en,
        name_he=name_he,
        country=country,
        side=Side.ISRAEL if country == "IL" else Side.DIASPORA,
        kind=kind,
        time_zone=time_zone,
    )
    logger.info("community %s created by user %s", community.pk, actor_id(by))
    return community


def track_start_day(started_on: datetime.date | None, today: datetime.date | None = None) -> datetime.date:
    """The day a track starts, checked (the form checks it too, so that every mistake shows at once)."""
    today = today or timezone.localdate()
    if started_on is None:
        raise ValidationError({"started_on": _("Give the day the accompaniment started.")}, code="start_missing")
    date_not_in_future(
        started_on, today, "started_on",
        _("The accompaniment cannot start in the future: open its track on the day it starts."),
    )
    date_plausible(started_on, "started_on")
    return started_on


@transaction.atomic
def track_create(
    *,
    by,
    community: Community | None = None,
    new_community: dict | None = None,
    stage: str = Stage.NUCLEUS,
    started_on: datetime.date | None = None,
    mentor=None,
    today: datetime.date | None = None,
) -> EstablishmentTrack:
    """Open the establishment track of a community (staff): an existing one, or one created here (``new_community``:
    the arguments of :func:`community_create`), at a starting stage, with an optional first mentor (who is emailed).

    A community has one track at most: a second one is refused with a sentence that says so.
    """
    today = today or timezone.localdate()
    if (community is None) == (new_community is None):
        raise ValidationError(
            _("Choose an existing community, or describe a new one, but not both."), code="community_choice"
        )
    if stage not in STARTING_STAGES:
        raise ValidationError(
            {"stage": _("A community starts at the nucleus, building or established stage; it joins the network from its track.")},
            code="stage_start",
        )
    started_on = track_start_day(started_on, today)
    if community is None:
        community = community_create(by=by, **new_community)
    else:
        community = Community.objects.select_for_update().get(pk=community.pk)
        if not community.is_active:
            raise ValidationError(
                {"community": _("“%(name)s” is marked inactive: make it active again before accompanying it.")
                 % {"name": community.name}},
                code="community_inactive",
            )
    already = _("“%(name)s” is already accompanied: it has an establishment track.") % {"name": community.name}
    if EstablishmentTrack.objects.filter(community=community).exists():
        raise ValidationError({"community": already}, code="track_exists")
    try:
        with transaction.atomic():
            track = EstablishmentTrack.objects.create(
                community=community,
                stage=stage,
                started_on=started_on,
                stage_changed_on=started_on if stage != Stage.NUCLEUS else None,
            )
    except IntegrityError as exc:  # a track opened meanwhile by someone else (the one-to-one key)
        raise ValidationError({"community": already}, code="track_exists") from exc
    logger.info("track %s of community %s opened at %s by user %s", track.pk, community.pk, stage, actor_id(by))
    if mentor is not None:
        try:
            mentorship_start(track=track, by=by, mentor=mentor, started_on=started_on, today=today)
        except ValidationError as exc:
            raise ValidationError({"mentor": exc.messages}, code="mentor") from exc
    return track


# ---- details


@transaction.atomic
def track_details_update(*, track: EstablishmentTrack, by, nucleus_size: int | None, notes: str) -> EstablishmentTrack:
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX_LENGTH:
        raise ValidationError(
            {"notes": _("Notes have at most %(max)d characters.") % {"max": NOTES_MAX_LENGTH}}, code="notes_long"
        )
    if nucleus_size is not None and nucleus_size < 1:
        raise ValidationError({"nucleus_size": _("Give a number of households, or leave it empty.")}, code="size")
    if nucleus_size is not None and nucleus_size > NUCLEUS_SIZE_MAX:
        raise ValidationError(
            {"nucleus_size": _("A nucleus has at most %(max)d households: check the number.") % {"max": NUCLEUS_SIZE_MAX}},
            code="size_large",
        )
    track.nucleus_size, track.notes = nucleus_size, notes
    track.save(update_fields=["nucleus_size", "notes"])
    logger.info("track %s details changed by user %s", track.pk, actor_id(by))
    return track
