"""Reads of shared measurement: indicators, their targets and the figures partners report.

Who sees what (decided here and in ``impact.views.measurement``, nowhere else):

- **The national view** (every forum's indicators, their targets and the *totals* per indicator and
  year) is the collective's shared agenda: staff and every partner (a contact of a partner
  organisation, or a current forum member) read it. Anybody else gets 404.
- **Figures per organisation** are seen by staff, and by that organisation's own people only: a
  partner never sees another organisation's figure, only the totals it is part of.
- **Indicators owned by a partnership** are the partnership's own (its committee reads them on its
  dashboard); on these pages only staff see them.

A total is the sum of the organisations' figures for the year (their average for an indicator whose
aggregation is an average), computed in the database (per indicator and year). An indicator is **on track** when its latest total up to the year
reaches the year's target in the indicator's direction: at least the target where higher is
better, at most the target where lower is better. **Progress** is how far the latest total has
moved from the baseline towards the target (0% at the baseline, 100% at the target).

The package: ``progress`` (years, statuses, progress against a target), ``viewer`` (who is looking
and which indicators they see), ``national`` (the national view), ``indicators`` (one indicator's
years and organisations), ``reporting`` (whom one reports for, an organisation's report,
corrections). Every function here runs a fixed number of queries, however many indicators, years
and organisations there are.
"""

from .indicators import (
    OrganisationFigures,
    YearRow,
    indicator_organisation_figures,
    indicator_targets,
    indicator_years,
    member_organisations,
)
from .national import (
    ForumFacts,
    ForumGroup,
    NationalView,
    PartnershipFacts,
    PartnershipGroup,
    national_view,
)
from .progress import (
    BASELINE,
    BEHIND,
    FIRST_YEAR,
    LAST_YEAR,
    LATER,
    NO_TARGET,
    NOT_MEASURED,
    ON_TRACK,
    STATUS_LABELS,
    IndicatorFacts,
    Progress,
    current_year,
    is_on_track,
    progress_percent,
    year_choose,
)
from .reporting import (
    Correction,
    ReportRow,
    figure_of,
    measurement_corrections,
    organisation_for,
    organisation_report,
    organisation_sat_on,
    reportable_indicator_for,
    reportable_indicators,
    reporting_organisations,
    seated_during,
    year_span,
)
from .viewer import Viewer, in_language, indicator_for, visible_indicators

__all__ = [
    "BASELINE",
    "BEHIND",
    "Correction",
    "FIRST_YEAR",
    "ForumFacts",
    "ForumGroup",
    "IndicatorFacts",
    "LAST_YEAR",
    "LATER",
    "NOT_MEASURED",
    "NO_TARGET",
    "NationalView",
    "ON_TRACK",
    "OrganisationFigures",
    "PartnershipFacts",
    "PartnershipGroup",
    "Progress",
    "ReportRow",
    "STATUS_LABELS",
    "Viewer",
    "YearRow",
    "current_year",
    "figure_of",
    "indicator_for",
    "indicator_organisation_figures",
    "indicator_targets",
    "indicator_years",
    "in_language",
    "is_on_track",
    "measurement_corrections",
    "member_organisations",
    "national_view",
    "organisation_for",
    "organisation_report",
    "organisation_sat_on",
    "progress_percent",
    "reportable_indicator_for",
    "reportable_indicators",
    "reporting_organisations",
    "seated_during",
    "visible_indicators",
    "year_choose",
    "year_span",
]
