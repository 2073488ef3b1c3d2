"""Workspace views: action items, meeting attachments, publishing a meeting summary.

- Action items: the partnership's list (filters: status, committee, mine, overdue; CSV/XLSX export),
  one item's page with its updates, creating one (from a meeting, or for a committee) and editing
  one. Every member reads and writes updates; the owner or a manager of the committee moves the
  status; managers of the committee create and edit (403 for others).
- Attachments: upload (managers of the meeting's committee), download (every member; only through
  this view, never a public URL), delete (managers, POST).
- Publishing a meeting's summary: a confirmation page showing what goes to whom, then POST.

Outsiders get 404 from ``partnership_view``; objects are fetched with the ``*_in`` helpers.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g.downloads import private_file_response
from p2g.exports import tabular_response

from ..forms.actions import (
    ActionItemFilterForm,
    ActionItemForm,
    ActionItemUpdateForm,
    AttachmentForm,
    CommitteeChoiceForm,
    form_add_service_error,
)
from ..models import ActionItem, Meeting
from ..permissions import Access, attachment_in, committee_in, meeting_in, partnership_view
from ..selectors import actions as selectors
from ..services import actions as services

PAGE_SIZE = 25

EXPORT_HEADERS = (
    gettext_lazy("Action item"),
    gettext_lazy("Committee"),
    gettext_lazy("Owner"),
    gettext_lazy("Due date"),
    gettext_lazy("Status"),
    gettext_lazy("Overdue"),
    gettext_lazy("Completed on"),
    gettext_lazy("From meeting"),
)


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse(
        "partnerships:meeting_detail",
        kwargs={"partnership_pk": meeting.committee.partnership_id, "meeting_pk": meeting.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def _item_url(item: ActionItem, anchor: str = "") -> str:
    url = reverse(
        "partnerships:action_item_detail",
        kwargs={"partnership_pk": item.committee.partnership_id, "pk": item.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---- the list


def _listed(request, access: Access):
    form = ActionItemFilterForm(request.GET, partnership=access.partnership)
    filters = form.filters()
    mine = form.is_valid() and form.cleaned_data.get("mine")
    items = selectors.action_items_for_partnership(access, owner=request.user if mine else None, **filters)
    return form, items


@require_GET
@partnership_view
def action_item_list(request, access):
    form, items = _listed(request, access)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/actions/list.html",
        {
            "access": access,
            "tab": "meetings",
            "filter_form": form,
            "page": page,
            "can_create": bool(selectors.committees_managed(access)),
            "today": timezone.localdate(),
        },
    )


@require_GET
@partnership_view
def action_item_export(request, access, fmt):
    _form, items = _listed(request, access)

    def rows():
        for item in items.iterator(chunk_size=500):
            yield (
                item.title,
                item.committee.name,
                item.owner.get_full_name() if item.owner else "",
                item.due_on,
                item.get_status_display(),
                _("Yes") if item.is_overdue else _("No"),
                item.completed_on,
                item.meeting.title if item.meeting else "",
            )

    return tabular_response(fmt, "action-items", EXPORT_HEADERS, rows(), sheet_title=_("Action items"))


# ---- one item


def _item_page(request, access: Access, item: ActionItem, *, update_form=None):
    manager = access.can_manage_committee(item.committee)
    is_owner = item.owner_id == request.user.pk
    if update_form is None and access.can_comment:
        update_form = ActionItemUpdateForm(action_item=item, can_change_status=manager or is_owner, manager=manager)
    return render(
        request,
        "partnerships/actions/detail.html",
        {
            "access": access,
            "tab": "meetings",
            "item": item,
            "updates": item.updates.all(),
            "update_form": update_form,
            "can_edit": manager,
        },
    )


@require_GET
@partnership_view
def action_item_detail(request, access, pk):
    return _item_page(request, access, selectors.action_item_detail(access, pk))


@require_POST
@partnership_view
def action_item_update_add(request, access, pk):
    access.require(access.can_comment)
    item = selectors.action_item_detail(access, pk)
    manager = access.can_manage_committee(item.committee)
    is_owner = item.owner_id == request.user.pk
    form = ActionItemUpdateForm(
        request.POST, action_item=item, can_change_status=manager or is_owner, manager=manager
    )
    if form.is_valid():
        try:
            services.action_item_update_add(
                action_item=item,
                author=request.user,
                text=form.cleaned_data["text"],
                new_status=form.cleaned_data.get("new_status") or "",
                manager=manager,
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("Your update is added."))
            return redirect(_item_url(item, "updates"))
    return _item_page(request, access, item, update_form=form)


# ---- creating and editing


def _create_target(request, access: Access, committees) -> tuple[object, Meeting | None]:
    """The committee (and meeting) a new item belongs to, from ``?meeting=`` or ``?committee=``."""
    source = request.POST if request.method == "POST" else request.GET
    meeting_pk = source.get("meeting") or request.GET.get("meeting")
    if meeting_pk:
        if not str(meeting_pk).isdigit():
            raise Http404
        meeting = meeting_in(access, int(meeting_pk))
        access.require_manage(meeting.committee)
        return meeting.committee, meeting
    committee_pk = source.get("committee") or request.GET.get("committee")
    if committee_pk:
        if not str(committee_pk).isdigit():
            raise Http404
        committee = committee_in(access, int(committee_pk))
        access.require_manage(committee)
        return committee, None
    if len(committees) == 1:
        return committees[0], None
    return None, None


@require_http_methods(["GET", "POST"])
@partnership_view
def action_item_create(request, access):
    committees = selectors.committees_managed(access)
    access.require(bool(committees))
    committee, meeting = _create_target(request, access, committees)
    if committee is None:
        return render(
            request,
            "partnerships/actions/choose_committee.html",
            {"access": access, "tab": "meetings", "form": CommitteeChoiceForm(committees=committees)},
        )
    form = ActionItemForm(request.POST or None, people=selectors.committee_current_people(committee))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.action_item_create(
                committee=committee, meeting=meeting, by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The action item is added."))
            return redirect(_meeting_url(meeting, "action-items") if meeting else _item_url(item))
    return render(
        request,
        "partnerships/actions/form.html",
        {"access": access, "tab": "meetings", "form": form, "committee": committee, "meeting": meeting, "item": None},
    )


@require_http_methods(["GET", "POST"])
@partnership_view
def action_item_edit(request, access, pk):
    item = selectors.action_item_detail(access, pk)
    access.require_manage(item.committee)
    # an owner who has left the committee stays selectable on their own item
    people = selectors.committee_current_people(item.committee, also=item.owner_id)
    form = ActionItemForm(request.POST or None, people=people, action_item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_edit(action_item=item, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The action item is saved."))
            return redirect(_item_url(item))
    return render(
        request,
        "partnerships/actions/form.html",
        {
            "access": access,
            "tab": "meetings",
            "form": form,
            "committee": item.committee,
            "meeting": item.meeting,
            "item": item,
        },
    )


# ---- attachments


def _managed_meeting(access: Access, meeting_pk: int) -> Meeting:
    meeting = meeting_in(access, meeting_pk)
    access.require_manage(meeting.committee)
    return meeting


@require_http_methods(["GET", "POST"])
@partnership_view
def attachment_upload(request, access, meeting_pk):
    meeting = _managed_meeting(access, meeting_pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_upload(
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
            return redirect(_meeting_url(meeting, "attachments"))
    return render(
        request,
        "partnerships/actions/attachment_form.html",
        {"access": access, "tab": "meetings", "meeting": meeting, "form": form},
    )


@require_GET
@partnership_view
def attachment_download(request, access, pk):
    attachment = attachment_in(access, pk)
    return private_file_response(
        attachment.file, filename=services.attachment_file_name(attachment), content_type=services.attachment_content_type(attachment)
    )


@require_POST
@partnership_view
def attachment_delete(request, access, pk):
    attachment = attachment_in(access, pk)
    meeting = attachment.meeting
    access.require_manage(meeting.committee)
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The attachment is deleted."))
    return redirect(_meeting_url(meeting, "attachments"))


# ---- publishing the summary


@require_http_methods(["GET", "POST"])
@partnership_view
def meeting_publish(request, access, meeting_pk):
    meeting = meeting_in(access, meeting_pk, queryset=Meeting.objects.select_related("committee__partnership"))
    access.require_manage(meeting.committee)
    if request.method == "POST":
        try:
            services.meeting_publish_summary(meeting=meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            count = len(selectors.summary_recipients(meeting))
            messages.success(
                request,
                ngettext(
                    "The summary is published and is being emailed to %(count)d member.",
                    "The summary is published and is being emailed to %(count)d members.",
                    count,
                )
                % {"count": count},
            )
        return redirect(_meeting_url(meeting, "publish"))
    summary = selectors.meeting_summary(meeting)
    recipients = selectors.summary_recipients(meeting)
    problem = _publish_problem(meeting)
    return render(
        request,
        "partnerships/actions/publish.html",
        {
            "access": access,
            "tab": "meetings",
            "meeting": meeting,
            "summary": summary,
            "recipients": recipients,
            "problem": problem,
            "attached_rows": [(a, services.attachment_file_name(a)) for a in summary.attached],
            "linked_rows": [(a, services.attachment_file_name(a)) for a in summary.linked],
            "attachments_max_mb": settings.P2G_SUMMARY_ATTACHMENTS_MAX_MB,
        },
    )


def _publish_problem(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """Why the summary cannot be published now (empty when it can): the service's rule, shown before asking."""
    now = now or timezone.now()
    if meeting.summary_published_at:
        return _("The summary of this meeting was already published on %(date)s.") % {
            "date": formats.date_format(timezone.localtime(meeting.summary_published_at), "DATETIME_FORMAT")
        }
    if meeting.status not in services.PUBLISHABLE_STATUSES:
        return _("Only a scheduled or held meeting can have its summary published; this one is “%(status)s”.") % {
            "status": meeting.get_status_display()
        }
    if meeting.starts_at > now:
        return _("This meeting has not started yet: its summary can be published once it has taken place.")
    return ""
