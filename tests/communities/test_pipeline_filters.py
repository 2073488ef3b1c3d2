"""The pipeline filters the cards it has loaded (``TrackFilter.keep``) rather than querying again: the
cards it keeps are the tracks the filters' own queryset (``TrackFilter.qs``) keeps, for every filter."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from communities import selectors
from communities.filters import TrackFilter
from communities.models import CommunityKind, Stage
from tests import factories as f

from .conftest import make_track

pytestmark = pytest.mark.django_db


def both(user, query: str) -> tuple[list[int], list[int]]:
    """(pks of the cards ``keep`` keeps, pks ``qs`` keeps), each in the pipeline's order."""
    tracks = selectors.tracks_for_pipeline(user)
    pipeline = selectors.pipeline_cards(tracks, today=timezone.localdate())
    track_filter = TrackFilter(QueryDict(query) if query else None, queryset=tracks, pipeline=pipeline)
    return [card.pk for card in track_filter.keep(pipeline.cards)], list(track_filter.qs.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=DE",
        "country=IL",
        "kind=" + CommunityKind.NUCLEUS,
        "kind=" + CommunityKind.COMMUNITY_ABROAD,
        "stage=" + Stage.BUILDING,
        "stage=" + Stage.NUCLEUS,
        "overdue=on",
        "overdue=",
        "mentor=MENTOR",
        "mentor=FORMER",
        "mentor=OTHER&overdue=on",
        "country=IL&stage=" + Stage.NUCLEUS + "&overdue=on",
        "stage=no-such-stage",  # rejected: left out
        "country=ZZ&kind=" + CommunityKind.NUCLEUS,
        "mentor=999999999",
    ],
)
@pytest.mark.parametrize("who", ["staff", "mentor", "other_mentor"])
def test_the_cards_kept_are_the_tracks_the_query_keeps(establishment, query, who):
    e = establishment
    today = e.today
    make_track("Garin Yeruham", "גרעין ירוחם", stage=Stage.BUILDING)
    f.MilestoneFactory(track=e.track, due_on=today - datetime.timedelta(days=3))
    f.MilestoneFactory(track=e.track, due_on=today + datetime.timedelta(days=3))
    f.MilestoneFactory(
        track=e.other_track,
        due_on=today - datetime.timedelta(days=3),
        completed_on=today - datetime.timedelta(days=2),
    )
    query = (
        query.replace("MENTOR", str(e.mentor.pk))
        .replace("FORMER", str(e.former_mentor.pk))
        .replace("OTHER", str(e.other_mentor.pk))
    )
    kept, queried = both(getattr(e, who), query)
    assert kept == queried, query
