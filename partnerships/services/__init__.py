"""Writes on partnerships and their committees, by area (keyword-only, atomic, validating).

``core``: partnerships, memberships' basic rules, forums. Each workspace area keeps its own
module (``membership``, ``meetings``); import from the module, e.g.
``from partnerships.services.meetings import meeting_schedule``.
"""

from .core import (
    forum_free_seat,
    forum_member_add,
    forum_member_leave,
    membership_add,
    membership_end,
    partnership_community_remove,
    partnership_create,
    partnership_sides_validate,
)

__all__ = [
    "forum_free_seat",
    "forum_member_add",
    "forum_member_leave",
    "membership_add",
    "membership_end",
    "partnership_community_remove",
    "partnership_create",
    "partnership_sides_validate",
]
