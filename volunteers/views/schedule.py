"""Placeholder until written: see volunteers/urls.py for the views this module owns."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


my_schedule = calendar_settings = calendar_feed = _todo
