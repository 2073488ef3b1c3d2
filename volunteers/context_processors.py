from django.utils.functional import SimpleLazyObject

from . import permissions


def portal(request):
    """``is_coordinator`` for the navigation, computed only when a template asks for it."""
    user = getattr(request, "user", None)
    return {"is_coordinator": SimpleLazyObject(lambda: bool(user and permissions.is_coordinator(user)))}
