"""A track's page and its forms, in Hebrew and in English: foundations and items, milestones,
mentors, workshop attendance, network representatives, workshops; and the overdue email's link.

The Hebrew assertions (labels of this area) pass once the lead has compiled the catalogue with
/tmp/i18n/communities.json.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from communities.models import (
    ChecklistItem,
    ItemStatus,
    Mentorship,
    Milestone,
    NetworkRepresentative,
    Stage,
    Workshop,
    WorkshopAttendance,
)
from notifications.kinds.communities import MilestoneOverdue
from notifications.models import Delivery, Kind
from tests import factories as f

from .conftest import complete, person

pytestmark = pytest.mark.django_db

C = ChecklistItem


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"communities:{name}", kwargs=kwargs)


def days(n):
    return datetime.timedelta(days=n)


# ---- the track's page


def test_the_english_page_shows_the_three_foundations_with_their_items(client, establishment):
    e = establishment
    complete(e.track, C.VISION)
    client.force_login(e.leader)
    response = client.get(url("track_detail", pk=e.track.pk))
    page = response.content.decode()
    assert '<html lang="en" dir="ltr">' in page
    foundations = page[page.index('id="foundations"') : page.index('id="milestones"')]
    order = [
        "The spirit", "Community vision", "Shared social mission", "joint learning",
        "The relationships", "Anchors around the annual cycle", "Support systems",
        "The arrangements", "organisational structure", "Leadership structure", "Decision-making structure",
    ]
    positions = [foundations.index(label) for label in order]
    assert positions == sorted(positions)
    assert "1 of 8 done" in page
    assert "Your community" in page


def test_the_hebrew_page_is_right_to_left_with_hebrew_labels(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    page = client.get(url("track_detail", "he", pk=e.track.pk)).content.decode()
    assert '<html lang="he" dir="rtl">' in page
    assert "גרעין חריש" in page
    assert "חזון קהילתי" in page  # the model's labels (already in the catalogue)
    # This area's own labels (in /tmp/i18n/communities.json):
    assert "שלושת היסודות" in page
    assert "אבני דרך" in page
    assert "השלב הבא" in page


def test_the_hebrew_pipeline_is_right_to_left_with_hebrew_labels(client, establishment):
    client.force_login(establishment.mentor)
    page = client.get(url("track_list", "he")).content.decode()
    assert '<html lang="he" dir="rtl">' in page
    assert "קהילות בהקמה" in page
    assert "גרעין" in page and "בניית תשתית" in page and "הצטרפה לרשת" in page


def test_the_page_flags_overdue_milestones_and_items(client, establishment):
    e = establishment
    late = f.MilestoneFactory(track=e.track, title_en="Vision document agreed", due_on=e.today - days(4))
    f.MilestoneFactory(track=e.track, title_en="Founding assembly", due_on=e.today + days(30))
    client.force_login(e.staff)
    from communities.models import TrackItem

    TrackItem.objects.create(track=e.track, item=C.VISION, status=ItemStatus.IN_PROGRESS, due_on=e.today - days(4))
    page = client.get(url("track_detail", pk=e.track.pk)).content.decode()
    assert f'<tr id="milestone-{late.pk}" class="milestone-is-overdue">' in page
    row = page[page.index(f'id="item-{C.VISION}"') :]
    assert "Overdue" in row[: row.index("</tr>")]


def test_the_track_page_costs_the_same_queries_with_more_on_it(client, establishment, django_assert_max_num_queries):
    e = establishment
    client.force_login(e.mentor)
    complete(e.track, C.VISION)
    f.TrackEvidenceFactory(item=e.track.items.get(item=C.VISION))
    target = url("track_detail", "he", pk=e.track.pk)
    client.get(target)
    with django_assert_max_num_queries(20) as small:
        client.get(target)
    workshop = f.WorkshopFactory(held_on=e.today - days(30))
    for i in range(6):
        f.MilestoneFactory(track=e.track, due_on=e.today + days(i))
        someone = person(f"member{i}@example.org")
        f.WorkshopAttendanceFactory(workshop=workshop, person=someone, community=e.track.community)
        f.NetworkRepresentativeFactory(track=e.track, person=someone)
        f.MentorshipFactory(track=e.track, mentor=someone, started_on=e.today - days(100), ended_on=e.today - days(10))
    complete(e.track, *C.values)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(target)


# ---- milestones


def test_a_mentor_adds_moves_completes_and_reopens_a_milestone(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    response = client.post(
        url("milestone_add", "he", pk=e.track.pk),
        {"title_he": "אספת ייסוד", "title_en": "", "stage": Stage.NUCLEUS, "due_on": (e.today + days(10)).isoformat()},
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(track=e.track)
    assert (milestone.title_he, milestone.due_on) == ("אספת ייסוד", e.today + days(10))

    response = client.post(
        url("milestone_edit", "he", pk=e.track.pk, milestone_pk=milestone.pk),
        {"title_he": "אספת ייסוד", "stage": Stage.NUCLEUS, "due_on": (e.today + days(40)).isoformat()},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.due_on == e.today + days(40)

    client.post(url("milestone_complete", "he", pk=e.track.pk, milestone_pk=milestone.pk))
    milestone.refresh_from_db()
    assert milestone.completed_on is not None
    completed_on = milestone.completed_on
    response = client.post(url("milestone_complete", "he", pk=e.track.pk, milestone_pk=milestone.pk), follow=True)
    last = list(response.context["messages"])[-1]
    assert last.level_tag == "error"  # already completed: nothing changes
    milestone.refresh_from_db()
    assert milestone.completed_on == completed_on
    client.post(url("milestone_reopen", "he", pk=e.track.pk, milestone_pk=milestone.pk))
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_a_milestone_form_with_errors_is_shown_again(client, establishment):
    e = establishment
    client.force_login(e.staff)
    response = client.post(
        url("milestone_add", pk=e.track.pk),
        {"title_en": "Founding assembly", "stage": Stage.NUCLEUS, "due_on": (e.today - days(5)).isoformat()},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The due date cannot be in the past." in page and 'value="Founding assembly"' in page
    response = client.post(url("milestone_add", pk=e.track.pk), {"stage": Stage.NUCLEUS, "due_on": "2099-01-01"})
    assert "Give a title in Hebrew or in English (or both)." in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_milestone_of_another_track_is_not_found(client, establishment):
    e = establishment
    theirs = f.MilestoneFactory(track=e.other_track)
    client.force_login(e.mentor)
    assert client.post(url("milestone_complete", "he", pk=e.track.pk, milestone_pk=theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.completed_on is None


# ---- mentors


def test_staff_assign_a_mentor_by_email_and_end_the_mentorship(client, establishment):
    e = establishment
    newcomer = person("newcomer@example.org", full_name="Sarah Klein")
    client.force_login(e.staff)
    response = client.post(
        url("mentor_assign", pk=e.track.pk), {"email": "Newcomer@Example.org", "started_on": (e.today - days(10)).isoformat()}
    )
    assert response.status_code == 302
    mentorship = Mentorship.objects.get(track=e.track, mentor=newcomer)
    client.force_login(newcomer)
    assert client.get(url("track_detail", pk=e.track.pk)).status_code == 200

    client.force_login(e.staff)
    response = client.post(url("mentorship_end", pk=e.track.pk, mentorship_pk=mentorship.pk), {"ended_on": ""})
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.ended_on is not None
    client.force_login(newcomer)
    assert client.get(url("track_detail", pk=e.track.pk)).status_code == 404


def test_assigning_a_current_mentor_again_or_an_unknown_address_is_refused(client, establishment):
    e = establishment
    client.force_login(e.staff)
    response = client.post(url("mentor_assign", pk=e.track.pk), {"person": e.mentor.pk})
    assert response.status_code == 200
    assert "already mentors this community" in response.content.decode()
    response = client.post(url("mentor_assign", pk=e.track.pk), {"email": "nobody@example.org"})
    assert "No active account has this email address." in response.content.decode()
    assert Mentorship.objects.filter(track=e.track).count() == 2


def test_a_mentor_does_not_change_mentors(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    page = client.get(url("track_detail", "he", pk=e.track.pk)).content.decode()
    assert url("mentor_assign", "he", pk=e.track.pk) not in page
    assert url("mentorship_end", "he", pk=e.track.pk, mentorship_pk=e.mentorship.pk) not in page


# ---- workshops and attendance


def test_staff_create_a_workshop_and_a_mentor_records_who_attended(client, establishment):
    e = establishment
    client.force_login(e.staff)
    response = client.post(
        url("workshop_create"),
        {"title_en": "Leading a new community", "title_he": "הובלת קהילה חדשה", "held_on": (e.today - days(3)).isoformat()},
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert "Leading a new community" in client.get(url("workshop_list")).content.decode()

    client.force_login(e.mentor)
    response = client.post(url("attendance_add", "he", pk=e.track.pk), {"workshop": workshop.pk, "person": e.leader.pk})
    assert response.status_code == 302
    attendance = WorkshopAttendance.objects.get()
    assert (attendance.person, attendance.community) == (e.leader, e.track.community)
    page = client.get(url("track_detail", "he", pk=e.track.pk)).content.decode()
    assert "הובלת קהילה חדשה" in page and "Rachel Goldberg" in page

    response = client.post(url("attendance_add", "he", pk=e.track.pk), {"workshop": workshop.pk, "person": e.leader.pk})
    assert response.status_code == 200  # recorded once only
    assert WorkshopAttendance.objects.count() == 1
    client.post(url("attendance_remove", "he", pk=e.track.pk, attendance_pk=attendance.pk))
    assert not WorkshopAttendance.objects.exists()


def test_attendance_of_another_community_is_neither_shown_nor_removable(client, establishment):
    e = establishment
    theirs = f.WorkshopAttendanceFactory(person=e.other_leader, community=e.other_track.community)
    client.force_login(e.mentor)
    page = client.get(url("track_detail", "he", pk=e.track.pk)).content.decode()
    assert "David Stein" not in page
    assert client.post(url("attendance_remove", "he", pk=e.track.pk, attendance_pk=theirs.pk)).status_code == 404
    assert WorkshopAttendance.objects.filter(pk=theirs.pk).exists()


# ---- representatives


def test_a_mentor_records_the_representatives_the_community_chose(client, establishment):
    e = establishment
    client.force_login(e.mentor)
    form_page = client.get(url("representative_add", "he", pk=e.track.pk))
    assert e.leader in form_page.context["form"].fields["person"].queryset  # the community's own people offered
    response = client.post(
        url("representative_add", "he", pk=e.track.pk), {"person": e.leader.pk, "role": "Liaison with the network"}
    )
    assert response.status_code == 302
    representative = NetworkRepresentative.objects.get(track=e.track)
    assert (representative.person, representative.role, representative.chosen_on) == (
        e.leader, "Liaison with the network", representative.chosen_on,
    )
    response = client.post(url("representative_add", "he", pk=e.track.pk), {"person": e.leader.pk})
    assert response.status_code == 200
    assert NetworkRepresentative.objects.count() == 1


# ---- the overdue email's link


def test_the_overdue_milestones_email_links_to_the_track_page(establishment, settings):
    e = establishment
    settings.SITE_URL = "https://p2g.example.org"
    f.MilestoneFactory(track=e.track, due_on=e.today - days(5))
    spec = MilestoneOverdue()
    delivery = Delivery(recipient=e.mentor, kind=Kind.MILESTONE_OVERDUE, object_id=e.mentor.pk,
                        occurrence=f"{e.today.isoformat()}/")
    mentor = spec.load([e.mentor.pk])[e.mentor.pk]
    context = spec.context(delivery, mentor)
    assert context["url"] == f"https://p2g.example.org/he/communities/establishment/{e.track.pk}/#milestones"
    assert context["entries"][0]["url"] == context["url"]
