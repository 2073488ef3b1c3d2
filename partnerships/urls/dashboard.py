"""Routes of the workspace's dashboard area (views in partnerships/views/dashboard.py)."""

from django.urls import path

from ..views import dashboard

urlpatterns = [
    path("partnerships/<int:partnership_pk>/", dashboard.dashboard, name="dashboard"),
    path(
        "partnerships/<int:partnership_pk>/dashboard/<slug:table>.<str:fmt>",
        dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path("partnerships/", dashboard.staff_overview, name="staff_overview"),
    path("partnerships/overview.<str:fmt>", dashboard.staff_overview_export, name="staff_overview_export"),
]
