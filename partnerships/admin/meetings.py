"""Meetings of committees and forums: agenda, attendance, decisions, action items, attachments."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from p2g.admin import (
    COMPACT_TEXT,
    CompactRelatedMixin,
    TabularInline,
    TranslatedAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
    UpcomingFilter,
    both_languages,
    person_search,
    today,
)

from ..models import (
    ActionItem,
    ActionItemStatus,
    ActionItemUpdate,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingAttachment,
    MeetingComment,
    MeetingStatus,
)

BODY_SEARCH = (*both_languages("committee__name"), *both_languages("forum__name"))


class BodyColumnsMixin:
    """The committee or forum a row belongs to, and the committee's partnership."""

    @admin.display(description=_("committee or forum"))
    def body(self, obj):
        return obj.committee or obj.forum

    @admin.display(description=_("partnership"), ordering="committee__partnership__name")
    def partnership(self, obj):
        return obj.committee.partnership if obj.committee_id else "—"


class MeetingForm(forms.ModelForm):
    # No Meta: the admin builds the form for its model and fields (modelform_factory).

    def clean(self):
        cleaned = super().clean()
        # A published summary carries its publication time: fill it in rather than refuse.
        if cleaned.get("status") == MeetingStatus.PUBLISHED and not cleaned.get("summary_published_at"):
            cleaned["summary_published_at"] = timezone.now()
        return cleaned


class ActionItemForm(forms.ModelForm):
    # No Meta: the admin builds the form for its model and fields (modelform_factory).

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ActionItemStatus.DONE and not cleaned.get("completed_on"):
            cleaned["completed_on"] = today()
        return cleaned


class AgendaItemInline(CompactRelatedMixin, TranslatedTabularInline):
    model = AgendaItem
    extra = 0
    fields = ("order", "title", "presenter", "duration_minutes", "notes")  # follow-ups: on the agenda item page
    formfield_overrides = COMPACT_TEXT
    autocomplete_fields = ("presenter",)


