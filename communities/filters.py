"""Filters of the pipeline of communities in establishment, over ``selectors.tracks_for_pipeline``.

Every value comes from the query string, so a filtered pipeline is a shareable address; a value
the form rejects is shown as the field's error and left out, never a failed page. The choices of
country and mentor are those of the tracks the viewer may see (read from the tracks the page has
already loaded, or one query each).

The pipeline loads every track the viewer may see anyway (for the choices), so it filters those
cards in memory (:meth:`TrackFilter.keep`) rather than asking the database again; ``qs`` applies
the same conditions to a queryset (tests/communities/test_pipeline_filters.py checks they agree).
"""


import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES

from p2g.widgets import ListedSelect

from .models import CommunityKind, EstablishmentTrack, Mentorship, Stage
from .permissions import open_mentorship_q
from .selectors import has_open_overdue


class TrackFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="community__country", empty_label=_("Any country"), widget=ListedSelect
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of community"),
        field_name="community__kind",
        choices=CommunityKind.choices,
        empty_label=_("Any kind"),
        widget=ListedSelect,
    )
    mentor = django_filters.ChoiceFilter(
        label=_("Mentor"), method="filter_mentor", empty_label=_("Any mentor"), widget=ListedSelect
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Stage.choices, empty_label=_("Every stage"), widget=ListedSelect
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only with overdue milestones"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = EstablishmentTrack
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, pipeline=None):
        """``pipeline``: the viewer's tracks already loaded (``selectors.pipeline_cards`` of ``queryset``),
        which the choices are read from; without it they are queried."""
        super().__init__(data, queryset, request=request, prefix=prefix)
        if pipeline is not None:
            self.filters["country"].extra["choices"] = pipeline.country_choices()
            self.filters["mentor"].extra["choices"] = pipeline.mentor_choices()
            return
        visible = self.queryset.order_by().values("pk")
        codes = set(self.queryset.order_by().values_list("community__country", flat=True).distinct())
        self.filters["country"].extra["choices"] = sorted(
            ((code, countries.name(code)) for code in codes if code), key=lambda c: str(c[1]).casefold()
        )
        mentors = (
            Mentorship.objects.filter(open_mentorship_q(), track_id__in=visible)
            .values_list("mentor_id", "mentor__full_name", "mentor__email")
            .distinct()
        )
        self.filters["mentor"].extra["choices"] = sorted(
            ((str(pk), name or email) for pk, name, email in mentors), key=lambda c: c[1].casefold()
        )

    def keep(self, cards: list) -> list:
        """The cards (``selectors.TrackCard``) these filters keep: the conditions of ``qs``, read from the
        cards the pipeline has already loaded, so that filtering costs no query. A value the form rejects
        is left out, as ``qs`` leaves it out."""
        if not self.is_bound:
            return cards
        self.form.is_valid()
        chosen = {name: value for name, value in self.form.cleaned_data.items() if value not in EMPTY_VALUES}
        tests = {
            "country": lambda card, value: card.country_code == value,
            "kind": lambda card, value: card.kind_code == value,
            "stage": lambda card, value: card.stage == value,
            "mentor": lambda card, value: any(str(pk) == value for pk, _name in card.mentors),
            "overdue": lambda card, value: not value or card.overdue_count > 0,
        }
        return [card for card in cards if all(tests[name](card, value) for name, value in chosen.items())]

    def filter_mentor(self, queryset, name, value):
        return queryset.filter(
            Exists(Mentorship.objects.filter(open_mentorship_q(), track_id=OuterRef("pk"), mentor_id=value))
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(has_open_overdue()) if value else queryset
