from django.utils.functional import SimpleLazyObject

from . import permissions


def workspace(request):
    """``has_workspace`` for the navigation, computed only when a template asks for it."""
    user = getattr(request, "user", None)
    return {"has_workspace": SimpleLazyObject(lambda: bool(user and permissions.is_committee_member(user)))}
