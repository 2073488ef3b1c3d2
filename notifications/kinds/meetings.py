"""Meetings: reminders before each meeting, notice when one moves or is cancelled, the published summary."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import site_url
from notifications.models import Kind
from partnerships.models import Meeting, MeetingStatus

from .base import KindSpec, Planned, current_lead, lead_label, moment_key, register


def meeting_url(meeting) -> str:
    if meeting.committee_id:
        return site_url(
            reverse(
                "partnerships:meeting_detail",
                kwargs={"partnership_pk": meeting.committee.partnership_id, "meeting_pk": meeting.pk},
            )
        )
    return site_url("/")


def meeting_people_ids(meetings: list[Meeting], on: datetime.date) -> dict[int, list[int]]:
    """The people each meeting is for, on ``on``: current members of its committee or forum. Two queries."""
    from partnerships.models import ForumMembership, Membership

    by_committee: dict[int, list[int]] = {}
    committee_ids = {m.committee_id for m in meetings if m.committee_id}
    if committee_ids:
        terms = Membership.objects.filter(committee_id__in=committee_ids, term_start__lte=on).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=on)
        )
        for committee_id, person_id in terms.values_list("committee_id", "person_id"):
            by_committee.setdefault(committee_id, []).append(person_id)
    by_forum: dict[int, list[int]] = {}
    forum_ids = {m.forum_id for m in meetings if m.forum_id}
    if forum_ids:
        seats = ForumMembership.objects.filter(forum_id__in=forum_ids, left_on__isnull=True)
        for forum_id, person_id in seats.values_list("forum_id", "person_id"):
            by_forum.setdefault(forum_id, []).append(person_id)
    return {
        m.pk: sorted(set(by_committee.get(m.committee_id, []) if m.committee_id else by_forum.get(m.forum_id, [])))
        for m in meetings
    }


def _load(object_ids):
    return {
        m.pk: m
        for m in Meeting.objects.filter(pk__in=object_ids).select_related("committee__partnership", "forum")
    }


@register
class MeetingReminder(KindSpec):
    """Before each meeting, at each of its committee's lead times (default 7 days and 1 day)."""

    code = Kind.MEETING_REMINDER
    template = "meeting_reminder"
    audience = "committee"
    schedule = "reminders"
    description = _("Before each meeting of your committees and forums.")
    DEFAULT_DAYS = (7, 1)

    @staticmethod
    def leads(meeting) -> list[datetime.timedelta]:
        days = (meeting.committee.meeting_reminder_days if meeting.committee_id else None) or MeetingReminder.DEFAULT_DAYS
        return [datetime.timedelta(days=d) for d in days if isinstance(d, int) and 0 < d <= 60]

    @staticmethod
    def occurrence(meeting, lead) -> str:
        return f"{moment_key(meeting.starts_at)}/{lead_label(lead)}"

    def plan(self, now):
        horizon = now + datetime.timedelta(days=61)
        meetings = list(
            Meeting.objects.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now, starts_at__lte=horizon)
            .select_related("committee")
            .order_by("pk")
        )
        due = []
        for meeting in meetings:
            lead = current_lead(meeting.starts_at, self.leads(meeting), now)
            if lead is not None:
                due.append((meeting, lead))
        people = meeting_people_ids([m for m, _ in due], timezone.localdate(now))
        for meeting, lead in due:
            for person_id in people[meeting.pk]:
                yield Planned(person_id, meeting.pk, self.occurrence(meeting, lead))

    def load(self, object_ids):
        return _load(object_ids)

    def skip_reason(self, delivery, meeting):
        if meeting.status != MeetingStatus.SCHEDULED:
            return str(_("The meeting is no longer scheduled."))
        if not delivery.occurrence.startswith(moment_key(meeting.starts_at) + "/"):
            return str(_("The meeting has moved since this reminder was decided."))
        if meeting.starts_at <= timezone.now():
            return str(_("The meeting has already started."))
        return ""

    def context(self, delivery, meeting):
        return {"meeting": meeting, "body": meeting.body, "url": meeting_url(meeting)}
