"""The volunteer's profile form: asked once at onboarding, editable afterwards."""

import functools

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.models import time_zone_choices
from communities.models import Community, Side
from volunteers.models import PartOfDay, Skill, SpokenLanguage, Weekday

#: Where most of our volunteers live, listed first.
COMMON_TIME_ZONES = (
    "Asia/Jerusalem",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Montreal",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Budapest",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Africa/Johannesburg",
    "Australia/Sydney",
    "Australia/Melbourne",
)

PHONE_CHARACTERS = set("0123456789+-(). /")


def _time_zone_label(name: str) -> str:
    return name.replace("_", " ")


@functools.cache
def _time_zones() -> tuple[tuple[str, ...], tuple[str, ...]]:
    every = [tz for tz, _label in time_zone_choices()]
    known = set(every)
    common = tuple(tz for tz in COMMON_TIME_ZONES if tz in known)
    return common, tuple(tz for tz in every if tz not in set(common))


def time_zone_grouped_choices():
    """Common zones first, then every zone the person model accepts."""
    common, rest = _time_zones()
    return [
        (_("Common time zones"), [(tz, _time_zone_label(tz)) for tz in common]),
        (_("All time zones"), [(tz, _time_zone_label(tz)) for tz in rest]),
    ]


def language_choices():
    """Each language in its own name (English, עברית)."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def community_grouped_choices(include_pk=None):
    """Active communities, grouped Diaspora / Israel, each named and sorted in the page's language."""
    language = get_language() or settings.LANGUAGE_CODE
    other = "he" if language == "en" else "en"
    shown = Q(is_active=True) | Q(pk=include_pk) if include_pk else Q(is_active=True)
    rows = Community.objects.filter(shown)
    groups = {Side.DIASPORA: [], Side.ISRAEL: []}
    for pk, side, name, fallback in rows.values_list("pk", "side", f"name_{language}", f"name_{other}"):
        groups.setdefault(side, []).append((str(pk), name or fallback or str(pk)))
    choices = [("", _("— Choose your community —"))]
    for side, label in Side.choices:
        members = sorted(groups.get(side, []), key=lambda choice: choice[1].casefold())
        if members:
            choices.append((label, members))
    return choices


def availability_choices():
    return [(f"{day}:{part}", f"{day}:{part}") for day in Weekday.values for part in PartOfDay.values]


class ProfileForm(forms.Form):
    """What the portal needs to know about a volunteer (saved by volunteers.services.profile_update)."""

    full_name = forms.CharField(
        label=capfirst(_("full name")),
        max_length=200,
        help_text=_("As you write it, in any language or script."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(label=capfirst(_("preferred language")), choices=language_choices)
    time_zone = forms.ChoiceField(
        label=capfirst(_("time zone")),
        choices=time_zone_grouped_choices,
        help_text=_("Shift times are shown to you in this time zone."),
    )
    home_community = forms.ChoiceField(label=capfirst(_("home community")), required=False)
    phone = forms.CharField(
        label=capfirst(_("phone")),
        max_length=40,
        required=False,
        help_text=_("Optional. Coordinators use it only to reach you about your shifts."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )
    skills = forms.ModelMultipleChoiceField(
        label=capfirst(_("skills")),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=capfirst(_("languages spoken")),
        queryset=SpokenLanguage.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When are you usually available?"),
        choices=availability_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_notes = forms.CharField(
        label=capfirst(_("availability notes")),
        max_length=300,
        required=False,
        help_text=_("For example: not during exam periods, or only online."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, current_community_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_community"].choices = community_grouped_choices(include_pk=current_community_pk)

    @classmethod
    def initial_for(cls, user, profile) -> dict:
        initial = {
            "full_name": user.full_name,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "home_community": str(user.home_community_id or ""),
            "phone": user.phone,
        }
        if profile is not None:
            initial |= {
                "skills": [s.pk for s in profile.skills.all()],
                "languages": [lang.pk for lang in profile.languages.all()],
                "availability": [f"{s.weekday}:{s.part_of_day}" for s in profile.availability.all()],
                "availability_notes": profile.availability_notes,
            }
        return initial

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please write your name."), code="required")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (not set(phone) <= PHONE_CHARACTERS or sum(c.isdigit() for c in phone) < 6):
            raise forms.ValidationError(
                _("Please write a phone number with digits, and + ( ) - if needed."), code="invalid"
            )
        return phone

    def clean_home_community(self):
        value = self.cleaned_data["home_community"]
        if not value:
            return None
        community = Community.objects.filter(pk=int(value)).first()
        if community is None:
            raise forms.ValidationError(_("This community is not in our list."), code="invalid_choice")
        return community

    def clean_availability(self):
        slots = []
        for value in self.cleaned_data["availability"]:
            day, part = value.split(":", 1)
            slots.append((int(day), part))
        return slots

    def availability_grid(self):
        """Rows of the weekday × part-of-day table: (day label, [(part label, value, id, checked)])."""
        if self.is_bound:
            chosen = set(self.data.getlist(self.add_prefix("availability")))
        else:
            chosen = set(self.initial.get("availability") or [])
        rows = []
        for day, day_label in Weekday.choices:
            cells = []
            for part, part_label in PartOfDay.choices:
                value = f"{day}:{part}"
                cells.append(
                    {
                        "value": value,
                        "id": f"id_availability_{day}_{part}",
                        "label": part_label,
                        "checked": value in chosen,
                    }
                )
            rows.append({"day": day, "label": day_label, "cells": cells})
        return rows

    def availability_parts(self):
        return PartOfDay.choices
