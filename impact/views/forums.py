"""Forums: thematic cross-sector forums of at most 20 members, and their meetings.

- The list: the backbone team sees every forum, a partner the forums where they or their
  organisation hold a seat; each with its members count, sector mix against the target (flagged
  when off balance) and next meeting.
- A forum's page: members by seat, the mix as a chart with its table, meetings (upcoming and past),
  published summaries with their materials. The backbone team seats a contact of an organisation in
  a free seat and removes members.
- A forum meeting's page: agenda, attendance, minutes, materials (booklet, slides, other files and the
  survey link) and publishing the summary, which emails it with its materials to every member.
  The backbone team changes it; members read it (the minutes once the summary is published).

Access is ``impact.permissions``'s: an outsider gets 404 for the forum and everything in it, a member
gets 403 on the backbone's tools. Files are sent only through :func:`forum_attachment_download`.
"""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impact.permissions import forum_for, is_backbone, require_backbone
from p2g.downloads import private_file_response
from partnerships.forms.meetings import AttendanceForm, MinutesForm, form_add_service_error
from partnerships.meeting_times import meeting_times
from partnerships.models import FORUM_MAX_MEMBERS, AttendanceStatus, Meeting, MeetingStatus
from partnerships.services import actions as action_services
from partnerships.services import meetings as meeting_services

