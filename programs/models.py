"""Living Bridge programs, their activities, budgets and shared measurement."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ProgramType(models.TextChoices):
    SCHOOL_TWINNING = "school_twinning", _("School twinning")
    PROFESSIONAL_EXCHANGE = "professional_exchange", _("Professional exchange")
    MISSION = "mission", _("Mission or delegation")
    YOUNG_LEADERSHIP = "young_leadership", _("Young leadership")
    CULTURE_ARTS = "culture_arts", _("Culture and arts")
    VOLUNTEERING = "volunteering", _("Volunteering")
    OTHER = "other", _("Other")


class Category(models.TextChoices):
    PERSONAL_CONNECTIONS = "personal", _("Personal connections")
    REGIONAL_DEVELOPMENT = "regional", _("Regional development")


class ProgramStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


class Program(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    program_type = models.CharField(_("type"), max_length=24, choices=ProgramType.choices)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    status = models.CharField(_("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    communities = models.ManyToManyField(
        "communities.Community", verbose_name=_("communities"), related_name="programs", blank=True
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        through="ProgramCoordinator",
        related_name="coordinated_programs",
        blank=True,
    )

    class Meta:
        verbose_name = _("Living Bridge program")
        verbose_name_plural = _("Living Bridge programs")
        ordering = ["partnership__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="program_ends_after_start",
                violation_error_message=_("A program cannot end before it starts."),
            ),
            models.CheckConstraint(condition=Q(program_type__in=ProgramType.values), name="program_type_valid"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="program_category_valid"),
            models.CheckConstraint(condition=Q(status__in=ProgramStatus.values), name="program_status_valid"),
        ]
        indexes = [models.Index(fields=["partnership", "status"]), models.Index(fields=["program_type"])]

    def __str__(self):
        return self.name


class ProgramCoordinator(models.Model):
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("program coordinator")
        verbose_name_plural = _("program coordinators")
        constraints = [models.UniqueConstraint(fields=["program", "person"], name="program_coordinator_unique")]

    def __str__(self):
        return f"{self.person} — {self.program}"


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    ENCOUNTER = "encounter", _("Encounter")


class Activity(models.Model):
    """An activity or encounter of a program, with participants counted per side."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices, default=ActivityKind.ACTIVITY)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    participants_diaspora = models.PositiveIntegerField(_("participants from the Diaspora"), default=0)
    participants_israel = models.PositiveIntegerField(_("participants from Israel"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid")]
        indexes = [models.Index(fields=["program", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return self.title

    @property
    def participants_total(self):
        return self.participants_diaspora + self.participants_israel


class FundingSource(models.TextChoices):
    FEDERATIONS = "federations", _("Federations")
    KEREN_HAYESOD = "keren_hayesod", _("Keren Hayesod")
    JEWISH_AGENCY = "jewish_agency", _("The Jewish Agency")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    OTHER = "other", _("Other")


class Currency(models.TextChoices):
    USD = "USD", _("US dollar")
    ILS = "ILS", _("New Israeli shekel")
    EUR = "EUR", _("Euro")
    GBP = "GBP", _("Pound sterling")
    CAD = "CAD", _("Canadian dollar")
    AUD = "AUD", _("Australian dollar")
    ZAR = "ZAR", _("South African rand")
    ARS = "ARS", _("Argentine peso")


class ExchangeRate(models.Model):
    """How many units of a currency one US dollar bought in a fiscal year.

    Budget lines keep their own currency; dashboards convert them to the reporting currency
    (``P2G_REPORTING_CURRENCY``, US dollars) with the rate of the line's fiscal year, or the
    nearest year that has one. Staff keep the rates in the admin.
    """

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    units_per_usd = models.DecimalField(
        _("units per US dollar"), max_digits=14, decimal_places=6, validators=[MinValueValidator(0.000001)]
    )

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "year"],
                name="exchange_rate_once_per_year",
                violation_error_message=_("This currency already has a rate for this year."),
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0),
                name="exchange_rate_positive",
                violation_error_message=_("A rate must be greater than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.year}: {self.units_per_usd}"


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed")


class BudgetAllocation(models.Model):
    """One line of a partnership's budget for a fiscal year.

    Rules the database holds: amounts are never negative; an approved (or closed)
    allocation has an approved amount; nothing is spent before approval, and never
    more than was approved.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="allocations"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="allocations")
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    funding_source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.USD)
    proposed_amount = models.DecimalField(
        _("proposed amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    approved_amount = models.DecimalField(
        _("approved amount"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    spent_amount = models.DecimalField(
        _("spent amount"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=10, choices=AllocationStatus.choices, default=AllocationStatus.PROPOSED)
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("status changed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    spending_report_due_on = models.DateField(_("spending report due"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        ordering = ["-fiscal_year", "partnership__name", "program__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_amount__gte=0) & Q(spent_amount__gte=0)
                & (Q(approved_amount__isnull=True) | Q(approved_amount__gte=0)),
                name="allocation_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(spent_amount=0) | Q(approved_amount__isnull=False, spent_amount__lte=F("approved_amount")),
                name="allocation_spent_within_approved",
                violation_error_message=_("Spending cannot exceed the approved amount (nothing is spent before approval)."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "closed"]) | Q(approved_amount__isnull=False),
                name="allocation_approved_has_amount",
                violation_error_message=_("An approved allocation needs an approved amount."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(status_reason=""),
                name="allocation_returned_has_reason",
                violation_error_message=_("A returned allocation needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=1994) & Q(fiscal_year__lte=2100),
                name="allocation_fiscal_year_range",
                violation_error_message=_("The fiscal year must be between 1994 and 2100."),
            ),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="allocation_category_valid"),
            models.CheckConstraint(condition=Q(funding_source__in=FundingSource.values), name="allocation_source_valid"),
            models.CheckConstraint(condition=Q(status__in=AllocationStatus.values), name="allocation_status_valid"),
            models.UniqueConstraint(
                fields=["partnership", "fiscal_year", "program", "category", "funding_source"],
                name="allocation_one_line_per_program_category_source",
                violation_error_message=_(
                    "This program already has an allocation for this fiscal year, category and funding source."
                ),
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "partnership"]), models.Index(fields=["partnership", "status"])]

    def __str__(self):
        return f"{self.program} — {self.fiscal_year} ({self.get_funding_source_display()})"

    def clean(self):
        super().clean()
        if self.program_id and self.partnership_id and self.program.partnership_id != self.partnership_id:
            raise ValidationError({"program": _("The program belongs to another partnership.")})


class IndicatorDirection(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class IndicatorAggregation(models.TextChoices):
    SUM = "sum", _("Add the organisations' figures up")
    AVERAGE = "average", _("Average the organisations' figures (rates, percentages)")


class Indicator(models.Model):
    """An agreed measure with a baseline, owned by a partnership or by a forum."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name=_("partnership"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="indicators",
    )
    forum = models.ForeignKey(
        "partnerships.Forum", verbose_name=_("forum"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=IndicatorDirection.choices, default=IndicatorDirection.INCREASE
    )
    baseline_value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    aggregation = models.CharField(
        _("figures of several organisations"), max_length=10, choices=IndicatorAggregation.choices,
        default=IndicatorAggregation.SUM,
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnership__isnull=False) & Q(forum__isnull=True))
                | (Q(partnership__isnull=True) & Q(forum__isnull=False)),
                name="indicator_owned_by_partnership_or_forum",
                violation_error_message=_("An indicator belongs to either a partnership or a forum."),
            ),
        ]

    def __str__(self):
        return self.name


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets")
    period = models.PositiveSmallIntegerField(_("year"))
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="indicator_target_once_per_period")]

    def __str__(self):
        return f"{self.indicator} {self.period}: {self.target_value}"


class Measurement(models.Model):
    """A reported figure for a period; one per organisation (or none, for a partnership), indicator and period.

    Corrections update the row; its history keeps every earlier value.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="measurements"
    )
    period = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    organisation = models.ForeignKey(
        "partnerships.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="measurements",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), auto_now=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period"],
                condition=Q(organisation__isnull=False),
                name="measurement_once_per_organisation_period",
                violation_error_message=_("This organisation has already reported this indicator for this period."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(organisation__isnull=True),
                name="measurement_once_per_period_without_organisation",
                violation_error_message=_("This indicator already has a figure for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.period}: {self.value}"
