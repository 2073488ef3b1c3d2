"""Who is looking at shared measurement, and what every view of it shares: the 404 for outsiders, the
403 for a partner asking for a staff action, a service's refusal on its form, the years offered."""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from impact import permissions

from ...selectors import measurement as selectors

YEARS_OFFERED = 10


def viewer_of(request) -> selectors.Viewer:
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if permissions.is_backbone(user):
        return selectors.Viewer(user, is_staff=True, is_partner=True)
    organisation_ids = frozenset(permissions.organisation_ids(user))
    # A partner: a contact of an organisation, or a person (or organisation) with a current forum seat.
    # A contact is a partner whatever their seats: their forums are read only by a page that needs them.
    forum_ids = SimpleLazyObject(lambda: frozenset(permissions.forum_ids(user)))
    partner = bool(organisation_ids) or bool(forum_ids)
    return selectors.Viewer(user, is_staff=False, organisation_ids=organisation_ids, forum_ids=forum_ids,
                            is_partner=partner)


def measurement_view(view):
    """Resolve the viewer (404 for anybody who is neither staff nor a partner) and call the view as
    ``view(request, viewer, **url_kwargs)``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        viewer = viewer_of(request)
        if not viewer.may_read:
            raise Http404
        return view(request, viewer, *args, **kwargs)

    return wrapper


def require_staff(viewer) -> None:
    if not viewer.is_staff:
        raise PermissionDenied


def add_service_error(form, exc: ValidationError) -> None:
    """A service's error on its field when the form has that field, else above the form."""
    if hasattr(exc, "error_dict") and all(name in form.fields for name in exc.error_dict):
        form.add_error(None, exc)
    else:
        form.add_error(None, exc.messages)


def years_offered(selected: int, *, ahead: int = 0) -> list[int]:
    this_year = selectors.current_year()
    years = set(range(this_year + ahead, this_year - YEARS_OFFERED, -1)) | {selected}
    return sorted(years, reverse=True)
