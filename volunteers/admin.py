"""Volunteers, opportunities, shifts, sign-ups and hours in the staff admin."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from p2g.admin import (
    TabularInline,
    TranslatedAdmin,
    UpcomingFilter,
    both_languages,
    person_search,
    related_count,
)

from . import services
from .models import (
    AvailabilitySlot,
    HoursLog,
    HoursStatus,
    Opportunity,
    Shift,
    SignUp,
    SignUpStatus,
    Skill,
    SpokenLanguage,
    VolunteerProfile,
)

PLACE_TAKING = [SignUpStatus.CONFIRMED, SignUpStatus.ATTENDED]


@admin.register(Skill)
class SkillAdmin(TranslatedAdmin):
    list_display = ("name", "code")
    search_fields = ("code", *both_languages("name"))
    ordering = ("name",)


@admin.register(SpokenLanguage)
class SpokenLanguageAdmin(TranslatedAdmin):
    list_display = ("name", "code")
    search_fields = ("code", *both_languages("name"))
    ordering = ("name",)


class AvailabilityInline(TabularInline):
    model = AvailabilitySlot
    extra = 0


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "home_community", "skill_list", "onboarded_at", "created_at")
    list_select_related = ("user__home_community",)
    list_filter = (("onboarded_at", admin.EmptyFieldListFilter), "skills", "languages", "user__home_community__side")
    search_fields = person_search("user")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    autocomplete_fields = ("user", "skills", "languages")
    readonly_fields = ("calendar_token", "created_at")
    inlines = (AvailabilityInline,)
    show_full_result_count = False

    def get_queryset(self, request):
        # Covers list_select_related too (Django skips it when the queryset already selects related rows).
        return super().get_queryset(request).select_related("user__home_community").prefetch_related("skills")

    @admin.display(description=_("email address"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("home community"))
    def home_community(self, obj):
        return obj.user.home_community or "—"

    @admin.display(description=_("skills"))
    def skill_list(self, obj):
        return ", ".join(str(skill) for skill in obj.skills.all())


@admin.register(AvailabilitySlot)
class AvailabilitySlotAdmin(admin.ModelAdmin):
    list_display = ("profile", "weekday", "part_of_day")
    list_select_related = ("profile__user",)
    list_filter = ("weekday", "part_of_day")
    search_fields = person_search("profile__user")
    ordering = ("profile__user__full_name", "weekday", "part_of_day")
    autocomplete_fields = ("profile",)
    show_full_result_count = False


class UpcomingShiftInline(TabularInline):
    """Shifts from a week ago on; older ones are on the shifts page."""

    model = Shift
    extra = 0
    fields = ("starts_at", "ends_at", "capacity", "location", "cancel_cutoff_hours", "status")
    verbose_name_plural = _("upcoming shifts")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("opportunity").filter(starts_at__gte=timezone.now() - timezone.timedelta(days=7))


@admin.register(Opportunity)
class OpportunityAdmin(TranslatedAdmin):
    list_display = ("title", "program", "partnership", "community", "is_published", "contact", "created_at")
    list_select_related = ("program__partnership", "community", "contact")
    list_filter = ("is_published", "program__program_type", "skills_needed", "program__partnership")
    search_fields = (*both_languages("title"), *both_languages("program__name"), *both_languages("community__name"))
    date_hierarchy = "created_at"
    ordering = ("title", "id")
    autocomplete_fields = ("program", "community", "contact", "skills_needed", "languages")
    inlines = (UpcomingShiftInline,)

    @admin.display(description=_("partnership"), ordering="program__partnership__name")
    def partnership(self, obj):
        return obj.program.partnership


class SignUpInline(TabularInline):
    model = SignUp
    extra = 0
    fields = ("volunteer", "status", "created_at", "status_changed_at")
    readonly_fields = ("created_at", "status_changed_at")
    autocomplete_fields = ("volunteer",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer", "shift__opportunity")


class ShiftWhenFilter(UpcomingFilter):
    date_field = "starts_at"


class SignUpStatusChangeMixin:
    """A sign-up whose status changes records when."""

    def save_formset(self, request, form, formset, change):
        if formset.model is SignUp:
            for signup_form in formset.forms:
                if "status" in signup_form.changed_data and signup_form.instance.pk:
                    signup_form.instance.status_changed_at = timezone.now()
        super().save_formset(request, form, formset, change)


@admin.register(Shift)
class ShiftAdmin(SignUpStatusChangeMixin, TranslatedAdmin):
    list_display = ("__str__", "opportunity", "partnership", "starts_at", "ends_at", "places", "status")
    list_select_related = ("opportunity__program__partnership",)
    list_filter = (ShiftWhenFilter, "status", "opportunity__program__partnership")
    search_fields = (*both_languages("opportunity__title"), *both_languages("location"))
    date_hierarchy = "starts_at"
    ordering = ("-starts_at", "id")
    autocomplete_fields = ("opportunity",)
    inlines = (SignUpInline,)
    show_full_result_count = False

    def get_queryset(self, request):
        # A shift's name is its opportunity's (autocomplete lists, delete pages). Django applies
        # list_select_related only to a queryset without select_related, so this one covers the list too.
        return (
            super()
            .get_queryset(request)
            .select_related("opportunity__program__partnership")
            .annotate(taken=related_count(SignUp.objects.filter(status__in=PLACE_TAKING), "shift"))
        )

    @admin.display(description=_("partnership"), ordering="opportunity__program__partnership__name")
    def partnership(self, obj):
        return obj.opportunity.program.partnership

    @admin.display(description=_("places taken"), ordering="taken")
    def places(self, obj):
        return f"{obj.taken}/{obj.capacity}"

    def save_model(self, request, obj, form, change):
        # More places: the waitlist moves up (and is emailed) once the sign-ups below are saved too.
        before = form.initial.get("capacity")
        obj._capacity_raised = bool(change and "capacity" in form.changed_data and before and obj.capacity > before)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(form.instance, "_capacity_raised", False):
            services.shift_fill_from_waitlist(shift=form.instance)


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "shift", "starts_at", "status", "created_at", "status_changed_at")
    list_select_related = ("volunteer", "shift__opportunity")
    list_filter = ("status", "shift__opportunity__program__partnership")
    search_fields = (*person_search("volunteer"), *both_languages("shift__opportunity__title"))
    date_hierarchy = "shift__starts_at"
    ordering = ("-id",)
    autocomplete_fields = ("shift", "volunteer")
    readonly_fields = ("created_at", "status_changed_at")
    show_full_result_count = False

    @admin.display(description=_("starts"), ordering="shift__starts_at")
    def starts_at(self, obj):
        return obj.shift.starts_at

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(HoursLog)
class HoursLogAdmin(admin.ModelAdmin):
    list_display = ("volunteer", "program", "date", "hours", "status", "reviewed_by", "reviewed_at")
    list_select_related = ("volunteer", "program", "reviewed_by")
    list_filter = ("status", "program__category", "program__partnership")
    search_fields = (*person_search("volunteer"), *both_languages("program__name"), "description")
    date_hierarchy = "date"
    ordering = ("-date", "-id")
    autocomplete_fields = ("volunteer", "program", "shift")
    readonly_fields = ("reviewed_by", "reviewed_at", "created_at")
    actions = ("approve",)
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and change:
            if obj.status == HoursStatus.PENDING:
                obj.reviewed_by, obj.reviewed_at = None, None
            else:
                obj.reviewed_by, obj.reviewed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve selected hours"))
    def approve(self, request, queryset):
        count = queryset.filter(status=HoursStatus.PENDING).update(
            status=HoursStatus.APPROVED, reviewed_by=request.user, reviewed_at=timezone.now()
        )
        if count:  # a bulk update sends no save signals: the dashboards are told directly
            from partnerships.selectors.dashboard import cache as dashboard_cache

            dashboard_cache.bump(dashboard_cache.EVERYBODY)
        self.message_user(
            request, ngettext("%(count)d entry approved.", "%(count)d entries approved.", count) % {"count": count}
        )
