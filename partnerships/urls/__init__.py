"""The committee workspace and dashboards (inside i18n_patterns).

Each area keeps its own routes in a module of this package; every route under
``partnerships/<partnership_pk>/`` is served through ``permissions.partnership_view``.
"""

from . import actions, budget, committee, dashboard, meetings, workspace

app_name = "partnerships"

urlpatterns = [
    *workspace.urlpatterns,
    *dashboard.urlpatterns,
    *committee.urlpatterns,
    *meetings.urlpatterns,
    *actions.urlpatterns,
    *budget.urlpatterns,
]
