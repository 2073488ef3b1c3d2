"""Placeholder until written: see volunteers/urls.py for the views this module owns."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


home = shift_roster = attendance_mark = shift_email = shift_export = hours_queue = hours_review = hours_export = _todo
