"""Forms of the volunteer's own hours."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

HOURS_RANGE = _("Hours must be more than 0 and at most 24.")


class HoursLogForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        help_text=_("For example 2.5 for two and a half hours."),
        # A text box (not type=number), so whatever was typed is shown again beside its error.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
    )
    description = forms.CharField(
        label=_("What I did (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if not (Decimal("0") < hours <= Decimal("24")):
            raise forms.ValidationError(HOURS_RANGE, code="hours_range")
        return hours
