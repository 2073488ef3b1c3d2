"""Meeting pages: time-zone entry, warnings to confirm, the meeting page, who may see and change what,
Hebrew, and query counts that do not grow with the data."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Side
from partnerships.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingComment,
    MeetingStatus,
)
from partnerships.services import meetings as services
from tests import factories as f

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"partnerships:{name}", kwargs=kwargs)


def page_of(client, user, name, **kwargs):
    """GET a page as ``user`` in their own language (the site redirects to it otherwise)."""
    client.force_login(user)
    return client.get(url(name, user.preferred_language, **kwargs))


def schedule_data(**overrides):
    data = {
        "title_en": "Winter steering meeting",
        "title_he": "ישיבת ועדת ההיגוי בחורף",
        "date": "2027-01-13",  # a Wednesday, no holiday
        "time": "19:00",
        "duration_minutes": "90",
        "location_en": "Kiryat Shmona community centre",
        "location_he": "המתנ״ס בקריית שמונה",
        "online_url": "https://meet.example.org/p2g",
    }
    if "committee" not in overrides:
        data["committee"] = ""
    data.update(overrides)
    return data


# ---- scheduling in the viewer's time zone


def test_a_chair_in_jerusalem_enters_local_time(client, workspace):
    w = workspace
    client.force_login(w.chair)  # Asia/Jerusalem
    response = client.get(url("meeting_create", "he", partnership_pk=w.partnership.pk))
    assert response.status_code == 200
    assert "שעון ישראל" in response.content.decode()  # the zone the time is typed in, named in words
    response = client.post(
        url("meeting_create", "he", partnership_pk=w.partnership.pk), schedule_data(committee=w.steering.pk)
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/meetings/{meeting.pk}/")
    assert meeting.starts_at == datetime.datetime(2027, 1, 13, 17, 0, tzinfo=UTC)  # 19:00 in Jerusalem, winter
    assert meeting.created_by == w.chair and meeting.status == MeetingStatus.SCHEDULED
    assert (meeting.title_en, meeting.title_he) == ("Winter steering meeting", "ישיבת ועדת ההיגוי בחורף")


def test_a_co_chair_in_new_york_enters_noon_for_the_same_meeting(client, workspace):
    w = workspace
    client.force_login(w.co_chair)  # America/New_York
    client.post(url("meeting_create", partnership_pk=w.partnership.pk), schedule_data(committee=w.steering.pk, time="12:00"))
    assert Meeting.objects.get().starts_at == datetime.datetime(2027, 1, 13, 17, 0, tzinfo=UTC)


def test_the_meeting_page_shows_both_sides_local_times(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, starts_at=datetime.datetime(2027, 1, 13, 17, 0, tzinfo=UTC))
    page = page_of(client, w.co_chair, "meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    text = page.content.decode()
    assert "12:00" in text and "19:00" in text


def test_a_time_that_does_not_exist_is_refused(client, workspace):
    w = workspace
    client.force_login(w.co_chair)  # New York: clocks go from 02:00 to 03:00 on 14 March 2027
    response = client.post(
        url("meeting_create", partnership_pk=w.partnership.pk),
        schedule_data(committee=w.steering.pk, date="2027-03-14", time="02:30"),
    )
    assert response.status_code == 200 and "does not exist" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_title_is_needed_in_one_language(client, workspace):
    w = workspace
    client.force_login(w.co_chair)
    response = client.post(
        url("meeting_create", partnership_pk=w.partnership.pk), schedule_data(committee=w.steering.pk, title_en="", title_he="")
    )
    assert response.status_code == 200 and "Give a title in Hebrew or in English" in response.content.decode()
    assert not Meeting.objects.exists()


# ---- warnings are shown and must be confirmed


def test_shabbat_needs_schedule_anyway(client, workspace):
    w = workspace
    client.force_login(w.co_chair)
    target = url("meeting_create", partnership_pk=w.partnership.pk)
    friday_evening = schedule_data(committee=w.steering.pk, date="2027-01-15", time="12:00")  # 19:00 Friday in Israel
    response = client.post(target, friday_evening)
    text = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "Shabbat" in text and 'name="confirm_warnings"' in text
    warned_for = re.search(r'name="warned_for" value="([^"]+)"', text).group(1)

    # ticking the box without having seen the warnings for this time is not enough
    response = client.post(target, {**friday_evening, "confirm_warnings": "on"})
    assert response.status_code == 200 and not Meeting.objects.exists()

    response = client.post(target, {**friday_evening, "confirm_warnings": "on", "warned_for": warned_for})
    assert response.status_code == 302
    assert Meeting.objects.get().starts_at == datetime.datetime(2027, 1, 15, 17, 0, tzinfo=UTC)


def test_changing_the_time_after_confirming_asks_again(client, workspace):
    w = workspace
    client.force_login(w.co_chair)
    target = url("meeting_create", partnership_pk=w.partnership.pk)
    first = schedule_data(committee=w.steering.pk, date="2027-01-15", time="12:00")
    warned_for = re.search(r'name="warned_for" value="([^"]+)"', client.post(target, first).content.decode()).group(1)
    night = {**first, "date": "2027-01-13", "time": "17:00", "confirm_warnings": "on", "warned_for": warned_for}
    response = client.post(target, night)  # midnight in Israel: a new warning, not yet seen
    assert response.status_code == 200 and "at night" in response.content.decode()
    assert not Meeting.objects.exists()


def test_editing_without_moving_the_time_does_not_ask_again(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, starts_at=datetime.datetime(2027, 1, 15, 17, 0, tzinfo=UTC))
    client.force_login(w.co_chair)
    response = client.post(
        url("meeting_edit", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk),
        schedule_data(date="2027-01-15", time="12:00", title_en="Renamed"),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_en == "Renamed" and meeting.starts_at == datetime.datetime(2027, 1, 15, 17, 0, tzinfo=UTC)


# ---- the meeting page


def test_meeting_page_shows_agenda_attendance_quorum_decisions_and_comments(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - datetime.timedelta(days=1))
    services.agenda_item_add(meeting=meeting, by=w.chair, title_en="School twinning report", presenter=w.member_israel,
                             duration_minutes=20)
    services.attendance_record(meeting=meeting, by=w.chair, statuses={
        w.chair.pk: AttendanceStatus.PRESENT, w.co_chair.pk: AttendanceStatus.REMOTE,
    })
    services.decision_add(meeting=meeting, by=w.chair, text_en="Approve the plan", votes_for=2, votes_against=0,
                          votes_abstain=0)
    services.meeting_comment_add(meeting=meeting, author=w.member_diaspora, text="Thanks for the report")
    text = page_of(client, w.member_diaspora, "meeting_detail", partnership_pk=w.partnership.pk,
                   meeting_pk=meeting.pk).content.decode()
    for expected in ("School twinning report", "Presenter: <bdi>יוסי לוי</bdi>", "20 minutes", "Quorum not met",
                     "2 members present; the quorum is 3.", "Decision 1", "For: 2 · Against: 0 · Abstain: 0",
                     "Passed", "Thanks for the report", "David Stein"):
        assert expected in text, expected
    # a reader sees no editing tools
    assert "Move up" not in text and "Record attendance" not in text and "Add an agenda item" not in text


def test_chair_records_attendance_through_the_form(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(w.co_chair)
    target = url("attendance_edit", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    text = client.get(target).content.decode()
    for name in ("נועה כהן", "Rachel Goldberg", "David Stein", "יוסי לוי", "מיכל אברהם"):
        assert name in text
    assert "Michael Rosen" not in text and "Sarah Klein" not in text  # former; another committee
    response = client.post(target, {
        f"person_{w.chair.pk}": "present", f"person_{w.co_chair.pk}": "remote",
        f"person_{w.member_diaspora.pk}": "present", f"person_{w.member_israel.pk}": "excused",
    })
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    text = client.get(url("meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)).content.decode()
    assert "Quorum met." in text


def test_a_vote_beyond_the_members_present_is_shown_as_an_error(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(w.co_chair)
    response = client.post(url("decision_add", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk), {
        "text_en": "Approve", "votes_for": "4", "votes_against": "0", "votes_abstain": "0",
    })
    text = response.content.decode()
    assert response.status_code == 200 and "only 0 members are recorded as present" in text
    assert "Approve</textarea>" in text and 'name="votes_for" value="4"' in text  # the form keeps what was typed
    response = client.post(url("decision_add", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk), {
        "text_en": "Approve", "votes_for": "4",
    })
    assert "for, against and abstain together" in response.content.decode()
    assert not Decision.objects.exists()


def test_agenda_is_edited_and_reordered_from_the_page(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering)
    client.force_login(w.co_chair)
    add = url("agenda_item_add", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    client.post(add, {"title_en": "Welcome", "presenter": str(w.chair.pk), "duration_minutes": "5"})
    client.post(add, {"title_he": "תקציב", "presenter": "", "duration_minutes": ""})
    second = AgendaItem.objects.get(title_he="תקציב")
    client.post(url("agenda_item_move", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk, item_pk=second.pk),
                {"direction": "up"})
    assert [i.title for i in meeting.agenda_items.order_by("order")] == ["תקציב", "Welcome"]
    # a presenter from outside the committee is not offered and not accepted
    response = client.post(add, {"title_en": "Guest", "presenter": str(w.sub_chair.pk)})
    assert response.status_code == 200 and meeting.agenda_items.count() == 2


def test_cancelling_asks_first_and_then_locks_the_record(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering)
    client.force_login(w.co_chair)
    target = url("meeting_cancel", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    response = client.get(target)
    assert response.status_code == 200 and "Yes, cancel the meeting" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
    assert client.post(target).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED
    detail = client.get(url("meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk), follow=True)
    text = detail.content.decode()
    assert "This meeting is cancelled." in text and "Add an agenda item" not in text and "Edit the meeting" not in text
    response = client.get(url("meeting_edit", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk), follow=True)
    assert "This meeting can no longer be changed." in response.content.decode()
    response = client.post(target, follow=True)  # twice: the second time says why not
    assert "Only a meeting that is still scheduled can be cancelled" in response.content.decode()


def test_marking_held_from_the_page(client, workspace):
    w = workspace
    upcoming = f.MeetingFactory(committee=w.steering)
    started = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(w.co_chair)
    page = client.get(url("meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=upcoming.pk)).content.decode()
    assert "Mark as held" not in page
    response = client.post(url("meeting_mark_held", partnership_pk=w.partnership.pk, meeting_pk=upcoming.pk), follow=True)
    assert "has not started yet" in response.content.decode()
    client.post(url("meeting_mark_held", partnership_pk=w.partnership.pk, meeting_pk=started.pk))
    assert Meeting.objects.get(pk=started.pk).status == MeetingStatus.HELD


def test_members_comment(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering)
    client.force_login(w.member_diaspora)
    target = url("meeting_comment_add", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    assert client.post(target, {"text": ""}).status_code == 200
    assert client.post(target, {"text": "Can we start at 12:30?"}).status_code == 302
    assert MeetingComment.objects.get().author == w.member_diaspora


def test_list_shows_upcoming_and_past_with_quorum_and_filters_by_committee(client, workspace):
    w = workspace
    now = timezone.now()
    f.MeetingFactory(committee=w.steering, title_en="Next steering", starts_at=now + datetime.timedelta(days=3))
    f.MeetingFactory(committee=w.sub, title_en="Next education", starts_at=now + datetime.timedelta(days=4))
    held = f.MeetingFactory(committee=w.steering, title_en="Last steering", status=MeetingStatus.HELD,
                            starts_at=now - datetime.timedelta(days=10))
    services.attendance_record(meeting=held, by=w.chair, statuses={
        w.chair.pk: "present", w.co_chair.pk: "present", w.member_diaspora.pk: "remote"})
    f.MeetingFactory(committee=w.other_steering, title_en="Someone else's")
    text = page_of(client, w.member_diaspora, "meeting_list", partnership_pk=w.partnership.pk).content.decode()
    assert "Next steering" in text and "Next education" in text and "Last steering" in text
    assert "Quorum met: 3 present" in text
    assert "Someone else" not in text
    assert "Schedule a meeting" not in text  # a member does not schedule
    client.force_login(w.member_diaspora)
    text = client.get(url("meeting_list", partnership_pk=w.partnership.pk), {"committee": w.sub.pk}).content.decode()
    assert "Next education" in text and "Next steering" not in text


# ---- who may see and change what


def routes(w, meeting, item, decision):
    """(name, kwargs, methods, managers only) for every URL of the meetings area."""
    p = w.partnership.pk
    m = {"partnership_pk": p, "meeting_pk": meeting.pk}
    return [
        ("meeting_list", {"partnership_pk": p}, ("GET",), False),
        ("meeting_create", {"partnership_pk": p}, ("GET", "POST"), True),
        ("meeting_detail", m, ("GET",), False),
        ("meeting_edit", m, ("GET", "POST"), True),
        ("meeting_cancel", m, ("GET", "POST"), True),
        ("meeting_mark_held", m, ("POST",), True),
        ("agenda_item_add", m, ("POST",), True),
        ("agenda_item_edit", {**m, "item_pk": item.pk}, ("GET", "POST"), True),
        ("agenda_item_delete", {**m, "item_pk": item.pk}, ("POST",), True),
        ("agenda_item_move", {**m, "item_pk": item.pk}, ("POST",), True),
        ("attendance_edit", m, ("GET", "POST"), True),
        ("decision_add", m, ("POST",), True),
        ("decision_edit", {**m, "decision_pk": decision.pk}, ("GET", "POST"), True),
        ("decision_delete", {**m, "decision_pk": decision.pk}, ("POST",), True),
        ("minutes_edit", m, ("GET", "POST"), True),
        ("meeting_comment_add", m, ("POST",), False),
    ]


@pytest.fixture
def held_meeting(workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - datetime.timedelta(days=2))
    item = f.AgendaItemFactory(meeting=meeting)
    decision = f.DecisionFactory(meeting=meeting, number=1)
    return meeting, item, decision


def call(client, method, target):
    return client.get(target) if method == "GET" else client.post(target, {"text": "x", "direction": "up"})


def test_anonymous_visitors_are_sent_to_sign_in(client, workspace, held_meeting):
    for name, kwargs, methods, _managers in routes(workspace, *held_meeting):
        for method in methods:
            response = call(client, method, url(name, **kwargs))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (name, method)


@pytest.mark.parametrize("who", ["volunteer", "other_member", "former"])
def test_outsiders_get_404_everywhere(client, workspace, held_meeting, who):
    client.force_login(getattr(workspace, who))
    for name, kwargs, methods, _managers in routes(workspace, *held_meeting):
        for method in methods:
            assert call(client, method, url(name, **kwargs)).status_code == 404, (name, method)
    assert Meeting.objects.get(pk=held_meeting[0].pk).status == MeetingStatus.SCHEDULED
    assert not MeetingComment.objects.exists()


def test_members_read_but_cannot_change(client, workspace, held_meeting):
    client.force_login(workspace.member_diaspora)
    for name, kwargs, methods, managers in routes(workspace, *held_meeting):
        for method in methods:
            response = call(client, method, url(name, **kwargs))
            if managers:
                assert response.status_code == 403, (name, method)
            else:
                assert response.status_code in (200, 302), (name, method)
    meeting = Meeting.objects.get(pk=held_meeting[0].pk)
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.agenda_items.count() == 1
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_a_meeting_of_another_partnership_is_404_even_for_a_chair(client, workspace):
    w = workspace
    theirs = f.MeetingFactory(committee=w.other_steering, starts_at=timezone.now() - datetime.timedelta(days=1))
    item = f.AgendaItemFactory(meeting=theirs)
    decision = f.DecisionFactory(meeting=theirs, number=1)
    client.force_login(w.co_chair)
    for name, kwargs, methods, _managers in routes(w, theirs, item, decision):
        if "meeting_pk" not in kwargs:
            continue
        for method in methods:
            assert call(client, method, url(name, **kwargs)).status_code == 404, (name, method)
    # nor can an item of another meeting be reached through one's own meeting
    mine = f.MeetingFactory(committee=w.steering)
    target = url("agenda_item_edit", partnership_pk=w.partnership.pk, meeting_pk=mine.pk, item_pk=item.pk)
    assert client.get(target).status_code == 404


def test_a_subcommittee_chair_manages_only_subcommittee_meetings(client, workspace):
    w = workspace
    sub_meeting = f.MeetingFactory(committee=w.sub)
    steering_meeting = f.MeetingFactory(committee=w.steering)
    client.force_login(w.sub_chair)
    response = client.get(url("meeting_create", partnership_pk=w.partnership.pk))
    assert response.status_code == 200
    options = re.findall(r'<option value="(\d+)"', response.content.decode())
    assert options == [str(w.sub.pk)]
    noon = {"time": "12:00"}  # in New York, where the subcommittee chair lives
    response = client.post(url("meeting_create", partnership_pk=w.partnership.pk), schedule_data(committee=w.steering.pk, **noon))
    assert response.status_code == 200 and not Meeting.objects.filter(title_en="Winter steering meeting").exists()
    response = client.post(url("meeting_create", partnership_pk=w.partnership.pk), schedule_data(committee=w.sub.pk, **noon))
    assert response.status_code == 302 and Meeting.objects.get(title_en="Winter steering meeting").committee == w.sub

    add = {"title_en": "Schools", "presenter": str(w.sub_member.pk)}
    ok = client.post(url("agenda_item_add", partnership_pk=w.partnership.pk, meeting_pk=sub_meeting.pk), add)
    assert ok.status_code == 302 and sub_meeting.agenda_items.count() == 1
    refused = client.post(url("agenda_item_add", partnership_pk=w.partnership.pk, meeting_pk=steering_meeting.pk), add)
    assert refused.status_code == 403
    assert client.get(url("meeting_edit", partnership_pk=w.partnership.pk, meeting_pk=steering_meeting.pk)).status_code == 403
    # and reads the steering committee's meeting like any member
    assert client.get(url("meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=steering_meeting.pk)).status_code == 200


def test_a_member_with_nothing_to_manage_cannot_open_the_scheduling_form(client, workspace):
    client.force_login(workspace.sub_member)
    assert client.get(url("meeting_create", "he", partnership_pk=workspace.partnership.pk)).status_code == 403


# ---- Hebrew


def test_meeting_pages_in_hebrew_read_right_to_left(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, title_en="Winter meeting", title_he="ישיבת החורף")
    f.AgendaItemFactory(meeting=meeting)
    for name, kwargs in (
        ("meeting_list", {"partnership_pk": w.partnership.pk}),
        ("meeting_detail", {"partnership_pk": w.partnership.pk, "meeting_pk": meeting.pk}),
        ("meeting_create", {"partnership_pk": w.partnership.pk}),
        ("attendance_edit", {"partnership_pk": w.partnership.pk, "meeting_pk": meeting.pk}),
    ):
        response = page_of(client, w.chair, name, **kwargs)  # the chair reads Hebrew
        text = response.content.decode()
        assert response.status_code == 200, name
        assert 'lang="he" dir="rtl"' in text, name
        assert "ספרינגפילד – גליל עליון" in text, name
    detail = page_of(client, w.chair, "meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk)
    text = detail.content.decode()
    assert "ישיבת החורף" in text and "תקציב לשנה הבאה" in text and "Winter meeting" not in text


def test_english_content_is_shown_when_there_is_no_hebrew(client, workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering, title_en="Only in English", title_he="")
    text = page_of(client, w.chair, "meeting_detail", partnership_pk=w.partnership.pk, meeting_pk=meeting.pk).content.decode()
    assert "Only in English" in text


# ---- query counts do not grow with the data


def populate(w, n):
    """n meetings of each kind, n extra members, and one meeting with n of everything."""
    now = timezone.now()
    people = [f.UserFactory(email=f"bulk{n}-{i}@example.org") for i in range(n)]
    for i, person in enumerate(people):
        f.MembershipFactory(committee=w.steering, person=person, side=Side.DIASPORA if i % 2 else Side.ISRAEL,
                            term_start=w.today - datetime.timedelta(days=400))
    for i in range(n):
        f.MeetingFactory(committee=w.steering if i % 2 else w.sub, starts_at=now + datetime.timedelta(days=i + 1))
        past = f.MeetingFactory(committee=w.steering, status=MeetingStatus.HELD,
                                starts_at=now - datetime.timedelta(days=i + 1))
        f.AttendanceFactory(meeting=past, person=people[i], status=AttendanceStatus.PRESENT)
    big = f.MeetingFactory(committee=w.steering, starts_at=now - datetime.timedelta(hours=3))
    for i, person in enumerate(people):
        f.AgendaItemFactory(meeting=big, order=i + 1, presenter=person)
        f.AttendanceFactory(meeting=big, person=person, status=AttendanceStatus.REMOTE)
        f.DecisionFactory(meeting=big, number=i + 1, votes_for=1, votes_against=0, votes_abstain=0)
        f.MeetingCommentFactory(meeting=big, author=person)
        f.ActionItemFactory(committee=w.steering, meeting=big, owner=person)
        f.MeetingAttachmentFactory(meeting=big, uploaded_by=person)
    return big


MAX_QUERIES = 15


@pytest.mark.parametrize("n", [2, 20])
def test_pages_take_the_same_queries_on_small_and_large_data(client, workspace, django_assert_max_num_queries, n):
    w = workspace
    big = populate(w, n)
    client.force_login(w.co_chair)  # a manager: every form on the page
    p = w.partnership.pk
    pages = [
        url("meeting_list", partnership_pk=p),
        url("meeting_detail", partnership_pk=p, meeting_pk=big.pk),
        url("attendance_edit", partnership_pk=p, meeting_pk=big.pk),
        url("meeting_create", partnership_pk=p),
        url("meeting_edit", partnership_pk=p, meeting_pk=big.pk),
    ]
    for target in pages:
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(target)
        assert response.status_code == 200, target
    text = client.get(pages[1]).content.decode()
    assert text.count('class="decision"') == n and len(re.findall(r'<li id="agenda-item-', text)) == n
