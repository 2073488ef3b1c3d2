"""Forms of the meetings area: scheduling (in the viewer's time zone, with warnings to confirm),
agenda items, attendance, decisions and votes, minutes, comments and the list's filter."""

import datetime
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats, numberformat, timezone
from django.utils.translation import gettext_lazy as _

from p2g.forms import form_add_service_error  # noqa: F401 (re-exported to views)
from p2g.forms import language_first as _language_first
from p2g.text import bidi_isolated, time_zone_label

from ..meeting_times import meeting_times
from ..models import AttendanceStatus, Committee, ForumMembership, Meeting, Membership

#: The longest meeting, in minutes (the database holds the same bound).
MAX_DURATION = 24 * 60
#: The longest online link (the column's length).
ONLINE_URL_MAX_LENGTH = Meeting._meta.get_field("online_url").max_length
#: The longest decision, in each language: a decision is a sentence or a paragraph; the discussion is the minutes'.
DECISION_MAX_LENGTH = 5_000
#: The longest minutes (or a forum meeting's summary), in each language: some twenty pages of text.
MINUTES_MAX_LENGTH = 50_000


def _number(value: int) -> str:
    """A count of characters grouped by thousands in every language ("50,000"; Django's Hebrew formats
    leave the grouping unset, which would print 50000)."""
    return numberformat.format(
        value, formats.get_format("DECIMAL_SEPARATOR"), grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"), force_grouping=True,
    )


def no_silent_cut(field: forms.CharField) -> None:
    """A text field whose length is checked by the form only, not by the browser: a ``maxlength`` in the page
    would cut a long pasted text (or link) silently, and the reader would save it broken without knowing."""
    field.widget.attrs.pop("maxlength", None)
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


def refuse_too_long(value: str, limit: int, message) -> str:
    """``value``, or a ``ValidationError`` (code ``too_long``) with ``message`` given ``length`` and ``max``."""
    if len(value) > limit:
        raise ValidationError(
            message % {"length": _number(len(value)), "max": _number(limit)}, code="too_long"
        )
    return value


