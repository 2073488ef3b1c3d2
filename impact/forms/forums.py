"""Forms of the forums area. The committee meetings' forms are reused where a forum meeting needs the
same thing (scheduling in the viewer's time zone with its warnings, agenda items with a presenter
among the forum's members, attendance, decisions and votes, minutes, attachments); the rules
themselves live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from partnerships.forms.actions import AttachmentForm
from partnerships.forms.meetings import MeetingForm, MinutesForm
from partnerships.models import FORUM_MAX_MEMBERS, Meeting, OrganisationContact
from partnerships.models.meetings import AttachmentKind

from ..selectors.forums import contacts_by_email
from ..services.forums import bidi_isolated

#: The kinds of a forum meeting's materials.
FORUM_ATTACHMENT_KINDS = (AttachmentKind.BOOKLET, AttachmentKind.SLIDES, AttachmentKind.OTHER)


def text_directions(form: forms.Form) -> forms.Form:
    """Each field written in one language (``title_en``, ``notes_he``…) is typed in that language's direction,
    whatever the page's: English left to right in a Hebrew page, Hebrew right to left in an English one."""
    for name, field in form.fields.items():
        if name.endswith("_en"):
            field.widget.attrs.setdefault("dir", "ltr")
        elif name.endswith("_he"):
            field.widget.attrs.setdefault("dir", "rtl")
    return form


class ForumMeetingForm(MeetingForm):
    """A forum meeting's title, start (typed in the viewer's own time zone), length and place.

    Shabbat, holidays in Israel and night are warned about as for a committee's meeting.
    """

    def __init__(self, *args, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, committees=[], partnership=None, meeting=meeting, **kwargs)
        self.fields.pop("committee", None)
        self.fields["online_url"].widget.attrs["dir"] = "ltr"
        text_directions(self)


class ForumSummaryForm(MinutesForm):
    """A forum meeting's summary (a committee's "minutes"), in Hebrew, English or both, each typed in its direction."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes_en"].label = _("Summary in English")
        self.fields["minutes_he"].label = _("Summary in Hebrew")
        text_directions(self)


class ForumAttachmentForm(AttachmentForm):
    """A material of a forum meeting: the booklet, the slides or another file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in FORUM_ATTACHMENT_KINDS]
        self.fields["kind"].initial = AttachmentKind.BOOKLET
        self.fields["file"].error_messages["required"] = _("Choose the file to attach.")


class SurveyForm(forms.Form):
    survey_url = forms.URLField(
        label=_("Survey link"),
        max_length=Meeting._meta.get_field("survey_url").max_length,
        required=False,
        assume_scheme="https",
        help_text=_("Sent with the summary. Leave it empty when there is no survey."),
        # a web address reads left to right, in a Hebrew page too
        widget=forms.URLInput(attrs={"dir": "ltr", "class": "forum-survey-url"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No maxlength in the page: a browser would cut a long pasted link silently (and save a broken one);
        # the field says how long it may be instead.
        field = self.fields["survey_url"]
        field.widget.attrs.pop("maxlength", None)
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]

    def clean_survey_url(self):
        survey_url = self.cleaned_data["survey_url"]
        limit = self.fields["survey_url"].max_length
        if len(survey_url) > limit:
            raise ValidationError(
                _("This link has %(length)d characters; a survey link can have at most %(max)d. "
                  "Use the survey's short link (survey tools offer one)."),
                code="survey_url_long",
                params={"length": len(survey_url), "max": limit},
            )
        return survey_url


class ForumMemberAddForm(forms.Form):
    """Who joins the forum: a contact chosen under their organisation, or the email of a contact."""

    contact = forms.TypedChoiceField(label=_("Organisation and person"), coerce=int, required=False, empty_value=None)
    email = forms.EmailField(
        label=_("Or the email of a contact"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"})
    )
    seat = forms.TypedChoiceField(label=_("Seat"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, contacts: list[OrganisationContact], free_seats: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {c.pk: c for c in contacts}
        groups: dict[int, tuple[str, list]] = {}
        # A list's option holds plain text: a name in the other language is isolated (its parentheses stay put).
        for contact in contacts:
            label = bidi_isolated(contact.person.get_full_name() or contact.person.email)
            if contact.role:
                label = f"{label} ({bidi_isolated(contact.role)})"
            org = contact.organisation
            group = f"{bidi_isolated(org.name)} — {org.get_sector_display()}"
            groups.setdefault(org.pk, (group, []))[1].append((contact.pk, label))
        self.fields["contact"].choices = [("", _("Choose an organisation's contact")), *groups.values()]
        self.fields["contact"].help_text = _("Contacts are listed under their organisation and its sector.")
        self.fields["email"].help_text = _("The address of a contact of an organisation, instead of choosing above.")
        self.fields["seat"].choices = [("", _("The first free seat"))] + [(s, str(s)) for s in free_seats]
        self.fields["seat"].help_text = _("A forum has seats 1 to %(max)d.") % {"max": FORUM_MAX_MEMBERS}
        self.chosen: OrganisationContact | None = None

    def clean(self):
        data = super().clean()
        contact_pk, email = data.get("contact"), (data.get("email") or "").strip()
        if self.has_error("contact") or self.has_error("email"):
            return data
        if contact_pk and email:
            raise ValidationError(_("Choose a person in the list or give an email address, not both."), code="both")
        if contact_pk:
            self.chosen = self.contacts.get(contact_pk)
            if self.chosen is None:
                self.add_error("contact", _("Choose one of the contacts offered."))
            return data
        if not email:
            raise ValidationError(_("Choose a person in the list or give the email of a contact."), code="none")
        found = contacts_by_email(email)
        if not found:
            self.add_error(
                "email",
                _("No contact of an organisation has this email address. Add the person as a contact of "
                  "their organisation first."),
            )
        elif len(found) > 1:
            self.add_error(
                "email",
                _("This person is a contact of several organisations: choose them in the list, under the "
                  "organisation they sit for."),
            )
        else:
            self.chosen = found[0]
        return data

    def service_kwargs(self) -> dict:
        return {
            "organisation": self.chosen.organisation,
            "person": self.chosen.person,
            "seat": self.cleaned_data.get("seat"),
        }
