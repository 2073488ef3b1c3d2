"""Shared measurement: the national view, one indicator, and reporting figures.

- ``indicator_list`` (``measurement/?year=``): every forum's indicators against the year's target,
  grouped by forum (and, for staff, the partnerships' indicators). Staff and partners.
- ``indicator_detail`` (``measurement/indicators/<pk>/``): baseline, targets and totals per year as a
  chart and the same figures as a table; figures per organisation (staff: all; a partner: their own).
  Staff change the indicator and its targets here (``indicator_create``, ``indicator_edit``,
  ``indicator_target_set``, ``indicator_target_delete``) and record a partnership's figure
  (``indicator_figure``). ``indicator_export``: either table as CSV or XLSX (formula-safe).
- ``report_list`` (``measurement/report/?organisation=&year=``) and ``report_edit``: an
  organisation's figures for a year, reported or corrected one by one.

Who sees what is in ``impact.selectors.measurement`` (its docstring). Outsiders (neither staff nor a
partner) get 404 from every URL here, whatever the method: ``measurement_view`` wraps each view
outermost. A partner asking for a staff action on an indicator they can read gets 403; another
organisation's figures or report form are 404, as if they did not exist.
"""

from .exports import indicator_export
from .indicators import (
    indicator_create,
    indicator_detail,
    indicator_edit,
    indicator_list,
    indicator_target_delete,
    indicator_target_set,
)
from .reports import correction_texts, indicator_figure, report_edit, report_list
from .viewer import measurement_view, viewer_of

__all__ = [
    "correction_texts",
    "indicator_create",
    "indicator_detail",
    "indicator_edit",
    "indicator_export",
    "indicator_figure",
    "indicator_list",
    "indicator_target_delete",
    "indicator_target_set",
    "measurement_view",
    "report_edit",
    "report_list",
    "viewer_of",
]
