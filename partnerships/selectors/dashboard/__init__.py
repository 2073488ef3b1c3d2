"""Figures of the dashboards: one partnership's year, and every partnership side by side for staff.

Everything is summed, counted and grouped by the database (``values().annotate()``, conditional
``Sum(filter=Q(…))``, correlated subqueries that return one number per row). A page makes the same
few queries whatever the amount of data: the per-partnership dashboard seven, the staff overview
seven (tests/partnerships/test_dashboard_queries.py holds each page to 15 in all, on small and 10x
data). The rendered pages are kept for a few minutes by ``.cache``.

Definitions the pages explain to their readers:

- The **fiscal year** is the calendar year (1 January to 31 December): budget lines carry their
  ``fiscal_year``; activities and volunteer hours count in the year of their date.
- **Approved** amounts are those of lines whose status is approved or closed; **proposed** adds up
  every line of the year, whatever its status; **spent** is what was reported spent.
- Amounts are converted to the reporting currency (``settings.P2G_REPORTING_CURRENCY``) by
  ``programs.money`` with the rate of their fiscal year; a currency with no rate at all is left out
  of every total and listed (``missing``), never silently added.
- **Volunteer hours** are approved hours only (``HoursStatus.APPROVED``).
- **Committee members** are current terms on the joint steering committee, professional staff
  not counted (they support the committee; they do not represent a side).
- An **overdue** action item is open or in progress, with a due date before today.
- An indicator is **on track** when its latest measurement up to the year reaches the year's
  target in the indicator's direction (at least the target when higher is better, at most the
  target when lower is better).
"""

from .figures import (
    Amounts,
    BudgetYear,
    IndicatorStatus,
    Overdue,
    PartnershipSummary,
    ShareTrend,
    ShareYear,
    budget_figures,
    committee_sides,
    current_fiscal_year,
    fiscal_year_dates,
    indicators_year,
    overdue_action_items,
    overview_years,
    partnership_summary,
    percent,
    programs_year,
    upcoming_meetings,
    year_choose,
)
from .overview import Overview, OverviewRow, staff_overview

__all__ = [
    "Amounts",
    "BudgetYear",
    "IndicatorStatus",
    "Overdue",
    "Overview",
    "OverviewRow",
    "PartnershipSummary",
    "ShareTrend",
    "ShareYear",
    "budget_figures",
    "committee_sides",
    "current_fiscal_year",
    "fiscal_year_dates",
    "indicators_year",
    "overdue_action_items",
    "overview_years",
    "partnership_summary",
    "percent",
    "programs_year",
    "staff_overview",
    "upcoming_meetings",
    "year_choose",
]
