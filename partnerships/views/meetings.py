"""Workspace views: meetings of a partnership's committees.

The list (upcoming and past, by committee), scheduling and editing (start entered in the viewer's
time zone, warnings about Shabbat, holidays and night to confirm), and one meeting's page: its
times, agenda, attendance and quorum, decisions and votes, minutes and comments. Action items,
attachments and publishing the summary are the actions area's (partnerships/views/actions.py);
their sections are included on the meeting page.

Every member of the partnership reads; the managers of a meeting's committee change it (403 for
others); outsiders get 404 from ``partnership_view``. The record's sections and the steps of its
forms are shared with forum meetings (``meeting_record`` and ``templates/includes/meetings/``).
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist, loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..calendar import meetings_feed_links
from ..forms.meetings import (
    AgendaItemForm,
    AttendanceForm,
    CommentForm,
    DecisionForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
)
from ..meeting_times import meeting_times
from ..models import AgendaItem, Decision, Meeting, MeetingStatus
from ..permissions import Access, meeting_in, partnership_view
from ..selectors import actions as actions_selectors
from ..selectors import meetings as selectors
from ..services import meetings as services
from .meeting_record import (
    action_done,
    back_to_the_page,
    closed_record_redirect,
    form_saved,
    presenter_candidates,
    record_context,
)

PAGE_SIZE = 20

#: Sections of the meeting page written by the actions area (shown when their template exists).
ACTION_SECTIONS = {
    "action_items": "partnerships/actions/_meeting_action_items.html",
    "attachments": "partnerships/actions/_meeting_attachments.html",
    "publish": "partnerships/actions/_meeting_publish.html",
}
FEED_LINK_TEMPLATE = "partnerships/includes/meetings_feed_link.html"
#: The URL names of the meeting page's tools, for the shared partials (``meeting_record.ROUTE_KEYS``).
MEETING_ROUTES = {
    "agenda_item_add": "partnerships:agenda_item_add",
    "agenda_item_edit": "partnerships:agenda_item_edit",
    "agenda_item_delete": "partnerships:agenda_item_delete",
    "agenda_item_move": "partnerships:agenda_item_move",
    "attendance_edit": "partnerships:attendance_edit",
    "decision_add": "partnerships:decision_add",
    "decision_edit": "partnerships:decision_edit",
    "decision_delete": "partnerships:decision_delete",
}


def _template_exists(name: str) -> bool:
    try:
        loader.get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _detail_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse(
        "partnerships:meeting_detail",
        kwargs={"partnership_pk": meeting.committee.partnership_id, "meeting_pk": meeting.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def _managed_meeting(access: Access, meeting_pk: int) -> Meeting:
    """A meeting of the partnership (404 otherwise) that the viewer manages (403 otherwise)."""
    meeting = meeting_in(access, meeting_pk)
    access.require_manage(meeting.committee)
    return meeting


def _page_meeting(request, access: Access, meeting_pk: int) -> Meeting:
    """A meeting of the partnership (404 otherwise): for a POST with everything its page shows (to show the
    page again with a refused form), for a GET only the meeting (the address then leads back to the page)."""
    if request.method == "POST":
        return selectors.meeting_detail(access, meeting_pk)
    return meeting_in(access, meeting_pk)


# ---- the list


@dataclass
class MeetingRow:
    meeting: Meeting
    times: object
    quorum: selectors.Quorum | None = None


def _rows(meetings, partnership, quorums=None) -> list[MeetingRow]:
    quorums = quorums or {}
    return [MeetingRow(m, meeting_times(m, partnership), quorums.get(m.pk)) for m in meetings]


@require_GET
@partnership_view
def meeting_list(request, access):
    partnership = access.partnership
    committees = selectors.partnership_committees(access)
    filter_form = MeetingFilterForm(request.GET or None, committees=committees)
    committee = filter_form.committee_chosen()
    meetings = selectors.meetings_for_partnership(access, committee=committee)
    now = timezone.now()
    upcoming = Paginator(selectors.meetings_upcoming(meetings, now=now), PAGE_SIZE).get_page(
        request.GET.get("upcoming_page")
    )
    past = Paginator(selectors.meetings_past(meetings, now=now), PAGE_SIZE).get_page(request.GET.get("page"))
    held = [m for m in past if m.status in (MeetingStatus.HELD, MeetingStatus.PUBLISHED)]
    return render(
        request,
        "partnerships/meetings/list.html",
        {
            "access": access,
            "tab": "meetings",
            "filter_form": filter_form,
            "committee": committee,
            "upcoming": upcoming,
            "upcoming_rows": _rows(upcoming, partnership),
            "past": past,
            "past_rows": _rows(past, partnership, selectors.quorums_for(held)),
            "can_schedule": bool(selectors.committees_managed(access, committees)),
            "feed_link": FEED_LINK_TEMPLATE if _template_exists(FEED_LINK_TEMPLATE) else None,
            "meetings_feed": meetings_feed_links(request.user),
            "time_zone": timezone.get_current_timezone_name(),
        },
    )


# ---- scheduling and status


@require_http_methods(["GET", "POST"])
@partnership_view
def meeting_create(request, access):
    committees = selectors.committees_managed(access)
    access.require(bool(committees))
    initial = {}
    if request.method == "GET" and request.GET.get("committee", "").isdigit():
        initial["committee"] = int(request.GET["committee"])
    form = MeetingForm(
        request.POST or None, committees=committees, partnership=access.partnership, initial=initial or None
    )
    if request.method == "POST" and form.is_valid():
        access.require_manage(form.cleaned_data["committee"])
    saved = form_saved(
        request,
        form,
        lambda: services.meeting_schedule(
            committee=form.cleaned_data["committee"], by=request.user, **form.service_kwargs()
        ),
        success=_("The meeting is scheduled."),
        next_url=_detail_url,
    )
    if saved:
        return saved
    return render(
        request,
        "partnerships/meetings/form.html",
        {"access": access, "tab": "meetings", "form": form, "meeting": None},
    )


@require_http_methods(["GET", "POST"])
@partnership_view
def meeting_edit(request, access, meeting_pk):
    meeting = _managed_meeting(access, meeting_pk)
    if closed := closed_record_redirect(request, meeting, _detail_url(meeting)):
        return closed
    form = MeetingForm(request.POST or None, committees=[meeting.committee], partnership=access.partnership, meeting=meeting)
    saved = form_saved(
        request,
        form,
        lambda: services.meeting_update(meeting=meeting, by=request.user, **form.service_kwargs()),
        success=_("The meeting is saved."),
        next_url=_detail_url(meeting),
    )
    if saved:
        return saved
    return render(
        request,
        "partnerships/meetings/form.html",
        {"access": access, "tab": "meetings", "form": form, "meeting": meeting},
    )


@require_http_methods(["GET", "POST"])
@partnership_view
def meeting_cancel(request, access, meeting_pk):
    """GET asks to confirm; POST cancels."""
    meeting = _managed_meeting(access, meeting_pk)
    if request.method == "GET":
        return render(
            request,
            "partnerships/meetings/cancel.html",
            {
                "access": access,
                "tab": "meetings",
                "meeting": meeting,
                "can_cancel": MeetingStatus.CANCELLED in services.MEETING_TRANSITIONS[meeting.status],
            },
        )
    return action_done(
        request,
        lambda: services.meeting_cancel(meeting=meeting, by=request.user),
        success=_("The meeting is cancelled."),
        next_url=_detail_url(meeting),
    )


@require_POST
@partnership_view
def meeting_mark_held(request, access, meeting_pk):
    meeting = _managed_meeting(access, meeting_pk)
    return action_done(
        request,
        lambda: services.meeting_mark_held(meeting=meeting, by=request.user),
        success=_("The meeting is marked as held."),
        next_url=_detail_url(meeting),
    )


# ---- the meeting page


def _members(meeting: Meeting):
    """The committee's members on the meeting's day, each with their recorded attendance."""
    return selectors.committee_members_on(meeting.committee, selectors.meeting_day(meeting), meeting=meeting)


def _render_detail(request, access: Access, meeting: Meeting, *, status: int = 200, **forms):
    members = _members(meeting)
    can_manage = access.can_manage_committee(meeting.committee)
    context = record_context(
        meeting,
        members,
        can_manage=can_manage,
        routes=MEETING_ROUTES,
        scope_pk=access.partnership.pk,
        detail=lambda term: term.get_side_display(),
        forms=forms,
    )
    started = context["started"]
    context.update(
        {
            "access": access,
            "tab": "meetings",
            "times": meeting_times(meeting, access.partnership),
            "attendance_detail_label": _("Side"),
            "comments": meeting.comments.all(),
            "quorum": selectors.quorum_from_members(meeting, members),
            "action_items": meeting.action_items.all(),
            "attachments": meeting.attachments.all(),
            "summary_recipient_count": (
                len(actions_selectors.summary_recipients(meeting)) if meeting.summary_published_at else None
            ),
            "can_cancel": can_manage and MeetingStatus.CANCELLED in services.MEETING_TRANSITIONS[meeting.status],
            "can_mark_held": (
                can_manage and started and MeetingStatus.HELD in services.MEETING_TRANSITIONS[meeting.status]
            ),
            "sections": {key: name for key, name in ACTION_SECTIONS.items() if _template_exists(name)},
        }
    )
    if access.can_comment and meeting.status != MeetingStatus.CANCELLED:
        context["comment_form"] = forms.get("comment_form") or CommentForm(auto_id="comment_%s")
    return render(request, "partnerships/meetings/detail.html", context, status=status)


@require_GET
@partnership_view
def meeting_detail(request, access, meeting_pk):
    return _render_detail(request, access, selectors.meeting_detail(access, meeting_pk))


# ---- agenda


@require_http_methods(["GET", "POST"])
@partnership_view
def agenda_item_add(request, access, meeting_pk):
    """POST adds the item (a refusal shows the page again, at this address); GET leads back to the agenda."""
    meeting = _page_meeting(request, access, meeting_pk)
    access.require_manage(meeting.committee)
    if back := back_to_the_page(request, _detail_url(meeting, "agenda")):
        return back
    form = AgendaItemForm(request.POST, members=_members(meeting), auto_id="agenda_%s")
    saved = form_saved(
        request,
        form,
        lambda: services.agenda_item_add(meeting=meeting, by=request.user, **form.service_kwargs()),
        success=_("The item is on the agenda."),
        next_url=_detail_url(meeting, "agenda"),
    )
    return saved or _render_detail(request, access, meeting, agenda_form=form)


def _agenda_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("presenter"), pk=item_pk, meeting=meeting)


@require_http_methods(["GET", "POST"])
@partnership_view
def agenda_item_edit(request, access, meeting_pk, item_pk):
    meeting = _managed_meeting(access, meeting_pk)
    item = _agenda_item(meeting, item_pk)
    item.meeting = meeting
    members = presenter_candidates(
        selectors.committee_members_on(meeting.committee, selectors.meeting_day(meeting)), item
    )
    form = AgendaItemForm(request.POST or None, members=members, initial=AgendaItemForm.initial_for(item))
    saved = form_saved(
        request,
        form,
        lambda: services.agenda_item_update(item=item, by=request.user, **form.service_kwargs()),
        success=_("The agenda item is saved."),
        next_url=_detail_url(meeting, "agenda"),
    )
    if saved:
        return saved
    return render(
        request,
        "partnerships/meetings/agenda_item_form.html",
        {"access": access, "tab": "meetings", "meeting": meeting, "item": item, "form": form},
    )


@require_POST
@partnership_view
def agenda_item_delete(request, access, meeting_pk, item_pk):
    meeting = _managed_meeting(access, meeting_pk)
    item = _agenda_item(meeting, item_pk)
    item.meeting = meeting
    return action_done(
        request,
        lambda: services.agenda_item_delete(item=item, by=request.user),
        success=_("The item is off the agenda."),
        next_url=_detail_url(meeting, "agenda"),
    )


@require_POST
@partnership_view
def agenda_item_move(request, access, meeting_pk, item_pk):
    meeting = _managed_meeting(access, meeting_pk)
    item = _agenda_item(meeting, item_pk)
    item.meeting = meeting
    return action_done(
        request,
        lambda: services.agenda_item_move(item=item, by=request.user, direction=request.POST.get("direction", "")),
        success="",
        next_url=_detail_url(meeting, f"agenda-item-{item.pk}"),
    )


# ---- attendance


@require_http_methods(["GET", "POST"])
@partnership_view
def attendance_edit(request, access, meeting_pk):
    meeting = _managed_meeting(access, meeting_pk)
    if closed := closed_record_redirect(request, meeting, _detail_url(meeting)):
        return closed
    members = _members(meeting)
    form = AttendanceForm(request.POST or None, members=members)
    saved = form_saved(
        request,
        form,
        lambda: services.attendance_record(meeting=meeting, by=request.user, statuses=form.statuses()),
        success=_("The attendance is saved."),
        next_url=_detail_url(meeting, "attendance"),
    )
    if saved:
        return saved
    return render(
        request,
        "partnerships/meetings/attendance.html",
        {
            "access": access,
            "tab": "meetings",
            "meeting": meeting,
            "form": form,
            "quorum": selectors.quorum_from_members(meeting, members),
        },
    )


# ---- decisions


@require_http_methods(["GET", "POST"])
@partnership_view
def decision_add(request, access, meeting_pk):
    """POST records the decision (a refusal shows the page again, at this address); GET leads back to the decisions."""
    meeting = _page_meeting(request, access, meeting_pk)
    access.require_manage(meeting.committee)
    if back := back_to_the_page(request, _detail_url(meeting, "decisions")):
        return back
    form = DecisionForm(request.POST, auto_id="decision_%s")
    saved = form_saved(
        request,
        form,
        lambda: services.decision_add(meeting=meeting, by=request.user, **form.service_kwargs()),
        success=lambda decision: _("Decision %(number)d is recorded.") % {"number": decision.number},
        next_url=_detail_url(meeting, "decisions"),
    )
    return saved or _render_detail(request, access, meeting, decision_form=form)


def _decision(meeting: Meeting, decision_pk: int) -> Decision:
    decision = get_object_or_404(Decision, pk=decision_pk, meeting=meeting)
    decision.meeting = meeting
    return decision


@require_http_methods(["GET", "POST"])
@partnership_view
def decision_edit(request, access, meeting_pk, decision_pk):
    meeting = _managed_meeting(access, meeting_pk)
    decision = _decision(meeting, decision_pk)
    form = DecisionForm(request.POST or None, initial=DecisionForm.initial_for(decision))
    saved = form_saved(
        request,
        form,
        lambda: services.decision_update(decision=decision, by=request.user, **form.service_kwargs()),
        success=_("Decision %(number)d is saved.") % {"number": decision.number},
        next_url=_detail_url(meeting, "decisions"),
    )
    if saved:
        return saved
    return render(
        request,
        "partnerships/meetings/decision_form.html",
        {"access": access, "tab": "meetings", "meeting": meeting, "decision": decision, "form": form},
    )


@require_POST
@partnership_view
def decision_delete(request, access, meeting_pk, decision_pk):
    meeting = _managed_meeting(access, meeting_pk)
    decision = _decision(meeting, decision_pk)
    return action_done(
        request,
        lambda: services.decision_delete(decision=decision, by=request.user),
        success=_("The decision is deleted; the ones after it are renumbered."),
        next_url=_detail_url(meeting, "decisions"),
    )


# ---- minutes and comments


@require_http_methods(["GET", "POST"])
@partnership_view
def minutes_edit(request, access, meeting_pk):
    meeting = _managed_meeting(access, meeting_pk)
    if closed := closed_record_redirect(request, meeting, _detail_url(meeting)):
        return closed
    form = MinutesForm(
        request.POST or None, initial={"minutes_en": meeting.minutes_en or "", "minutes_he": meeting.minutes_he or ""}
    )
    saved = form_saved(
        request,
        form,
        lambda: services.meeting_minutes_update(meeting=meeting, by=request.user, **form.cleaned_data),
        success=_("The minutes are saved."),
        next_url=_detail_url(meeting, "minutes"),
    )
    if saved:
        return saved
    return render(
        request,
        "partnerships/meetings/minutes_form.html",
        {"access": access, "tab": "meetings", "meeting": meeting, "form": form},
    )


@require_http_methods(["GET", "POST"])
@partnership_view
def comment_add(request, access, meeting_pk):
    """POST adds the comment (a refusal shows the page again, at this address); GET leads back to the comments."""
    access.require(access.can_comment)
    meeting = _page_meeting(request, access, meeting_pk)
    if back := back_to_the_page(request, _detail_url(meeting, "comments")):
        return back
    form = CommentForm(request.POST, auto_id="comment_%s")
    saved = form_saved(
        request,
        form,
        lambda: services.meeting_comment_add(meeting=meeting, author=request.user, text=form.cleaned_data["text"]),
        success=_("Your comment is added."),
        next_url=_detail_url(meeting, "comments"),
    )
    return saved or _render_detail(request, access, meeting, comment_form=form)
