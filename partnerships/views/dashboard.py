"""Workspace views: dashboard (placeholder until the area is built)."""

from django.http import HttpResponse

from ..permissions import partnership_view


@partnership_view
def dashboard(request, access):
    return HttpResponse("dashboard")


def staff_overview(request):
    return HttpResponse("overview")
