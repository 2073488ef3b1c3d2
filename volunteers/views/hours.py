"""Placeholder until written: see volunteers/urls.py for the views this module owns."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


my_hours = hours_log = hours_certificate = _todo
