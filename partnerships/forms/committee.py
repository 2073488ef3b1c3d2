"""Forms of the membership area: adding a member (or inviting a new person), ending a term,
changing a role, and a committee's names, mandate and quorum rule.

Forms check the shape of what was typed; the rules of the domain (overlapping terms, a new
account needing a name…) are the services', whose errors are shown on the form by
:func:`form_add_service_error`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Language
from communities.models import Side
from p2g.days import site_today
from p2g.forms import DATE_WIDGET, form_add_service_error  # noqa: F401 (re-exported to views)
from p2g.forms import language_first as _language_first

from ..models import MembershipRole


def _check_dates(cleaned: dict, start: str, end: str) -> None:
    if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
        raise ValidationError({end: _("A term cannot end before it starts.")})


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The person's account is found by this address. If there is none yet, one is created and an "
                    "invitation to set a password is emailed to them."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Needed only for a person who has no account yet."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=Language.choices,
        help_text=_("For a new account: the invitation and the site speak this language to them."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    term_start = forms.DateField(label=_("Term start"), **DATE_WIDGET)
    term_end = forms.DateField(
        label=_("Term end"), required=False, help_text=_("Leave empty for a term without a set end."), **DATE_WIDGET
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("term_start", site_today())
        kwargs["initial"].setdefault("preferred_language", translation.get_language() or Language.ENGLISH)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        _check_dates(cleaned, "term_start", "term_end")
        return cleaned


class MembershipEndForm(forms.Form):
    term_end = forms.DateField(label=_("Last day of the term"), **DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: resigned, term completed, moved away. It stays in the committee's history."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("term_end", site_today())
        super().__init__(*args, **kwargs)


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=MembershipRole.choices)
    starts_on = forms.DateField(
        label=_("The new role starts on"),
        help_text=_("The current term ends the day before; its history stays."),
        **DATE_WIDGET,
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, membership, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("starts_on", site_today())
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(v, label) for v, label in MembershipRole.choices if v != membership.role]


class CommitteeForm(forms.Form):
    name_he = forms.CharField(label=_("Name in Hebrew"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    mandate_he = forms.CharField(
        label=_("Mandate in Hebrew"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl"})
    )
    mandate_en = forms.CharField(
        label=_("Mandate in English"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr"})
    )
    quorum_min_members = forms.IntegerField(
        label=_("Quorum: members present"), min_value=1, max_value=500, initial=3
    )
    quorum_needs_both_sides = forms.BooleanField(
        label=_("Quorum: at least one member from each side"), required=False, initial=True
    )
    meeting_reminder_days = forms.CharField(
        label=_("Meeting reminders: days before"),
        required=False,
        initial="7, 1",
        max_length=40,
        help_text=_("Members are reminded of each meeting this many days before, e.g. “7, 1”. Empty: no reminders."),
    )

    def __init__(self, *args, committee=None, **kwargs):
        if committee is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name_he": committee.name_he or "",
                    "name_en": committee.name_en or "",
                    "mandate_he": committee.mandate_he or "",
                    "mandate_en": committee.mandate_en or "",
                    "quorum_min_members": committee.quorum_min_members,
                    "quorum_needs_both_sides": committee.quorum_needs_both_sides,
                    "meeting_reminder_days": ", ".join(str(d) for d in committee.meeting_reminder_days or []),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["name_he"].widget.attrs["dir"] = "rtl"
        self.fields["name_en"].widget.attrs["dir"] = "ltr"
        _language_first(self, ("name", "mandate"))

    def clean_meeting_reminder_days(self) -> list[int]:
        text = self.cleaned_data.get("meeting_reminder_days") or ""
        parts = [p for p in text.replace("،", ",").replace(";", ",").replace(" ", ",").split(",") if p]
        try:
            days = sorted({int(p) for p in parts}, reverse=True)
        except ValueError:
            raise ValidationError(_("Write whole numbers of days separated by commas, e.g. “7, 1”.")) from None
        if any(d < 1 or d > 60 for d in days) or len(days) > 5:
            raise ValidationError(_("Give up to five reminders, each between 1 and 60 days before the meeting."))
        return days

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
