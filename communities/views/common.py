"""Small helpers shared by the views of this package."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from ..models import EstablishmentTrack


def track_url(track: EstablishmentTrack | int, anchor: str = "") -> str:
    url = reverse("communities:track_detail", kwargs={"pk": getattr(track, "pk", track)})
    return f"{url}#{anchor}" if anchor else url


def item_url(track: EstablishmentTrack | int, code: str, anchor: str = "") -> str:
    url = reverse("communities:item_detail", kwargs={"pk": getattr(track, "pk", track), "item": code})
    return f"{url}#{anchor}" if anchor else url


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)
