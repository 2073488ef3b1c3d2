"""Living Bridge programs, activities, budgets and shared measurement in the staff admin."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from p2g.admin import TabularInline, TranslatedAdmin, both_languages, person_search

from .models import (
    Activity,
    BudgetAllocation,
    ExchangeRate,
    Indicator,
    IndicatorTarget,
    Measurement,
    Program,
    ProgramCoordinator,
)

PROGRAM_SEARCH = (*both_languages("program__name"), *both_languages("program__partnership__name"))


class CoordinatorInline(TabularInline):
    model = ProgramCoordinator
    extra = 0
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "program")


@admin.register(Program)
class ProgramAdmin(TranslatedAdmin):
    list_display = ("name", "partnership", "program_type", "category", "status", "starts_on", "ends_on")
    list_select_related = ("partnership",)
    list_filter = ("status", "category", "program_type", "partnership")
    search_fields = (*both_languages("name"), *both_languages("partnership__name"))
    date_hierarchy = "starts_on"
    ordering = ("partnership__name", "name")
    autocomplete_fields = ("partnership", "communities")
    inlines = (CoordinatorInline,)


@admin.register(ProgramCoordinator)
class ProgramCoordinatorAdmin(admin.ModelAdmin):
    list_display = ("person", "program", "partnership", "since")
    list_select_related = ("person", "program__partnership")
    list_filter = ("program__partnership",)
    search_fields = (*person_search("person"), *PROGRAM_SEARCH)
    ordering = ("program__partnership__name", "program__name", "id")
    autocomplete_fields = ("program", "person")

    @admin.display(description=_("partnership"), ordering="program__partnership__name")
    def partnership(self, obj):
        return obj.program.partnership


@admin.register(Activity)
class ActivityAdmin(TranslatedAdmin):
    list_display = (
        "title",
        "program",
        "partnership",
        "kind",
        "date",
        "participants_diaspora",
        "participants_israel",
        "participants_total",
    )
    list_select_related = ("program__partnership",)
    list_filter = ("kind", "program__category", "program__program_type", "program__partnership")
    search_fields = (*both_languages("title"), *both_languages("program__name"))  # partnership: a filter
    date_hierarchy = "date"
    ordering = ("-date", "-id")
    autocomplete_fields = ("program",)
    show_full_result_count = False

    @admin.display(description=_("partnership"), ordering="program__partnership__name")
    def partnership(self, obj):
        return obj.program.partnership

    @admin.display(description=_("participants"))
    def participants_total(self, obj):
        return obj.participants_total


@admin.register(BudgetAllocation)
class BudgetAllocationAdmin(SimpleHistoryAdmin):
    list_display = (
        "partnership",
        "fiscal_year",
        "program",
        "category",
        "funding_source",
        "currency",
        "proposed_amount",
        "approved_amount",
        "spent_amount",
        "status",
    )
    list_display_links = ("partnership", "fiscal_year", "program")
    list_select_related = ("partnership", "program")
    list_filter = ("fiscal_year", "category", "funding_source", "status", "currency", "partnership")
    search_fields = (*both_languages("program__name"), *both_languages("partnership__name"), "notes")
    ordering = ("-fiscal_year", "partnership__name", "program__name", "id")
    autocomplete_fields = ("partnership", "program")
    readonly_fields = ("status_changed_by", "status_changed_at")
    fieldsets = (
        (None, {"fields": ("partnership", "fiscal_year", "program", "category", "funding_source")}),
        (_("Amounts"), {"fields": ("currency", "proposed_amount", "approved_amount", "spent_amount")}),
        (
            _("Status"),
            {"fields": ("status", "status_reason", "status_changed_by", "status_changed_at", "spending_report_due_on")},
        ),
        (None, {"fields": ("notes",)}),
    )
    actions = ("approve",)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or not change:
            obj.status_changed_by, obj.status_changed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve selected submitted allocations (for their approved amount, else as proposed)"))
    def approve(self, request, queryset):
        """The same rules as the workspace: only submitted lines, never above what was proposed."""
        from django.core.exceptions import ValidationError

        from . import services

        approved = 0
        for allocation in queryset.select_related("program", "partnership"):
            try:
                services.allocation_approve(
                    allocation=allocation,
                    approved_amount=allocation.approved_amount or allocation.proposed_amount,
                    by=request.user,
                )
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(allocation)s was not approved: %(reason)s")
                    % {"allocation": allocation, "reason": " ".join(error.messages)},
                    level="warning",
                )
            else:
                approved += 1
        self.message_user(
            request,
            ngettext("%(count)d allocation approved.", "%(count)d allocations approved.", approved) % {"count": approved},
        )


class TargetInline(TabularInline):
    model = IndicatorTarget
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


@admin.register(Indicator)
class IndicatorAdmin(TranslatedAdmin):
    list_display = ("name", "owner", "unit", "direction", "baseline_value", "baseline_year")
    list_select_related = ("partnership", "forum")
    list_filter = ("direction", "forum", "partnership")
    search_fields = (*both_languages("name"), *both_languages("partnership__name"), *both_languages("forum__name"))
    ordering = ("name",)
    autocomplete_fields = ("partnership", "forum")
    inlines = (TargetInline,)

    @admin.display(description=_("partnership or forum"))
    def owner(self, obj):
        return obj.partnership or obj.forum


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "period", "target_value")
    list_select_related = ("indicator",)
    list_filter = ("period",)
    search_fields = both_languages("indicator__name")
    ordering = ("indicator__name", "period")
    autocomplete_fields = ("indicator",)


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "period", "value", "organisation", "reported_by", "reported_at")
    list_select_related = ("indicator", "organisation", "reported_by")
    list_filter = ("period", "organisation__sector", "indicator__forum", "indicator__partnership")
    search_fields = (*both_languages("indicator__name"), *both_languages("organisation__name"), "note")
    date_hierarchy = "reported_at"
    ordering = ("indicator__name", "-period", "id")
    autocomplete_fields = ("indicator", "organisation")
    readonly_fields = ("reported_by", "reported_at")
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        obj.reported_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Rates the dashboards use to add budget lines of different currencies together."""

    list_display = ("currency", "year", "units_per_usd")
    list_filter = ("currency",)
    search_fields = ("currency", "year")
    ordering = ("currency", "-year")
