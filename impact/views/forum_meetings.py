"""Forum meetings: a meeting's page and the backbone team's tools on it.

The page shows the agenda (with presenters among the forum's members), attendance, decisions and
their votes, minutes, materials (booklet, slides, other files and the survey link) and publishing
the summary, which emails it with its decisions and materials to every member. Once it has started
the backbone team marks it held, as a committee's managers do. The backbone team changes it; members
read it (the minutes and decisions once the summary is published). Its record is shown and changed
as a committee meeting's is: the services of ``partnerships.services.meetings``, the steps of
``partnerships.views.meeting_record`` and the partials of ``templates/includes/meetings/``.

Access is ``impact.permissions``'s, through :func:`impact.views.forums.forum_view`: an outsider gets
404 for the forum and everything in it, a member gets 403 on the backbone's tools. Files are sent only
through :func:`forum_attachment_download`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from impact.permissions import require_backbone
from p2g.downloads import private_file_response
from partnerships.forms.meetings import AgendaItemForm, AttendanceForm, DecisionForm
from partnerships.meeting_times import meeting_times
from partnerships.models import Meeting, MeetingStatus
from partnerships.services import actions as action_services
from partnerships.services import meetings as meeting_services
from partnerships.views.meeting_record import (
    action_done,
    back_to_the_page,
    closed_record_redirect,
    error_text,
    field_group,
    form_saved,
    presenter_candidates,
    record_context,
)

from ..forms.forums import (
    ForumAttachmentForm,
    ForumMeetingForm,
    ForumSummaryForm,
    SurveyForm,
    text_directions,
)
from ..selectors import forums as selectors
from ..services import forums as services
from .forums import forum_view

#: The URL names of the meeting page's tools, for the shared partials (``meeting_record.ROUTE_KEYS``).
MEETING_ROUTES = {
    "agenda_item_add": "impact:forum_agenda_item_add",
    "agenda_item_edit": "impact:forum_agenda_item_edit",
    "agenda_item_delete": "impact:forum_agenda_item_delete",
    "agenda_item_move": "impact:forum_agenda_item_move",
    "attendance_edit": "impact:forum_attendance_edit",
    "decision_add": "impact:forum_decision_add",
    "decision_edit": "impact:forum_decision_edit",
    "decision_delete": "impact:forum_decision_delete",
}


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("impact:forum_meeting_detail", kwargs={"forum_pk": meeting.forum_id, "meeting_pk": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def _managed_meeting(request, forum, meeting_pk: int, *, page: bool = False) -> Meeting:
    """A meeting of this forum (404 otherwise) for the backbone team (403 for members).

    ``page``: with what its page shows (for the views that show the page again with a refused form).
    """
    require_backbone(request.user)
    if page:
        return selectors.forum_meeting_page(forum, meeting_pk, staff=True)
    return selectors.forum_meeting_in(forum, meeting_pk, staff=True)


# ---- forum meetings


@require_http_methods(["GET", "POST"])
@forum_view
def forum_meeting_create(request, forum):
    require_backbone(request.user)
    form = ForumMeetingForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda: services.forum_meeting_schedule(forum=forum, by=request.user, **form.service_kwargs()),
        success=_("The meeting is scheduled."),
        next_url=_meeting_url,
    )
    if saved:
        return saved
    return render(request, "impact/forums/meeting_form.html", {"forum": forum, "form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
@forum_view
def forum_meeting_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    if closed := closed_record_redirect(request, meeting, _meeting_url(meeting)):
        return closed
    form = ForumMeetingForm(request.POST or None, meeting=meeting)
    saved = form_saved(
        request,
        form,
        lambda: meeting_services.meeting_update(meeting=meeting, by=request.user, **form.service_kwargs()),
        success=_("The meeting is saved."),
        next_url=_meeting_url(meeting),
    )
    if saved:
        return saved
    return render(request, "impact/forums/meeting_form.html", {"forum": forum, "form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
@forum_view
def forum_meeting_cancel(request, forum, meeting_pk):
    """GET asks to confirm; POST cancels (members of a meeting still ahead are told)."""
    meeting = _managed_meeting(request, forum, meeting_pk)
    if request.method == "POST":
        return action_done(
            request,
            lambda: meeting_services.meeting_cancel(meeting=meeting, by=request.user),
            success=_("The meeting is cancelled."),
            next_url=_meeting_url(meeting),
        )
    return render(
        request,
        "impact/forums/meeting_cancel.html",
        {
            "forum": forum,
            "meeting": meeting,
            "can_cancel": MeetingStatus.CANCELLED in meeting_services.MEETING_TRANSITIONS[meeting.status],
        },
    )


@require_POST
@forum_view
def forum_meeting_mark_held(request, forum, meeting_pk):
    """Record that the meeting took place (from its start on): its page then says "Held", not "Scheduled"."""
    meeting = _managed_meeting(request, forum, meeting_pk)
    return action_done(
        request,
        lambda: meeting_services.meeting_mark_held(meeting=meeting, by=request.user),
        success=pgettext("forum meeting", "The meeting is marked as held."),
        next_url=_meeting_url(meeting),
    )


def _render_meeting(request, forum, meeting: Meeting, *, status: int = 200, **forms):
    """The meeting's page; ``meeting`` comes from ``selectors.forum_meeting_page`` (its record prefetched)."""
    backbone = request.forum_backbone
    members = selectors.forum_meeting_members_shown(meeting)
    context = record_context(
        meeting,
        members,
        can_manage=backbone,
        routes=MEETING_ROUTES,
        scope_pk=forum.pk,
        detail=lambda membership: membership.organisation.name,
        forms=forms,
        form_setup=text_directions,
    )
    started = context["started"]
    published = meeting.status == MeetingStatus.PUBLISHED
    context.update(
        {
            "forum": forum,
            "backbone": backbone,
            "times": meeting_times(meeting),
            "attendance_detail_label": _("Organisation"),
            "attachments": meeting.attachments.all(),
            "published": published,
            # the minutes and the decisions are the members' once the summary is published
            "show_minutes": backbone or published,
            "decisions_hidden": not (backbone or published),
            "can_cancel": backbone and MeetingStatus.CANCELLED in meeting_services.MEETING_TRANSITIONS[meeting.status],
            "can_mark_held": (
                backbone and started and MeetingStatus.HELD in meeting_services.MEETING_TRANSITIONS[meeting.status]
            ),
            "can_publish": backbone and started and meeting.status in action_services.PUBLISHABLE_STATUSES,
        }
    )
    if backbone and context["editable"]:
        survey_form = forms.get("survey_form") or SurveyForm(initial={"survey_url": meeting.survey_url}, auto_id="survey_%s")
        context["survey_form"] = survey_form
        context["survey_field"] = field_group(survey_form["survey_url"])
    return render(request, "impact/forums/meeting_detail.html", context, status=status)


