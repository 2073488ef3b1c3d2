"""Filters of the opportunity finder, over ``selectors.opportunity_list()``.

Every value comes from the query string, so a filtered list is a shareable address. A value the
form rejects (unknown id, bad date, unknown sort) is shown as the field's error and left out of
the filtering: the page never fails on what someone typed into the address bar.
"""

import datetime

import django_filters
from django import forms
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from communities.models import Side
from partnerships.models import Partnership
from programs.models import Program, ProgramType

from . import selectors
from .forms import OpportunityFilterForm, OptionsSelect
from .models import Opportunity, Skill, SpokenLanguage

SORT_SOONEST, SORT_NEWEST, SORT_TITLE = "soonest", "newest", "title"
SORT_CHOICES = [
    (SORT_SOONEST, _("Soonest shift first")),
    (SORT_NEWEST, _("Newest first")),
    (SORT_TITLE, _("Title (A–Z)")),
]
#: Fields searched by the free text, in both languages.
TEXT_FIELDS = (
    "title_en",
    "title_he",
    "description_en",
    "description_he",
    "program__name_en",
    "program__name_he",
    "program__partnership__name_en",
    "program__partnership__name_he",
)


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the viewer's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_current_timezone())


def community_choices() -> list[tuple[int, str]]:
    """Active communities by name in the page's language (English where no Hebrew name is given)."""
    return selectors.finder_choices()["community"]


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=100)
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partnership"),
        widget=OptionsSelect,
        queryset=Partnership.objects.all(),
        field_name="program__partnership",
        empty_label=_("Any partnership"),
    )
    # Plain (id, name) choices from selectors.finder_choices (kept in the cache per language):
    # building ~450 model instances for the options was most of the list page's time at full scale
    # (bench/bench_portal.py).
    community = django_filters.ChoiceFilter(
        label=_("Community"),
        widget=OptionsSelect,
        choices=community_choices,
        method="filter_community",
        empty_label=_("Any community"),
    )
    side = django_filters.ChoiceFilter(
        label=_("Side"), choices=Side.choices, method="filter_side", empty_label=_("Both sides"), widget=OptionsSelect
    )
    program_type = django_filters.ChoiceFilter(
        label=_("Program type"),
        choices=ProgramType.choices,
        field_name="program__program_type",
        empty_label=_("Any type"),
        widget=OptionsSelect,
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"),
        widget=OptionsSelect,
        queryset=Skill.objects.all(),
        method="filter_skill",
        empty_label=_("Any skill"),
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Spoken language"),
        widget=OptionsSelect,
        queryset=SpokenLanguage.objects.all(),
        method="filter_language",
        empty_label=_("Any language"),
    )
    # The date range and the order act together, after the other filters: see filter_queryset.
    date_from = django_filters.DateFilter(
        label=_("From date"), method="filter_nothing", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = django_filters.DateFilter(
        label=_("To date"), method="filter_nothing", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_nothing", empty_label=None, widget=OptionsSelect
    )

    class Meta:
        model = Opportunity
        form = OpportunityFilterForm
        fields = []

    @property
    def form(self):
        """The form, its long option lists (partnerships, communities, skills, languages) read from
        ``selectors.finder_choices`` (one cache read) instead of a query and model instances each.

        Only what the ``<select>``s show: a chosen value is still checked against the database.
        """
        if not hasattr(self, "_form"):
            form = super().form
            choices = selectors.finder_choices()
            for name in ("partnership", "community", "skill", "language"):
                field = form.fields[name]
                field.widget.choices = [("", field.empty_label), *choices[name]]
        return self._form

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_text(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            any_field = Q()
            for field in TEXT_FIELDS:
                any_field |= Q(**{f"{field}__icontains": word})
            condition &= any_field
        return queryset.filter(condition)

    def filter_community(self, queryset, name, community):
        programs = Program.objects.filter(communities=community).values("pk")
        return queryset.filter(Q(community_id=community) | Q(program__in=programs))

    def filter_side(self, queryset, name, side):
        programs = Program.objects.filter(communities__side=side).values("pk")
        return queryset.filter(Q(community__side=side) | Q(community__isnull=True, program__in=programs))

    def filter_skill(self, queryset, name, skill):
        return queryset.filter(pk__in=Opportunity.skills_needed.through.objects.filter(skill=skill).values("opportunity_id"))

    def filter_language(self, queryset, name, language):
        return queryset.filter(
            pk__in=Opportunity.languages.through.objects.filter(spokenlanguage=language).values("opportunity_id")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        soonest = "next_shift_at"
        if data.get("date_from") or data.get("date_to"):
            queryset = self._within_dates(queryset, data.get("date_from"), data.get("date_to"))
            soonest = "first_shift_in_range"
        sort = data.get("sort") or SORT_SOONEST
        if sort == SORT_NEWEST:
            return queryset.order_by("-created_at", "-pk")
        if sort == SORT_TITLE:
            language = translation.get_language() or "en"
            own = F("title_he") if language.startswith("he") else F("title_en")
            return queryset.order_by(Lower(Coalesce(NullIf(own, Value("")), F("title_en"))), "pk")
        return queryset.order_by(soonest, "pk")

    @staticmethod
    def _within_dates(queryset, date_from, date_to):
        """Opportunities with an upcoming shift starting within the dates; those shifts are the ones shown."""
        now = timezone.now()
        bounds = {"starts_at__gt": now}
        if date_from:
            bounds["starts_at__gte"] = _day_start(date_from)
        if date_to:
            bounds["starts_at__lt"] = _day_start(date_to + datetime.timedelta(days=1))
        shifts = selectors.upcoming_shifts(now).filter(**bounds)
        return (
            queryset.annotate(first_shift_in_range=selectors.next_shift_start(shifts))
            .filter(first_shift_in_range__isnull=False)
            .prefetch_related(None)
            .prefetch_related(
                Prefetch(
                    "shifts",
                    queryset=selectors.shifts_with_places(shifts.order_by("starts_at", "pk"))[
                        : selectors.LIST_SHIFTS_PER_OPPORTUNITY
                    ],
                    to_attr="next_shifts",
                ),
            )
        )
