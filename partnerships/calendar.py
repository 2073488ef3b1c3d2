"""A person's calendar feed of their committees' meetings (iCalendar, RFC 5545).

The secret address is the person's volunteer-portal calendar token
(``VolunteerProfile.calendar_token``) with ``/meetings.ics``: the same secret, reset on the same
settings page, as their shift feed (:mod:`volunteers.calendar`, whose style this follows: UTC
times, the owner's language, a stable UID per meeting, ``STATUS:CANCELLED`` for a meeting
called off).

Events: every meeting from :data:`SINCE` ago onward of every committee on which the person holds
a **current** term, so someone whose term ends stops seeing them at the next fetch. Each event
names its committee and partnership, gives both sides' local times, the agenda, the place or
online link, and links to the meeting's page. Five queries at most, whatever the number of
meetings (owner, meetings, agenda items, the partnerships' communities).
"""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Event

from accounts.emails import recipient_locale, site_url
from p2g.ical import feed_calendar, feed_response, site_host, webcal
from volunteers.calendar import calendar_owner

from .meeting_times import side_times
from .models import AgendaItem, Meeting, MeetingStatus, Membership, PartnershipCommunity
from .permissions import current_q

#: How far back the feed reaches: recent meetings stay in the calendar, older ones drop off.
SINCE = datetime.timedelta(days=183)


# ---- addresses


def meetings_feed_url(token: str) -> str:
    """The absolute https (or http) address of a person's meetings feed."""
    return site_url(reverse("meetings_calendar_feed", kwargs={"token": token}))


def meetings_webcal_url(token: str) -> str:
    """The same address with the ``webcal://`` scheme, which opens the calendar app."""
    return webcal(meetings_feed_url(token))


def meetings_feed_links(user) -> dict[str, str] | None:
    """``{"url", "webcal"}`` of the viewer's meetings feed, for ``meetings_feed_link.html``.

    None when they have no calendar token yet (the calendar settings page makes one).
    """
    profile = getattr(user, "volunteer_profile", None) if getattr(user, "is_authenticated", False) else None
    token = getattr(profile, "calendar_token", "")
    if not token:
        return None
    return {"url": meetings_feed_url(token), "webcal": meetings_webcal_url(token)}


def meeting_page_path(meeting: Meeting) -> str:
    """The meeting's page in the active language."""
    return reverse(
        "partnerships:meeting_detail",
        kwargs={"partnership_pk": meeting.committee.partnership_id, "meeting_pk": meeting.pk},
    )


# ---- reading


def calendar_meetings(*, user, now: datetime.datetime | None = None) -> list[Meeting]:
    """Meetings of ``user``'s current committees from :data:`SINCE` ago, soonest first; three queries."""
    now = now or timezone.now()
    committees = Membership.objects.filter(current_q(), person=user).values("committee_id")
    return list(
        Meeting.objects.filter(committee_id__in=committees, starts_at__gte=now - SINCE)
        .select_related("committee__partnership")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")),
            Prefetch(
                "committee__partnership__links",
                queryset=PartnershipCommunity.objects.select_related("community").order_by("pk"),
            ),
        )
        .order_by("starts_at", "pk")
    )


# ---- writing


def _summary(meeting: Meeting) -> str:
    if meeting.status == MeetingStatus.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": meeting.title}
    if meeting.status == MeetingStatus.DRAFT:
        return _("To be confirmed: %(title)s") % {"title": meeting.title}
    return meeting.title


def _ical_status(meeting: Meeting) -> str:
    if meeting.status == MeetingStatus.CANCELLED:
        return "CANCELLED"
    if meeting.status == MeetingStatus.DRAFT:
        return "TENTATIVE"
    return "CONFIRMED"


def _description(meeting: Meeting, url: str) -> str:
    committee = meeting.committee
    times = side_times(meeting.starts_at, meeting.ends_at, committee.partnership)
    lines = [
        _("Committee: %(committee)s") % {"committee": committee.name},
        _("Partnership: %(partnership)s") % {"partnership": committee.partnership.name},
    ]
    if times:
        lines.append(_("Local times: %(times)s") % {"times": " · ".join(t.text for t in times)})
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append(_("This meeting was cancelled."))
    elif meeting.status == MeetingStatus.DRAFT:
        lines.append(_("The time of this meeting is not final yet."))
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    agenda = list(meeting.agenda_items.all())
    if agenda:
        lines.append("")
        lines.append(_("Agenda:"))
        lines += [f"{number}. {item.title}" for number, item in enumerate(agenda, start=1)]
    lines += ["", url]
    return "\n".join(lines)


def _event(meeting: Meeting, *, now: datetime.datetime, host: str) -> Event:
    url = site_url(meeting_page_path(meeting))
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", _summary(meeting))
    location = meeting.location or meeting.online_url
    if location:
        event.add("location", location)
    event.add("description", _description(meeting, url))
    event.add("status", _ical_status(meeting))
    event.add("transp", "TRANSPARENT" if meeting.status == MeetingStatus.CANCELLED else "OPAQUE")
    event.add("url", url)
    event.add("categories", [meeting.committee.name])
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
    return event


def meetings_feed_build(*, user, meetings, now: datetime.datetime | None = None) -> bytes:
    """The iCalendar text of ``meetings`` (already narrowed to ``user``'s committees), in their language."""
    now = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    host = site_host()
    with recipient_locale(user):
        calendar = feed_calendar(
            product="p2g committee meetings",
            name=_("My committee meetings · Partnership2Gether"),
            description=_("Meetings of the Partnership2Gether committees you sit on."),
        )
        for meeting in meetings:
            calendar.add_component(_event(meeting, now=now, host=host))
    return calendar.to_ical()


@login_not_required
@require_safe
def meetings_feed(request, token):
    """The feed at ``/calendar/<token>/meetings.ics``: public, the token is the secret."""
    profile = calendar_owner(token)
    if profile is None:
        raise Http404
    user = profile.user
    body = meetings_feed_build(user=user, meetings=calendar_meetings(user=user))
    return feed_response(body, filename="p2g-my-meetings.ics")
