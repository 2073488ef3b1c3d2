"""Workspace views: a partnership's budget per fiscal year, its lines, their history and exports.

Who may do what is decided by ``permissions.Access`` (managers propose, change, withdraw and
report spending; chairs submit; staff approve, return and close); the rules of a line's life are
in ``programs.services``. Every change is a POST; a refused change re-shows its form, filled,
with the reason.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from p2g.exports import FORMATS, tabular_response
from programs import selectors, services
from programs.models import AllocationStatus, BudgetAllocation

from ..forms.budget import (
    AllocationApproveForm,
    AllocationCloseForm,
    AllocationProposeForm,
    AllocationReturnForm,
    AllocationUpdateForm,
    ConfirmForm,
    SpendingReportForm,
    YearForm,
)
from ..permissions import allocation_in, partnership_view

REVIEW_PAGE_SIZE = 50

EXPORT_HEADERS = (
    gettext_lazy("Fiscal year"),
    gettext_lazy("Program"),
    gettext_lazy("Category"),
    gettext_lazy("Funding source"),
    gettext_lazy("Currency"),
    gettext_lazy("Proposed amount"),
    gettext_lazy("Approved amount"),
    gettext_lazy("Spent amount"),
    gettext_lazy("Status"),
    gettext_lazy("Reason"),
    gettext_lazy("Status changed"),
    gettext_lazy("Status changed by"),
    gettext_lazy("Notes"),
)


# ---- helpers -----------------------------------------------------------------------------------


def _year(value) -> int:
    """The fiscal year asked for (``?year=``), or the current one when it is missing or makes no sense."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return selectors.current_fiscal_year()
    return year if 1994 <= year <= 2100 else selectors.current_fiscal_year()


def _budget_url(access, year: int, anchor: str = "") -> str:
    url = reverse("partnerships:budget", kwargs={"partnership_pk": access.partnership.pk}) + f"?year={year}"
    return f"{url}#{anchor}" if anchor else url


def _add_service_error(form, exc: ValidationError) -> None:
    """A service's error on its field when the form has that field, else above the form."""
    if hasattr(exc, "error_dict") and all(name in form.fields for name in exc.error_dict):
        form.add_error(None, exc)
    else:
        form.add_error(None, exc.messages)


def _spent_percent(line: BudgetAllocation) -> int | None:
    if not line.approved_amount:
        return None
    return int(line.spent_amount * 100 / line.approved_amount)


# ---- the year's budget -------------------------------------------------------------------------


def _budget_page(request, access, year: int, *, propose_form=None):
    partnership = access.partnership
    lines = list(selectors.budget_lines(partnership, year))
    for line in lines:
        line.spent_percent = _spent_percent(line)
    if access.can_manage and propose_form is None:
        propose_form = AllocationProposeForm(programs=selectors.programs_running_in(partnership, year))
    years = selectors.budget_years(partnership, selected=year)
    return render(
        request,
        "partnerships/budget/budget.html",
        {
            "access": access,
            "tab": "budget",
            "year": year,
            "current_year": selectors.current_fiscal_year(),
            "year_form": YearForm(initial={"year": year}, years=years, auto_id="budget-%s"),
            "groups": selectors.budget_lines_by_program(lines),
            "line_count": len(lines),
            "to_submit": sum(1 for line in lines if line.status in services.TO_SUBMIT),
            "totals": selectors.budget_totals(partnership, year),
            "propose_form": propose_form if access.can_manage else None,
            "formats": FORMATS,
        },
    )


@partnership_view
@require_GET
def budget(request, access):
    return _budget_page(request, access, _year(request.GET.get("year")))


@partnership_view
@require_POST
def allocation_propose(request, access, year: int):
    access.require(access.can_manage)
    form = AllocationProposeForm(request.POST, programs=selectors.programs_running_in(access.partnership, year))
    if form.is_valid():
        try:
            line = services.allocation_propose(
                partnership=access.partnership, fiscal_year=year, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The line for %(program)s is proposed. The chair submits the year's lines for approval.")
                % {"program": line.program.name},
            )
            return redirect(_budget_url(access, year, f"line-{line.pk}"))
    return _budget_page(request, access, year, propose_form=form)


@partnership_view
@require_POST
def budget_submit(request, access, year: int):
    access.require(access.can_submit_budget)
    try:
        count = services.budget_submit(partnership=access.partnership, fiscal_year=year, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d line of %(year)s is submitted for approval.",
                "%(count)d lines of %(year)s are submitted for approval.",
                count,
            ) % {"count": count, "year": year},
        )
    return redirect(_budget_url(access, year))


@partnership_view
@require_GET
def budget_export(request, access, year: int, fmt: str):
    lines = selectors.budget_lines(access.partnership, year)
    rows = (
        (
            line.fiscal_year,
            line.program.name,
            line.get_category_display(),
            line.get_funding_source_display(),
            line.currency,
            line.proposed_amount,
            line.approved_amount,
            line.spent_amount,
            line.get_status_display(),
            line.status_reason,
            line.status_changed_at,
            line.status_changed_by.get_full_name() if line.status_changed_by else "",
            line.notes,
        )
        for line in lines
    )
    name = slugify(access.partnership.name_en or "") or str(access.partnership.pk)
    return tabular_response(
        fmt, f"budget-{name}-{year}", EXPORT_HEADERS, rows, sheet_title=_("Budget %(year)s") % {"year": year}
    )


# ---- one line ----------------------------------------------------------------------------------


