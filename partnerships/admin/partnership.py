"""Partnerships and their communities: at least one community on each side, always."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet, ModelForm
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from communities.models import Side
from p2g.admin import TabularInline, TranslatedAdmin, both_languages

from ..models import Partnership, PartnershipCommunity
from ..services import partnership_sides_validate


class PartnershipCommunityFormSet(BaseInlineFormSet):
    """Refuses a partnership without a community on each side (the rule one row cannot see)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return  # the rows' own errors first
        sides = [
            form.cleaned_data["community"].side
            for form in self.forms
            if form.cleaned_data.get("community") and not self._should_delete_form(form)
        ]
        partnership_sides_validate(sides)


class PartnershipCommunityInline(TabularInline):
    model = PartnershipCommunity
    formset = PartnershipCommunityFormSet
    autocomplete_fields = ("community",)
    fields = ("community", "side", "is_lead", "joined_year")
    readonly_fields = ("side",)
    min_num = 2  # one per side at the very least
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("community")

    @admin.display(description=_("side"))
    def side(self, obj):
        return obj.community.get_side_display() if obj.community_id else "—"


def _links_by_side(partnership, side):
    return ", ".join(
        str(link.community) for link in partnership.links.all() if link.community.side == side
    )


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin, TranslatedAdmin):
    list_display = ("name", "kind", "status", "founded_year", "diaspora_communities", "israel_communities")
    list_filter = ("status", "kind")
    search_fields = (*both_languages("name"), *both_languages("links__community__name"))
    ordering = ("name",)
    inlines = (PartnershipCommunityInline,)
    readonly_fields = ("created_at",)

    def get_queryset(self, request):
        links = PartnershipCommunity.objects.select_related("community").order_by("-is_lead", "community__name")
        return super().get_queryset(request).prefetch_related(Prefetch("links", queryset=links))

    @admin.display(description=_("Diaspora communities"))
    def diaspora_communities(self, obj):
        return _links_by_side(obj, Side.DIASPORA)

    @admin.display(description=_("communities in Israel"))
    def israel_communities(self, obj):
        return _links_by_side(obj, Side.ISRAEL)


class PartnershipCommunityForm(ModelForm):
    """Changing the community of one link must not leave its partnership without a side."""

    # No Meta: the admin builds the form for its model and fields (modelform_factory).

    def clean(self):
        cleaned = super().clean()
        partnership, community = cleaned.get("partnership"), cleaned.get("community")
        if partnership and community and partnership.pk:
            others = PartnershipCommunity.objects.filter(partnership=partnership)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if not self.instance.pk and not others.exists():
                return cleaned  # a brand-new partnership is given its communities on its own page
            partnership_sides_validate([*others.values_list("community__side", flat=True), community.side])
        return cleaned


@admin.register(PartnershipCommunity)
class PartnershipCommunityAdmin(admin.ModelAdmin):
    form = PartnershipCommunityForm
    list_display = ("community", "side", "partnership", "is_lead", "joined_year")
    list_select_related = ("community", "partnership")
    list_filter = ("community__side", "is_lead", "partnership")
    search_fields = (*both_languages("community__name"), *both_languages("partnership__name"))
    ordering = ("partnership__name", "community__name")
    autocomplete_fields = ("partnership", "community")

    @admin.display(description=_("side"), ordering="community__side")
    def side(self, obj):
        return obj.community.get_side_display()

    def get_actions(self, request):
        # Removal goes one link at a time, through the check below.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        link = self.get_object(request, object_id)
        if link is not None and request.method == "POST":
            remaining = PartnershipCommunity.objects.filter(partnership_id=link.partnership_id).exclude(pk=link.pk)
            try:
                partnership_sides_validate(remaining.values_list("community__side", flat=True))
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(reverse("admin:partnerships_partnershipcommunity_change", args=[link.pk]))
        return super().delete_view(request, object_id, extra_context)
