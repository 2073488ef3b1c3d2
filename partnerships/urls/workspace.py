"""The workspace's front door: the partnerships a person may open."""

from django.urls import path

from ..views import workspace

urlpatterns = [
    path("committees/", workspace.my_partnerships, name="my_partnerships"),
]
