"""Joint steering committees, subcommittees and the terms of their members."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from p2g.admin import (
    OpenEndedFilter,
    TabularInline,
    TranslatedAdmin,
    both_languages,
    person_search,
    related_count,
    today,
)

from ..models import Committee, Membership


def _current_terms_q(prefix=""):
    return Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": today()})


class MembershipFormSet(BaseInlineFormSet):
    """Two rows of one submission may not give a person overlapping terms in the same role."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        terms = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data.get("person") or not data.get("term_start") or self._should_delete_form(form):
                continue
            terms.setdefault((data["person"].pk, data.get("role")), []).append((data["term_start"], data.get("term_end")))
        for spans in terms.values():
            spans.sort(key=lambda span: span[0])
            for (_start, end), (next_start, _next_end) in zip(spans, spans[1:], strict=False):
                if end is None or end >= next_start:
                    raise ValidationError(
                        _("This person already has a term in this role on this committee that overlaps these dates.")
                    )


class MembershipInline(TabularInline):
    """The current members; past terms are on the memberships page."""

    model = Membership
    formset = MembershipFormSet
    extra = 0
    fields = ("person", "side", "role", "term_start", "term_end", "ended_reason")
    autocomplete_fields = ("person",)
    verbose_name_plural = _("current members")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(_current_terms_q()).select_related("person", "committee")


@admin.register(Committee)
class CommitteeAdmin(TranslatedAdmin):
    list_display = ("name", "partnership", "kind", "parent", "current_members", "quorum_min_members")
    list_select_related = ("partnership", "parent")
    list_filter = ("kind", "partnership")
    search_fields = (*both_languages("name"), *both_languages("partnership__name"))
    ordering = ("partnership__name", "kind", "name")
    autocomplete_fields = ("partnership", "parent")
    inlines = (MembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            current_member_count=related_count(Membership.objects.filter(_current_terms_q()), "committee")
        )

    @admin.display(description=_("current members"), ordering="current_member_count")
    def current_members(self, obj):
        return obj.current_member_count


class CurrentTermFilter(OpenEndedFilter):
    end_field = "term_end"


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "committee", "partnership", "side", "role", "term_start", "term_end")
    list_select_related = ("person", "committee__partnership")
    list_filter = (CurrentTermFilter, "role", "side", "committee__kind", "committee__partnership")
    search_fields = (*person_search("person"), *both_languages("committee__name"))
    date_hierarchy = "term_start"
    ordering = ("-term_start", "id")
    autocomplete_fields = ("committee", "person")
    show_full_result_count = False

    @admin.display(description=_("partnership"), ordering="committee__partnership__name")
    def partnership(self, obj):
        return obj.committee.partnership