@require_GET
@forum_view
def forum_meeting_detail(request, forum, meeting_pk):
    meeting = selectors.forum_meeting_page(forum, meeting_pk, staff=request.forum_backbone)
    return _render_meeting(request, forum, meeting)


# ---- agenda


@require_http_methods(["GET", "POST"])
@forum_view
def forum_agenda_item_add(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk, page=request.method == "POST")
    if back := back_to_the_page(request, _meeting_url(meeting, "agenda")):
        return back
    form = AgendaItemForm(request.POST, members=selectors.forum_meeting_members(meeting), auto_id="agenda_%s")
    saved = form_saved(
        request,
        form,
        lambda: meeting_services.agenda_item_add(meeting=meeting, by=request.user, **form.service_kwargs()),
        success=_("The item is on the agenda."),
        next_url=_meeting_url(meeting, "agenda"),
    )
    return saved or _render_meeting(request, forum, meeting, agenda_form=form)


@require_http_methods(["GET", "POST"])
@forum_view
def forum_agenda_item_edit(request, forum, meeting_pk, item_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    item = selectors.forum_agenda_item_in(meeting, item_pk)
    members = presenter_candidates(selectors.forum_meeting_members(meeting), item)
    form = text_directions(
        AgendaItemForm(request.POST or None, members=members, initial=AgendaItemForm.initial_for(item))
    )
    saved = form_saved(
        request,
        form,
        lambda: meeting_services.agenda_item_update(item=item, by=request.user, **form.service_kwargs()),
        success=_("The agenda item is saved."),
        next_url=_meeting_url(meeting, "agenda"),
    )
    if saved:
        return saved
    return render(
        request, "impact/forums/agenda_item_form.html", {"forum": forum, "meeting": meeting, "item": item, "form": form}
    )


@require_POST
@forum_view
def forum_agenda_item_delete(request, forum, meeting_pk, item_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    item = selectors.forum_agenda_item_in(meeting, item_pk)
    return action_done(
        request,
        lambda: meeting_services.agenda_item_delete(item=item, by=request.user),
        success=_("The item is off the agenda."),
        next_url=_meeting_url(meeting, "agenda"),
    )


@require_POST
@forum_view
def forum_agenda_item_move(request, forum, meeting_pk, item_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    item = selectors.forum_agenda_item_in(meeting, item_pk)
    return action_done(
        request,
        lambda: meeting_services.agenda_item_move(item=item, by=request.user, direction=request.POST.get("direction", "")),
        success="",
        next_url=_meeting_url(meeting, f"agenda-item-{item.pk}"),
    )


# ---- decisions


@require_http_methods(["GET", "POST"])
@forum_view
def forum_decision_add(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk, page=request.method == "POST")
    if back := back_to_the_page(request, _meeting_url(meeting, "decisions")):
        return back
    form = DecisionForm(request.POST, auto_id="decision_%s")
    saved = form_saved(
        request,
        form,
        lambda: meeting_services.decision_add(meeting=meeting, by=request.user, **form.service_kwargs()),
        success=lambda decision: _("Decision %(number)d is recorded.") % {"number": decision.number},
        next_url=_meeting_url(meeting, "decisions"),
    )
    return saved or _render_meeting(request, forum, meeting, decision_form=form)


@require_http_methods(["GET", "POST"])
@forum_view
def forum_decision_edit(request, forum, meeting_pk, decision_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    decision = selectors.forum_decision_in(meeting, decision_pk)
    if closed := closed_record_redirect(request, meeting, _meeting_url(meeting, "decisions")):
        return closed
    form = text_directions(DecisionForm(request.POST or None, initial=DecisionForm.initial_for(decision)))
    saved = form_saved(
        request,
        form,
        lambda: meeting_services.decision_update(decision=decision, by=request.user, **form.service_kwargs()),
        success=_("Decision %(number)d is saved.") % {"number": decision.number},
        next_url=_meeting_url(meeting, "decisions"),
    )
    if saved:
        return saved
    return render(
        request,
        "impact/forums/decision_form.html",
        {"forum": forum, "meeting": meeting, "decision": decision, "form": form},
    )


@require_POST
@forum_view
def forum_decision_delete(request, forum, meeting_pk, decision_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    decision = selectors.forum_decision_in(meeting, decision_pk)
    return action_done(
        request,
        lambda: meeting_services.decision_delete(decision=decision, by=request.user),
        success=_("The decision is deleted; the ones after it are renumbered."),
        next_url=_meeting_url(meeting, "decisions"),
    )


# ---- attendance, minutes, survey


@require_http_methods(["GET", "POST"])
@forum_view
def forum_attendance_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    if closed := closed_record_redirect(request, meeting, _meeting_url(meeting)):
        return closed
    members = selectors.forum_meeting_members(meeting)
    form = AttendanceForm(request.POST or None, members=members)
    saved = form_saved(
        request,
        form,
        lambda: services.forum_attendance_record(
            meeting=meeting, by=request.user, statuses=form.statuses(), members=members
        ),
        success=_("The attendance is saved."),
        next_url=_meeting_url(meeting, "attendance"),
    )
    if saved:
        return saved
    return render(request, "impact/forums/attendance.html", {"forum": forum, "meeting": meeting, "form": form})


@require_http_methods(["GET", "POST"])
@forum_view
def forum_minutes_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    if closed := closed_record_redirect(request, meeting, _meeting_url(meeting)):
        return closed
    form = ForumSummaryForm(
        request.POST or None, initial={"minutes_en": meeting.minutes_en or "", "minutes_he": meeting.minutes_he or ""}
    )
    saved = form_saved(
        request,
        form,
        lambda: meeting_services.meeting_minutes_update(meeting=meeting, by=request.user, **form.cleaned_data),
        success=_("The summary is saved."),
        next_url=_meeting_url(meeting, "minutes"),
    )
    if saved:
        return saved
    return render(request, "impact/forums/minutes_form.html", {"forum": forum, "meeting": meeting, "form": form})


@require_http_methods(["GET", "POST"])
@forum_view
def forum_survey_edit(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk, page=request.method == "POST")
    if back := back_to_the_page(request, _meeting_url(meeting, "materials")):
        return back
    if closed := closed_record_redirect(request, meeting, _meeting_url(meeting)):
        return closed
    form = SurveyForm(request.POST, auto_id="survey_%s")
    saved = form_saved(
        request,
        form,
        lambda: services.forum_meeting_survey_set(meeting=meeting, by=request.user, **form.cleaned_data),
        success=_("The survey link is saved."),
        next_url=_meeting_url(meeting, "materials"),
    )
    return saved or _render_meeting(request, forum, meeting, survey_form=form)


# ---- materials


@require_http_methods(["GET", "POST"])
@forum_view
def forum_attachment_upload(request, forum, meeting_pk):
    meeting = _managed_meeting(request, forum, meeting_pk)
    # As on the meeting's page: a cancelled meeting takes no file, nor a published one (its summary went out).
    if closed := closed_record_redirect(request, meeting, _meeting_url(meeting, "materials")):
        return closed
    form = ForumAttachmentForm(request.POST or None, request.FILES or None)
    saved = form_saved(
        request,
        form,
        lambda: action_services.attachment_upload(
            meeting=meeting,
            by=request.user,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
        ),
        success=_("The file is attached to the meeting."),
        next_url=_meeting_url(meeting, "materials"),
    )
    if saved:
        return saved
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
    return action_done(
        request,
        lambda: action_services.attachment_delete(attachment=attachment, by=request.user),
        success=_("The attachment is deleted."),
        next_url=_meeting_url(attachment.meeting, "materials"),
    )


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
            messages.error(request, error_text(exc))
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
    summary = selectors.summary_preview(meeting)
    recipients = selectors.summary_recipients(forum)
    return render(
        request,
        "impact/forums/publish.html",
        {
            "forum": forum,
            "meeting": meeting,
            "problem": problem,
            "summary": summary,
            "recipients": recipients,
            "language_gaps": selectors.summary_language_gaps(meeting, summary.decisions, recipients),
        },
    )
