"""Routes of the workspace's budget area (views in partnerships/views/budget.py)."""

from django.urls import path

from ..views import budget

urlpatterns = [
    path("partnerships/<int:partnership_pk>/budget/", budget.budget, name="budget"),
]
