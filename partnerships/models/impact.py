"""Collective impact (seed 004): partner organisations, the call for partners, forums."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

FORUM_MAX_MEMBERS = 20


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government sector")
    BUSINESS = "business", _("Business sector")
    NONPROFIT = "nonprofit", _("Nonprofit sector")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    description = models.TextField(_("description"), blank=True)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("contacts"), through="OrganisationContact", related_name="organisations"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(sector__in=Sector.values), name="organisation_sector_valid")]
        indexes = [models.Index(fields=["sector"])]

    def __str__(self):
        return self.name


class OrganisationContact(models.Model):
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=120, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("organisation contact")
        verbose_name_plural = _("organisation contacts")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="organisation_contact_unique"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_primary=True), name="organisation_one_primary_contact"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PartnerApplication(models.Model):
    """An organisation's answer to the call for partners."""

    organisation_name = models.CharField(_("organisation name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    themes = models.CharField(_("themes of interest"), max_length=500)
    motivation = models.TextField(_("motivation"), max_length=3000)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="he")
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="partner_applications",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"),
            models.CheckConstraint(condition=Q(sector__in=Sector.values), name="application_sector_valid"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="application_decline_has_reason",
                violation_error_message=_("A declined application needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(decided_at__isnull=False),
                name="application_decision_has_date",
                violation_error_message=_("An accepted or declined application needs the date of the decision."),
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return self.organisation_name


class Forum(models.Model):
    """A thematic cross-sector forum of at most 20 members."""

    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_national = models.BooleanField(_("national forum"), default=False)
    target_government = models.PositiveSmallIntegerField(
        _("target seats: government"), default=7, validators=[MaxValueValidator(FORUM_MAX_MEMBERS)]
    )
    target_business = models.PositiveSmallIntegerField(
        _("target seats: business"), default=6, validators=[MaxValueValidator(FORUM_MAX_MEMBERS)]
    )
    target_nonprofit = models.PositiveSmallIntegerField(
        _("target seats: nonprofit"), default=7, validators=[MaxValueValidator(FORUM_MAX_MEMBERS)]
    )
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), through="ForumMembership", related_name="forums"
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_government__lte=FORUM_MAX_MEMBERS - F("target_business") - F("target_nonprofit")),
                name="forum_targets_fit_in_20",
                violation_error_message=_("The target seats of the three sectors add up to at most 20."),
            ),
        ]

    def __str__(self):
        return self.name


class ForumMembership(models.Model):
    """A seat on a forum. Active members hold seats 1–20, one each: the database refuses a 21st."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="forum_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="forum_memberships"
    )
    seat = models.PositiveSmallIntegerField(
        _("seat"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(FORUM_MAX_MEMBERS)],
    )
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        ordering = ["forum", "seat"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(left_on__isnull=True) & Q(seat__isnull=False) & Q(seat__gte=1) & Q(seat__lte=FORUM_MAX_MEMBERS)
                )
                | (Q(left_on__isnull=False) & Q(seat__isnull=True)),
                name="forum_member_holds_seat_1_to_20",
                violation_error_message=_("A forum has at most 20 members."),
            ),
            models.UniqueConstraint(
                fields=["forum", "seat"],
                condition=Q(left_on__isnull=True),
                name="forum_seat_taken_once",
                violation_error_message=_("This seat is already taken."),
            ),
            models.UniqueConstraint(
                fields=["forum", "person"],
                condition=Q(left_on__isnull=True),
                name="forum_member_once",
                violation_error_message=_("This person is already a member of this forum."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="forum_member_leaves_after_joining",
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.forum}"


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class Newsletter(models.Model):
    """The collective-impact newsletter, written in Hebrew and English, sent once to every partner."""

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NewsletterStatus.values), name="newsletter_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="newsletter_sent_has_date",
                violation_error_message=_("A sent newsletter needs the time it was sent."),
            ),
        ]

    def __str__(self):
        return self.subject
