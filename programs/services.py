"""Writes on a partnership's budget: the life of a budget line, and nothing else writes it.

A line (``BudgetAllocation``) moves only through these services::

    proposed ──submit──▶ submitted ──approve──▶ approved ──close──▶ closed
       ▲  │                  │                     │
       │  └─withdraw (gone)  └──return (reason)──▶ returned ──submit──▶ submitted …
       └──────── update (proposed or returned: amounts and notes) ────────┘
                                                   spending reports: approved only

Who: the steering committee's managers (chairs, co-chairs, professional staff) propose, update,
withdraw and report spending; the chairs and co-chairs submit; the organisation's staff approve,
return and close (``partnerships.permissions.Access``).

Every service is keyword-only, runs in one transaction, raises ``ValidationError`` with a
translated message that says why (and a stable ``code``; field errors are keyed by the service's
own argument names, which the forms share), and records who did it: simple-history keeps a row
for every change with ``history_user`` and, where a person wrote one, the reason or note as
``history_change_reason``. Approving and reporting spending lock the line's row
(``SELECT … FOR UPDATE``) so two reports at the same moment cannot overspend.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from partnerships.models import Partnership
from partnerships.permissions import Access, access_for

from .models import AllocationStatus, BudgetAllocation, Category, Currency, FundingSource, Program

#: simple-history keeps a change reason of at most this many characters.
CHANGE_REASON_MAX = 100
#: The largest amount a line holds (14 digits, 2 of them after the point).
AMOUNT_MAX = Decimal("999999999999.99")
EDITABLE = (AllocationStatus.PROPOSED, AllocationStatus.RETURNED)
TO_SUBMIT = EDITABLE


# ---- helpers -----------------------------------------------------------------------------------


def money_text(amount: Decimal | None, currency: str) -> str:
    """``50,000.00 USD`` in the active language's number format."""
    value = formats.number_format(amount or Decimal(0), decimal_pos=2, force_grouping=True)
    return f"{value} {currency}"


def _status_label(status: str) -> str:
    return str(AllocationStatus(status).label)


def _access(by, partnership) -> Access | None:
    try:
        return access_for(by, partnership.pk)
    except Http404:
        return None


def _require_manager(by, partnership) -> None:
    access = _access(by, partnership)
    if access is None or not access.can_manage:
        raise ValidationError(
            _("Only the steering committee's chairs, co-chairs and professional staff can change the budget."),
            code="not_manager",
        )


def _require_staff(by) -> None:
    if not getattr(by, "is_staff", False):
        raise ValidationError(
            _("Only Partnership2Gether staff can approve, return or close budget lines."), code="not_staff"
        )


def _amount(value, *, field: str, allow_negative: bool = False) -> Decimal:
    """A money amount with at most two decimals, within what a line can hold."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({field: ValidationError(_("Enter an amount."), code="amount_invalid")})
    if amount.as_tuple().exponent < -2:
        raise ValidationError(
            {field: ValidationError(_("An amount has at most two decimal places."), code="amount_decimals")}
        )
    if abs(amount) > AMOUNT_MAX:
        raise ValidationError({field: ValidationError(_("This amount is too large."), code="amount_too_large")})
    if not allow_negative and amount <= 0:
        raise ValidationError({field: ValidationError(_("The amount must be greater than zero."), code="amount_not_positive")})
    return amount


def _required_text(value: str, *, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(message, code=f"{field}_required")})
    return text


def _fits_history(value: str, *, field: str) -> str:
    if len(value) > CHANGE_REASON_MAX:
        raise ValidationError(
            {field: ValidationError(
                _("Keep the note to %(max)d characters (it has %(length)d).")
                % {"max": CHANGE_REASON_MAX, "length": len(value)},
                code="note_too_long",
            )}
        )
    return value


def _locked(allocation: BudgetAllocation) -> BudgetAllocation:
    """The line's row, locked until the transaction ends (re-read: another request may have changed it)."""
    locked = BudgetAllocation.objects.select_for_update(of=("self",)).select_related("program").filter(
        pk=allocation.pk
    ).first()
    if locked is None:
        raise ValidationError(_("This budget line no longer exists."), code="allocation_missing")
    return locked


