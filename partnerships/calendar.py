"""A person's calendar feed of their committees' meetings (filled in by the meetings work)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404


@login_not_required
def meetings_feed(request, token):
    raise Http404
