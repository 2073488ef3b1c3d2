"""Forums: thematic cross-sector forums of at most 20 members (their meetings are ``forum_meetings``).

- The list: the backbone team sees every forum, a partner the forums where they or their
  organisation hold a seat; each with its members count, sector mix against the target (flagged
  when off balance) and next meeting.
- A forum's page: members by seat, the mix as a chart with its table, meetings (upcoming and past),
  published summaries with their materials. The backbone team seats a contact of an organisation in
  a free seat and removes members.

Access is ``impact.permissions``'s: an outsider gets 404 for the forum and everything in it (every
view resolves the forum through :func:`forum_view`), a member gets 403 on the backbone's tools.
"""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from impact.permissions import forum_for, is_backbone, require_backbone
from p2g.date_text import date_text, when_html
from partnerships.forms.meetings import form_add_service_error
from partnerships.models import FORUM_MAX_MEMBERS, MeetingStatus, Sector
from partnerships.views.meeting_record import UrlPattern, error_text

from ..forms.forums import ForumMemberAddForm
from ..selectors import forums as selectors
from ..services import forums as services


def forum_view(view):
    """Resolve ``forum_pk`` for this viewer (404 for outsiders) and call ``view(request, forum, …)``."""

    @functools.wraps(view)
    def wrapper(request, forum_pk, *args, **kwargs):
        forum = forum_for(request.user, forum_pk)
        request.forum_backbone = is_backbone(request.user)
        return view(request, forum, *args, **kwargs)

    return wrapper


def _forum_url(forum, anchor: str = "") -> str:
    url = reverse("impact:forum_detail", kwargs={"forum_pk": forum.pk})
    return f"{url}#{anchor}" if anchor else url


def named_message(text: str, **values) -> SafeString:
    """A translated message naming people or organisations, everything escaped; a name written the other way
    than the page (a Hebrew name in an English sentence) in ``<bdi>``: it keeps its direction and its
    parentheses stay where they were typed."""

    def value(v):
        if not isinstance(v, str):
            return v
        return format_html("<bdi>{}</bdi>", v) if services.written_the_other_way(v) else conditional_escape(v)

    return mark_safe(  # noqa: S308 (the sentence and every value are escaped here)
        conditional_escape(text) % {k: value(v) for k, v in values.items()}
    )


# ---- the forums


@require_GET
def forum_list(request):
    rows = selectors.forum_rows(request.user)
    return render(
        request,
        "impact/forums/list.html",
        {
            "rows": rows,
            "backbone": is_backbone(request.user),
            "max_members": FORUM_MAX_MEMBERS,
            "tolerance": selectors.IMBALANCE_TOLERANCE,
        },
    )


# ---- a forum's page: its rows, ready to show
#
# The page lists every seat and meeting: its rows carry their text, dates and addresses ready (each URL
# pattern reversed once, each label translated once, each date formatted once per language).


def _member_rows(forum, members, *, backbone: bool) -> list[dict]:
    sectors = {value: str(label) for value, label in Sector.choices}
    remove_url = UrlPattern("impact:forum_member_remove", forum.pk) if backbone else None
    return [
        {
            "pk": m.pk,
            "seat": m.seat,
            "name": m.name,
            "email": m.email,
            "organisation": m.organisation,
            "sector": sectors.get(m.sector, m.sector),
            "joined": when_html(m.joined_on, with_hebrew=False),
            "remove_url": remove_url(m.pk) if remove_url else "",
        }
        for m in members
    ]


def _former_rows(members) -> list[dict]:
    return [
        {
            "name": m.name,
            "organisation": m.organisation,
            "joined": date_text(m.joined_on),
            "left": date_text(m.left_on),
        }
        for m in members
    ]


def _meeting_rows(forum, meetings) -> None:
    """Each meeting with its ``url``, ``status_label`` and ``when`` (its start, as ``{% when %}`` writes it)."""
    detail_url = UrlPattern("impact:forum_meeting_detail", forum.pk)
    statuses = {value: str(label) for value, label in MeetingStatus.choices}
    for meeting in meetings:
        meeting.url = detail_url(meeting.pk)
        meeting.status_label = statuses.get(meeting.status, meeting.status)


@require_GET
@forum_view
def forum_detail(request, forum):
    backbone = request.forum_backbone
    members, former = selectors.forum_member_rows(forum)
    mix = selectors.mix_of_rows(forum, members)
    meetings = selectors.forum_meetings_split(forum, staff=backbone)
    _meeting_rows(forum, [*meetings.upcoming, *meetings.past])
    for meeting in meetings.past:
        meeting.when = when_html(meeting.starts_at)
    for meeting in meetings.published:
        meeting.day = when_html(meeting.starts_at, with_time=False)
    return render(
        request,
        "impact/forums/detail.html",
        {
            "forum": forum,
            "backbone": backbone,
            "members": _member_rows(forum, members, backbone=backbone),
            "former_members": _former_rows(former) if backbone else [],
            "mix": mix,
            "mix_chart": mix.chart_config(
                language=translation.get_language(), rtl=translation.get_language_bidi()
            ),
            "max_members": FORUM_MAX_MEMBERS,
            "is_full": len(members) >= FORUM_MAX_MEMBERS,
            "tolerance": selectors.IMBALANCE_TOLERANCE,
            "upcoming": meetings.upcoming,
            "past": meetings.past,
            "published": meetings.published,
        },
    )


# ---- seats


@require_http_methods(["GET", "POST"])
@forum_view
def forum_member_add(request, forum):
    require_backbone(request.user)
    members = selectors.forum_members(forum)
    form = ForumMemberAddForm(
        request.POST or None, contacts=selectors.contacts_to_seat(forum), free_seats=selectors.free_seats(members)
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.forum_member_add(forum=forum, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                named_message(
                    _("%(person)s joined the forum in seat %(seat)d, for %(organisation)s. An email tells them so."),
                    person=membership.person.get_full_name() or membership.person.email,
                    seat=membership.seat,
                    organisation=membership.organisation.name,
                ),
            )
            return redirect(_forum_url(forum, "members"))
    return render(
        request,
        "impact/forums/member_add.html",
        {
            "forum": forum,
            "form": form,
            "members_count": len(members),
            "max_members": FORUM_MAX_MEMBERS,
            "is_full": len(members) >= FORUM_MAX_MEMBERS,
            "full_message": services.forum_full_message(forum),
        },
    )


@require_http_methods(["GET", "POST"])
@forum_view
def forum_member_remove(request, forum, membership_pk):
    """GET asks to confirm; POST removes (the member leaves today)."""
    require_backbone(request.user)
    membership = selectors.forum_membership_in(forum, membership_pk)
    if request.method == "POST":
        seat = membership.seat
        try:
            services.forum_member_remove(membership=membership, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                named_message(
                    _("%(person)s left the forum; seat %(seat)s is free."),
                    person=membership.person.get_full_name() or membership.person.email,
                    seat=seat,
                ),
            )
        return redirect(_forum_url(forum, "members"))
    return render(request, "impact/forums/member_remove.html", {"forum": forum, "membership": membership})
