"""Meetings: reminders before each meeting, notice when one moves or is cancelled, the published summary."""

import datetime
import hashlib
import logging

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import site_url
from notifications.models import Delivery, Kind
from partnerships.models import Meeting, MeetingStatus

from .base import KindSpec, Planned, current_lead, lead_label, moment_key, register

logger = logging.getLogger(__name__)


def meeting_url(meeting) -> str:
    if meeting.committee_id:
        return site_url(
            reverse(
                "partnerships:meeting_detail",
                kwargs={"partnership_pk": meeting.committee.partnership_id, "meeting_pk": meeting.pk},
            )
        )
    return site_url(
        reverse("impact:forum_meeting_detail", kwargs={"forum_pk": meeting.forum_id, "meeting_pk": meeting.pk})
    )


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
        days = meeting.committee.meeting_reminder_days if meeting.committee_id else None
        if days is None:
            days = MeetingReminder.DEFAULT_DAYS  # a committee that leaves the list empty wants no reminders
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


def _in_locale_of(person, build):
    """``build()`` inside ``person``'s language and zone (a link carries the recipient's language prefix)."""
    from accounts.emails import recipient_locale

    with recipient_locale(person):
        return build()


# ---- a meeting moved or cancelled

CANCELLED = "cancelled"
MOVED = "moved"


def meeting_place_hash(meeting) -> str:
    """A short, stable code of where and how long a meeting is (places in both languages, online link, duration)."""
    raw = "\x1f".join(
        [meeting.location_en or "", meeting.location_he or "", meeting.online_url or "", str(meeting.duration_minutes)]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:10]


def meeting_moved_key(meeting) -> str:
    """The occurrence of a move to the meeting's current time, place, link and duration."""
    return f"{MOVED}:{moment_key(meeting.starts_at)}:{meeting_place_hash(meeting)}"


def meeting_moved_occurrence(meeting) -> str:
    """The occurrence of the notice of a move to the meeting's current state.

    A meeting moved back to a state already announced (to B, then C, then B again) is told again:
    its occurrence then carries a number (``…:2``), so the ledger does not take it for the first notice.
    """
    key = meeting_moved_key(meeting)
    told = set(
        Delivery.objects.filter(kind=Kind.MEETING_CHANGED, object_id=meeting.pk, occurrence__startswith=key)
        .values_list("occurrence", flat=True)
        .distinct()
    )
    return key if key not in told else f"{key}:{len(told) + 1}"


def reminder_covered_by_change(meeting, recipient_ids, now: datetime.datetime) -> list[Planned]:
    """The meeting reminders the notice of a move stands for: the window that holds ``now`` at the new time."""
    lead = current_lead(meeting.starts_at, MeetingReminder.leads(meeting), now)
    if lead is None:
        return []
    occurrence = MeetingReminder.occurrence(meeting, lead)
    return [Planned(person_id, meeting.pk, occurrence) for person_id in sorted(set(recipient_ids))]


COVERED_BY_CHANGE = _("Covered by the notice of the change of the meeting.")


@register
class MeetingChanged(KindSpec):
    """A scheduled meeting that has not started moved (time, duration, place, online link) or was cancelled."""

    code = Kind.MEETING_CHANGED
    template = "meeting_changed"
    audience = "committee"
    schedule = ""
    description = _("When a meeting of your committees or forums moves or is cancelled.")

    def load(self, object_ids):
        return _load(object_ids)

    def skip_reason(self, delivery, meeting):
        superseded = str(_("Superseded by a later change of the meeting."))
        if delivery.occurrence == CANCELLED:
            if meeting.status != MeetingStatus.CANCELLED:
                return superseded
        else:
            key = meeting_moved_key(meeting)
            current = delivery.occurrence == key or delivery.occurrence.startswith(key + ":")
            if meeting.status != MeetingStatus.SCHEDULED or not current:
                return superseded
        if meeting.starts_at <= timezone.now():
            return str(_("The meeting has already started."))
        return ""

    def context(self, delivery, meeting):
        return {
            "meeting": meeting,
            "body": meeting.body,
            "cancelled": delivery.occurrence == CANCELLED,
            "url": _in_locale_of(delivery.recipient, lambda: meeting_url(meeting)),
        }


