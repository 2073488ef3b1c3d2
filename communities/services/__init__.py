"""Writes of communities in establishment. Keyword-only, atomic, validating; errors are
``ValidationError`` with a translated sentence that says why; every change is logged with who did it
(and items keep ``updated_by``/``updated_at``, evidence ``uploaded_by``/``uploaded_at``).

The rules, each in one place (the docstring of its module says it in full):

- ``items``: an item's status moves only along :data:`ITEM_TRANSITIONS`; only staff and mentors set or
  lift "not applicable" (:data:`MANAGER_ONLY_STATUSES`); evidence files are checked as meeting
  attachments are;
- ``stages``: a track moves to the next stage only when that stage's required items are complete
  (:data:`STAGE_REQUIREMENTS`, :data:`REPRESENTATIVES_TO_JOIN`); :func:`track_stage_check` says what is
  missing;
- ``tracks``: a community has one establishment track at most, opened by staff at one of
  :data:`STARTING_STAGES`, with a new community if need be (:func:`community_create`);
- ``milestones``: a track's dated goals;
- ``people``: mentors (assigning one, :func:`mentorship_start`, decides the email "you are now the mentor
  of …" in the same transaction), network representatives, workshops and who attended them;
- ``shared``: dates whose year was mistyped (before :data:`EARLIEST_DATE`, after :data:`LATEST_DATE`)
  are refused; the helpers the modules share.

Every public name is re-exported here: ``from communities import services`` then ``services.track_create``.
"""

# Callers catch ``services.ValidationError``: the name stays reachable from the package.
from django.core.exceptions import ValidationError

from .items import (
    ITEM_TRANSITIONS,
    MANAGER_ONLY_STATUSES,
    evidence_content_type,
    evidence_delete,
    evidence_file_name,
    evidence_upload,
    track_item_update,
)
from .milestones import milestone_add, milestone_complete, milestone_edit, milestone_reopen
from .people import (
    mentorship_end,
    mentorship_start,
    representative_add,
    representative_remove,
    workshop_attendance_add,
    workshop_attendance_remove,
    workshop_create,
)
from .shared import EARLIEST_DATE, LATEST_DATE, NOTES_MAX_LENGTH, TITLE_MAX_LENGTH
from .stages import (
    REPRESENTATIVES_TO_JOIN,
    STAGE_REQUIREMENTS,
    STAGE_RULE_TEXT,
    StageCheck,
    stage_after,
    stage_before,
    track_stage_advance,
    track_stage_back,
    track_stage_check,
)
from .tracks import (
    MAIN_TIME_ZONE,
    NAME_MAX_LENGTH,
    NUCLEUS_SIZE_MAX,
    STARTING_STAGES,
    community_create,
    country_time_zone,
    track_create,
    track_details_update,
    track_start_day,
)

__all__ = [
    "EARLIEST_DATE",
    "ITEM_TRANSITIONS",
    "LATEST_DATE",
    "MAIN_TIME_ZONE",
    "MANAGER_ONLY_STATUSES",
    "NAME_MAX_LENGTH",
    "NOTES_MAX_LENGTH",
    "NUCLEUS_SIZE_MAX",
    "REPRESENTATIVES_TO_JOIN",
    "STAGE_REQUIREMENTS",
    "STAGE_RULE_TEXT",
    "STARTING_STAGES",
    "TITLE_MAX_LENGTH",
    "StageCheck",
    "ValidationError",
    "community_create",
    "country_time_zone",
    "evidence_content_type",
    "evidence_delete",
    "evidence_file_name",
    "evidence_upload",
    "mentorship_end",
    "mentorship_start",
    "milestone_add",
    "milestone_complete",
    "milestone_edit",
    "milestone_reopen",
    "representative_add",
    "representative_remove",
    "stage_after",
    "stage_before",
    "track_create",
    "track_details_update",
    "track_item_update",
    "track_stage_advance",
    "track_stage_back",
    "track_stage_check",
    "track_start_day",
    "workshop_attendance_add",
    "workshop_attendance_remove",
    "workshop_create",
]
