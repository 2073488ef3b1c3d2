"""Small helpers shared by the views of this package."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.urls import reverse

from ..models import EstablishmentTrack


def track_url(track: EstablishmentTrack | int, anchor: str = "") -> str:
    url = reverse("communities:track_detail", kwargs={"pk": getattr(track, "pk", track)})
    return f"{url}#{anchor}" if anchor else url


def url_maker(name: str, **kwargs) -> Callable[..., str]:
    """``reverse(name, kwargs=...)`` for the many rows of one page, reversed once: the arguments given as
    ``None`` are left to the function returned, which takes them by keyword (ids and slugs only: they
    are put in the address as they are)."""
    markers = {key: str(2_147_483_600 + i) for i, key in enumerate(k for k, v in kwargs.items() if v is None)}
    path = reverse(name, kwargs={key: markers.get(key, value) for key, value in kwargs.items()})
    path = path.replace("{", "{{").replace("}", "}}")
    for key, marker in markers.items():
        path = path.replace(marker, "{" + key + "}", 1)
    return path.format


def track_url_maker() -> Callable[[int], str]:
    """``track_url`` for many tracks at once (a page of cards)."""
    make = url_maker("communities:track_detail", pk=None)
    return lambda pk: make(pk=pk)


def item_url(track: EstablishmentTrack | int, code: str, anchor: str = "") -> str:
    url = reverse("communities:item_detail", kwargs={"pk": getattr(track, "pk", track), "item": code})
    return f"{url}#{anchor}" if anchor else url


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)
