"""Routes of the workspace's committee area (views in partnerships/views/committee.py)."""

from django.urls import path

from ..views import committee

urlpatterns = [
    path("partnerships/<int:partnership_pk>/committee/", committee.committee, name="committee"),
]
