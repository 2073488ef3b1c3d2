"""Forms of the opportunity finder (the filter form's base; sign-up and cancel post no fields)."""

import datetime
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class OptionsSelect(forms.Select):
    """A ``<select>`` with the markup of ``p2g.widgets.QuickSelect``, written straight from its
    ``(value, label)`` choices.

    Django (and QuickSelect) first build a dictionary of attributes per option: for the finder's
    several hundred communities that was a large part of the list page's time at full scale
    (bench/bench_portal.py). As Django does, only the first option with the chosen value is marked
    selected (the empty option when nothing is chosen), and every value and label is escaped.
    Flat choices only (no groups).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = [format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))]
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen
            if selected and not self.allow_multiple_selected:
                chosen = ()
            parts.append(
                f'<option value="{escape(option_value, quote=True)}"{" selected" if selected else ""}>'
                f"{escape(str(label), quote=True)}</option>"
            )
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above


class AccessibleErrorsMixin:
    """After validation, tie each field's errors to its input (``aria-invalid``, ``aria-describedby``)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            error_id = f"{self[name].auto_id}_errors"
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} {error_id}".strip()


class OpportunityFilterForm(AccessibleErrorsMixin, forms.Form):
    """Base form of ``volunteers.filters.OpportunityFilter``: checks the date range as a whole."""

    #: Dates outside these are refused: shifts are upcoming, and year 9999 has no next day.
    FIRST_DATE, LAST_DATE = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)

    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and not (self.FIRST_DATE <= day <= self.LAST_DATE):
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {"first": self.FIRST_DATE.year, "last": self.LAST_DATE.year},
                )
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date must be on or after the start date."))
            cleaned.pop("date_from", None)  # a range the wrong way round is left out as a whole
        return cleaned
