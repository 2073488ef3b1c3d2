"""The stages of a track, and the moves between them.

A track moves to the next stage only when that stage's required items are complete
(:data:`STAGE_REQUIREMENTS`: to leave the nucleus, the vision and the shared social mission; to be
established, all eight; to join the network, all eight and at least :data:`REPRESENTATIVES_TO_JOIN`
network representative chosen); :func:`track_stage_check` says what is missing, and the refusal lists
it. Joining the network records its date.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ChecklistItem, EstablishmentTrack, NetworkRepresentative, Stage, TrackItem
from ..selectors import INFRASTRUCTURE_ITEMS, STAGE_ORDER, is_complete, track_items
from .shared import actor_id, date_not_in_future, date_text, track_lock

__all__ = [
    "REPRESENTATIVES_TO_JOIN",
    "STAGE_REQUIREMENTS",
    "STAGE_RULE_TEXT",
    "StageCheck",
    "stage_after",
    "stage_before",
    "track_stage_advance",
    "track_stage_back",
    "track_stage_check",
]

logger = logging.getLogger(__name__)

#: The items that must be complete (done, or not applicable) before a track enters each stage.
STAGE_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    Stage.BUILDING: (ChecklistItem.VISION, ChecklistItem.SOCIAL_MISSION),
    Stage.ESTABLISHED: INFRASTRUCTURE_ITEMS,
    Stage.JOINED: INFRASTRUCTURE_ITEMS,
}
#: How many network representatives a community chooses before it joins the network.
REPRESENTATIVES_TO_JOIN = 1
#: For the templates: the rule of each stage, as a sentence.
STAGE_RULE_TEXT = {
    Stage.BUILDING: gettext_lazy("To leave the nucleus stage: the community vision and the shared social mission are done."),
    Stage.ESTABLISHED: gettext_lazy("To be established: all eight infrastructure items are done."),
    Stage.JOINED: gettext_lazy("To join the network: established, and at least one network representative chosen."),
}


def stage_after(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def stage_before(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index - 1] if index > 0 else None


@dataclass(frozen=True)
class StageCheck:
    """Whether a track may move to its next stage, and what is missing if not."""

    current: str
    next: str | None
    missing_items: tuple[str, ...] = ()
    needs_representatives: int = 0

    @property
    def allowed(self) -> bool:
        return self.next is not None and not self.missing_items and not self.needs_representatives

    @property
    def next_label(self) -> str:
        return Stage(self.next).label if self.next else ""

    @property
    def missing_labels(self) -> list[str]:
        return [str(ChecklistItem(code).label) for code in self.missing_items]

    @property
    def required_labels(self) -> list[str]:
        return [str(ChecklistItem(code).label) for code in STAGE_REQUIREMENTS.get(self.next, ())]

    def reason(self) -> str:
        """Why the move is refused, in the reader's language (empty when it is allowed)."""
        if self.next is None:
            return _("This community has joined the network: there is no further stage.")
        sentences = []
        if self.missing_items:
            sentences.append(
                _("To move to “%(stage)s”, these items must be done first: %(items)s.")
                % {"stage": self.next_label, "items": ", ".join(self.missing_labels)}
            )
        if self.needs_representatives:
            sentences.append(_("To join the network, the community first chooses its network representatives."))
        return " ".join(sentences)


def track_stage_check(
    *, track: EstablishmentTrack, items: dict[str, TrackItem] | None = None, representatives: int | None = None
) -> StageCheck:
    """What the track still needs before its next stage (``items``/``representatives`` when already read)."""
    following = stage_after(track.stage)
    if following is None:
        return StageCheck(current=track.stage, next=None)
    items = items if items is not None else track_items(track)
    missing = tuple(code for code in STAGE_REQUIREMENTS.get(following, ()) if not is_complete(items[code]))
    needs = 0
    if following == Stage.JOINED:
        if representatives is None:
            representatives = NetworkRepresentative.objects.filter(track=track).count()
        needs = max(0, REPRESENTATIVES_TO_JOIN - representatives)
    return StageCheck(current=track.stage, next=following, missing_items=missing, needs_representatives=needs)


def _stage_day(track: EstablishmentTrack, on: datetime.date | None, today: datetime.date) -> datetime.date:
    on = on or today
    date_not_in_future(on, today, "on", _("The date of the move cannot be in the future."))
    if on < track.started_on:
        raise ValidationError(
            {"on": _("The date of the move cannot be before the accompaniment started (%(date)s).")
             % {"date": date_text(track.started_on)}},
            code="stage_before_start",
        )
    if track.stage_changed_on and on < track.stage_changed_on:
        raise ValidationError(
            {"on": _("The date of the move cannot be before the last change of stage (%(date)s).")
             % {"date": date_text(track.stage_changed_on)}},
            code="stage_before_last_change",
        )
    return on


@transaction.atomic
def track_stage_advance(
    *, track: EstablishmentTrack, by, to: str, on: datetime.date | None = None, today: datetime.date | None = None
) -> EstablishmentTrack:
    """Move the track to its next stage ``to`` (named, so a repeated click does not move it twice)."""
    today = today or timezone.localdate()
    track_lock(track)
    following = stage_after(track.stage)
    if to != following:
        raise ValidationError(
            _("This community is now at the stage “%(stage)s”: reload the page and check again.")
            % {"stage": track.get_stage_display()},
            code="stage_not_next",
        )
    check = track_stage_check(track=track)
    if not check.allowed:
        raise ValidationError(check.reason(), code="stage_requirements")
    on = _stage_day(track, on, today)
    was = track.stage
    track.stage, track.stage_changed_on = to, on
    fields = ["stage", "stage_changed_on"]
    if to == Stage.JOINED:
        track.joined_network_on = on
        fields.append("joined_network_on")
    track.save(update_fields=fields)
    logger.info("track %s moved %s → %s on %s by user %s", track.pk, was, to, on, actor_id(by))
    return track


@transaction.atomic
def track_stage_back(
    *, track: EstablishmentTrack, by, to: str, today: datetime.date | None = None
) -> EstablishmentTrack:
    """Staff correct a move: the track goes back one stage (leaving the network clears its join date)."""
    today = today or timezone.localdate()
    track_lock(track)
    previous = stage_before(track.stage)
    if previous is None or to != previous:
        raise ValidationError(
            _("This community is now at the stage “%(stage)s”: reload the page and check again.")
            % {"stage": track.get_stage_display()},
            code="stage_not_previous",
        )
    was = track.stage
    track.stage, track.stage_changed_on, track.joined_network_on = previous, today, None
    track.save(update_fields=["stage", "stage_changed_on", "joined_network_on"])
    logger.info("track %s moved back %s → %s by user %s", track.pk, was, previous, actor_id(by))
    return track