def _require_status(allocation: BudgetAllocation, allowed, message: str) -> None:
    if allocation.status not in allowed:
        raise ValidationError(message % {"status": _status_label(allocation.status)}, code="wrong_status")


def _record(allocation: BudgetAllocation, *, by, reason: str = "") -> None:
    """Who made the next saved change, and the reason they gave (kept by simple-history)."""
    allocation._history_user = by
    allocation._change_reason = Truncator(reason).chars(CHANGE_REASON_MAX) if reason else None


def _set_status(allocation: BudgetAllocation, status: str, *, by, now: datetime.datetime) -> None:
    allocation.status = status
    allocation.status_changed_by = by
    allocation.status_changed_at = now


def program_runs_in(program: Program, fiscal_year: int) -> bool:
    return program.starts_on.year <= fiscal_year and (program.ends_on is None or program.ends_on.year >= fiscal_year)


def _duplicate_error() -> ValidationError:
    constraint = next(
        c for c in BudgetAllocation._meta.constraints if c.name == "allocation_one_line_per_program_category_source"
    )
    return ValidationError(str(constraint.violation_error_message), code="allocation_duplicate")


# ---- the committee's side ----------------------------------------------------------------------


@transaction.atomic
def allocation_propose(
    *,
    partnership: Partnership,
    fiscal_year: int,
    program: Program,
    category: str | None = None,
    funding_source: str,
    currency: str = Currency.USD,
    proposed_amount: Decimal,
    notes: str = "",
    by: User,
) -> BudgetAllocation:
    """Propose a new line for one program, category and funding source in a fiscal year."""
    _require_manager(by, partnership)
    if not 1994 <= int(fiscal_year) <= 2100:
        raise ValidationError(_("The fiscal year must be between 1994 and 2100."), code="fiscal_year_range")
    if program.partnership_id != partnership.pk:
        raise ValidationError(
            {"program": ValidationError(_("The program belongs to another partnership."), code="program_elsewhere")}
        )
    if not program_runs_in(program, fiscal_year):
        raise ValidationError(
            {"program": ValidationError(
                _("%(program)s does not run in %(year)s, so it cannot have a budget for that year.")
                % {"program": program.name, "year": fiscal_year},
                code="program_not_running",
            )}
        )
    category = category or program.category
    if category not in Category.values:
        raise ValidationError({"category": ValidationError(_("Choose a category."), code="category_invalid")})
    if funding_source not in FundingSource.values:
        raise ValidationError(
            {"funding_source": ValidationError(_("Choose a funding source."), code="funding_source_invalid")}
        )
    if currency not in Currency.values:
        raise ValidationError({"currency": ValidationError(_("Choose a currency."), code="currency_invalid")})
    amount = _amount(proposed_amount, field="proposed_amount")
    allocation = BudgetAllocation(
        partnership=partnership,
        fiscal_year=fiscal_year,
        program=program,
        category=category,
        funding_source=funding_source,
        currency=currency,
        proposed_amount=amount,
        notes=(notes or "").strip(),
        status=AllocationStatus.PROPOSED,
        status_changed_by=by,
        status_changed_at=timezone.now(),
    )
    duplicate = BudgetAllocation.objects.filter(
        partnership=partnership, fiscal_year=fiscal_year, program=program, category=category,
        funding_source=funding_source,
    )
    if duplicate.exists():
        raise _duplicate_error()
    _record(allocation, by=by)
    try:
        with transaction.atomic():
            allocation.save()
    except IntegrityError as exc:  # the same line proposed at the same moment by someone else
        raise _duplicate_error() from exc
    return allocation


