"""Filters of the pipeline of communities in establishment, over ``selectors.tracks_for_pipeline``.

Every value comes from the query string, so a filtered pipeline is a shareable address; a value
the form rejects is shown as the field's error and left out, never a failed page. The choices of
country and mentor are those of the tracks the viewer may see (one query each).
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import CommunityKind, EstablishmentTrack, Mentorship, Stage
from .permissions import open_mentorship_q
from .selectors import has_open_overdue


class TrackFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), field_name="community__country", empty_label=_("Any country"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind of community"), field_name="community__kind", choices=CommunityKind.choices, empty_label=_("Any kind")
    )
    mentor = django_filters.ChoiceFilter(label=_("Mentor"), method="filter_mentor", empty_label=_("Any mentor"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("Every stage"))
    overdue = django_filters.BooleanFilter(
        label=_("Only with overdue milestones"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = EstablishmentTrack
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
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

    def filter_mentor(self, queryset, name, value):
        return queryset.filter(
            Exists(Mentorship.objects.filter(open_mentorship_q(), track_id=OuterRef("pk"), mentor_id=value))
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(has_open_overdue()) if value else queryset
