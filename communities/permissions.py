"""Who may see and change a community's establishment track: checked here, and only here.

- staff (``is_staff``: the organisation's staff and the backbone team) see every track and manage
  everything, including assigning and ending mentorships and moving a track back a stage;
- a mentor with an open mentorship of the track (``Mentorship.ended_on`` empty or still ahead)
  reads and updates it: its items and their evidence, its milestones, the workshop attendance of
  its community, the choice of the network representatives (with the community) and moving it to
  the next stage;
- the community's own leaders (``CommunityLeader``) read and update their community's track:
  each item's status, notes, dates and evidence; they do not move the stage, manage milestones,
  record attendance, choose representatives or change mentors;
- anybody else (a visitor is sent to sign in by the login middleware; a volunteer, a mentor of
  another track, a former mentor, a leader of another community) gets 404, exactly as for a track
  that does not exist: ids cannot be probed.

Views fetch a track with :func:`track_for` (the access it gives this viewer, or 404; 403 when the
viewer may read the track but not do what ``need`` asks), and objects inside a track with the
``*_in`` helpers, which narrow to the track before looking up the id.
"""

import datetime
import enum
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from p2g.days import site_today

from .models import (
    CommunityLeader,
    EstablishmentTrack,
    Mentorship,
    Milestone,
    NetworkRepresentative,
    TrackEvidence,
    WorkshopAttendance,
)


class Need(enum.Enum):
    """What a view needs to do with a track."""

    READ = "read"
    #: an item's status, notes, dates and evidence (leaders too)
    UPDATE = "update"
    #: milestones, workshop attendance, representatives, moving to the next stage (mentors and staff)
    MANAGE = "manage"
    #: mentors (assign, end), moving back a stage, workshops (staff only)
    STAFF = "staff"


def open_mentorship_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Mentorships still open on a day (today by default): not ended, or ending after it."""
    on = on or site_today()
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})


def visible_tracks(user) -> QuerySet[EstablishmentTrack]:
    """Every track for staff; a mentor's open tracks and a leader's own community's track for anyone else."""
    if not user.is_authenticated:
        return EstablishmentTrack.objects.none()
    if user.is_staff:
        return EstablishmentTrack.objects.all()
    mentors = Mentorship.objects.filter(open_mentorship_q(), track_id=OuterRef("pk"), mentor_id=user.pk)
    leads = CommunityLeader.objects.filter(community_id=OuterRef("community_id"), person_id=user.pk)
    return EstablishmentTrack.objects.filter(Exists(mentors) | Exists(leads))


@dataclass(frozen=True)
class TrackAccess:
    """What one viewer may do with one track (built once per request)."""

    track: EstablishmentTrack
    user: object
    is_staff: bool
    is_mentor: bool
    is_leader: bool

    @property
    def can_read(self) -> bool:
        return self.is_staff or self.is_mentor or self.is_leader

    @property
    def can_update(self) -> bool:
        """Items: status, notes, dates, evidence."""
        return self.can_read

    @property
    def can_manage(self) -> bool:
        """Milestones, workshop attendance, representatives, the next stage; marking an item not applicable."""
        return self.is_staff or self.is_mentor

    @property
    def can_staff(self) -> bool:
        """Mentors, moving back a stage."""
        return self.is_staff

    def allows(self, need: Need) -> bool:
        return {
            Need.READ: self.can_read,
            Need.UPDATE: self.can_update,
            Need.MANAGE: self.can_manage,
            Need.STAFF: self.can_staff,
        }[need]

    def require(self, need: Need) -> None:
        if not self.allows(need):
            raise PermissionDenied


def track_for(user, pk: int, need: Need = Need.READ) -> TrackAccess:
    """Fetch a track and authorise the viewer: 404 for outsiders, 403 when ``need`` is beyond their role."""
    if not user.is_authenticated:
        raise Http404
    row = (
        EstablishmentTrack.objects.filter(pk=pk)
        .select_related("community")
        .annotate(
            _viewer_mentors=Exists(
                Mentorship.objects.filter(open_mentorship_q(), track_id=OuterRef("pk"), mentor_id=user.pk)
            ),
            _viewer_leads=Exists(
                CommunityLeader.objects.filter(community_id=OuterRef("community_id"), person_id=user.pk)
            ),
        )
        .first()
    )
    if row is None:
        raise Http404
    access = TrackAccess(
        track=row, user=user, is_staff=user.is_staff, is_mentor=row._viewer_mentors, is_leader=row._viewer_leads
    )
    if not access.can_read:
        raise Http404
    access.require(need)
    return access


def require_staff(user) -> None:
    """Pages of all tracks' shared things (workshops): staff only (403 for the signed-in others)."""
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied


# ---- objects inside a track (404 when the id is not of this track)


def milestone_in(access: TrackAccess, pk: int) -> Milestone:
    return get_object_or_404(Milestone, pk=pk, track=access.track)


def evidence_in(access: TrackAccess, pk: int) -> TrackEvidence:
    return get_object_or_404(TrackEvidence.objects.select_related("item", "uploaded_by"), pk=pk, item__track=access.track)


def mentorship_in(access: TrackAccess, pk: int) -> Mentorship:
    return get_object_or_404(Mentorship.objects.select_related("mentor"), pk=pk, track=access.track)


def representative_in(access: TrackAccess, pk: int) -> NetworkRepresentative:
    return get_object_or_404(NetworkRepresentative.objects.select_related("person"), pk=pk, track=access.track)


def attendance_in(access: TrackAccess, pk: int) -> WorkshopAttendance:
    return get_object_or_404(
        WorkshopAttendance.objects.select_related("workshop", "person"), pk=pk, community_id=access.track.community_id
    )