@transaction.atomic
def allocation_update(
    *, allocation: BudgetAllocation, proposed_amount: Decimal | None = None, notes: str | None = None, by: User
) -> BudgetAllocation:
    """Change the amount or notes of a line the committee still holds (proposed or returned)."""
    _require_manager(by, allocation.partnership)
    allocation = _locked(allocation)
    _require_status(
        allocation, EDITABLE,
        _("Only a proposed or returned line can be changed; this line is %(status)s."),
    )
    fields = []
    if proposed_amount is not None:
        allocation.proposed_amount = _amount(proposed_amount, field="proposed_amount")
        fields.append("proposed_amount")
    if notes is not None:
        allocation.notes = notes.strip()
        fields.append("notes")
    if fields:
        _record(allocation, by=by)
        allocation.save(update_fields=fields)
    return allocation


@transaction.atomic
def allocation_withdraw(*, allocation: BudgetAllocation, by: User) -> None:
    """Delete a line that was never submitted, or was returned (its history stays)."""
    _require_manager(by, allocation.partnership)
    allocation = _locked(allocation)
    _require_status(
        allocation, EDITABLE,
        _("Only a proposed or returned line can be withdrawn; this line is %(status)s."),
    )
    _record(allocation, by=by)
    allocation.delete()


@transaction.atomic
def budget_submit(*, partnership: Partnership, fiscal_year: int, by: User) -> int:
    """Submit every proposed and returned line of a fiscal year for approval. Returns how many."""
    access = _access(by, partnership)
    if access is None or not access.can_submit_budget:
        raise ValidationError(
            _("Only the chair or a co-chair of the steering committee can submit the budget."), code="not_chair"
        )
    lines = list(
        BudgetAllocation.objects.select_for_update()
        .filter(partnership=partnership, fiscal_year=fiscal_year, status__in=TO_SUBMIT)
        .order_by("pk")
    )
    if not lines:
        raise ValidationError(
            _("There is nothing to submit for %(year)s: no line of that year is proposed or returned.")
            % {"year": fiscal_year},
            code="nothing_to_submit",
        )
    now = timezone.now()
    for line in lines:
        _set_status(line, AllocationStatus.SUBMITTED, by=by, now=now)
        line.status_reason = ""
    bulk_update_with_history(
        lines, BudgetAllocation, ["status", "status_changed_by", "status_changed_at", "status_reason"],
        default_user=by, default_date=now,
    )
    return len(lines)


@transaction.atomic
def allocation_submit(*, allocation: BudgetAllocation, by: User) -> BudgetAllocation:
    """Submit one proposed or returned line."""
    access = _access(by, allocation.partnership)
    if access is None or not access.can_submit_budget:
        raise ValidationError(
            _("Only the chair or a co-chair of the steering committee can submit the budget."), code="not_chair"
        )
    allocation = _locked(allocation)
    _require_status(
        allocation, TO_SUBMIT, _("Only a proposed or returned line can be submitted; this line is %(status)s.")
    )
    _set_status(allocation, AllocationStatus.SUBMITTED, by=by, now=timezone.now())
    allocation.status_reason = ""
    _record(allocation, by=by)
    allocation.save(update_fields=["status", "status_changed_by", "status_changed_at", "status_reason"])
    return allocation


