"""What every form of the site shares: a date input, a service's errors on the form, the reader's language first."""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def form_add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on its field when the form has it, on top otherwise."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def language_first(form: forms.Form, bases: Iterable[str]) -> None:
    """Put the reader's language first in each pair of translated fields (title_he/title_en…)."""
    bases = set(bases)
    first, second = ("he", "en") if translation.get_language() == "he" else ("en", "he")
    order = []
    for name in form.fields:
        base, _sep, lang = name.rpartition("_")
        if base in bases and lang == second:
            continue
        if base in bases and lang == first:
            order += [f"{base}_{first}", f"{base}_{second}"]
        else:
            order.append(name)
    form.order_fields(order)
