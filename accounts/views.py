"""Placeholder until written: see accounts/urls.py."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


profile_onboarding = profile_edit = _todo
