"""Routes of the workspace's budget area (views in partnerships/views/budget.py)."""

from django.urls import path

from ..views import budget

BUDGET = "partnerships/<int:partnership_pk>/budget/"
LINE = BUDGET + "lines/<int:pk>/"

urlpatterns = [
    path(BUDGET, budget.budget, name="budget"),
    path(BUDGET + "<int:year>/propose/", budget.allocation_propose, name="allocation_propose"),
    path(BUDGET + "<int:year>/submit/", budget.budget_submit, name="budget_submit"),
    path(BUDGET + "<int:year>.<str:fmt>", budget.budget_export, name="budget_export"),
    path(LINE, budget.allocation_detail, name="allocation_detail"),
    path(LINE + "edit/", budget.allocation_update, name="allocation_update"),
    path(LINE + "withdraw/", budget.allocation_withdraw, name="allocation_withdraw"),
    path(LINE + "submit/", budget.allocation_submit, name="allocation_submit"),
    path(LINE + "approve/", budget.allocation_approve, name="allocation_approve"),
    path(LINE + "return/", budget.allocation_return, name="allocation_return"),
    path(LINE + "spending/", budget.allocation_report_spending, name="allocation_report_spending"),
    path(LINE + "close/", budget.allocation_close, name="allocation_close"),
    path(LINE + "history/", budget.allocation_history, name="allocation_history"),
    path("partnerships/budget/review/", budget.budget_review, name="budget_review"),
]
