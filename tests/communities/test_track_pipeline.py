"""The pipeline: communities by stage with counts, cards that tell how each is doing, filters, and a
number of queries that does not grow with the number of communities."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from communities.models import ChecklistItem, CommunityKind, Stage
from communities.selectors import INFRASTRUCTURE_ITEMS
from tests import factories as f

from .conftest import complete, make_track

pytestmark = pytest.mark.django_db

C = ChecklistItem


def pipeline(client, lang="en", **params):
    with translation.override(lang):
        target = reverse("communities:track_list")
    response = client.get(target, params)
    assert response.status_code == 200
    return response


def column(page: str, stage: str) -> str:
    """The HTML of one stage's column."""
    start = page.index(f'class="pipeline-column stage-{stage}"')
    end = page.find('class="pipeline-column', start + 10)
    return page[start : end if end != -1 else len(page)]


def count_in(page: str, stage: str) -> int:
    return int(re.search(r'<span class="pipeline-count">(\d+)</span>', column(page, stage)).group(1))


def test_cards_by_stage_with_mentors_progress_and_the_next_milestone(client, establishment):
    e = establishment
    complete(e.track, C.VISION, C.SOCIAL_MISSION, C.JOINT_LEARNING)
    f.MilestoneFactory(track=e.track, title_en="Vision document agreed", due_on=e.today - datetime.timedelta(days=3))
    f.MilestoneFactory(track=e.track, title_en="Later one", due_on=e.today + datetime.timedelta(days=30))
    established = make_track("Kehilat Modiin", "קהילת מודיעין", stage=Stage.ESTABLISHED)
    complete(established, *INFRASTRUCTURE_ITEMS)
    client.force_login(e.staff)
    page = pipeline(client).content.decode()

    assert [count_in(page, s) for s in Stage.values] == [2, 0, 1, 0]
    nucleus = column(page, Stage.NUCLEUS)
    card = nucleus[nucleus.index("Garin Harish") :]
    card = card[: card.index("</li>")]
    assert "מיכל אברהם" in card  # the mentor
    assert "Michael Rosen" not in card  # a former mentor is not shown
    assert "Israel" in card and "Harish" in card and "New-community nucleus" in card
    assert "3 of 8 done" in card
    assert "Vision document agreed" in card and "Overdue" in card
    assert "1 overdue milestone" in card
    assert "Later one" not in card
    assert "Kehilat Modiin" in column(page, Stage.ESTABLISHED)
    assert "8 of 8 done" in column(page, Stage.ESTABLISHED)


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"country": "DE"}, ["Kehila Berlin"], ["Garin Harish"]),
        ({"kind": CommunityKind.COMMUNITY_ABROAD}, ["Kehila Berlin"], ["Garin Harish"]),
        ({"kind": CommunityKind.NUCLEUS}, ["Garin Harish"], ["Kehila Berlin"]),
        ({"stage": Stage.BUILDING}, ["Garin Yeruham"], ["Garin Harish", "Kehila Berlin"]),
        ({"overdue": "on"}, ["Garin Harish"], ["Kehila Berlin", "Garin Yeruham"]),
        ({"mentor": "MENTOR"}, ["Garin Harish"], ["Kehila Berlin", "Garin Yeruham"]),
        ({}, ["Garin Harish", "Kehila Berlin", "Garin Yeruham"], []),
    ],
)
def test_filters(client, establishment, params, shown, hidden):
    e = establishment
    make_track("Garin Yeruham", "גרעין ירוחם", stage=Stage.BUILDING)
    f.MilestoneFactory(track=e.track, due_on=e.today - datetime.timedelta(days=3))
    f.MilestoneFactory(track=e.other_track, due_on=e.today - datetime.timedelta(days=3), completed_on=e.today - datetime.timedelta(days=2))
    if params.get("mentor") == "MENTOR":
        params = {"mentor": str(e.mentor.pk)}
    client.force_login(e.staff)
    page = pipeline(client, **params).content.decode()
    for name in shown:
        assert name in page, (params, name)
    for name in hidden:
        assert name not in page, (params, name)


def test_the_filters_offer_only_what_the_viewer_sees_and_a_bad_value_is_shown_not_failed(client, establishment):
    e = establishment
    client.force_login(e.staff)
    form = pipeline(client).context["filter"].form
    assert {code for code, _label in form.fields["country"].choices if code} == {"IL", "DE"}
    mentors = {label for value, label in form.fields["mentor"].choices if value}
    assert mentors == {"מיכל אברהם", "Hannah Weiss"}  # open mentorships only

    response = pipeline(client, stage="no-such-stage")
    assert "Select a valid choice" in response.content.decode()

    client.force_login(e.other_mentor)
    form = pipeline(client).context["filter"].form
    assert {code for code, _label in form.fields["country"].choices if code} == {"DE"}
    assert {label for value, label in form.fields["mentor"].choices if value} == {"Hannah Weiss"}


def build(n: int, mentor):
    for i in range(n):
        track = make_track(
            f"Garin {i}", f"גרעין {i}", stage=Stage.values[i % 4], community__kind=CommunityKind.NUCLEUS
        )
        f.MentorshipFactory(track=track, mentor=mentor)
        f.MentorshipFactory(track=track)
        complete(track, C.VISION, C.SOCIAL_MISSION)
        f.MilestoneFactory(track=track, due_on=datetime.date(2025, 6, 1))
        f.MilestoneFactory(track=track, due_on=datetime.date(2099, 6, 1))


@pytest.mark.parametrize("who", ["staff", "mentor"])
def test_the_number_of_queries_does_not_grow_with_the_communities(
    client, establishment, django_assert_max_num_queries, who
):
    e = establishment
    person = getattr(e, who)
    client.force_login(person)
    lang = person.preferred_language
    build(3, e.mentor)
    pipeline(client, lang)  # warm the session
    with django_assert_max_num_queries(12) as small:
        pipeline(client, lang, overdue="on")
    build(27, e.mentor)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = pipeline(client, lang, overdue="on").content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert page.count('class="track-card') >= 30
