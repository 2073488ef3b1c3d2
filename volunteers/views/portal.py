"""Placeholder until written: see volunteers/urls.py for the views this module owns."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


opportunity_list = opportunity_detail = shift_sign_up = signup_cancel = _todo