def _line(access, pk: int) -> BudgetAllocation:
    return allocation_in(access, pk, queryset=BudgetAllocation.objects.select_related("program", "status_changed_by"))


def _line_page(request, access, line: BudgetAllocation, action_error: str = "", **forms):
    """The line with the forms the viewer may use on it now; ``forms`` are bound forms to show again."""
    editable = line.status in services.EDITABLE
    submitted = line.status == AllocationStatus.SUBMITTED
    approved = line.status == AllocationStatus.APPROVED
    defaults = {
        "update_form": (
            AllocationUpdateForm(initial={"proposed_amount": line.proposed_amount, "notes": line.notes})
            if access.can_manage and editable else None
        ),
        "approve_form": (
            AllocationApproveForm(initial={"approved_amount": line.proposed_amount})
            if access.can_approve_budget and submitted else None
        ),
        "return_form": AllocationReturnForm() if access.can_approve_budget and submitted else None,
        "spending_form": SpendingReportForm() if access.can_manage and approved else None,
        "close_form": AllocationCloseForm() if access.can_approve_budget and approved else None,
        "withdraw_form": None,
        "submit_form": None,
    }
    can_withdraw = access.can_manage and editable
    can_submit = access.can_submit_budget and editable
    shown = {name for name, form in defaults.items() if form is not None}
    shown |= {"withdraw_form"} if can_withdraw else set()
    shown |= {"submit_form"} if can_submit else set()
    if any(name not in shown for name in forms) and not action_error:
        # a form sent from an older page: the line has moved on since
        action_error = _("This line is %(status)s now, so that change no longer applies.") % {
            "status": line.get_status_display()
        }
    line.spent_percent = _spent_percent(line)
    return render(
        request,
        "partnerships/budget/line.html",
        {
            "access": access,
            "tab": "budget",
            "line": line,
            "can_withdraw": can_withdraw,
            "can_submit": can_submit,
            "action_error": action_error,
            **defaults,
            **{name: form for name, form in forms.items() if name in shown},
        },
    )


@partnership_view
@require_GET
def allocation_detail(request, access, pk: int):
    return _line_page(request, access, _line(access, pk))


def _line_action(request, access, pk, *, allowed, form_class, form_name, service, success, arguments=None):
    """Bind the form, call the service, redirect to the year's budget; or re-show the line page."""
    access.require(allowed)
    line = _line(access, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            values = form.cleaned_data if arguments is None else arguments
            result = service(allocation=line, by=request.user, **values)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                # Not about what was typed: the line is not (or no longer) in a state that allows it.
                return _line_page(request, access, _line(access, pk), action_error=" ".join(exc.messages))
            _add_service_error(form, exc)
        else:
            messages.success(request, success % {"program": line.program.name})
            anchor = f"line-{line.pk}" if result is not None else ""
            return redirect(_budget_url(access, line.fiscal_year, anchor))
    return _line_page(request, access, line, **{form_name: form})


@partnership_view
@require_POST
def allocation_update(request, access, pk: int):
    return _line_action(
        request, access, pk, allowed=access.can_manage, form_class=AllocationUpdateForm, form_name="update_form",
        service=services.allocation_update, success=_("The line for %(program)s is changed."),
    )


@partnership_view
@require_POST
def allocation_withdraw(request, access, pk: int):
    return _line_action(
        request, access, pk, allowed=access.can_manage, form_class=ConfirmForm, form_name="withdraw_form",
        service=services.allocation_withdraw, success=_("The line for %(program)s is withdrawn."), arguments={},
    )


@partnership_view
@require_POST
def allocation_submit(request, access, pk: int):
    return _line_action(
        request, access, pk, allowed=access.can_submit_budget, form_class=ConfirmForm,
        form_name="submit_form", service=services.allocation_submit,
        success=_("The line for %(program)s is submitted for approval."), arguments={},
    )


@partnership_view
@require_POST
def allocation_approve(request, access, pk: int):
    return _line_action(
        request, access, pk, allowed=access.can_approve_budget, form_class=AllocationApproveForm,
        form_name="approve_form", service=services.allocation_approve,
        success=_("The line for %(program)s is approved."),
    )


@partnership_view
@require_POST
def allocation_return(request, access, pk: int):
    return _line_action(
        request, access, pk, allowed=access.can_approve_budget, form_class=AllocationReturnForm,
        form_name="return_form", service=services.allocation_return,
        success=_("The line for %(program)s is returned to the committee with your reason."),
    )


@partnership_view
@require_POST
def allocation_report_spending(request, access, pk: int):
    return _line_action(
        request, access, pk, allowed=access.can_manage, form_class=SpendingReportForm, form_name="spending_form",
        service=services.allocation_report_spending, success=_("Spending on %(program)s is reported."),
    )


@partnership_view
@require_POST
def allocation_close(request, access, pk: int):
    return _line_action(
        request, access, pk, allowed=access.can_approve_budget, form_class=AllocationCloseForm,
        form_name="close_form", service=services.allocation_close, success=_("The line for %(program)s is closed."),
    )


@partnership_view
@require_GET
def allocation_history(request, access, pk: int):
    line = _line(access, pk)
    return render(
        request,
        "partnerships/budget/history.html",
        {"access": access, "tab": "budget", "line": line, "entries": selectors.allocation_history(line)},
    )


# ---- staff: lines waiting for approval, across partnerships ------------------------------------


@require_GET
def budget_review(request):
    if not request.user.is_staff:
        raise PermissionDenied
    page = Paginator(selectors.budget_review_queue(), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/budget/review.html", {"page": page})