class AttendanceInline(TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class DecisionInline(TranslatedStackedInline):
    model = Decision
    extra = 0
    fields = ("number", "text", ("votes_for", "votes_against", "votes_abstain"))


class MeetingActionItemInline(TranslatedTabularInline):
    model = ActionItem
    form = ActionItemForm
    fk_name = "meeting"
    extra = 0
    fields = ("title", "owner", "due_on", "status", "completed_on")
    autocomplete_fields = ("owner",)
    verbose_name_plural = _("action items from this meeting")


class AttachmentInline(TabularInline):
    model = MeetingAttachment
    extra = 0
    fields = ("kind", "title", "file", "size_bytes", "uploaded_by", "uploaded_at")
    readonly_fields = ("size_bytes", "uploaded_by", "uploaded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


class MeetingWhenFilter(UpcomingFilter):
    date_field = "starts_at"


@admin.register(Meeting)
class MeetingAdmin(BodyColumnsMixin, TranslatedAdmin):
    form = MeetingForm
    list_display = ("title", "body", "partnership", "starts_at", "duration_minutes", "status", "summary_published_at")
    list_select_related = ("committee__partnership", "forum")
    list_filter = (MeetingWhenFilter, "status", "committee__kind", "committee__partnership", "forum")
    search_fields = (*both_languages("title"), *BODY_SEARCH)
    date_hierarchy = "starts_at"
    ordering = ("-starts_at", "id")
    autocomplete_fields = ("committee", "forum")
    readonly_fields = ("created_by", "updated_at")
    inlines = (AgendaItemInline, AttendanceInline, DecisionInline, MeetingActionItemInline, AttachmentInline)
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        meeting = form.instance
        for inline_form in formset.forms:
            instance = inline_form.instance
            if formset.model is ActionItem and not instance.committee_id and not instance.forum_id:
                # An action item from a meeting belongs to the meeting's committee or forum.
                instance.committee_id, instance.forum_id = meeting.committee_id, meeting.forum_id
            if formset.model is MeetingAttachment and not instance.pk:
                instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(AgendaItem)
class AgendaItemAdmin(TranslatedAdmin):
    list_display = ("title", "meeting", "order", "presenter", "duration_minutes")
    list_select_related = ("meeting", "presenter")
    search_fields = (*both_languages("title"), *both_languages("meeting__title"))
    date_hierarchy = "meeting__starts_at"
    ordering = ("-meeting__starts_at", "order", "id")
    autocomplete_fields = ("meeting", "presenter", "action_item")
    show_full_result_count = False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("person", "meeting", "starts_at", "status")
    list_select_related = ("person", "meeting")
    list_filter = ("status", "meeting__committee__partnership")
    search_fields = (*person_search("person"), *both_languages("meeting__title"))
    date_hierarchy = "meeting__starts_at"
    ordering = ("-meeting__starts_at", "id")
    autocomplete_fields = ("meeting", "person")
    show_full_result_count = False

    @admin.display(description=_("starts"), ordering="meeting__starts_at")
    def starts_at(self, obj):
        return obj.meeting.starts_at


@admin.register(Decision)
class DecisionAdmin(TranslatedAdmin):
    list_display = ("__str__", "meeting", "number", "votes_for", "votes_against", "votes_abstain")
    list_select_related = ("meeting",)
    list_filter = ("meeting__committee__partnership",)
    search_fields = (*both_languages("text"), *both_languages("meeting__title"))
    date_hierarchy = "meeting__starts_at"
    ordering = ("-meeting__starts_at", "number")
    autocomplete_fields = ("meeting",)
    show_full_result_count = False


class ActionItemUpdateInline(TabularInline):
    model = ActionItemUpdate
    extra = 0
    fields = ("text", "new_status", "author", "created_at")
    formfield_overrides = COMPACT_TEXT
    readonly_fields = ("author", "created_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class OverdueFilter(admin.SimpleListFilter):
    parameter_name = "overdue"
    title = _("overdue")

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                status__in=[ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS], due_on__lt=today()
            )
        return queryset


@admin.register(ActionItem)
class ActionItemAdmin(BodyColumnsMixin, TranslatedAdmin):
    form = ActionItemForm
    list_display = ("title", "body", "partnership", "owner", "due_on", "status", "completed_on")
    list_select_related = ("committee__partnership", "forum", "owner")
    list_filter = ("status", OverdueFilter, "committee__partnership", "forum")
    search_fields = (*both_languages("title"), *person_search("owner"), *BODY_SEARCH)
    date_hierarchy = "due_on"
    ordering = ("due_on", "id")
    autocomplete_fields = ("committee", "forum", "meeting", "owner")
    inlines = (ActionItemUpdateInline,)
    actions = ("mark_done",)
    show_full_result_count = False

    def save_formset(self, request, form, formset, change):
        for update_form in formset.forms:
            if not update_form.instance.pk:
                update_form.instance.author = request.user
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Mark selected action items as done"))
    def mark_done(self, request, queryset):
        done = 0
        for item in queryset.exclude(status=ActionItemStatus.DONE):
            item.status = ActionItemStatus.DONE
            item.completed_on = item.completed_on or today()
            item.save(update_fields=["status", "completed_on"])
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d action item marked as done.", "%(count)d action items marked as done.", done)
            % {"count": done},
        )


@admin.register(ActionItemUpdate)
class ActionItemUpdateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "action_item", "author", "new_status", "created_at")
    list_select_related = ("action_item", "author")
    list_filter = ("new_status",)
    search_fields = ("text", *both_languages("action_item__title"), *person_search("author"))
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    autocomplete_fields = ("action_item", "author")
    readonly_fields = ("created_at",)
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        if not change and not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(admin.ModelAdmin):
    list_display = ("title", "meeting", "kind", "size_bytes", "uploaded_by", "uploaded_at")
    list_select_related = ("meeting", "uploaded_by")
    list_filter = ("kind",)
    search_fields = ("title", *both_languages("meeting__title"))
    date_hierarchy = "uploaded_at"
    ordering = ("-uploaded_at",)
    autocomplete_fields = ("meeting",)
    readonly_fields = ("size_bytes", "uploaded_by", "uploaded_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MeetingComment)
class MeetingCommentAdmin(admin.ModelAdmin):
    list_display = ("meeting", "author", "created_at")
    list_select_related = ("meeting", "author")
    search_fields = ("text", *both_languages("meeting__title"))
    date_hierarchy = "created_at"
    ordering = ("-created_at", "id")
    autocomplete_fields = ("meeting", "author")
    show_full_result_count = False
