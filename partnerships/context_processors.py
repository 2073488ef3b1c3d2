from django.utils.functional import SimpleLazyObject

from p2g.roles import request_roles


def workspace(request):
    """``has_workspace`` for the navigation, read with the person's other roles (one query a request)."""
    return {
        "has_workspace": SimpleLazyObject(lambda: request_roles(request).sits_on_committee),
        # Communities in establishment (mentors, community leaders, staff) and collective impact (partners, staff).
        "accompanies": SimpleLazyObject(lambda: request_roles(request).accompanies),
        "is_partner": SimpleLazyObject(lambda: request_roles(request).partner),
    }
