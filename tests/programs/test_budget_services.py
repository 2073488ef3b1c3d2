"""programs.services: the life of a budget line, each rule with the message that says why."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs import services
from programs.models import AllocationStatus, BudgetAllocation, Category, FundingSource
from programs.selectors import current_fiscal_year
from tests import factories as f
from tests.db import run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return current_fiscal_year()


@pytest.fixture
def program(workspace):
    return f.ProgramFactory(
        partnership=workspace.partnership, name_en="School twinning", name_he="תאומות בתי ספר",
        category=Category.PERSONAL_CONNECTIONS,
    )


@pytest.fixture
def propose(workspace, program, year):
    def make(**overrides):
        arguments = {
            "partnership": workspace.partnership, "fiscal_year": year, "program": program,
            "category": None, "funding_source": FundingSource.FEDERATIONS, "currency": "USD",
            "proposed_amount": Decimal("50000"), "notes": "", "by": workspace.chair,
        }
        arguments.update(overrides)
        return services.allocation_propose(**arguments)

    return make


@pytest.fixture
def submitted(workspace, propose, year):
    line = propose()
    services.budget_submit(partnership=workspace.partnership, fiscal_year=year, by=workspace.chair)
    line.refresh_from_db()
    return line


@pytest.fixture
def approved(workspace, submitted):
    return services.allocation_approve(allocation=submitted, approved_amount=Decimal("40000"), by=workspace.staff)


def message(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# ---- proposing -------------------------------------------------------------------------------


def test_a_manager_proposes_a_line_in_the_programs_category(workspace, propose, year):
    line = propose(by=workspace.pro_staff, notes="  Two delegations  ")
    assert line.status == AllocationStatus.PROPOSED
    assert line.category == Category.PERSONAL_CONNECTIONS  # the program's own
    assert line.notes == "Two delegations"
    record = line.history.get()
    assert record.history_type == "+" and record.history_user == workspace.pro_staff


def test_a_line_may_be_put_in_the_other_category(propose):
    assert propose(category=Category.REGIONAL_DEVELOPMENT).category == Category.REGIONAL_DEVELOPMENT


@pytest.mark.parametrize("who", ["member_diaspora", "sub_chair", "other_member", "volunteer"])
def test_only_managers_propose(workspace, propose, who):
    with pytest.raises(ValidationError) as excinfo:
        propose(by=getattr(workspace, who))
    assert message(excinfo) == (
        "Only the steering committee's chairs, co-chairs and professional staff can change the budget."
    )
    assert not BudgetAllocation.objects.exists()


def test_the_program_must_be_the_partnerships_own(workspace, propose):
    elsewhere = f.ProgramFactory(partnership=workspace.other)
    with pytest.raises(ValidationError) as excinfo:
        propose(program=elsewhere)
    assert excinfo.value.message_dict == {"program": ["The program belongs to another partnership."]}


def test_the_program_must_run_in_that_year(workspace, propose, year):
    ended = f.ProgramFactory(
        partnership=workspace.partnership, name_en="Old mission", starts_on=datetime.date(2010, 1, 1),
        ends_on=datetime.date(2015, 12, 31),
    )
    with pytest.raises(ValidationError) as excinfo:
        propose(program=ended)
    assert message(excinfo) == f"Old mission does not run in {year}, so it cannot have a budget for that year."
    future = f.ProgramFactory(partnership=workspace.partnership, starts_on=datetime.date(year + 1, 9, 1))
    with pytest.raises(ValidationError):
        propose(program=future)
    assert propose(program=future, fiscal_year=year + 1).fiscal_year == year + 1


def test_one_line_per_program_category_source_and_year(propose, year):
    propose()
    with pytest.raises(ValidationError) as excinfo:
        propose(proposed_amount=Decimal("10"))
    assert message(excinfo) == (
        "This program already has an allocation for this fiscal year, category and funding source."
    )
    propose(funding_source=FundingSource.KEREN_HAYESOD)  # another source is another line
    propose(fiscal_year=year + 1)  # and another year
    assert BudgetAllocation.objects.count() == 3


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0"), "The amount must be greater than zero."),
        (Decimal("-5"), "The amount must be greater than zero."),
        (Decimal("10.005"), "An amount has at most two decimal places."),
        (Decimal("1000000000000"), "This amount is too large."),
    ],
)
def test_the_proposed_amount_must_make_sense(propose, amount, text):
    with pytest.raises(ValidationError) as excinfo:
        propose(proposed_amount=amount)
    assert excinfo.value.message_dict == {"proposed_amount": [text]}


# ---- changing and withdrawing ----------------------------------------------------------------


def test_a_proposed_line_is_changed_and_its_history_says_by_whom(workspace, propose):
    line = propose()
    line = services.allocation_update(
        allocation=line, proposed_amount=Decimal("45000"), notes="Smaller delegation", by=workspace.co_chair
    )
    assert line.proposed_amount == Decimal("45000") and line.notes == "Smaller delegation"
    latest = line.history.latest()
    assert latest.history_user == workspace.co_chair and latest.proposed_amount == Decimal("45000")


def test_a_submitted_line_cannot_be_changed_or_withdrawn(workspace, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_update(allocation=submitted, proposed_amount=Decimal("1"), by=workspace.chair)
    assert message(excinfo) == "Only a proposed or returned line can be changed; this line is Submitted."
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_withdraw(allocation=submitted, by=workspace.chair)
    assert message(excinfo) == "Only a proposed or returned line can be withdrawn; this line is Submitted."


def test_a_member_cannot_change_a_line(workspace, propose):
    line = propose()
    with pytest.raises(ValidationError):
        services.allocation_update(allocation=line, proposed_amount=Decimal("1"), by=workspace.member_israel)
    with pytest.raises(ValidationError):
        services.allocation_withdraw(allocation=line, by=workspace.member_israel)


def test_withdrawing_deletes_the_line_but_keeps_its_history(workspace, propose):
    line = propose()
    pk = line.pk
    services.allocation_withdraw(allocation=line, by=workspace.co_chair)
    assert not BudgetAllocation.objects.filter(pk=pk).exists()
    gone = BudgetAllocation.history.filter(id=pk).latest()
    assert gone.history_type == "-" and gone.history_user == workspace.co_chair


# ---- submitting --------------------------------------------------------------------------------


def test_the_chair_submits_every_proposed_and_returned_line_of_the_year(workspace, propose, year, program):
    first = propose()
    second = propose(funding_source=FundingSource.LOCAL_AUTHORITY, currency="ILS")
    returned = propose(funding_source=FundingSource.KEREN_HAYESOD)
    services.allocation_submit(allocation=returned, by=workspace.chair)
    services.allocation_return(allocation=returned, reason="Split by school", by=workspace.staff)
    next_year = propose(fiscal_year=year + 1)

    count = services.budget_submit(partnership=workspace.partnership, fiscal_year=year, by=workspace.co_chair)

    assert count == 3
    for line in (first, second, returned):
        line.refresh_from_db()
        assert line.status == AllocationStatus.SUBMITTED
        assert line.status_changed_by == workspace.co_chair
        assert line.history.latest().history_user == workspace.co_chair
    assert returned.status_reason == ""  # the old reason stays in the history only
    assert returned.history.filter(status_reason="Split by school").exists()
    next_year.refresh_from_db()
    assert next_year.status == AllocationStatus.PROPOSED


@pytest.mark.parametrize("who", ["pro_staff", "member_diaspora", "sub_chair"])
def test_only_chairs_submit(workspace, propose, year, who):
    propose()
    with pytest.raises(ValidationError) as excinfo:
        services.budget_submit(partnership=workspace.partnership, fiscal_year=year, by=getattr(workspace, who))
    assert message(excinfo) == "Only the chair or a co-chair of the steering committee can submit the budget."


def test_nothing_to_submit_is_said(workspace, submitted, year):
    with pytest.raises(ValidationError) as excinfo:
        services.budget_submit(partnership=workspace.partnership, fiscal_year=year, by=workspace.chair)
    assert message(excinfo) == (
        f"There is nothing to submit for {year}: no line of that year is proposed or returned."
    )


# ---- approving, returning, closing -------------------------------------------------------------


def test_staff_approve_up_to_the_proposed_amount(workspace, submitted):
    line = services.allocation_approve(
        allocation=submitted, approved_amount=Decimal("40000"), note="Cut by a fifth", by=workspace.staff
    )
    assert line.status == AllocationStatus.APPROVED and line.approved_amount == Decimal("40000")
    assert line.status_changed_by == workspace.staff
    latest = line.history.latest()
    assert latest.history_user == workspace.staff and latest.history_change_reason == "Cut by a fifth"


def test_approving_more_than_proposed_is_refused_with_the_figure(workspace, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_approve(allocation=submitted, approved_amount=Decimal("50000.01"), by=workspace.staff)
    assert excinfo.value.message_dict == {
        "approved_amount": ["You cannot approve more than the 50,000.00 USD proposed."]
    }
    submitted.refresh_from_db()
    assert submitted.status == AllocationStatus.SUBMITTED and submitted.approved_amount is None


def test_approving_nothing_is_refused(workspace, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_approve(allocation=submitted, approved_amount=Decimal("0"), by=workspace.staff)
    assert excinfo.value.message_dict == {"approved_amount": ["The amount must be greater than zero."]}


def test_only_a_submitted_line_is_approved(workspace, propose):
    line = propose()
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_approve(allocation=line, approved_amount=Decimal("1"), by=workspace.staff)
    assert message(excinfo) == "Only a submitted line can be approved; this line is Proposed."


@pytest.mark.parametrize("who", ["chair", "co_chair", "pro_staff"])
def test_only_staff_approve_return_and_close(workspace, submitted, who):
    person = getattr(workspace, who)
    expected = "Only Partnership2Gether staff can approve, return or close budget lines."
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_approve(allocation=submitted, approved_amount=Decimal("1"), by=person)
    assert message(excinfo) == expected
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_return(allocation=submitted, reason="No", by=person)
    assert message(excinfo) == expected
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_close(allocation=submitted, by=person)
    assert message(excinfo) == expected


def test_returning_needs_a_reason(workspace, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_return(allocation=submitted, reason="   ", by=workspace.staff)
    assert excinfo.value.message_dict == {
        "reason": ["Say why the line is returned: the committee needs to know what to change."]
    }


def test_a_returned_line_keeps_its_reason_and_who_returned_it(workspace, submitted):
    reason = "Please split the line by school; " + "the committee asked for detail. " * 5
    line = services.allocation_return(allocation=submitted, reason=reason, by=workspace.staff)
    assert line.status == AllocationStatus.RETURNED and line.status_reason == reason.strip()
    latest = line.history.latest()
    assert latest.history_user == workspace.staff
    assert latest.history_change_reason.startswith("Please split the line by school")
    assert len(latest.history_change_reason) <= services.CHANGE_REASON_MAX  # the full text is in status_reason
    # the committee changes it and the chair submits it again
    services.allocation_update(allocation=line, proposed_amount=Decimal("30000"), by=workspace.chair)
    services.allocation_submit(allocation=line, by=workspace.chair)
    line.refresh_from_db()
    assert line.status == AllocationStatus.SUBMITTED


def test_staff_close_an_approved_line_and_nothing_more_is_spent(workspace, approved):
    line = services.allocation_close(allocation=approved, note="Year over", by=workspace.staff)
    assert line.status == AllocationStatus.CLOSED
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(allocation=line, spent_amount=Decimal("1"), by=workspace.chair)
    assert message(excinfo) == "Spending can be reported only on an approved line; this line is Closed."


def test_only_an_approved_line_is_closed(workspace, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_close(allocation=submitted, by=workspace.staff)
    assert message(excinfo) == "Only an approved line can be closed; this line is Submitted."


# ---- spending ------------------------------------------------------------------------------------


def test_spending_before_approval_is_refused(workspace, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(allocation=submitted, spent_amount=Decimal("10"), by=workspace.chair)
    assert message(excinfo) == "Spending can be reported only on an approved line; this line is Submitted."


def test_spending_adds_up_and_each_report_keeps_its_note(workspace, approved):
    services.allocation_report_spending(
        allocation=approved, spent_amount=Decimal("12000"), note="Flights", by=workspace.pro_staff
    )
    line = services.allocation_report_spending(
        allocation=approved, spent_amount=Decimal("3000.50"), note="Hosting", by=workspace.chair
    )
    assert line.spent_amount == Decimal("15000.50")
    reports = list(line.history.filter(history_change_reason__in=["Flights", "Hosting"]).order_by("history_id"))
    assert [(r.history_user, r.spent_amount) for r in reports] == [
        (workspace.pro_staff, Decimal("12000")), (workspace.chair, Decimal("15000.50")),
    ]


def test_spending_above_the_approved_amount_says_by_how_much(workspace, approved):
    services.allocation_report_spending(allocation=approved, spent_amount=Decimal("39000"), by=workspace.chair)
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(allocation=approved, spent_amount=Decimal("2000"), by=workspace.chair)
    assert excinfo.value.message_dict == {
        "spent_amount": [
            "This report would exceed the approved amount 40,000.00 USD by 1,000.00 USD (spent so far: 39,000.00 USD)."
        ]
    }
    approved.refresh_from_db()
    assert approved.spent_amount == Decimal("39000")


def test_a_correction_needs_a_note_and_cannot_go_below_zero(workspace, approved):
    services.allocation_report_spending(allocation=approved, spent_amount=Decimal("500"), by=workspace.chair)
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(allocation=approved, spent_amount=Decimal("-100"), by=workspace.chair)
    assert excinfo.value.message_dict == {"note": ["Say why the spending is corrected downward."]}
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(
            allocation=approved, spent_amount=Decimal("-600"), note="Refund", by=workspace.chair
        )
    assert excinfo.value.message_dict == {
        "spent_amount": ["Spending cannot go below zero: only 500.00 USD has been reported so far."]
    }
    line = services.allocation_report_spending(
        allocation=approved, spent_amount=Decimal("-100"), note="Refund of a deposit", by=workspace.chair
    )
    assert line.spent_amount == Decimal("400")


def test_a_spending_report_of_nothing_or_with_a_long_note_is_refused(workspace, approved):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(allocation=approved, spent_amount=Decimal("0"), by=workspace.chair)
    assert excinfo.value.message_dict == {"spent_amount": ["Report an amount other than zero."]}
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(
            allocation=approved, spent_amount=Decimal("1"), note="x" * 101, by=workspace.chair
        )
    assert excinfo.value.message_dict == {"note": ["Keep the note to 100 characters (it has 101)."]}


def test_a_member_cannot_report_spending(workspace, approved):
    with pytest.raises(ValidationError) as excinfo:
        services.allocation_report_spending(allocation=approved, spent_amount=Decimal("1"), by=workspace.member_diaspora)
    assert "chairs, co-chairs and professional staff" in message(excinfo)


# ---- concurrency (PostgreSQL, real concurrent transactions) ----------------------------------------


def _approved_line(workspace, amount):
    line = f.BudgetAllocationFactory(
        program=f.ProgramFactory(partnership=workspace.partnership), fiscal_year=current_fiscal_year(),
        proposed_amount=amount, status=AllocationStatus.SUBMITTED,
    )
    return services.allocation_approve(allocation=line, approved_amount=amount, by=workspace.staff)


def _report(pk, amount, by, note):
    def run():
        line = BudgetAllocation.objects.get(pk=pk)  # each racer read the line before the other wrote
        return services.allocation_report_spending(allocation=line, spent_amount=amount, note=note, by=by)

    return run


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_cannot_overspend(postgres, workspace):
    line = _approved_line(workspace, Decimal("1000"))
    outcomes = run_at_once([
        _report(line.pk, Decimal("600"), workspace.chair, "Buses"),
        _report(line.pk, Decimal("600"), workspace.co_chair, "Hall"),
    ])
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1, outcomes
    assert "would exceed the approved amount 1,000.00 USD by 200.00 USD" in " ".join(refused[0].messages)
    line.refresh_from_db()
    assert line.spent_amount == Decimal("600")


@pytest.mark.django_db(transaction=True)
def test_reports_at_once_are_all_counted(postgres, workspace):
    line = _approved_line(workspace, Decimal("1000"))
    people = [workspace.chair, workspace.co_chair, workspace.pro_staff, workspace.staff]
    outcomes = run_at_once([_report(line.pk, Decimal("200"), p, f"Report {i}") for i, p in enumerate(people)])
    assert all(isinstance(o, BudgetAllocation) for o in outcomes), outcomes
    line.refresh_from_db()
    assert line.spent_amount == Decimal("800")  # no report lost to another written at the same moment
    assert line.history.filter(history_change_reason__startswith="Report ").count() == 4