# ---- the published summary


def forum_meeting_summary(meeting):
    """What a forum meeting's summary holds: its minutes, decisions and materials (booklet and slides first).

    The email reads it, and so does the page that shows the backbone team what publishing will send
    (``impact.selectors.forums.summary_preview``). A forum has no quorum nor action items.
    """
    from partnerships.models import MeetingAttachment
    from partnerships.models.meetings import AttachmentKind
    from partnerships.selectors.actions import MeetingSummary as Summary
    from partnerships.selectors.actions import summary_attachments_split

    first = {AttachmentKind.BOOKLET: 0, AttachmentKind.SLIDES: 1}
    attachments = sorted(
        MeetingAttachment.objects.filter(meeting=meeting).order_by("title", "pk"), key=lambda a: first.get(a.kind, 2)
    )
    attached, linked = summary_attachments_split(attachments)
    return Summary(
        meeting=meeting,
        decisions=list(meeting.decisions.order_by("number")),
        action_items=[],
        present=[],
        members_count=0,
        quorum=None,
        attached=attached,
        linked=linked,
    )


def _read(attachment) -> bytes | None:
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        logger.warning("file of attachment %s is missing: not attached to the summary", attachment.pk)
        return None


def summary_prepared(meeting):
    """The summary of a published meeting and the files it carries, once per batch (kept on the meeting)."""
    prepared = getattr(meeting, "_p2g_summary", None)
    if prepared is not None:
        return prepared
    from partnerships.selectors.actions import meeting_summary
    from partnerships.services.actions import attachment_content_type, attachment_file_name

    summary = meeting_summary(meeting) if meeting.committee_id else forum_meeting_summary(meeting)
    files = []
    for attachment in list(summary.attached):
        content = _read(attachment)
        if content is None:  # sent as a link instead
            summary.attached.remove(attachment)
            summary.linked.append(attachment)
        else:
            files.append((attachment_file_name(attachment), content, attachment_content_type(attachment).split(";")[0]))
    meeting._p2g_summary = (summary, files)
    return meeting._p2g_summary


def summary_recipient_ids(meeting) -> list[int]:
    """Who gets a published summary: the committee's members on the day it was published, or the forum's members."""
    from partnerships.selectors.actions import summary_recipients
    from partnerships.selectors.meetings import meeting_day_zone

    # Terms are dates of the site's calendar, whoever publishes from whichever zone.
    on = timezone.localdate(meeting.summary_published_at or timezone.now(), meeting_day_zone())
    if meeting.committee_id:
        return sorted(p.pk for p in summary_recipients(meeting, on=on))
    return meeting_people_ids([meeting], on)[meeting.pk]


@register
class MeetingSummary(KindSpec):
    """The summary of a meeting (minutes, decisions, action items, attachments), once it is published."""

    code = Kind.MEETING_SUMMARY
    template = "meeting_summary"
    audience = "committee"
    schedule = ""
    description = _("The summary and papers of each meeting of your committees and forums, once it is published.")
    OCCURRENCE = "published"

    def load(self, object_ids):
        return _load(object_ids)

    def skip_reason(self, delivery, meeting):
        if meeting.status != MeetingStatus.PUBLISHED:
            return str(_("The meeting's summary is not published."))
        return ""

    def context(self, delivery, meeting):
        summary, _files = summary_prepared(meeting)
        return {
            "meeting": meeting,
            "body": meeting.body,
            "summary": summary,
            "partnership": meeting.committee.partnership if meeting.committee_id else None,
            "forum": meeting.forum,
            "url": _in_locale_of(delivery.recipient, lambda: meeting_url(meeting)),
        }

    def attachments(self, delivery, meeting):
        return summary_prepared(meeting)[1]