from ..forms.forums import (
    ForumAgendaItemForm,
    ForumAttachmentForm,
    ForumMeetingForm,
    ForumMemberAddForm,
    SurveyForm,
)
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


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _forum_url(forum, anchor: str = "") -> str:
    url = reverse("impact:forum_detail", kwargs={"forum_pk": forum.pk})
    return f"{url}#{anchor}" if anchor else url


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("impact:forum_meeting_detail", kwargs={"forum_pk": meeting.forum_id, "meeting_pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def _managed_meeting(request, forum, meeting_pk: int) -> Meeting:
    """A meeting of this forum (404 otherwise) for the backbone team (403 for members)."""
    require_backbone(request.user)
    return selectors.forum_meeting_in(forum, meeting_pk, staff=True)


def _editable_or_redirect(request, meeting: Meeting):
    if meeting.status not in meeting_services.EDITABLE_STATUSES:
        messages.error(request, _("This meeting can no longer be changed."))
        return redirect(_meeting_url(meeting))
    return None


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


@require_GET
@forum_view
def forum_detail(request, forum):
    backbone = request.forum_backbone
    members = selectors.forum_members(forum)
    mix = selectors.mix_of_members(forum, members)
    meetings = selectors.forum_meetings_split(forum, staff=backbone)
    return render(
        request,
        "impact/forums/detail.html",
        {
            "forum": forum,
            "backbone": backbone,
            "members": members,
            "former_members": selectors.forum_former_members(forum) if backbone else [],
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
                _("%(person)s joined the forum in seat %(seat)d, for %(organisation)s. An email tells them so.")
                % {
                    "person": membership.person.get_full_name() or membership.person.email,
                    "seat": membership.seat,
                    "organisation": membership.organisation.name,
                },
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
            messages.error(request, _error_text(exc))
        else:
            messages.success(
                request,
                _("%(person)s left the forum; seat %(seat)s is free.")
                % {"person": membership.person.get_full_name() or membership.person.email, "seat": seat},
            )
        return redirect(_forum_url(forum, "members"))
    return render(request, "impact/forums/member_remove.html", {"forum": forum, "membership": membership})


# ---- forum meetings


@require_http_methods(["GET", "POST"])
@forum_view
def forum_meeting_create(request, forum):
    require_backbone(request.user)
    form = ForumMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.forum_meeting_schedule(forum=forum, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The meeting is scheduled."))
            return redirect(_meeting_url(meeting))
    return render(request, "impact/forums/meeting_form.html", {"forum": forum, "form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
@forum_view
def forum_meeting_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    if (response := _editable_or_redirect(request, meeting)) is not None:
        return response
    form = ForumMeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_update(meeting=meeting, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(_meeting_url(meeting))
    return render(request, "impact/forums/meeting_form.html", {"forum": forum, "form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
@forum_view
def forum_meeting_cancel(request, forum, meeting_pk):
    """GET asks to confirm; POST cancels (members of a meeting still ahead are told)."""
    meeting = _managed_meeting(request, forum, meeting_pk)
    if request.method == "POST":
        try:
            meeting_services.meeting_cancel(meeting=meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The meeting is cancelled."))
        return redirect(_meeting_url(meeting))
    return render(
        request,
        "impact/forums/meeting_cancel.html",
        {
            "forum": forum,
            "meeting": meeting,
            "can_cancel": MeetingStatus.CANCELLED in meeting_services.MEETING_TRANSITIONS[meeting.status],
        },
    )


def _render_meeting(request, forum, meeting: Meeting, *, status: int = 200, **forms):
    backbone = request.forum_backbone
    members = selectors.forum_meeting_members(meeting)
    editable = meeting.status in meeting_services.EDITABLE_STATUSES
    started = meeting.starts_at <= timezone.now()
    published = meeting.status == MeetingStatus.PUBLISHED
    attendance = [
        {"membership": m, "status": m.attendance_status, "label": AttendanceStatus(m.attendance_status).label}
        for m in members
        if m.attendance_status in AttendanceStatus.values
    ]
    context = {
        "forum": forum,
        "meeting": meeting,
        "backbone": backbone,
        "times": meeting_times(meeting),
        "agenda_items": meeting.agenda_items.all(),
        "attendance": attendance,
        "not_recorded": len(members) - len(attendance),
        "attachments": meeting.attachments.select_related("uploaded_by").order_by("kind", "title", "pk"),
        "editable": editable,
        "started": started,
        "published": published,
        "show_minutes": backbone or published,
        "can_cancel": backbone and MeetingStatus.CANCELLED in meeting_services.MEETING_TRANSITIONS[meeting.status],
        "can_publish": backbone and started and meeting.status in action_services.PUBLISHABLE_STATUSES,
    }
    if backbone and editable:
        context["agenda_form"] = forms.get("agenda_form") or ForumAgendaItemForm(auto_id="agenda_%s")
        context["survey_form"] = forms.get("survey_form") or SurveyForm(
            initial={"survey_url": meeting.survey_url}, auto_id="survey_%s"
        )
    return render(request, "impact/forums/meeting_detail.html", context, status=status)


@require_GET
@forum_view
def forum_meeting_detail(request, forum, meeting_pk):
    meeting = selectors.forum_meeting_in(forum, meeting_pk, staff=request.forum_backbone)
    return _render_meeting(request, forum, meeting)


# ---- agenda


@require_POST
@forum_view
def forum_agenda_item_add(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    form = ForumAgendaItemForm(request.POST, auto_id="agenda_%s")
    if form.is_valid():
        try:
            meeting_services.agenda_item_add(meeting=meeting, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The item is on the agenda."))
            return redirect(_meeting_url(meeting, "agenda"))
    return _render_meeting(request, forum, meeting, agenda_form=form)


@require_http_methods(["GET", "POST"])
@forum_view
def forum_agenda_item_edit(request, forum, meeting_pk, item_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    item = selectors.forum_agenda_item_in(meeting, item_pk)
    form = ForumAgendaItemForm(request.POST or None, initial=ForumAgendaItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.agenda_item_update(item=item, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The agenda item is saved."))
            return redirect(_meeting_url(meeting, "agenda"))
    return render(
        request, "impact/forums/agenda_item_form.html", {"forum": forum, "meeting": meeting, "item": item, "form": form}
    )


@require_POST
@forum_view
def forum_agenda_item_delete(request, forum, meeting_pk, item_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    item = selectors.forum_agenda_item_in(meeting, item_pk)
    try:
        meeting_services.agenda_item_delete(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The item is off the agenda."))
    return redirect(_meeting_url(meeting, "agenda"))


@require_POST
@forum_view
def forum_agenda_item_move(request, forum, meeting_pk, item_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    item = selectors.forum_agenda_item_in(meeting, item_pk)
    try:
        meeting_services.agenda_item_move(item=item, by=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(_meeting_url(meeting, f"agenda-item-{item.pk}"))


# ---- attendance, minutes, survey


@require_http_methods(["GET", "POST"])
@forum_view
def forum_attendance_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    if (response := _editable_or_redirect(request, meeting)) is not None:
        return response
    members = selectors.forum_meeting_members(meeting)
    form = AttendanceForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_attendance_record(meeting=meeting, by=request.user, statuses=form.statuses(), members=members)
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect(_meeting_url(meeting, "attendance"))
    return render(request, "impact/forums/attendance.html", {"forum": forum, "meeting": meeting, "form": form})


@require_http_methods(["GET", "POST"])
@forum_view
def forum_minutes_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    if (response := _editable_or_redirect(request, meeting)) is not None:
        return response
    form = MinutesForm(
        request.POST or None, initial={"minutes_en": meeting.minutes_en or "", "minutes_he": meeting.minutes_he or ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_minutes_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The summary is saved."))
            return redirect(_meeting_url(meeting, "minutes"))
    return render(request, "impact/forums/minutes_form.html", {"forum": forum, "meeting": meeting, "form": form})


@require_POST
@forum_view
def forum_survey_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    if (response := _editable_or_redirect(request, meeting)) is not None:
        return response
    form = SurveyForm(request.POST, auto_id="survey_%s")
    if form.is_valid():
        try:
            services.forum_meeting_survey_set(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The survey link is saved."))
            return redirect(_meeting_url(meeting, "materials"))
    return _render_meeting(request, forum, meeting, survey_form=form)


# ---- materials


@require_http_methods(["GET", "POST"])
@forum_view
def forum_attachment_upload(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    form = ForumAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            action_services.attachment_upload(
                meeting=meeting,
                by=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The file is attached to the meeting."))
            return redirect(_meeting_url(meeting, "materials"))
    return render(request, "impact/forums/attachment_form.html", {"forum": forum, "meeting": meeting, "form": form})


@require_GET
@forum_view
def forum_attachment_download(request, forum, pk):
    attachment = selectors.forum_attachment_in(forum, pk, staff=request.forum_backbone)
    return private_file_response(
        attachment.file, filename=action_services.attachment_file_name(attachment), content_type=action_services.attachment_content_type(attachment)
    )


@require_POST
@forum_view
def forum_attachment_delete(request, forum, pk):
    require_backbone(request.user)
    attachment = selectors.forum_attachment_in(forum, pk, staff=True)
    meeting = attachment.meeting
    try:
        action_services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The attachment is deleted."))
    return redirect(_meeting_url(meeting, "materials"))


# ---- publishing the summary


@require_http_methods(["GET", "POST"])
@forum_view
def forum_meeting_publish(request, forum, meeting_pk):
    """GET shows what goes to whom; POST publishes and emails it to every member with its materials."""
    meeting = _managed_meeting(request, forum, meeting_pk)
    if request.method == "POST":
        try:
            action_services.meeting_publish_summary(meeting=meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            count = len(selectors.summary_recipients(forum))
            messages.success(
                request,
                ngettext(
                    "The summary is published and is being emailed to %(n)d member.",
                    "The summary is published and is being emailed to %(n)d members.",
                    count,
                )
                % {"n": count},
            )
        return redirect(_meeting_url(meeting, "publish"))
    problem = ""
    if meeting.status == MeetingStatus.PUBLISHED:
        problem = _("The summary of this meeting is already published; it is not sent twice.")
    elif meeting.status not in action_services.PUBLISHABLE_STATUSES:
        problem = _("Only a scheduled or held meeting can have its summary published; this one is “%(status)s”.") % {
            "status": meeting.get_status_display()
        }
    elif meeting.starts_at > timezone.now():
        problem = _("This meeting has not started yet: its summary can be published once it has taken place.")
    return render(
        request,
        "impact/forums/publish.html",
        {
            "forum": forum,
            "meeting": meeting,
            "problem": problem,
            "summary": selectors.summary_preview(meeting),
            "recipients": selectors.summary_recipients(forum),
        },
    )
