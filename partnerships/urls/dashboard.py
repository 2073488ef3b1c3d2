"""Routes of the workspace's dashboard area (views in partnerships/views/dashboard.py)."""

from django.urls import path

from ..views import dashboard

urlpatterns = [
    path("partnerships/<int:partnership_pk>/", dashboard.dashboard, name="dashboard"),
    path("partnerships/", dashboard.staff_overview, name="staff_overview"),
]
