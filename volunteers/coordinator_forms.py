"""Forms of the coordinators' pages: shift filters, writing to a shift, attendance, hours review."""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from . import permissions, selectors
from .models import HoursStatus, Shift

#: How far ahead the coordinator's home page looks by default.
DEFAULT_DAYS_AHEAD = 30


class ShiftPeriod:
    NEXT_30 = "next30"
    UPCOMING = "upcoming"
    PAST = "past"
    CHOICES = [
        (NEXT_30, _("Next 30 days")),
        (UPCOMING, _("All upcoming shifts")),
        (PAST, _("Past shifts")),
    ]


class ProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.partnership.name})"


def _program_field(user, empty_label):
    return ProgramChoiceField(
        label=_("Program"),
        queryset=permissions.coordinated_programs(user).select_related("partnership").order_by("name"),
        required=False,
        empty_label=empty_label,
    )


class ShiftFilterForm(forms.Form):
    """Which of my shifts to list: by program, and the next 30 days, all upcoming or past ones."""

    when = forms.ChoiceField(label=_("Show"), choices=ShiftPeriod.CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"program": _program_field(user, _("All my programs")), **self.fields}

    def shifts(self, qs: QuerySet[Shift], *, now: datetime.datetime) -> QuerySet[Shift]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("program"):
            qs = qs.filter(opportunity__program=data["program"])
        when = data.get("when") or ShiftPeriod.NEXT_30
        if when == ShiftPeriod.PAST:
            return qs.filter(starts_at__lte=now).order_by("-starts_at", "-pk")
        qs = qs.filter(starts_at__gt=now)
        if when == ShiftPeriod.NEXT_30:
            qs = qs.filter(starts_at__lte=now + datetime.timedelta(days=DEFAULT_DAYS_AHEAD))
        return qs.order_by("starts_at", "pk")


class ShiftEmailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The email adds the shift's details and your name, in each volunteer's language."),
    )


class AttendanceForm(forms.Form):
    ATTENDED = "attended"
    NO_SHOW = "no_show"

    result = forms.ChoiceField(choices=[(ATTENDED, _("Attended")), (NO_SHOW, _("No-show"))])

    @property
    def attended(self) -> bool:
        return self.cleaned_data["result"] == self.ATTENDED


class HoursReviewForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give the volunteer a reason."))
        return data


class BulkApproveForm(forms.Form):
    """Approve several waiting entries at once; only entries of my own queue are accepted."""

    hours = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={
            "required": _("Select the hours to approve."),
            "invalid_choice": _("Some of the selected hours are no longer waiting for review."),
            "invalid_pk_value": _("Some of the selected hours are no longer waiting for review."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].queryset = selectors.hours_to_review(user=user)


class HoursExportForm(forms.Form):
    """Which hours to export: by program, year and status (all when left empty)."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1994, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *HoursStatus.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"program": _program_field(user, _("All my programs")), **self.fields}

    def filename(self) -> str:
        data = self.cleaned_data
        parts = ["hours"]
        if data.get("program"):
            parts.append(f"program-{data['program'].pk}")
        parts.append(str(data["year"]) if data.get("year") else "all-years")
        if data.get("status"):
            parts.append(data["status"])
        return "-".join(parts)
