"""Workspace views: meetings (placeholder until the area is built)."""

from django.http import HttpResponse

from ..permissions import partnership_view


@partnership_view
def meeting_list(request, access):
    return HttpResponse("meetings")