class MeetingFilterForm(forms.Form):
    """Which committee's meetings to list (choices from the committees already loaded: no query)."""

    committee = forms.TypedChoiceField(label=_("Committee"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, committees: list[Committee], **kwargs):
        super().__init__(*args, **kwargs)
        self.committees = {c.pk: c for c in committees}
        self.fields["committee"].choices = [("", _("All committees"))] + [(c.pk, c.name) for c in committees]

    def committee_chosen(self) -> Committee | None:
        if not (self.is_bound and self.is_valid()):
            return None
        return self.committees.get(self.cleaned_data.get("committee"))


class MeetingForm(forms.Form):
    """A meeting's details. The start is entered in the viewer's own time zone.

    When the start falls on Shabbat, a Jewish holiday in Israel or at night on either side, the
    form is shown again with the warnings and a "Schedule anyway" box to tick: the warnings are
    confirmed for that start and length only (``warned_for``), so changing the time asks again.
    """

    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    title_he = forms.CharField(label=_("Title in Hebrew"), max_length=200, required=False)
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none(), empty_label=None)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=MAX_DURATION, initial=90
    )
    location_en = forms.CharField(label=_("Place in English"), max_length=200, required=False)
    location_he = forms.CharField(label=_("Place in Hebrew"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=ONLINE_URL_MAX_LENGTH,
        required=False,
        assume_scheme="https",
        # a web address reads left to right, in a Hebrew page too
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )
    confirm_warnings = forms.BooleanField(label=_("Schedule anyway"), required=False)
    warned_for = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, committees: list[Committee], partnership, meeting: Meeting | None = None, **kwargs):
        self.meeting = meeting
        self.partnership = partnership
        self.time_zone = timezone.get_current_timezone()
        if meeting is not None and not kwargs.get("initial"):
            local = timezone.localtime(meeting.starts_at, self.time_zone)
            kwargs["initial"] = {
                "title_en": meeting.title_en or "",
                "title_he": meeting.title_he or "",
                "committee": meeting.committee_id,
                "date": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "duration_minutes": meeting.duration_minutes,
                "location_en": meeting.location_en or "",
                "location_he": meeting.location_he or "",
                "online_url": meeting.online_url,
            }
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(pk__in=[c.pk for c in committees]).order_by(
            "kind", "name"
        )
        if meeting is not None:
            # A meeting stays with its committee: its attendance and decisions belong to it.
            del self.fields["committee"]
        self.fields["time"].help_text = _("In your time zone: %(zone)s.") % {"zone": self.time_zone_label}
        self.fields["online_url"].help_text = _("For a meeting online or hybrid: the link people use to join.")
        no_silent_cut(self.fields["online_url"])
        self.time_info = None
        self.time_warnings: list = []
        _language_first(self, ("title", "location"))

    @property
    def time_zone_name(self) -> str:
        return getattr(self.time_zone, "key", str(self.time_zone))

    @property
    def time_zone_label(self) -> str:
        """The viewer's zone in words ("Israel time"), not its code."""
        return time_zone_label(self.time_zone_name)

    def _starts_at(self, date: datetime.date, time: datetime.time) -> datetime.datetime:
        naive = datetime.datetime.combine(date, time.replace(second=0, microsecond=0))
        aware = naive.replace(tzinfo=self.time_zone)
        if aware.astimezone(datetime.UTC).astimezone(self.time_zone).replace(tzinfo=None) != naive:
            raise ValidationError(
                _("That day the clocks move forward (%(zone)s): %(time)s does not exist. Choose another time.")
                % {"time": time.strftime("%H:%M"), "zone": self.time_zone_label},
                code="nonexistent_time",
            )
        return aware

    def clean_online_url(self):
        return refuse_too_long(
            self.cleaned_data["online_url"],
            ONLINE_URL_MAX_LENGTH,
            _(
                "This link has %(length)s characters; an online meeting link can have at most %(max)s. "
                "Use a shorter link to the same meeting."
            ),
        )

    def clean(self):
        data = super().clean()
        if not (data.get("title_en") or "").strip() and not (data.get("title_he") or "").strip():
            self.add_error(None, ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing"))
        if data.get("date") is None or data.get("time") is None:
            return data
        try:
            starts_at = self._starts_at(data["date"], data["time"])
        except ValidationError as exc:
            self.add_error("time", exc)
            return data
        data["starts_at"] = starts_at
        self.time_info = meeting_times(starts_at, self.partnership, duration_minutes=data.get("duration_minutes"))
        unchanged = (
            self.meeting is not None
            and self.meeting.starts_at == starts_at
            and self.meeting.duration_minutes == data.get("duration_minutes")
        )
        warnings = [] if unchanged else list(getattr(self.time_info, "warnings", []) or [])
        if warnings:
            self.time_warnings = warnings
            key = f"{starts_at.isoformat()}/{data.get('duration_minutes')}"
            confirmed = data.get("confirm_warnings") and data.get("warned_for") == key
            if not confirmed:
                self.data = self.data.copy()
                self.data[self.add_prefix("warned_for")] = key
                self.data.pop(self.add_prefix("confirm_warnings"), None)
                self.add_error(
                    "confirm_warnings",
                    ValidationError(
                        _("Read the warnings about this time. Tick “Schedule anyway” to keep it, or choose another time."),
                        code="warnings_not_confirmed",
                    ),
                )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title_en": data["title_en"],
            "title_he": data["title_he"],
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "location_en": data["location_en"],
            "location_he": data["location_he"],
            "online_url": data["online_url"],
        }


