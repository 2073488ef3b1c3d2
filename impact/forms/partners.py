"""Forms of the call for partners: the public application form (with its spam guards), the backbone's
filters, and the accept and decline forms.

The application form guards against robots without bothering people: a honeypot field people never
see (:data:`HONEYPOT`), a signed timestamp of when the form was shown (sent back faster than
``P2G_PARTNER_CALL_MIN_SECONDS`` or older than ``P2G_PARTNER_CALL_MAX_AGE_HOURS``: refused), and
length limits on every field. Each refusal re-shows the form with what was typed and a sentence that
says what to do; ``spam_signal`` tells the view it was one of these (the per-IP and per-email rate
limits are the view's, which knows the request).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from impact.services.partners import (
    CONTACT_NAME_MAX,
    MOTIVATION_MAX,
    ORGANISATION_NAME_MAX,
    PHONE_MAX,
    THEMES_MAX,
)
from p2g.forms import form_add_service_error  # noqa: F401 (re-exported to views)
from partnerships.models import ApplicationStatus, Organisation, Sector

STARTED_SALT = "impact.partner_call.started"
HONEYPOT = "homepage"
OTHER_THEMES_MAX = 300
THEMES_SEPARATOR = "; "


def min_fill_seconds() -> float:
    return float(getattr(settings, "P2G_PARTNER_CALL_MIN_SECONDS", 4))


def max_age_seconds() -> float:
    return float(getattr(settings, "P2G_PARTNER_CALL_MAX_AGE_HOURS", 24)) * 3600


def started_token(at: float | None = None) -> str:
    """The signed moment the form was shown (sent back with it, checked by :class:`PartnerCallForm`)."""
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


def started_read(token: str) -> float | None:
    """The moment of a token, or None when it was tampered with or is not one."""
    try:
        value = signing.loads(token or "", salt=STARTED_SALT)
    except signing.BadSignature:
        return None
    return float(value) if isinstance(value, int | float) else None




class PartnerCallForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Organisation name"), max_length=ORGANISATION_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "organization", "dir": "auto"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=Sector.choices, widget=forms.RadioSelect,
        help_text=_("Government and local authorities, business, or nonprofit organisations and academia."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=CONTACT_NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    contact_email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We write to this address about the application, and open your account on the site with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    contact_phone = forms.CharField(
        label=_("Phone (optional)"), max_length=PHONE_MAX, required=False,
        validators=[RegexValidator(r"^[0-9+()\-\s.]*$", _("Use digits, spaces and + ( ) - only."))],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "dir": "ltr", "inputmode": "tel"}),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes of interest"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The themes of our forums. Choose one or more, or write your own below."),
    )
    themes_other = forms.CharField(
        label=_("Other themes"), max_length=OTHER_THEMES_MAX, required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    motivation = forms.CharField(
        label=_("Why does your organisation want to take part?"), max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto", "data-count-limit": MOTIVATION_MAX}),
    )
    # People never see this field (hidden by the stylesheet, skipped by screen readers and the keyboard).
    homepage = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, themes: list[str] = (), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("started", started_token())
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(theme, theme) for theme in themes]
        if not themes:
            self.fields["themes"].widget = forms.MultipleHiddenInput()
            self.fields["themes_other"].label = _("Themes of interest")
        self.fields["motivation"].help_text = _("At most %(max)d characters.") % {"max": MOTIVATION_MAX}
        self.spam_signal = ""

    def _replace(self, **values) -> None:
        """Change what the re-shown form carries (a fresh timestamp, an emptied honeypot)."""
        self.data = self.data.copy()
        for name, value in values.items():
            self.data[self.add_prefix(name)] = value

    def _check_robots(self) -> None:
        if (self.data.get(self.add_prefix(HONEYPOT)) or "").strip():
            self.spam_signal = "honeypot"
            self._replace(**{HONEYPOT: ""})
            raise ValidationError(
                _("We could not accept the form as it was sent. Please check your answers and send it again."),
                code="honeypot",
            )
        started = started_read(self.data.get(self.add_prefix("started")) or "")
        now = time.time()
        if started is None or now - started > max_age_seconds():
            self.spam_signal = "expired"
            self._replace(started=started_token(now))
            raise ValidationError(
                _("The form was open for a long time. Please check your answers and send it again."),
                code="expired",
            )
        if now - started < min_fill_seconds():
            self.spam_signal = "too_fast"
            raise ValidationError(
                _("The form was sent faster than a person can fill it in. Please check your answers and send it again."),
                code="too_fast",
            )

    def clean(self):
        cleaned = super().clean()
        self._check_robots()
        chosen = [t for t in cleaned.get("themes") or [] if t]
        other = (cleaned.get("themes_other") or "").strip()
        text = THEMES_SEPARATOR.join([*chosen, other] if other else chosen)
        if "themes" not in self.errors and "themes_other" not in self.errors:
            if not text:
                self.add_error("themes", _("Choose at least one theme, or write your own."))
            elif len(text) > THEMES_MAX:
                self.add_error(
                    "themes_other", _("The themes can have at most %(max)d characters together.") % {"max": THEMES_MAX}
                )
        cleaned["themes_text"] = text
        return cleaned

    @property
    def motivation_length(self) -> int:
        value = self["motivation"].value() or ""
        return len(value)


# ---- the backbone's review


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ApplicationStatus.choices]
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices])
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.SearchInput(attrs={"dir": "auto"}),
        help_text=_("Organisation, contact person, email, themes or motivation."),
    )

    def __init__(self, *args, themes: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Any theme")), *((t, t) for t in themes)]

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out, and its error shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or "",
            "sector": data.get("sector") or "",
            "theme": data.get("theme") or "",
            "search": data.get("q") or "",
        }


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_sector_display()})"


class ApplicationAcceptForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Link to an existing organisation"), required=False,
        queryset=Organisation.objects.order_by("name_en", "pk"),
        empty_label=_("— No: create a new organisation —"),
        help_text=_("When the organisation is already known (it sits on a forum, or applied before), choose it."),
    )
    name_he = forms.CharField(label=_("Name in Hebrew"), max_length=ORGANISATION_NAME_MAX, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=ORGANISATION_NAME_MAX, required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), choices=Sector.choices,
        help_text=_("Of a new organisation (a linked one keeps its own)."),
    )
    note = forms.CharField(
        label=_("A word to the applicant (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Included in the email that tells them their application is accepted."),
    )

    def __init__(self, *args, application=None, **kwargs):
        if application is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("sector", application.sector)
            name_field = "name_he" if application.language == "he" else "name_en"
            initial.setdefault(name_field, application.organisation_name)
        super().__init__(*args, **kwargs)
        if translation.get_language() != "he":
            self.order_fields(["organisation", "name_en", "name_he", "sector", "note"])


class ApplicationDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Required. The applicant reads it in the email that tells them of the decision."),
    )
