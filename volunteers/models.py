"""Volunteers: profiles, opportunities within programs, shifts, sign-ups and hours."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_calendar_token():
    return secrets.token_urlsafe(24)


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SpokenLanguage(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")
        ordering = ["name"]

    def __str__(self):
        return self.name


class VolunteerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="volunteers")
    languages = models.ManyToManyField(
        SpokenLanguage, verbose_name=_("languages spoken"), blank=True, related_name="volunteers"
    )
    availability_notes = models.CharField(_("availability notes"), max_length=300, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    calendar_token = models.CharField(_("calendar token"), max_length=64, unique=True, default=new_calendar_token)
    onboarded_at = models.DateTimeField(_("profile completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        ordering = ["user__full_name"]

    def __str__(self):
        return str(self.user)


class Weekday(models.IntegerChoices):
    SUNDAY = 0, _("Sunday")
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class AvailabilitySlot(models.Model):
    profile = models.ForeignKey(
        VolunteerProfile, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    part_of_day = models.CharField(_("part of day"), max_length=10, choices=PartOfDay.choices)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["weekday", "part_of_day"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "weekday", "part_of_day"], name="availability_slot_unique"),
            models.CheckConstraint(condition=Q(weekday__gte=0) & Q(weekday__lte=6), name="availability_weekday_valid"),
            models.CheckConstraint(condition=Q(part_of_day__in=PartOfDay.values), name="availability_part_valid"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.get_part_of_day_display()}"


class Opportunity(models.Model):
    """A way to volunteer within a program, with shifts to sign up for."""

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.CASCADE, related_name="opportunities"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    skills_needed = models.ManyToManyField(Skill, verbose_name=_("skills needed"), blank=True, related_name="opportunities")
    languages = models.ManyToManyField(
        SpokenLanguage, verbose_name=_("languages"), blank=True, related_name="opportunities"
    )
    is_published = models.BooleanField(_("published"), default=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contact person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["title"]
        indexes = [models.Index(fields=["is_published", "program"])]

    def __str__(self):
        return self.title


class ShiftStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Shift(models.Model):
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    location = models.CharField(_("place"), max_length=200, blank=True)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(_("cancel up to (hours before)"), default=24)
    status = models.CharField(_("status"), max_length=10, choices=ShiftStatus.choices, default=ShiftStatus.SCHEDULED)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="shift_ends_after_start",
                violation_error_message=_("A shift must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="shift_capacity_positive",
                violation_error_message=_("A shift needs at least one place."),
            ),
            models.CheckConstraint(condition=Q(status__in=ShiftStatus.values), name="shift_status_valid"),
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["opportunity", "starts_at"]),
            # The finder's "next shift" of each opportunity, read from the index alone.
            models.Index(
                fields=["opportunity", "starts_at"],
                condition=Q(status="scheduled"),
                name="shift_scheduled_next_idx",
            ),
        ]

    def __str__(self):
        return f"{self.opportunity} — {self.starts_at:%Y-%m-%d %H:%M}"


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")


class SignUp(models.Model):
    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="signups"
    )
    status = models.CharField(_("status"), max_length=10, choices=SignUpStatus.choices, default=SignUpStatus.CONFIRMED)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["shift", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                name="signup_once_per_shift",
                violation_error_message=_("This volunteer has already signed up for this shift."),
            ),
            models.CheckConstraint(condition=Q(status__in=SignUpStatus.values), name="signup_status_valid"),
        ]
        indexes = [models.Index(fields=["shift", "status"]), models.Index(fields=["volunteer", "status"])]

    def __str__(self):
        return f"{self.volunteer} — {self.shift}"


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class HoursLog(models.Model):
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="hours_logged"
    )
    program = models.ForeignKey(
        "programs.Program", verbose_name=_("program"), on_delete=models.PROTECT, related_name="hours_logged"
    )
    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), null=True, blank=True, on_delete=models.SET_NULL, related_name="hours_logged"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0.25), MaxValueValidator(24)]
    )
    description = models.CharField(_("what I did"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HoursStatus.choices, default=HoursStatus.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("hours")
        verbose_name_plural = _("hours logged")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="hours_between_0_and_24",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="hours_rejection_has_reason",
                violation_error_message=_("Rejected hours need a reason."),
            ),
            models.CheckConstraint(condition=Q(status__in=HoursStatus.values), name="hours_status_valid"),
            models.UniqueConstraint(
                fields=["volunteer", "shift"],
                condition=Q(shift__isnull=False),
                name="hours_once_per_shift",
                violation_error_message=_("Hours for this shift have already been logged."),
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "date"]),
            models.Index(fields=["program", "status"]),
        ]

    def __str__(self):
        return f"{self.volunteer}: {self.hours} h, {self.date}"

    def get_absolute_url(self):
        return reverse("admin:volunteers_hourslog_change", args=[self.pk])
