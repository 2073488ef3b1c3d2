"""Workspace views: committee (placeholder until the area is built)."""

from django.http import HttpResponse

from ..permissions import partnership_view


@partnership_view
def committee(request, access):
    return HttpResponse("committee")
