"""Forms of shared measurement. They check the shape of what was typed; the rules are in
``impact.services.measurement``, whose field errors carry the same names as these fields."""

import re

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from programs.models import IndicatorAggregation, IndicatorDirection

from ..selectors.measurement import FIRST_YEAR, LAST_YEAR, current_year
from ..services.measurement import NAME_MAX, NOTE_MAX, UNIT_MAX

#: "1,234,567.5": commas that group thousands (English and Hebrew write numbers alike). A comma
#: anywhere else ("12,5") is refused rather than guessed.
GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
DECIMAL_COMMA = _("Write decimals with a point, as in 12.5: a comma only groups thousands, as in 1,250.")


class FigureField(forms.DecimalField):
    """A figure of an indicator: not negative, two decimals at most, thousands may be grouped by commas.

    Its refusals are the service's sentences (one each, in the reader's language), not Django's generic
    ones: "-3" cannot be negative, "1.234" has too many decimals, a 13-digit figure is too large (said
    once, though two rules refuse it), and "12,5" is told that decimals take a point.
    """

    default_error_messages = {
        "min_value": _("A figure cannot be negative."),
        "max_digits": _("This figure is too large."),
        "max_whole_digits": _("This figure is too large."),
        "max_decimal_places": _("A figure has at most two decimal places."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        # No max_value: 14 digits, 2 of them decimals, hold up to the service's VALUE_MAX (one refusal is enough).
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "dir": "ltr", "size": 16})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "")
            if GROUPED.match(value):
                value = value.replace(",", "")
            elif "," in value:
                raise forms.ValidationError(DECIMAL_COMMA, code="invalid")
        return super().to_python(value)


class MeasurementReportForm(forms.Form):
    value = FigureField(label=_("Figure"))
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=NOTE_MAX,
        help_text=_("Where the figure comes from, or what it includes. Everyone who sees the figure sees the note."),
        widget=forms.TextInput(attrs={"maxlength": NOTE_MAX, "size": 50}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)


class IndicatorForm(forms.Form):
    owner = forms.ChoiceField(label=_("Owned by"), help_text=_("The forum or partnership that agreed on this indicator."))
    name_en = forms.CharField(label=_("Name in English"), required=False, max_length=NAME_MAX)
    name_he = forms.CharField(label=_("Name in Hebrew"), required=False, max_length=NAME_MAX,
                              widget=forms.TextInput(attrs={"dir": "rtl", "lang": "he"}))
    description_en = forms.CharField(label=_("Description in English"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    description_he = forms.CharField(label=_("Description in Hebrew"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "he"}))
    unit_en = forms.CharField(label=_("Unit in English"), required=False, max_length=UNIT_MAX,
                              help_text=_("For example: volunteers, %, hours."))
    unit_he = forms.CharField(label=_("Unit in Hebrew"), required=False, max_length=UNIT_MAX,
                              widget=forms.TextInput(attrs={"dir": "rtl", "lang": "he"}))
    direction = forms.ChoiceField(label=_("Direction"), choices=IndicatorDirection.choices,
                                  initial=IndicatorDirection.INCREASE, widget=forms.RadioSelect)
    aggregation = forms.ChoiceField(label=_("Figures of several organisations"), choices=IndicatorAggregation.choices,
                                    initial=IndicatorAggregation.SUM, widget=forms.RadioSelect, required=False)
    baseline_value = FigureField(label=_("Baseline"), help_text=_("The figure measured in the baseline year."))
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=FIRST_YEAR,
                                       widget=forms.NumberInput(attrs={"dir": "ltr"}))

    def __init__(self, *args, forums, partnerships, **kwargs):
        kwargs.setdefault("auto_id", "indicator-%s")
        super().__init__(*args, **kwargs)
        self.owners = {f"forum:{forum.pk}": forum for forum in forums}
        self.owners.update({f"partnership:{p.pk}": p for p in partnerships})
        self.fields["owner"].choices = [
            ("", _("Choose…")),
            (_("Forums"), [(f"forum:{forum.pk}", forum.name) for forum in forums]),
            (_("Partnerships"), [(f"partnership:{p.pk}", p.name) for p in partnerships]),
        ]
        self.fields["baseline_year"].max_value = current_year()
        self.fields["baseline_year"].widget.attrs["max"] = current_year()
        self.fields["baseline_year"].validators.append(MaxValueValidator(current_year()))

    def clean_aggregation(self):
        return self.cleaned_data.get("aggregation") or IndicatorAggregation.SUM

    def clean_owner(self):
        return self.owners[self.cleaned_data["owner"]]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_en") or "").strip() and not (cleaned.get("name_he") or "").strip():
            self.add_error("name_en", _("Give the indicator a name, in English or in Hebrew (better: both)."))
        return cleaned

    @staticmethod
    def owner_key(indicator) -> str:
        return f"forum:{indicator.forum_id}" if indicator.forum_id else f"partnership:{indicator.partnership_id}"


class TargetForm(forms.Form):
    period = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                widget=forms.NumberInput(attrs={"dir": "ltr"}))
    target_value = FigureField(label=_("Target"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "target-%s")
        super().__init__(*args, **kwargs)
