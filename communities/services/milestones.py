"""Milestones of a track: a dated goal at a stage, added, edited, completed and reopened."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EstablishmentTrack, Milestone, Stage
from .shared import TITLE_MAX_LENGTH, actor_id, date_not_in_future, date_plausible, date_text

__all__ = [
    "milestone_add",
    "milestone_complete",
    "milestone_edit",
    "milestone_reopen",
]

logger = logging.getLogger(__name__)


def _milestone_fields(title_en: str, title_he: str, stage: str) -> tuple[str, str]:
    title_en, title_he = (title_en or "").strip(), (title_he or "").strip()
    if not title_en and not title_he:
        raise ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing")
    if max(len(title_en), len(title_he)) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("A title has at most %(max)d characters.") % {"max": TITLE_MAX_LENGTH}, code="title_long"
        )
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose one of the stages offered.")}, code="stage_unknown")
    return title_en, title_he


@transaction.atomic
def milestone_add(
    *,
    track: EstablishmentTrack,
    by,
    title_en: str = "",
    title_he: str = "",
    stage: str,
    due_on: datetime.date,
    today: datetime.date | None = None,
) -> Milestone:
    today = today or timezone.localdate()
    title_en, title_he = _milestone_fields(title_en, title_he, stage)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the due date.")}, code="due_missing")
    if due_on < today:
        raise ValidationError({"due_on": _("The due date cannot be in the past.")}, code="due_in_past")
    date_plausible(due_on, "due_on")
    milestone = Milestone.objects.create(track=track, title_en=title_en, title_he=title_he, stage=stage, due_on=due_on)
    logger.info("milestone %s added to track %s by user %s", milestone.pk, track.pk, actor_id(by))
    return milestone


@transaction.atomic
def milestone_edit(
    *,
    milestone: Milestone,
    by,
    title_en: str = "",
    title_he: str = "",
    stage: str,
    due_on: datetime.date,
    today: datetime.date | None = None,
) -> Milestone:
    """Change a milestone's title or stage, or move its due date (not to a day already past)."""
    today = today or timezone.localdate()
    title_en, title_he = _milestone_fields(title_en, title_he, stage)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the due date.")}, code="due_missing")
    if due_on != milestone.due_on and due_on < today:
        raise ValidationError({"due_on": _("A milestone cannot be moved to a day already past.")}, code="due_in_past")
    if due_on != milestone.due_on:
        date_plausible(due_on, "due_on")
    was = milestone.due_on
    milestone.title_en, milestone.title_he, milestone.stage, milestone.due_on = title_en, title_he, stage, due_on
    milestone.save(update_fields=["title_en", "title_he", "stage", "due_on"])
    logger.info("milestone %s edited (due %s → %s) by user %s", milestone.pk, was, due_on, actor_id(by))
    return milestone


@transaction.atomic
def milestone_complete(
    *, milestone: Milestone, by, on: datetime.date | None = None, today: datetime.date | None = None
) -> Milestone:
    today = today or timezone.localdate()
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.completed_on is not None:
        raise ValidationError(
            _("This milestone was already completed on %(date)s.") % {"date": date_text(locked.completed_on)},
            code="milestone_completed",
        )
    on = on or today
    date_not_in_future(on, today, "completed_on", _("The completion date cannot be in the future."))
    milestone.completed_on = on
    milestone.save(update_fields=["completed_on"])
    logger.info("milestone %s completed on %s by user %s", milestone.pk, on, actor_id(by))
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone: Milestone, by) -> Milestone:
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.completed_on is None:
        raise ValidationError(_("This milestone is still open."), code="milestone_open")
    milestone.completed_on = None
    milestone.save(update_fields=["completed_on"])
    logger.info("milestone %s reopened by user %s", milestone.pk, actor_id(by))
    return milestone