class AgendaItemForm(forms.Form):
    """An agenda item; the presenter is chosen from the members (no query to render).

    ``members``: rows with ``person`` and ``person_id``, the committee's terms or the forum's seats
    (a forum meeting's agenda uses this form too).
    """

    title_en = forms.CharField(label=_("Item in English"), max_length=300, required=False)
    title_he = forms.CharField(label=_("Item in Hebrew"), max_length=300, required=False)
    presenter = forms.TypedChoiceField(label=_("Presenter"), coerce=int, required=False, empty_value=None)
    duration_minutes = forms.IntegerField(label=_("Minutes allotted"), min_value=1, max_value=MAX_DURATION, required=False)
    notes_en = forms.CharField(label=_("Notes in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    notes_he = forms.CharField(label=_("Notes in Hebrew"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, members: Iterable[Membership | ForumMembership], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {term.person_id: term.person for term in members}
        # An option holds plain text: a name written the other way than the page is isolated, so that its
        # parentheses stay where they were typed.
        self.fields["presenter"].choices = [("", _("No presenter"))] + [
            (pk, bidi_isolated(person.get_full_name() or person.email)) for pk, person in self.people.items()
        ]
        _language_first(self, ("title", "notes"))

    @classmethod
    def initial_for(cls, item) -> dict:
        return {
            "title_en": item.title_en or "",
            "title_he": item.title_he or "",
            "presenter": item.presenter_id,
            "duration_minutes": item.duration_minutes,
            "notes_en": item.notes_en or "",
            "notes_he": item.notes_he or "",
        }

    def clean(self):
        data = super().clean()
        if not (data.get("title_en") or "").strip() and not (data.get("title_he") or "").strip():
            self.add_error(None, ValidationError(_("Give a title in Hebrew or in English (or both)."), code="title_missing"))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title_en": data["title_en"],
            "title_he": data["title_he"],
            "presenter": self.people.get(data["presenter"]),
            "duration_minutes": data["duration_minutes"],
            "notes_en": data["notes_en"],
            "notes_he": data["notes_he"],
        }


class AttendanceForm(forms.Form):
    """One row per member of the committee on the meeting's day: present, online, excused or absent."""

    def __init__(self, *args, members: Iterable[Membership], **kwargs):
        """``members`` carry ``attendance_status`` (selectors.meetings.committee_members_on with the meeting)."""
        super().__init__(*args, **kwargs)
        self.members = list(members)
        self.choices = choices = [("", _("Not recorded")), *AttendanceStatus.choices]
        for term in self.members:
            self.fields[self.field_name(term.person_id)] = forms.ChoiceField(
                label=term.person.get_full_name(),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=getattr(term, "attendance_status", None) or "",
            )

    @staticmethod
    def field_name(person_id: int) -> str:
        return f"person_{person_id}"

    def rows(self):
        """(term, bound field) per member, in the table's order."""
        return [(term, self[self.field_name(term.person_id)]) for term in self.members]

    def statuses(self) -> dict[int, str | None]:
        return {term.person_id: self.cleaned_data.get(self.field_name(term.person_id)) or None for term in self.members}


class DecisionForm(forms.Form):
    text_en = forms.CharField(label=_("Decision in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    text_he = forms.CharField(label=_("Decision in Hebrew"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=9999, required=False)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=9999, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstain"), min_value=0, max_value=9999, required=False)

    VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstain")

    TOO_LONG = _(
        "This decision has %(length)s characters; a decision can have at most %(max)s. Keep it to what was decided."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _language_first(self, ("text",))

    def clean_text_en(self):
        return refuse_too_long(self.cleaned_data["text_en"], DECISION_MAX_LENGTH, self.TOO_LONG)

    def clean_text_he(self):
        return refuse_too_long(self.cleaned_data["text_he"], DECISION_MAX_LENGTH, self.TOO_LONG)

    @classmethod
    def initial_for(cls, decision) -> dict:
        return {
            "text_en": decision.text_en or "",
            "text_he": decision.text_he or "",
            "votes_for": decision.votes_for,
            "votes_against": decision.votes_against,
            "votes_abstain": decision.votes_abstain,
        }

    def vote_fields(self):
        return [self[name] for name in self.VOTE_FIELDS]

    def clean(self):
        data = super().clean()
        refused = self.has_error("text_en") or self.has_error("text_he")  # too long: its field says so
        if not refused and not (data.get("text_en") or "").strip() and not (data.get("text_he") or "").strip():
            self.add_error(
                None, ValidationError(_("Write the decision in Hebrew or in English (or both)."), code="decision_text_missing")
            )
        given = [name for name in self.VOTE_FIELDS if data.get(name) is not None]
        if given and len(given) != len(self.VOTE_FIELDS) and not any(self.has_error(n) for n in self.VOTE_FIELDS):
            self.add_error(
                None,
                ValidationError(
                    _("A vote records for, against and abstain together (0 where none), or none of them."),
                    code="vote_incomplete",
                ),
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("text_en", "text_he", *self.VOTE_FIELDS)}


class MinutesForm(forms.Form):
    """A meeting's minutes (a forum meeting's summary), in each language."""

    minutes_en = forms.CharField(label=_("Minutes in English"), widget=forms.Textarea(attrs={"rows": 14}), required=False)
    minutes_he = forms.CharField(label=_("Minutes in Hebrew"), widget=forms.Textarea(attrs={"rows": 14}), required=False)

    TOO_LONG = _(
        "This text has %(length)s characters; it can have at most %(max)s. "
        "Shorten it, or attach the full document to the meeting as a file."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _language_first(self, ("minutes",))

    def clean_minutes_en(self):
        return refuse_too_long(self.cleaned_data["minutes_en"], MINUTES_MAX_LENGTH, self.TOO_LONG)

    def clean_minutes_he(self):
        return refuse_too_long(self.cleaned_data["minutes_he"], MINUTES_MAX_LENGTH, self.TOO_LONG)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
