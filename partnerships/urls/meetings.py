"""Routes of the workspace's meetings area (views in partnerships/views/meetings.py)."""

from django.urls import path

from ..views import meetings

urlpatterns = [
    path("partnerships/<int:partnership_pk>/meetings/", meetings.meeting_list, name="meeting_list"),
]
