"""Workspace views: budget (placeholder until the area is built)."""

from django.http import HttpResponse

from ..permissions import partnership_view


@partnership_view
def budget(request, access):
    return HttpResponse("budget")
