"""The notification preferences page and the one-click unsubscribe link (being written)."""

from django.contrib.auth.views import login_not_required
from django.http import HttpResponse


def preferences(request):
    return HttpResponse("")


@login_not_required
def unsubscribe(request, token):
    return HttpResponse("")
