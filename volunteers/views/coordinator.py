"""Coordinators' pages: their shifts, each shift's roster and attendance, writing to a shift,
exports of rosters and hours, and the queue of hours waiting for review.

Access: list pages answer 403 (with a page saying why) to someone who coordinates nothing; a shift,
sign-up or hours entry of a program the person does not coordinate is a 404 (permissions.py).
"""

import logging
import smtplib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from p2g.exports import FORMATS, tabular_response

from .. import permissions, selectors, services
from ..coordinator_forms import (
    AttendanceForm,
    BulkApproveForm,
    HoursExportForm,
    HoursReviewForm,
    ShiftEmailForm,
    ShiftFilterForm,
)
from ..models import HoursLog, HoursStatus, Shift, SignUpStatus

logger = logging.getLogger(__name__)

PAGE_SIZE = 25

ROSTER_HEADERS = (
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Phone"),
    gettext_lazy("Home community"),
    gettext_lazy("Status"),
    gettext_lazy("Signed up"),
    gettext_lazy("Hours logged"),
    gettext_lazy("Hours status"),
)

HOURS_HEADERS = (
    gettext_lazy("Volunteer"),
    gettext_lazy("Email"),
    gettext_lazy("Program"),
    gettext_lazy("Partnership"),
    gettext_lazy("Date"),
    gettext_lazy("Hours"),
    gettext_lazy("Status"),
    gettext_lazy("What they did"),
    gettext_lazy("Shift"),
    gettext_lazy("Reviewed by"),
    gettext_lazy("Reviewed"),
    gettext_lazy("Reason for rejection"),
)


def _forbidden(request):
    return render(request, "volunteers/coordinator/forbidden.html", status=403)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _shift_with_places(request, pk: int) -> Shift:
    queryset = selectors.shifts_with_places(
        Shift.objects.select_related("opportunity__program__partnership", "opportunity__community")
    )
    return permissions.shift_for_coordinator(request.user, pk, queryset=queryset)


def _hours_label(code: str | None) -> str:
    return str(HoursStatus(code).label) if code in HoursStatus.values else ""


# --- Home: my programs and shifts ---------------------------------------------------------------


@require_GET
def home(request):
    user = request.user
    if not permissions.is_coordinator(user):
        return _forbidden(request)
    form = ShiftFilterForm(request.GET or None, user=user)
    shifts = form.shifts(selectors.coordinator_shifts(user=user), now=timezone.now())
    page = Paginator(shifts, PAGE_SIZE).get_page(request.GET.get("page"))
    programs = (
        None if user.is_staff
        else permissions.coordinated_programs(user).select_related("partnership").order_by("name")
    )
    return render(
        request,
        "volunteers/coordinator/home.html",
        {
            "form": form,
            "page": page,
            "programs": programs,
            "pending_hours": selectors.hours_to_review(user=user).count(),
        },
    )


# --- One shift: roster, attendance, email, export -----------------------------------------------


@require_GET
def shift_roster(request, pk: int):
    shift = _shift_with_places(request, pk)
    on_shift, waitlist, cancelled = [], [], []
    for signup in selectors.shift_roster(shift=shift):
        if signup.status == SignUpStatus.WAITLISTED:
            waitlist.append(signup)
        elif signup.status == SignUpStatus.CANCELLED:
            cancelled.append(signup)
        else:
            on_shift.append(signup)
    waitlist.sort(key=lambda s: (s.created_at, s.pk))
    return render(
        request,
        "volunteers/coordinator/shift_roster.html",
        {
            "shift": shift,
            "on_shift": on_shift,
            "waitlist": waitlist,
            "cancelled": cancelled,
            "started": shift.starts_at <= timezone.now(),
            "formats": FORMATS,
        },
    )


