"""What a hands-on pass through the pages found, as a newcomer would meet it: odd input gets a sentence on
the form (never an error page), a list offers only what can be chosen, an empty section says who fills it,
and a page shows no filters to someone with one community to look at.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from communities.models import Mentorship, Milestone, NetworkRepresentative, TrackItem, Workshop
from tests import factories as f

pytestmark = pytest.mark.django_db

CHECK_YEAR = "Check the year: give a date between"


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"communities:{name}", kwargs=kwargs)


def days(n):
    return datetime.timedelta(days=n)


# ---- numbers and dates out of range


def test_a_huge_nucleus_size_is_refused_on_the_form(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    response = client.post(url("track_edit", "he", pk=e.track.pk), {"nucleus_size": "9" * 25, "notes": "הערה"})
    assert response.status_code == 200  # was a database error (out of the column's range)
    assert 'value="9999999999999999999999999"' in response.content.decode()
    e.track.refresh_from_db()
    assert e.track.nucleus_size is None
    client.force_login(e.staff)
    response = client.post(url("track_edit", pk=e.track.pk), {"nucleus_size": "10001"})
    assert "Ensure this value is less than or equal to 10000." in response.content.decode()


@pytest.mark.parametrize("field", ["started_on", "due_on"])
@pytest.mark.parametrize("day", ["0001-01-01", "1900-05-05", "9999-12-31"])
def test_an_item_date_with_a_mistyped_year_is_refused(client, establishment, field, day):
    e = establishment
    client.force_login(e.leader)
    response = client.post(url("item_detail", pk=e.track.pk, item="vision"), {"status": "in_progress", field: day})
    assert response.status_code == 200
    assert CHECK_YEAR in response.content.decode()
    assert not TrackItem.objects.filter(track=e.track, item="vision").exists()


def test_a_milestone_due_in_the_year_9999_is_refused(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    response = client.post(
        url("milestone_add", "he", pk=e.track.pk), {"title_he": "אבן דרך", "stage": "nucleus", "due_on": "9999-12-31"}
    )
    assert response.status_code == 200
    assert not Milestone.objects.filter(track=e.track).exists()
    milestone = f.MilestoneFactory(track=e.track, due_on=e.today + days(10))
    client.force_login(e.staff)
    response = client.post(
        url("milestone_edit", pk=e.track.pk, milestone_pk=milestone.pk),
        {"title_en": "Moved", "stage": "nucleus", "due_on": "2206-01-01"},
    )
    assert CHECK_YEAR in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.due_on == e.today + days(10)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_workshop_in_year_one_or_9999_is_refused(client, establishment, day):
    client.force_login(establishment.staff)
    response = client.post(url("workshop_create"), {"title_en": "Odd workshop", "held_on": day})
    assert response.status_code == 200 and CHECK_YEAR in response.content.decode()
    assert not Workshop.objects.filter(title_en="Odd workshop").exists()


def test_mentorship_and_representative_dates_with_a_mistyped_year_are_refused(client, establishment):
    e = establishment
    client.force_login(e.staff)
    response = client.post(
        url("mentor_assign", pk=e.other_track.pk), {"email": e.other_leader.email, "started_on": "0202-01-04"}
    )
    assert CHECK_YEAR in response.content.decode()
    assert not Mentorship.objects.filter(mentor=e.other_leader).exists()
    response = client.post(
        url("mentorship_end", pk=e.track.pk, mentorship_pk=e.mentorship.pk), {"ended_on": "9999-01-01"}
    )
    assert CHECK_YEAR in response.content.decode()
    response = client.post(
        url("representative_add", pk=e.track.pk), {"email": e.leader.email, "chosen_on": "1900-01-01"}
    )
    assert CHECK_YEAR in response.content.decode()
    assert not NetworkRepresentative.objects.exists()


# ---- a list offers only what can be chosen


def test_attendance_is_offered_only_for_workshops_already_held(client, establishment):
    e = establishment
    held = f.WorkshopFactory(title_en="Held workshop", held_on=e.today - days(3))
    f.WorkshopFactory(title_en="Coming workshop", held_on=e.today + days(30))
    client.force_login(e.other_mentor)
    page = client.get(url("attendance_add", pk=e.other_track.pk)).content.decode()
    assert f'<option value="{held.pk}">' in page
    assert "Coming workshop" not in page  # it cannot be recorded before it takes place
    assert "Who from this community attended a training workshop." in page


def test_with_no_workshop_held_yet_the_attendance_page_says_why_the_list_is_empty(client, establishment):
    e = establishment
    f.WorkshopFactory(title_en="Coming workshop", held_on=e.today + days(30))
    client.force_login(e.other_mentor)
    page = client.get(url("attendance_add", pk=e.other_track.pk)).content.decode()
    assert "No training workshop has taken place yet." in page
    assert "Coming workshop" not in page


# ---- empty sections say who fills them


def test_a_leader_reads_who_fills_the_empty_sections(client, establishment):
    e = establishment
    Mentorship.objects.filter(track=e.other_track).delete()
    client.force_login(e.other_leader)
    page = client.get(url("track_detail", pk=e.other_track.pk)).content.decode()
    assert "No milestone is planned yet. The community's mentor plans the milestones with you." in page
    assert "No network representative has been chosen yet. The community chooses them with its mentor" in page
    assert "No mentor is assigned to this community. The staff assign a mentor to accompany the community." in page


def test_staff_and_mentors_get_the_buttons_instead_of_the_hints(client, establishment):
    e = establishment
    client.force_login(e.other_mentor)
    page = client.get(url("track_detail", pk=e.other_track.pk)).content.decode()
    assert "No milestone is planned yet." in page
    assert "plans the milestones with you" not in page and "who records them here" not in page
    assert url("milestone_add", pk=e.other_track.pk) in page


# ---- the pipeline's filters


def test_someone_with_one_community_sees_no_filters(client, establishment):
    client.force_login(establishment.leader)
    page = client.get(url("track_list")).content.decode()
    assert "Garin Harish" in page
    assert 'class="pipeline-filter"' not in page


def test_filters_stay_when_filtering_and_for_staff(client, establishment):
    client.force_login(establishment.leader)
    page = client.get(url("track_list") + "?stage=building").content.decode()
    assert 'class="pipeline-filter"' in page and "Clear the filters" in page  # the way back to everything
    client.force_login(establishment.staff)
    assert 'class="pipeline-filter"' in client.get(url("track_list")).content.decode()


@pytest.mark.parametrize(
    "query",
    ["country=XX", "kind=castle", "mentor=abc", "mentor=99999999999999999999999", "stage=zzz",
     "country=" + "A" * 3000, "mentor=%00"],
)
def test_odd_filter_values_show_the_pipeline_with_the_reason(client, establishment, query):
    client.force_login(establishment.staff)
    response = client.get(url("track_list") + "?" + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Garin Harish" in page and "Kehila Berlin" in page


@pytest.mark.parametrize("query", ["stage=joined", "overdue=on", "stage=nucleus&stage=joined", "overdue=maybe"])
def test_filters_that_match_nothing_say_so_with_the_way_back(client, establishment, query):
    client.force_login(establishment.staff)
    response = client.get(url("track_list") + "?" + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 communities" in page
    assert "No community matches these filters." in page
    assert f'<a href="{url("track_list")}">Clear the filters</a>' in page
