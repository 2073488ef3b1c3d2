"""The budget pages: what each role sees and may do, totals in the reporting currency, history,
exports, Hebrew, and bounded queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation

from programs import services
from programs.models import AllocationStatus, BudgetAllocation, Category, FundingSource
from programs.selectors import budget_totals, current_fiscal_year
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def year():
    return current_fiscal_year()


@pytest.fixture
def program(workspace):
    return f.ProgramFactory(
        partnership=workspace.partnership, name_en="School twinning", name_he="תאומות בתי ספר",
        category=Category.PERSONAL_CONNECTIONS,
    )


def line_for(program, year, **fields):
    fields.setdefault("funding_source", FundingSource.FEDERATIONS)
    return f.BudgetAllocationFactory(program=program, fiscal_year=year, **fields)


def submitted_line(program, year, **fields):
    return line_for(program, year, status=AllocationStatus.SUBMITTED, **fields)


def approved_line(program, year, approved=Decimal("40000"), **fields):
    return line_for(program, year, status=AllocationStatus.APPROVED, approved_amount=approved, **fields)


def page_text(response) -> str:
    return response.content.decode()


def in_hebrew(amount) -> str:
    """An amount as a Hebrew page writes it (the active language's number format)."""
    with translation.override("he"):
        return formats.number_format(Decimal(amount), decimal_pos=2, force_grouping=True)


# ---- the year's page -------------------------------------------------------------------------------


def test_a_member_reads_the_years_lines_grouped_by_program_with_their_status(client, workspace, program, year):
    line_for(program, year, notes="Two delegations")
    returned = line_for(
        program, year, funding_source=FundingSource.KEREN_HAYESOD, status=AllocationStatus.RETURNED,
        status_reason="Split it by school, please",
    )
    approved_line(program, year, funding_source=FundingSource.LOCAL_AUTHORITY, spent_amount=Decimal("10000"))
    client.force_login(workspace.member_diaspora)
    response = client.get(url("partnerships:budget", partnership_pk=workspace.partnership.pk))
    assert response.status_code == 200
    page = page_text(response)
    assert f"Budget for fiscal year {year}" in page
    assert "School twinning" in page
    assert f'id="line-{returned.pk}"' in page
    assert "Returned because: Split it by school, please" in page
    assert "25% of the approved amount" in page  # 10,000 of 40,000, as text beside the bar
    assert "Proposed</span>" in page and "Approved</span>" in page
    # a member reads: no form to propose, no submit, no staff actions
    assert "Propose a line for" not in page
    assert "Submit the budget of" not in page
    assert "Approve or return" not in page and "Report spending" not in page


def test_the_chair_sees_what_is_ready_to_submit_and_the_form_to_propose(client, workspace, program, year):
    line_for(program, year)
    client.force_login(workspace.co_chair)
    page = page_text(client.get(url("partnerships:budget", partnership_pk=workspace.partnership.pk)))
    assert f"1 line of {year} is ready to be submitted" in page
    assert f"Propose a line for {year}" in page
    assert 'name="proposed_amount"' in page


def test_professional_staff_propose_but_wait_for_the_chair_to_submit(client, workspace, program, year):
    line_for(program, year)
    workspace.pro_staff.preferred_language = "en"
    workspace.pro_staff.save(update_fields=["preferred_language"])
    client.force_login(workspace.pro_staff)
    page = page_text(client.get(url("partnerships:budget", partnership_pk=workspace.partnership.pk)))
    assert f"Propose a line for {year}" in page
    assert f"1 line of {year} waits for the chair to submit it." in page
    assert "Submit the budget of" not in page


def test_the_year_selector_offers_years_with_lines_and_the_next_one(client, workspace, program, year):
    line_for(program, 2019, funding_source=FundingSource.OTHER)
    client.force_login(workspace.member_diaspora)
    response = client.get(url("partnerships:budget", partnership_pk=workspace.partnership.pk) + "?year=2019")
    page = page_text(response)
    assert "Budget for fiscal year 2019" in page
    for option in (2019, year, year + 1):
        assert f'<option value="{option}"' in page
    # nonsense falls back to the current year
    page = page_text(client.get(url("partnerships:budget", partnership_pk=workspace.partnership.pk) + "?year=abc"))
    assert f"Budget for fiscal year {year}" in page


def test_staff_see_approve_return_and_close_actions(client, workspace, program, year):
    submitted = submitted_line(program, year)
    approved = approved_line(program, year, funding_source=FundingSource.OTHER)
    client.force_login(workspace.staff)
    page = page_text(client.get(url("partnerships:budget", partnership_pk=workspace.partnership.pk)))
    detail = url("partnerships:allocation_detail", partnership_pk=workspace.partnership.pk, pk=submitted.pk)
    assert f'href="{detail}#review-heading"' in page
    close = url("partnerships:allocation_detail", partnership_pk=workspace.partnership.pk, pk=approved.pk)
    assert f'href="{close}#close-heading"' in page


# ---- totals and currencies ------------------------------------------------------------------------


def test_an_ils_and_a_usd_line_add_up_in_dollars_and_a_currency_without_rate_is_listed(
    client, workspace, program, year
):
    f.ExchangeRateFactory(currency="ILS", year=year, units_per_usd=Decimal("3.7"))
    regional = f.ProgramFactory(partnership=workspace.partnership, category=Category.REGIONAL_DEVELOPMENT)
    approved_line(program, year, currency="USD", proposed_amount=Decimal("500"), approved=Decimal("500"))
    approved_line(
        program, year, currency="ILS", funding_source=FundingSource.LOCAL_AUTHORITY,
        proposed_amount=Decimal("3700"), approved=Decimal("3700"), spent_amount=Decimal("1850"),
    )
    line_for(regional, year, currency="ZAR", proposed_amount=Decimal("18000"))

    totals = budget_totals(workspace.partnership, year)
    assert totals.overall.converted.proposed == Decimal("1500.00")  # 500 USD + 3,700 ILS at 3.7; ZAR left out
    assert totals.overall.converted.approved == Decimal("1500.00")
    assert totals.overall.converted.spent == Decimal("500.00")
    assert totals.missing == ["ZAR"]
    personal = next(g for g in totals.by_category if g.key == Category.PERSONAL_CONNECTIONS)
    assert personal.converted.proposed == Decimal("1500.00") and personal.missing == []
    assert dict(personal.currencies)["ILS"].proposed == Decimal("3700")
    regional_group = next(g for g in totals.by_category if g.key == Category.REGIONAL_DEVELOPMENT)
    assert regional_group.missing == ["ZAR"] and regional_group.converted.proposed == 0
    assert [(r.currency, r.units_per_usd, r.year) for r in totals.rates] == [("ILS", Decimal("3.7"), year)]

    client.force_login(workspace.member_diaspora)
    page = page_text(client.get(url("partnerships:budget", partnership_pk=workspace.partnership.pk)))
    assert f"All of {year}, in USD (without ZAR)" in page
    assert "1,500.00" in page
    assert f"1 USD = 3.7 ILS (rate of {year})" in page
    assert "No exchange rate is known for ZAR" in page
    assert "18,000.00" in page  # shown in its own currency


def test_an_earlier_years_rate_is_named_with_its_year(workspace, program, year):
    f.ExchangeRateFactory(currency="EUR", year=year - 3, units_per_usd=Decimal("0.9"))
    line_for(program, year, currency="EUR", proposed_amount=Decimal("900"))
    totals = budget_totals(workspace.partnership, year)
    assert totals.overall.converted.proposed == Decimal("1000.00")
    assert [(r.currency, r.year) for r in totals.rates] == [("EUR", year - 3)]


# ---- proposing, submitting, approving through the pages -------------------------------------------


def test_the_chair_proposes_then_submits_the_year(client, workspace, program, year):
    client.force_login(workspace.co_chair)
    response = client.post(
        url("partnerships:allocation_propose", partnership_pk=workspace.partnership.pk, year=year),
        {"program": program.pk, "category": "", "funding_source": "federations", "currency": "USD",
         "proposed_amount": "25000", "notes": "Teachers' exchange"},
    )
    line = BudgetAllocation.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?year={year}#line-{line.pk}")
    assert line.category == Category.PERSONAL_CONNECTIONS and line.history.get().history_user == workspace.co_chair

    response = client.post(url("partnerships:budget_submit", partnership_pk=workspace.partnership.pk, year=year))
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == AllocationStatus.SUBMITTED
    page = page_text(client.get(response["Location"]))
    assert f"1 line of {year} is submitted for approval." in page


def test_submitting_nothing_says_so(client, workspace, year):
    client.force_login(workspace.co_chair)
    response = client.post(
        url("partnerships:budget_submit", partnership_pk=workspace.partnership.pk, year=year), follow=True
    )
    assert f"There is nothing to submit for {year}" in page_text(response)


def test_a_duplicate_line_is_refused_and_the_form_kept_filled(client, workspace, program, year):
    line_for(program, year)
    client.force_login(workspace.co_chair)
    response = client.post(
        url("partnerships:allocation_propose", partnership_pk=workspace.partnership.pk, year=year),
        {"program": program.pk, "funding_source": "federations", "currency": "USD", "proposed_amount": "777",
         "notes": "Second try"},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert "This program already has an allocation for this fiscal year, category and funding source." in page
    assert 'value="777"' in page and "Second try" in page
    assert BudgetAllocation.objects.count() == 1


def test_staff_approve_with_the_proposed_amount_prefilled(client, workspace, program, year):
    line = submitted_line(program, year, proposed_amount=Decimal("50000"))
    client.force_login(workspace.staff)
    detail = url("partnerships:allocation_detail", partnership_pk=workspace.partnership.pk, pk=line.pk)
    page = page_text(client.get(detail))
    assert 'name="approved_amount"' in page and 'value="50000.00"' in page
    response = client.post(
        url("partnerships:allocation_approve", partnership_pk=workspace.partnership.pk, pk=line.pk),
        {"approved_amount": "45000", "note": "Cut the travel"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == AllocationStatus.APPROVED and line.approved_amount == Decimal("45000")


def test_approving_above_proposed_is_reshown_in_hebrew_with_the_reason(client, workspace, program, year):
    line = submitted_line(program, year, proposed_amount=Decimal("50000"))
    client.force_login(workspace.staff)
    response = client.post(
        url("partnerships:allocation_approve", "he", partnership_pk=workspace.partnership.pk, pk=line.pk),
        {"approved_amount": "60000", "note": "הערה"},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert 'dir="rtl"' in page
    assert f"לא ניתן לאשר יותר מ־{in_hebrew(50000)} USD שהוצעו." in page
    assert 'value="60000"' in page and 'value="הערה"' in page
    line.refresh_from_db()
    assert line.status == AllocationStatus.SUBMITTED


def test_returning_without_a_reason_is_reshown_in_hebrew(client, workspace, program, year):
    line = submitted_line(program, year)
    client.force_login(workspace.staff)
    response = client.post(
        url("partnerships:allocation_return", "he", partnership_pk=workspace.partnership.pk, pk=line.pk),
        {"reason": ""},
    )
    assert response.status_code == 200
    assert "יש לכתוב מדוע השורה מוחזרת: הוועדה צריכה לדעת מה לשנות." in page_text(response)


def test_spending_above_approved_is_reshown_in_hebrew_filled(client, workspace, program, year):
    line = approved_line(program, year, approved=Decimal("1000"), spent_amount=Decimal("900"))
    client.force_login(workspace.chair)
    response = client.post(
        url("partnerships:allocation_report_spending", "he", partnership_pk=workspace.partnership.pk, pk=line.pk),
        {"spent_amount": "250", "note": "אוטובוסים"},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert f"הדיווח הזה יחרוג מהסכום המאושר {in_hebrew(1000)} USD ב־{in_hebrew(150)} USD" in page
    assert 'value="250"' in page and 'value="אוטובוסים"' in page


def test_the_propose_form_in_hebrew_keeps_what_was_typed(client, workspace, program, year):
    client.force_login(workspace.chair)
    response = client.post(
        url("partnerships:allocation_propose", "he", partnership_pk=workspace.partnership.pk, year=year),
        {"program": program.pk, "funding_source": "federations", "currency": "ILS", "proposed_amount": "",
         "notes": "משלחת מורים"},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert "השורה לא הוצעה. נא לתקן את המסומן למטה." in page
    assert "משלחת מורים" in page and '<option value="ILS" selected>' in page


def test_the_chair_reports_spending_and_the_history_shows_who_and_why(client, workspace, program, year):
    line = approved_line(program, year, approved=Decimal("1000"))
    client.force_login(workspace.co_chair)
    client.post(
        url("partnerships:allocation_report_spending", partnership_pk=workspace.partnership.pk, pk=line.pk),
        {"spent_amount": "400", "note": "Buses to Tzfat"},
    )
    line.refresh_from_db()
    assert line.spent_amount == Decimal("400")
    page = page_text(client.get(
        url("partnerships:allocation_history", partnership_pk=workspace.partnership.pk, pk=line.pk)
    ))
    assert "Rachel Goldberg" in page and "Buses to Tzfat" in page
    assert "Spent amount: 0.00 → 400.00 USD" in page and "+400.00" in page


def test_history_lists_every_change_of_status_and_amount_with_who(client, workspace, program, year):
    line = services.allocation_propose(
        partnership=workspace.partnership, fiscal_year=year, program=program, funding_source="federations",
        currency="USD", proposed_amount=Decimal("50000"), by=workspace.chair,
    )
    services.allocation_update(allocation=line, proposed_amount=Decimal("48000"), by=workspace.pro_staff)
    services.budget_submit(partnership=workspace.partnership, fiscal_year=year, by=workspace.co_chair)
    services.allocation_return(allocation=line, reason="Too much for travel", by=workspace.staff)
    client.force_login(workspace.member_israel)
    response = client.get(url("partnerships:allocation_history", "he", partnership_pk=workspace.partnership.pk, pk=line.pk))
    page = page_text(response)
    assert 'dir="rtl"' in page
    for name in ("נועה כהן", "מיכל אברהם", "Rachel Goldberg", "Staff Person"):
        assert name in page
    assert "Too much for travel" in page
    assert f"סכום מוצע: {in_hebrew(50000)} ← {in_hebrew(48000)} USD" in page  # the arrow points to the new value
    assert "סטטוס: הוגש ← הוחזר" in page  # Submitted → Returned, right to left


def test_the_line_page_of_a_returned_line_shows_the_reason(client, workspace, program, year):
    line = line_for(program, year, status=AllocationStatus.RETURNED, status_reason="Add the school's share")
    client.force_login(workspace.member_diaspora)
    page = page_text(client.get(url("partnerships:allocation_detail", partnership_pk=workspace.partnership.pk, pk=line.pk)))
    assert "Add the school&#x27;s share" in page
    assert "Change the line" not in page  # a member reads only


def test_a_manager_withdraws_a_proposed_line(client, workspace, program, year):
    line = line_for(program, year)
    client.force_login(workspace.pro_staff)
    response = client.post(url("partnerships:allocation_withdraw", partnership_pk=workspace.partnership.pk, pk=line.pk))
    assert response.status_code == 302
    assert not BudgetAllocation.objects.filter(pk=line.pk).exists()


def test_withdrawing_a_submitted_line_is_refused_on_the_page(client, workspace, program, year):
    line = submitted_line(program, year)
    client.force_login(workspace.chair)
    response = client.post(url("partnerships:allocation_withdraw", partnership_pk=workspace.partnership.pk, pk=line.pk))
    assert response.status_code == 200
    assert "Only a proposed or returned line can be withdrawn; this line is Submitted." in page_text(response)


def test_approving_a_line_already_approved_says_why_and_offers_no_approve_form(client, workspace, program, year):
    line = approved_line(program, year)
    client.force_login(workspace.staff)
    response = client.post(
        url("partnerships:allocation_approve", partnership_pk=workspace.partnership.pk, pk=line.pk),
        {"approved_amount": "10"},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert "Nothing was changed: Only a submitted line can be approved; this line is Approved." in page
    assert 'name="approved_amount"' not in page
    assert 'id="close-heading"' in page  # what staff can do now
    line.refresh_from_db()
    assert line.approved_amount == Decimal("40000")


def test_a_form_from_an_older_page_is_not_shown_where_it_no_longer_applies(client, workspace, program, year):
    line = submitted_line(program, year)
    client.force_login(workspace.co_chair)
    response = client.post(
        url("partnerships:allocation_report_spending", partnership_pk=workspace.partnership.pk, pk=line.pk),
        {"spent_amount": ""},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert "This line is Submitted now, so that change no longer applies." in page
    assert 'name="spent_amount"' not in page


def test_staff_close_an_approved_line(client, workspace, program, year):
    line = approved_line(program, year)
    client.force_login(workspace.staff)
    client.post(url("partnerships:allocation_close", partnership_pk=workspace.partnership.pk, pk=line.pk), {"note": ""})
    line.refresh_from_db()
    assert line.status == AllocationStatus.CLOSED and line.status_changed_by == workspace.staff


# ---- exports -------------------------------------------------------------------------------------


def test_the_year_exports_to_csv_and_xlsx(client, workspace, program, year):
    approved_line(program, year, spent_amount=Decimal("100"), notes="=HYPERLINK(1)")
    line_for(program, year - 1, funding_source=FundingSource.OTHER)  # another year: not in the file
    client.force_login(workspace.member_diaspora)
    response = client.get(url("partnerships:budget_export", partnership_pk=workspace.partnership.pk, year=year, fmt="csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Fiscal year", "Program", "Category"]
    assert len(rows) == 2
    assert rows[1][1] == "School twinning" and rows[1][6] == "40000.00" and rows[1][8] == "Approved"
    assert rows[1][12] == "'=HYPERLINK(1)"
    response = client.get(url("partnerships:budget_export", partnership_pk=workspace.partnership.pk, year=year, fmt="xlsx"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(
        url("partnerships:budget_export", partnership_pk=workspace.partnership.pk, year=year, fmt="pdf")
    ).status_code == 404


# ---- staff review queue --------------------------------------------------------------------------


def test_staff_see_the_lines_waiting_in_every_partnership(client, workspace, program, year):
    submitted_line(program, year)
    other_program = f.ProgramFactory(partnership=workspace.other, name_en="Young leadership")
    submitted_line(other_program, year)
    line_for(program, year, funding_source=FundingSource.OTHER)  # proposed: not waiting for staff
    client.force_login(workspace.staff)
    page = page_text(client.get(url("partnerships:budget_review")))
    assert "2 lines are waiting" in page
    assert "Springfield – Upper Galilee" in page and "Denver – Ashkelon" in page


# ---- who may open what ---------------------------------------------------------------------------


@pytest.fixture
def lines(workspace, program, year):
    return {
        status: line_for(program, year, funding_source=source, status=status, **extra)
        for status, source, extra in [
            (AllocationStatus.PROPOSED, FundingSource.FEDERATIONS, {}),
            (AllocationStatus.SUBMITTED, FundingSource.KEREN_HAYESOD, {}),
            (AllocationStatus.APPROVED, FundingSource.JEWISH_AGENCY, {"approved_amount": Decimal("100")}),
        ]
    }


def every_url(workspace, lines, year, lang="en"):
    pk = workspace.partnership.pk

    def url(name, **kwargs):
        with translation.override(lang):
            return reverse(name, kwargs=kwargs)

    proposed, submitted, approved = (lines[s].pk for s in ("proposed", "submitted", "approved"))
    reads = [
        url("partnerships:budget", partnership_pk=pk),
        url("partnerships:budget_export", partnership_pk=pk, year=year, fmt="csv"),
        url("partnerships:budget_export", partnership_pk=pk, year=year, fmt="xlsx"),
        url("partnerships:allocation_detail", partnership_pk=pk, pk=proposed),
        url("partnerships:allocation_history", partnership_pk=pk, pk=approved),
    ]
    changes = {
        "manage": [
            (url("partnerships:allocation_propose", partnership_pk=pk, year=year), {}),
            (url("partnerships:allocation_update", partnership_pk=pk, pk=proposed), {"proposed_amount": "1"}),
            (url("partnerships:allocation_withdraw", partnership_pk=pk, pk=proposed), {}),
            (url("partnerships:allocation_report_spending", partnership_pk=pk, pk=approved), {"spent_amount": "1"}),
        ],
        "submit": [
            (url("partnerships:budget_submit", partnership_pk=pk, year=year), {}),
            (url("partnerships:allocation_submit", partnership_pk=pk, pk=proposed), {}),
        ],
        "staff": [
            (url("partnerships:allocation_approve", partnership_pk=pk, pk=submitted), {"approved_amount": "1"}),
            (url("partnerships:allocation_return", partnership_pk=pk, pk=submitted), {"reason": "No"}),
            (url("partnerships:allocation_close", partnership_pk=pk, pk=approved), {}),
        ],
    }
    return reads, changes


def test_anonymous_visitors_are_sent_to_sign_in(client, workspace, lines, year):
    reads, changes = every_url(workspace, lines, year)
    for address in [*reads, url("partnerships:budget_review")]:
        response = client.get(address)
        assert response.status_code == 302 and "login" in response["Location"], address
    for address, data in (item for group in changes.values() for item in group):
        response = client.post(address, data)
        assert response.status_code == 302 and "login" in response["Location"], address
    assert BudgetAllocation.objects.filter(status=AllocationStatus.PROPOSED).count() == 1


@pytest.mark.parametrize("who", ["volunteer", "other_member", "former"])
def test_outsiders_get_404_on_every_budget_url(client, workspace, lines, year, who):
    client.force_login(getattr(workspace, who))
    reads, changes = every_url(workspace, lines, year)
    for address in reads:
        assert client.get(address).status_code == 404, address
    for address, data in (item for group in changes.values() for item in group):
        assert client.post(address, data).status_code == 404, address
    assert client.get(url("partnerships:budget_review")).status_code == 403


def test_a_line_of_another_partnership_is_404_even_for_its_own_members_url(client, workspace, lines, year):
    foreign = line_for(f.ProgramFactory(partnership=workspace.other), year)
    client.force_login(workspace.co_chair)
    pk = workspace.partnership.pk
    assert client.get(url("partnerships:allocation_detail", partnership_pk=pk, pk=foreign.pk)).status_code == 404
    assert client.get(url("partnerships:allocation_history", partnership_pk=pk, pk=foreign.pk)).status_code == 404
    response = client.post(
        url("partnerships:allocation_update", partnership_pk=pk, pk=foreign.pk), {"proposed_amount": "1"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["member_diaspora", "member_israel", "sub_chair", "sub_member"])
def test_members_read_but_every_change_is_403(client, workspace, lines, year, who):
    person = getattr(workspace, who)
    client.force_login(person)
    reads, changes = every_url(workspace, lines, year, person.preferred_language)
    for address in reads:
        assert client.get(address).status_code == 200, address
    for address, data in (item for group in changes.values() for item in group):
        assert client.post(address, data).status_code == 403, address
    assert client.get(url("partnerships:budget_review", person.preferred_language)).status_code == 403
    assert BudgetAllocation.objects.filter(status=AllocationStatus.PROPOSED).count() == 1


@pytest.mark.parametrize("who", ["chair", "co_chair", "pro_staff"])
def test_staff_only_actions_are_403_for_the_committee(client, workspace, lines, year, who):
    person = getattr(workspace, who)
    client.force_login(person)
    _, changes = every_url(workspace, lines, year)
    for address, data in changes["staff"]:
        assert client.post(address, data).status_code == 403, address
    assert client.get(url("partnerships:budget_review", person.preferred_language)).status_code == 403
    lines["submitted"].refresh_from_db()
    assert lines["submitted"].status == AllocationStatus.SUBMITTED


def test_submitting_is_403_for_professional_staff(client, workspace, lines, year):
    client.force_login(workspace.pro_staff)
    _, changes = every_url(workspace, lines, year)
    for address, data in changes["submit"]:
        assert client.post(address, data).status_code == 403, address


def test_changes_are_post_only(client, workspace, lines, year):
    client.force_login(workspace.co_chair)
    _, changes = every_url(workspace, lines, year)
    for address, _data in (item for group in changes.values() for item in group):
        assert client.get(address).status_code == 405, address


# ---- bounded queries -------------------------------------------------------------------------------


def _fill(workspace, year, programs):
    f.ExchangeRateFactory(currency="ILS", year=year, units_per_usd=Decimal("3.7"))
    made = []
    for i in range(programs):
        program = f.ProgramFactory(partnership=workspace.partnership)
        made.append(line_for(program, year, currency="ILS", status=AllocationStatus.SUBMITTED))
        made.append(approved_line(program, year, funding_source=FundingSource.KEREN_HAYESOD, spent_amount=Decimal(i)))
        made.append(line_for(program, year, funding_source=FundingSource.OTHER, currency="ZAR",
                             status=AllocationStatus.RETURNED, status_reason="Why", status_changed_by=workspace.staff))
        line_for(program, 2000 + i, currency="EUR")  # other years: more choices in the year selector
    return made


def _history(line, workspace, changes):
    for i in range(changes):
        line.spent_amount = Decimal(i + 1)
        line._history_user = workspace.chair if i % 2 else workspace.staff
        line.save()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


@pytest.mark.parametrize("who", ["member_diaspora", "chair", "staff"])
def test_the_budget_page_queries_do_not_grow_with_lines(client, workspace, year, who):
    person = getattr(workspace, who)
    client.force_login(person)
    address = url("partnerships:budget", person.preferred_language, partnership_pk=workspace.partnership.pk)
    _fill(workspace, year, 1)
    client.get(address)  # warm up (session, caches)
    small = _queries(client, address)
    _fill(workspace, year, 9)
    large = _queries(client, address)
    assert small == large <= 15, (small, large)
    assert page_text(client.get(address)).count('class="status-badge') == 30


def test_line_history_export_and_review_queries_do_not_grow(client, workspace, year):
    client.force_login(workspace.staff)
    pk = workspace.partnership.pk

    def grow(programs):
        made = _fill(workspace, year, programs)
        _history(approved, workspace, 3 * programs)
        for _ in range(programs):
            submitted_line(f.ProgramFactory(partnership=workspace.other), year)
        return made

    first = _fill(workspace, year, 1)
    approved, submitted = first[1], first[0]
    addresses = [
        url("partnerships:allocation_history", partnership_pk=pk, pk=approved.pk),
        url("partnerships:allocation_detail", partnership_pk=pk, pk=approved.pk),
        url("partnerships:allocation_detail", partnership_pk=pk, pk=submitted.pk),
        url("partnerships:budget_export", partnership_pk=pk, year=year, fmt="xlsx"),
        url("partnerships:budget_export", partnership_pk=pk, year=year, fmt="csv"),
        url("partnerships:budget_review"),
    ]
    grow(0)
    client.get(addresses[0])  # warm up
    small = [_queries(client, address) for address in addresses]
    grow(9)
    large = [_queries(client, address) for address in addresses]
    assert small == large, (small, large)
    assert max(large) <= 12, large


def test_the_budget_page_in_hebrew(client, workspace, program, year):
    line_for(program, year)
    client.force_login(workspace.chair)
    page = page_text(client.get(url("partnerships:budget", "he", partnership_pk=workspace.partnership.pk)))
    assert 'dir="rtl"' in page and 'lang="he"' in page
    assert f"תקציב לשנת התקציב {year}" in page
    assert "תאומות בתי ספר" in page
    assert "קשרים אישיים" in page  # the category, as the glossary says