@require_POST
def attendance_mark(request, pk: int):
    shift = permissions.signup_for_coordinator(request.user, pk).shift
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “Attended” or “No-show”."))
    else:
        try:
            signup = services.signup_mark_attendance(signup_id=pk, attended=form.attended, by=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            name = signup.volunteer.get_full_name()
            if form.attended:
                text = _("%(name)s is marked as attended; the shift's hours are approved.") % {"name": name}
            else:
                text = _("%(name)s is marked as a no-show.") % {"name": name}
            messages.success(request, text)
    return redirect(reverse("volunteers:coordinator_shift", args=[shift.pk]) + f"#signup-{pk}")


@require_http_methods(["GET", "POST"])
def shift_email(request, pk: int):
    shift = _shift_with_places(request, pk)
    form = ShiftEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.shift_email_volunteers(shift_id=shift.pk, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send the message of shift %s", shift.pk)
            form.add_error(None, _("The email could not be sent just now. Please try again in a few minutes."))
        else:
            if count:
                messages.success(
                    request,
                    ngettext(
                        "Your message was sent to %(count)d person.", "Your message was sent to %(count)d people.", count
                    ) % {"count": count},
                )
            else:
                messages.warning(request, _("No one is on this shift yet, so nothing was sent."))
            return redirect("volunteers:coordinator_shift", pk=shift.pk)
    return render(
        request,
        "volunteers/coordinator/shift_email.html",
        {"shift": shift, "form": form, "recipients": shift.taken + shift.waiting},
    )


@require_GET
def shift_export(request, pk: int, fmt: str):
    shift = permissions.shift_for_coordinator(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    rows = (
        (
            signup.volunteer.full_name,
            signup.volunteer.email,
            signup.volunteer.phone,
            signup.volunteer.home_community,
            signup.get_status_display(),
            signup.created_at,
            signup.hours_logged,
            _hours_label(signup.hours_status),
        )
        for signup in selectors.shift_roster(shift=shift)
    )
    day = timezone.localdate(shift.starts_at)
    return tabular_response(
        fmt,
        f"roster-{day:%Y-%m-%d}-shift-{shift.pk}",
        ROSTER_HEADERS,
        rows,
        sheet_title=f"{day:%Y-%m-%d} {shift.opportunity.title}",
    )


# --- Hours: the review queue and the export -----------------------------------------------------


def _queue_url(page=None) -> str:
    url = reverse("volunteers:coordinator_hours")
    return f"{url}?page={page}" if page else url


def _posted_page(request) -> str | None:
    page = request.POST.get("page", "")
    return page if page.isdigit() else None


def _render_queue(request, *, page_number=None, failed: tuple[HoursLog, HoursReviewForm] | None = None,
                  export_form: HoursExportForm | None = None):
    """The queue, one page of it; ``failed`` is an entry whose review form came back with errors."""
    page = Paginator(selectors.hours_to_review(user=request.user), PAGE_SIZE).get_page(page_number)
    entries = list(page)
    if failed is not None and failed[0].pk not in {entry.pk for entry in entries}:
        entries.insert(0, failed[0])
    rows = []
    for entry in entries:
        if failed is not None and failed[0].pk == entry.pk:
            form = failed[1]
        else:
            form = HoursReviewForm(auto_id=f"id_%s_{entry.pk}")
        rows.append((entry, form))
    return render(
        request,
        "volunteers/coordinator/hours_queue.html",
        {
            "page": page,
            "rows": rows,
            "export_form": export_form or HoursExportForm(user=request.user, auto_id="export_%s"),
            "formats": FORMATS,
        },
    )


@require_http_methods(["GET", "POST"])
def hours_queue(request):
    if not permissions.is_coordinator(request.user):
        return _forbidden(request)
    if request.method == "POST":
        return _hours_bulk_approve(request)
    return _render_queue(request, page_number=request.GET.get("page"))


def _hours_bulk_approve(request):
    form = BulkApproveForm(request.POST, user=request.user)
    page = _posted_page(request)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("hours", [])))
        return redirect(_queue_url(page))
    approved = 0
    for entry in form.cleaned_data["hours"]:
        try:
            services.hours_approve(log_id=entry.pk, by=request.user)
        except ValidationError as exc:
            messages.error(request, f"{entry.volunteer.get_full_name()}: {_error_text(exc)}")
        else:
            approved += 1
    if approved:
        messages.success(
            request,
            ngettext("%(count)d entry approved.", "%(count)d entries approved.", approved) % {"count": approved},
        )
    return redirect(_queue_url(page))


@require_POST
def hours_review(request, pk: int):
    entry = permissions.hours_for_coordinator(request.user, pk)
    form = HoursReviewForm(request.POST, auto_id=f"id_%s_{entry.pk}")
    page = _posted_page(request)
    if form.is_valid():
        data = form.cleaned_data
        name = entry.volunteer.get_full_name()
        try:
            if data["action"] == HoursReviewForm.APPROVE:
                services.hours_approve(log_id=entry.pk, by=request.user)
                text = _("The hours of %(name)s are approved.") % {"name": name}
            else:
                services.hours_reject(log_id=entry.pk, by=request.user, reason=data["reason"])
                text = _("The hours of %(name)s are rejected; they will see your reason.") % {"name": name}
        except ValidationError as exc:
            if getattr(exc, "code", None) == "reason_required":
                form.add_error("reason", exc)
            else:
                messages.error(request, _error_text(exc))
                return redirect(_queue_url(page))
        else:
            messages.success(request, text)
            return redirect(_queue_url(page))
    # Back to the queue with this entry's form as typed, its error beside the field, focus on it.
    form.fields["reason"].widget.attrs["autofocus"] = True
    return _render_queue(request, page_number=page, failed=(entry, form))


def _hours_rows(entries):
    for entry in entries:
        yield (
            entry.volunteer.full_name,
            entry.volunteer.email,
            entry.program.name,
            entry.program.partnership.name,
            entry.date,
            entry.hours,
            entry.get_status_display(),
            entry.description,
            entry.shift.opportunity.title if entry.shift else "",
            entry.reviewed_by.get_full_name() if entry.reviewed_by else "",
            entry.reviewed_at,
            entry.rejection_reason,
        )


@require_GET
def hours_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    if not permissions.is_coordinator(request.user):
        return _forbidden(request)
    form = HoursExportForm(request.GET, user=request.user, auto_id="export_%s")
    if not form.is_valid():
        return _render_queue(request, export_form=form)
    data = form.cleaned_data
    entries = selectors.hours_of_programs(
        user=request.user, program=data.get("program"), year=data.get("year"), status=data.get("status")
    )
    rows = _hours_rows(entries.iterator(chunk_size=2000))
    return tabular_response(fmt, form.filename(), HOURS_HEADERS, rows, sheet_title=_("Hours"))
