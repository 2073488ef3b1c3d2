"""Forum emails: "you joined forum X", to the person the backbone team seats on a forum.

Decided by ``impact.services.forums.forum_member_add`` in its transaction (occurrence
``joined:<membership id>``: a person who leaves and is seated again is told again). Not sent when
the person has left the forum before the worker sends it.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.emails import recipient_locale, site_url
from notifications.models import Kind
from partnerships.models import FORUM_MAX_MEMBERS, ForumMembership, Meeting, MeetingStatus

from .base import KindSpec, register


def forum_url(forum_id: int) -> str:
    return site_url(reverse("impact:forum_detail", kwargs={"forum_pk": forum_id}))


@register
class ForumJoined(KindSpec):
    """The person was seated on a forum: which forum, for which organisation, in which seat, what comes next."""

    code = Kind.FORUM_JOINED
    template = "forum_joined"
    audience = "partner"
    schedule = ""
    description = _("When you are given a seat on a forum.")

    def load(self, object_ids):
        return {
            m.pk: m
            for m in ForumMembership.objects.filter(pk__in=object_ids).select_related("forum", "organisation", "person")
        }

    def skip_reason(self, delivery, membership):
        if membership.left_on is not None:
            return str(_("The person has left the forum since."))
        return ""

    def context(self, delivery, membership):
        next_meeting = (
            Meeting.objects.filter(forum_id=membership.forum_id, status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
            .order_by("starts_at", "pk")
            .first()
        )
        with recipient_locale(delivery.recipient):
            url = forum_url(membership.forum_id)
        return {
            "membership": membership,
            "forum": membership.forum,
            "organisation": membership.organisation,
            "max_members": FORUM_MAX_MEMBERS,
            "next_meeting": next_meeting,
            "url": url,
        }
