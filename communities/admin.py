"""Communities and the establishment track of new communities, in the staff admin."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from p2g.admin import (
    COMPACT_TEXT,
    OpenEndedFilter,
    TabularInline,
    TranslatedAdmin,
    TranslatedTabularInline,
    both_languages,
    person_search,
    related_count,
    today,
)
from partnerships.models import PartnershipCommunity
from partnerships.services import partnership_sides_validate

from .models import (
    Community,
    CommunityLeader,
    EstablishmentTrack,
    ItemStatus,
    Mentorship,
    Milestone,
    NetworkRepresentative,
    TrackEvidence,
    TrackItem,
    Workshop,
    WorkshopAttendance,
)

COMMUNITY_SEARCH = both_languages("community__name")


class CommunityForm(forms.ModelForm):
    """Moving a community to the other side must not leave a partnership with an empty side."""

    # No Meta: the admin builds the form for its model and fields (modelform_factory).

    def clean(self):
        cleaned = super().clean()
        side = cleaned.get("side")
        if self.instance.pk and side and "side" in self.changed_data:
            for partnership_id in self.instance.partnership_links.values_list("partnership_id", flat=True):
                others = (
                    PartnershipCommunity.objects.filter(partnership_id=partnership_id)
                    .exclude(community=self.instance)
                    .values_list("community__side", flat=True)
                )
                partnership_sides_validate([*others, side])
        return cleaned


class LeaderInline(TabularInline):
    model = CommunityLeader
    extra = 0
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "community")


@admin.register(Community)
class CommunityAdmin(TranslatedAdmin):
    form = CommunityForm
    list_display = ("name", "side", "kind", "country", "locality", "parent", "national_priority_region", "is_active")
    list_select_related = ("parent",)
    list_filter = (
        "side",
        "kind",
        ("country", CountryFilter),
        "national_priority_region",
        "is_active",
        ("parent", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = both_languages("name", "locality")
    ordering = ("name",)
    autocomplete_fields = ("parent",)
    inlines = (LeaderInline,)
    readonly_fields = ("created_at",)


@admin.register(CommunityLeader)
class CommunityLeaderAdmin(admin.ModelAdmin):
    list_display = ("person", "community", "title", "since")
    list_select_related = ("person", "community")
    list_filter = ("community__side", "community__kind")
    search_fields = (*person_search("person"), *COMMUNITY_SEARCH, "title")
    autocomplete_fields = ("community", "person")
    ordering = ("community__name", "person__full_name")


class TrackItemInline(TabularInline):
    model = TrackItem
    extra = 0
    fields = ("item", "status", "started_on", "due_on", "completed_on", "notes", "updated_by", "updated_at")
    readonly_fields = ("updated_by", "updated_at")
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("updated_by")


class MilestoneInline(TranslatedTabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "stage", "due_on", "completed_on")


class MentorshipInline(TabularInline):
    model = Mentorship
    extra = 0
    autocomplete_fields = ("mentor",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentor", "track__community")


class RepresentativeInline(TabularInline):
    model = NetworkRepresentative
    extra = 0
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "track__community")


class TrackUpdatedByMixin:
    """Checklist items record who last changed them."""

    def save_formset(self, request, form, formset, change):
        if formset.model is TrackItem:
            for item_form in formset.forms:
                if item_form.has_changed() and not formset._should_delete_form(item_form):
                    item_form.instance.updated_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(EstablishmentTrack)
class EstablishmentTrackAdmin(TrackUpdatedByMixin, admin.ModelAdmin):
    list_display = ("community", "stage", "started_on", "stage_changed_on", "joined_network_on", "nucleus_size", "progress")
    list_select_related = ("community",)
    list_filter = ("stage", "community__side", "community__kind")
    search_fields = COMMUNITY_SEARCH
    date_hierarchy = "started_on"
    ordering = ("community__name",)
    autocomplete_fields = ("community",)
    inlines = (TrackItemInline, MilestoneInline, MentorshipInline, RepresentativeInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("community")  # a track is named after its community (autocomplete lists)
            .annotate(
                items_total=related_count(TrackItem.objects.exclude(status=ItemStatus.NOT_APPLICABLE), "track"),
                items_done=related_count(TrackItem.objects.filter(status=ItemStatus.DONE), "track"),
            )
        )

    def save_model(self, request, obj, form, change):
        if change and "stage" in form.changed_data and "stage_changed_on" not in form.changed_data:
            obj.stage_changed_on = today()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("checklist done"))
    def progress(self, obj):
        return f"{obj.items_done}/{obj.items_total}"


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    class CurrentFilter(OpenEndedFilter):
        end_field = "ended_on"

    list_display = ("mentor", "track", "started_on", "ended_on")
    list_select_related = ("mentor", "track__community")
    list_filter = (CurrentFilter, "track__stage")
    search_fields = (*person_search("mentor"), *both_languages("track__community__name"))
    date_hierarchy = "started_on"
    ordering = ("-started_on", "id")
    autocomplete_fields = ("track", "mentor")


class EvidenceInline(TabularInline):
    model = TrackEvidence
    extra = 0
    fields = ("title", "file", "uploaded_by", "uploaded_at")
    readonly_fields = ("uploaded_by", "uploaded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


@admin.register(TrackItem)
class TrackItemAdmin(admin.ModelAdmin):
    list_display = ("item", "track", "status", "started_on", "due_on", "completed_on", "updated_at", "updated_by")
    list_select_related = ("track__community", "updated_by")
    list_filter = ("status", "item", "track__stage")
    search_fields = both_languages("track__community__name")
    date_hierarchy = "due_on"
    ordering = ("track__community__name", "id")
    autocomplete_fields = ("track",)
    readonly_fields = ("updated_by", "updated_at")
    inlines = (EvidenceInline,)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for evidence_form in formset.forms:
            if evidence_form.has_changed() and not evidence_form.instance.pk:
                evidence_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(TrackEvidence)
class TrackEvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "item", "community", "uploaded_by", "uploaded_at")
    list_select_related = ("item__track__community", "uploaded_by")
    search_fields = ("title", *both_languages("item__track__community__name"))
    date_hierarchy = "uploaded_at"
    ordering = ("-uploaded_at",)
    autocomplete_fields = ("item",)
    readonly_fields = ("uploaded_by", "uploaded_at")

    @admin.display(description=_("community"), ordering="item__track__community__name")
    def community(self, obj):
        return obj.item.track.community

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Milestone)
class MilestoneAdmin(TranslatedAdmin):
    class OpenFilter(OpenEndedFilter):
        parameter_name = "open"
        title = _("completed")
        end_field = "completed_on"
        end_inclusive = False

        def lookups(self, request, model_admin):
            return [("yes", _("Open")), ("no", _("Completed"))]

        def current_q(self):
            return Q(completed_on__isnull=True)

    list_display = ("title", "track", "stage", "due_on", "completed_on")
    list_select_related = ("track__community",)
    list_filter = (OpenFilter, "stage")
    search_fields = (*both_languages("title"), *both_languages("track__community__name"))
    date_hierarchy = "due_on"
    ordering = ("due_on", "id")
    autocomplete_fields = ("track",)


class WorkshopAttendanceInline(TabularInline):
    model = WorkshopAttendance
    extra = 0
    autocomplete_fields = ("person", "community")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "workshop")


@admin.register(Workshop)
class WorkshopAdmin(TranslatedAdmin):
    list_display = ("title", "held_on", "location", "facilitator", "attendee_count")
    list_select_related = ("facilitator",)
    search_fields = both_languages("title", "location")
    date_hierarchy = "held_on"
    ordering = ("-held_on", "id")
    autocomplete_fields = ("facilitator",)
    inlines = (WorkshopAttendanceInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attendee_count=related_count(WorkshopAttendance.objects, "workshop"))

    @admin.display(description=_("attendees"), ordering="attendee_count")
    def attendee_count(self, obj):
        return obj.attendee_count


@admin.register(WorkshopAttendance)
class WorkshopAttendanceAdmin(admin.ModelAdmin):
    list_display = ("person", "workshop", "held_on", "community")
    list_select_related = ("person", "workshop", "community")
    list_filter = ("community__side",)
    search_fields = (*person_search("person"), *both_languages("workshop__title"), *COMMUNITY_SEARCH)
    date_hierarchy = "workshop__held_on"
    ordering = ("-workshop__held_on", "id")
    autocomplete_fields = ("workshop", "person", "community")

    @admin.display(description=_("date"), ordering="workshop__held_on")
    def held_on(self, obj):
        return obj.workshop.held_on


@admin.register(NetworkRepresentative)
class NetworkRepresentativeAdmin(admin.ModelAdmin):
    list_display = ("person", "track", "role", "chosen_on")
    list_select_related = ("person", "track__community")
    search_fields = (*person_search("person"), *both_languages("track__community__name"), "role")
    date_hierarchy = "chosen_on"
    ordering = ("-chosen_on", "id")
    autocomplete_fields = ("track", "person")
