from django.utils.functional import SimpleLazyObject

from p2g.roles import request_roles


def portal(request):
    """``is_coordinator`` for the navigation, read with the person's other roles (one query a request)."""
    return {"is_coordinator": SimpleLazyObject(lambda: request_roles(request).coordinates)}
