"""The notification preferences form: one checkbox per kind of email (checked: sent to me)."""

from django import forms
from django.db import transaction

from . import services


class PreferencesForm(forms.Form):
    """Built from ``selectors.notification_choices_for``; essential kinds are shown, always on, and disabled.

    A disabled field ignores what is posted for it (Django keeps its initial value), so a forged POST
    cannot turn an essential kind off; ``services.opt_out_set`` refuses it as well.
    """

    def __init__(self, *args, person, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.groups = groups
        self.choices = {choice.code: choice for group in groups for choice in group.kinds}
        for code, choice in self.choices.items():
            self.fields[code] = forms.BooleanField(
                label=choice.label,
                help_text=choice.description,
                required=False,
                initial=choice.enabled,
                disabled=choice.essential,
            )

    def grouped_fields(self):
        """``[(group, [(bound field, choice), …]), …]`` for the template, in the groups' order."""
        return [(group, [(self[choice.code], choice) for choice in group.kinds]) for group in self.groups]

    def save(self) -> list[str]:
        """Apply the changes; the codes of the kinds whose setting changed."""
        changed = []
        with transaction.atomic():
            for code, choice in self.choices.items():
                if choice.essential:
                    continue
                enabled = self.cleaned_data[code]
                if enabled != choice.enabled:
                    services.opt_out_set(person=self.person, kind=code, enabled=enabled)
                    changed.append(code)
        return changed