@transaction.atomic
def allocation_report_spending(
    *, allocation: BudgetAllocation, spent_amount: Decimal, note: str = "", by: User
) -> BudgetAllocation:
    """Add what was spent since the last report (a negative amount corrects an earlier report).

    The line's row is locked first, so two reports sent at the same moment are added one after
    the other, and the second is refused if together they would pass the approved amount.
    """
    _require_manager(by, allocation.partnership)
    amount = _amount(spent_amount, field="spent_amount", allow_negative=True)
    note = _fits_history((note or "").strip(), field="note")
    if amount == 0:
        raise ValidationError(
            {"spent_amount": ValidationError(_("Report an amount other than zero."), code="amount_zero")}
        )
    if amount < 0 and not note:
        raise ValidationError(
            {"note": ValidationError(_("Say why the spending is corrected downward."), code="note_required")}
        )
    allocation = _locked(allocation)
    if allocation.status != AllocationStatus.APPROVED:
        raise ValidationError(
            _("Spending can be reported only on an approved line; this line is %(status)s.")
            % {"status": _status_label(allocation.status)},
            code="not_approved",
        )
    total = allocation.spent_amount + amount
    if total > allocation.approved_amount:
        raise ValidationError(
            {"spent_amount": ValidationError(
                _("This report would exceed the approved amount %(approved)s by %(excess)s (spent so far: %(spent)s).")
                % {
                    "approved": money_text(allocation.approved_amount, allocation.currency),
                    "excess": money_text(total - allocation.approved_amount, allocation.currency),
                    "spent": money_text(allocation.spent_amount, allocation.currency),
                },
                code="overspent",
            )}
        )
    if total < 0:
        raise ValidationError(
            {"spent_amount": ValidationError(
                _("Spending cannot go below zero: only %(spent)s has been reported so far.")
                % {"spent": money_text(allocation.spent_amount, allocation.currency)},
                code="spent_negative",
            )}
        )
    allocation.spent_amount = total
    _record(allocation, by=by, reason=note)
    allocation.save(update_fields=["spent_amount"])
    return allocation


# ---- the staff's side ----------------------------------------------------------------------------


@transaction.atomic
def allocation_approve(
    *, allocation: BudgetAllocation, approved_amount: Decimal, note: str = "", by: User
) -> BudgetAllocation:
    """Approve a submitted line, for its proposed amount or less."""
    _require_staff(by)
    amount = _amount(approved_amount, field="approved_amount")
    note = _fits_history((note or "").strip(), field="note")
    allocation = _locked(allocation)
    _require_status(
        allocation, (AllocationStatus.SUBMITTED,),
        _("Only a submitted line can be approved; this line is %(status)s."),
    )
    if amount > allocation.proposed_amount:
        raise ValidationError(
            {"approved_amount": ValidationError(
                _("You cannot approve more than the %(proposed)s proposed.")
                % {"proposed": money_text(allocation.proposed_amount, allocation.currency)},
                code="approve_above_proposed",
            )}
        )
    allocation.approved_amount = amount
    allocation.status_reason = ""
    _set_status(allocation, AllocationStatus.APPROVED, by=by, now=timezone.now())
    _record(allocation, by=by, reason=note)
    allocation.save(
        update_fields=["approved_amount", "status", "status_reason", "status_changed_by", "status_changed_at"]
    )
    return allocation


@transaction.atomic
def allocation_return(*, allocation: BudgetAllocation, reason: str, by: User) -> BudgetAllocation:
    """Send a submitted line back to the committee, saying why."""
    _require_staff(by)
    reason = _required_text(
        reason, field="reason",
        message=_("Say why the line is returned: the committee needs to know what to change."),
    )
    allocation = _locked(allocation)
    _require_status(
        allocation, (AllocationStatus.SUBMITTED,),
        _("Only a submitted line can be returned; this line is %(status)s."),
    )
    allocation.status_reason = reason
    _set_status(allocation, AllocationStatus.RETURNED, by=by, now=timezone.now())
    _record(allocation, by=by, reason=reason)
    allocation.save(update_fields=["status", "status_reason", "status_changed_by", "status_changed_at"])
    return allocation


@transaction.atomic
def allocation_close(*, allocation: BudgetAllocation, note: str = "", by: User) -> BudgetAllocation:
    """Close an approved line: no more spending is reported on it."""
    _require_staff(by)
    note = _fits_history((note or "").strip(), field="note")
    allocation = _locked(allocation)
    _require_status(
        allocation, (AllocationStatus.APPROVED,),
        _("Only an approved line can be closed; this line is %(status)s."),
    )
    _set_status(allocation, AllocationStatus.CLOSED, by=by, now=timezone.now())
    _record(allocation, by=by, reason=note)
    allocation.save(update_fields=["status", "status_changed_by", "status_changed_at"])
    return allocation
