"""Forms of communities in establishment. They check the shape of what was typed; the rules
(status moves, stage requirements, dates) are the services', whose errors are shown on the form by
:func:`form_add_service_error`. Evidence files are checked with the meeting attachments' own check.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import time_zone_choices
from p2g.forms import DATE_WIDGET, form_add_service_error  # noqa: F401 (re-exported to views)
from p2g.forms import language_first as _language_first
from partnerships.services.actions import accepted_extensions, attachment_file_check

from .models import Community, CommunityKind, ItemStatus, Stage, TrackItem
from .services import (
    ITEM_TRANSITIONS,
    MANAGER_ONLY_STATUSES,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    NUCLEUS_SIZE_MAX,
    STARTING_STAGES,
    TITLE_MAX_LENGTH,
    track_start_day,
)


def person_label(person) -> str:
    return person.get_full_name() or person.email


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class TrackItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=NOTES_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5})
    )
    started_on = forms.DateField(label=_("Started on"), required=False, **DATE_WIDGET)
    due_on = forms.DateField(label=_("Due on"), required=False, **DATE_WIDGET)
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        help_text=_("For an item marked done; left empty, today is recorded."),
        **DATE_WIDGET,
    )

    def __init__(self, *args, item: TrackItem, manager: bool, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": item.status,
                "notes": item.notes,
                "started_on": item.started_on,
                "due_on": item.due_on,
                "completed_on": item.completed_on,
            },
        )
        super().__init__(*args, **kwargs)
        allowed = [item.status, *ITEM_TRANSITIONS[item.status]]
        if not manager:
            allowed = [s for s in allowed if s == item.status or s not in MANAGER_ONLY_STATUSES]
        self.fields["status"].choices = [(s, ItemStatus(s).label) for s in ItemStatus.values if s in allowed]
        self.fields["notes"].widget.attrs["dir"] = "auto"

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("status", "notes", "started_on", "due_on", "completed_on")}


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH, required=False)
    file = forms.FileField(label=_("Document"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = ", ".join(f".{e}" for e in accepted_extensions())
        self.fields["title"].help_text = _("Leave it empty to use the file's name.")
        self.fields["title"].widget.attrs["dir"] = "auto"
        self.fields["file"].help_text = _("Up to %(max)d MB. Accepted types: %(types)s.") % {
            "max": settings.P2G_MAX_UPLOAD_MB,
            "types": types,
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in accepted_extensions())

    def clean_file(self):
        file = self.cleaned_data["file"]
        try:
            attachment_file_check(file)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("file", exc.messages)) from exc
        return file


class StageMoveForm(forms.Form):
    to = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    on = forms.DateField(
        label=_("Date of the move"), required=False, help_text=_("Left empty, today is recorded."), **DATE_WIDGET
    )


class TrackDetailsForm(forms.Form):
    nucleus_size = forms.IntegerField(
        label=_("Nucleus size (households)"), required=False, min_value=1, max_value=NUCLEUS_SIZE_MAX
    )
    notes = forms.CharField(
        label=_("Notes on the accompaniment"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )


class MilestoneForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_MAX_LENGTH, required=False)
    title_he = forms.CharField(label=_("Title (Hebrew)"), max_length=TITLE_MAX_LENGTH, required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    due_on = forms.DateField(label=_("Due on"), **DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_he"].widget.attrs.update({"dir": "rtl", "lang": "he"})
        self.fields["title_en"].widget.attrs.update({"dir": "ltr", "lang": "en"})
        _language_first(self, ("title",))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title_en") or "").strip() and not (cleaned.get("title_he") or "").strip():
            raise ValidationError(_("Give a title in Hebrew or in English (or both)."))
        return cleaned

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("title_en", "title_he", "stage", "due_on")}


class MilestoneCompleteForm(forms.Form):
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, help_text=_("Left empty, today is recorded."), **DATE_WIDGET
    )


class PersonForm(forms.Form):
    """Choose a person from a short list, or by the email address of their account."""

    person = PersonChoiceField(label=_("Person"), queryset=get_user_model().objects.none(), required=False)
    email = forms.EmailField(
        label=_("Or the email address of their account"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people.order_by("full_name", "email")
        self.fields["person"].empty_label = _("Choose…")

    def clean(self):
        cleaned = super().clean()
        person, email = cleaned.get("person"), (cleaned.get("email") or "").strip()
        if person and email:
            raise ValidationError(_("Choose a person from the list or give an email address, not both."))
        if not person and not email:
            if "email" not in self.errors:
                raise ValidationError(_("Choose a person from the list or give the email address of their account."))
            return cleaned
        if email:
            person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if person is None:
                self.add_error("email", _("No active account has this email address."))
                return cleaned
        cleaned["chosen"] = person
        return cleaned


class MentorAssignForm(PersonForm):
    started_on = forms.DateField(label=_("Mentoring from"), required=False, **DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label = _("Mentor")
        self.initial.setdefault("started_on", timezone.localdate())


class MentorshipEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last day"),
        required=False,
        help_text=_("From this day the mentor no longer sees the community's track. Left empty: today."),
        **DATE_WIDGET,
    )


class RepresentativeForm(PersonForm):
    role = forms.CharField(label=_("Role in the link with the network"), max_length=120, required=False)
    chosen_on = forms.DateField(label=_("Chosen on"), required=False, **DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label = _("Representative")
        self.fields["role"].widget.attrs["dir"] = "auto"
        self.initial.setdefault("chosen_on", timezone.localdate())


class WorkshopChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from django.utils import formats

        return f"{obj.title} ({formats.date_format(obj.held_on, 'DATE_FORMAT')})"


class AttendanceForm(PersonForm):
    workshop = WorkshopChoiceField(label=_("Workshop"), queryset=None)

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops
        self.fields["workshop"].empty_label = _("Choose…")
        self.fields["person"].label = _("Who attended")
        self.order_fields(["workshop", "person", "email"])


class WorkshopForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    title_he = forms.CharField(label=_("Title (Hebrew)"), max_length=200, required=False)
    held_on = forms.DateField(label=_("Date"), **DATE_WIDGET)
    location_en = forms.CharField(label=_("Place (English)"), max_length=200, required=False)
    location_he = forms.CharField(label=_("Place (Hebrew)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_he = forms.CharField(
        label=_("Description (Hebrew)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.endswith("_he"):
                field.widget.attrs.update({"dir": "rtl", "lang": "he"})
            elif name.endswith("_en"):
                field.widget.attrs.update({"dir": "ltr", "lang": "en"})
        _language_first(self, ("title", "location", "description"))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title_en") or "").strip() and not (cleaned.get("title_he") or "").strip():
            raise ValidationError(_("Give a title in Hebrew or in English (or both)."))
        return cleaned

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.country.name})"


class TrackCreateForm(forms.Form):
    """A new establishment track: an existing community not yet accompanied, or a new one described here."""

    NEW_COMMUNITY_FIELDS = ("name_he", "name_en", "country", "kind", "time_zone")

    community = CommunityChoiceField(label=_("An existing community"), queryset=Community.objects.none(), required=False)
    name_he = forms.CharField(label=_("Name (Hebrew)"), max_length=NAME_MAX_LENGTH, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=NAME_MAX_LENGTH, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Kind of community"), choices=CommunityKind.choices, initial=CommunityKind.NUCLEUS)
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Left empty, the country's main time zone."),
    )
    stage = forms.ChoiceField(label=_("Starting stage"), initial=Stage.NUCLEUS)
    started_on = forms.DateField(label=_("Accompaniment started on"), **DATE_WIDGET)
    mentor = PersonChoiceField(label=_("First mentor"), queryset=get_user_model().objects.none(), required=False)
    mentor_email = forms.EmailField(
        label=_("Or the email address of their account"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )

    def __init__(self, *args, communities, people, **kwargs):
        super().__init__(*args, **kwargs)
        from django_countries import countries

        # Offered: ``communities`` (not accompanied yet). Accepted: any active community, so that one opened
        # meanwhile by someone else gets the service's sentence ("already accompanied"), not "not a valid choice".
        field = self.fields["community"]
        field.queryset = Community.objects.filter(is_active=True)
        field.empty_label = _("None: a new community, described below")
        field.widget.choices = [("", field.empty_label), *((c.pk, field.label_from_instance(c)) for c in communities)]
        self.fields["community"].help_text = _("Communities already in the platform that are not accompanied yet.")
        self.fields["country"].choices = [("", _("Choose…")), *countries]
        self.fields["time_zone"].choices = [("", _("The country's main time zone")), *time_zone_choices()]
        self.fields["stage"].choices = [(code, Stage(code).label) for code in STARTING_STAGES]
        self.fields["stage"].help_text = _("A community joins the network from its track's page, once it has chosen its representatives.")
        self.fields["mentor"].queryset = people.order_by("full_name", "email")
        self.fields["mentor"].empty_label = _("No mentor for now")
        self.fields["mentor"].help_text = _("The mentor is told by email, in their language.")
        self.fields["name_he"].widget.attrs.update({"dir": "rtl", "lang": "he"})
        self.fields["name_en"].widget.attrs.update({"dir": "ltr", "lang": "en"})
        self.initial.setdefault("started_on", timezone.localdate())
        _language_first(self, ("name",))

    def new_community_fields(self):
        return [self[name] for name in self.fields if name in self.NEW_COMMUNITY_FIELDS]

    def track_fields(self):
        return [self[name] for name in ("stage", "started_on", "mentor", "mentor_email")]

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        try:
            track_start_day(day)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("started_on", exc.messages)) from exc
        return day

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community")
        named = any((cleaned.get(name) or "").strip() for name in ("name_he", "name_en"))
        if community is not None and named:
            raise ValidationError(
                _("Choose an existing community or give the name of a new one, not both."), code="community_choice"
            )
        if community is None and not named and "community" not in self.errors:
            raise ValidationError(
                _("Choose an existing community from the list, or give the name of a new one."), code="community_missing"
            )
        if community is None and named and not cleaned.get("country") and "country" not in self.errors:
            self.add_error("country", _("Choose the country of the new community."))
        mentor, email = cleaned.get("mentor"), (cleaned.get("mentor_email") or "").strip()
        if mentor and email:
            self.add_error("mentor_email", _("Choose a person from the list or give an email address, not both."))
        elif email:
            mentor = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if mentor is None:
                self.add_error("mentor_email", _("No active account has this email address."))
        cleaned["chosen_mentor"] = mentor
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"stage": data["stage"], "started_on": data["started_on"], "mentor": data.get("chosen_mentor")}
        if data.get("community") is not None:
            kwargs["community"] = data["community"]
        else:
            kwargs["new_community"] = {name: data.get(name) or "" for name in self.NEW_COMMUNITY_FIELDS}
        return kwargs
