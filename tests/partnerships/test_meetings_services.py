"""Meetings: the quorum rule, votes, the agenda, follow-ups carried to the next agenda, status changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from communities.models import Side
from partnerships.models import (
    ActionItemStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    MeetingStatus,
)
from partnerships.selectors import meetings as selectors
from partnerships.services import meetings as services
from tests import factories as f

pytestmark = pytest.mark.django_db

P, R, E, A = AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def past_meeting(w, committee=None, days=3, **kwargs):
    return f.MeetingFactory(
        committee=committee or w.steering, starts_at=timezone.now() - datetime.timedelta(days=days), **kwargs
    )


def record(w, meeting, mapping):
    services.attendance_record(
        meeting=meeting, by=w.chair, statuses={getattr(w, name).pk: status for name, status in mapping.items()}
    )


# ---- quorum


def test_quorum_needs_the_minimum_number_of_members_present(workspace):
    w = workspace  # steering: quorum 3, both sides
    meeting = past_meeting(w)
    record(w, meeting, {"chair": P, "co_chair": P})
    q = selectors.quorum(meeting)
    assert (q.present, q.required, q.met) == (2, 3, False)
    with translation.override("en"):
        assert q.reasons == ["2 members present; the quorum is 3."]
    record(w, meeting, {"member_diaspora": P})
    q = selectors.quorum(meeting)
    assert q.met and q.present == 3 and q.reasons == []


def test_quorum_needs_a_member_from_each_side(workspace):
    w = workspace
    extra = f.UserFactory(email="third-diaspora@example.org")
    f.MembershipFactory(committee=w.steering, person=extra, side=Side.DIASPORA, term_start=w.today - datetime.timedelta(days=100))
    meeting = past_meeting(w)
    services.attendance_record(
        meeting=meeting, by=w.chair, statuses={w.co_chair.pk: P, w.member_diaspora.pk: P, extra.pk: P}
    )
    q = selectors.quorum(meeting)
    assert q.present == 3 and not q.met
    with translation.override("en"):
        assert q.reasons == ["No member from the Israel side is present; the quorum needs both sides."]
    # the same committee without the both-sides rule has its quorum
    w.steering.quorum_needs_both_sides = False
    w.steering.save()
    meeting.committee.refresh_from_db()
    assert selectors.quorum(meeting).met


def test_present_online_counts_and_excused_or_absent_do_not(workspace):
    w = workspace
    meeting = past_meeting(w)
    record(w, meeting, {"co_chair": P, "member_israel": R, "chair": E, "member_diaspora": A, "pro_staff": E})
    q = selectors.quorum(meeting)
    assert q.present == 2 and q.present_by_side == {"diaspora": 1, "israel": 1} and not q.met
    record(w, meeting, {"chair": R})
    assert selectors.quorum(meeting).met


def test_only_members_on_the_meeting_day_count_and_can_be_recorded(workspace):
    w = workspace
    # Sixty days ago the former member still sat on the committee: they can be recorded then.
    old = past_meeting(w, days=60)
    record(w, old, {"former": P, "chair": P, "co_chair": P})
    assert selectors.quorum(old).met
    # Today they are no longer a member: not on the list, not recorded.
    recent = past_meeting(w, days=1)
    with pytest.raises(ValidationError, match="only for members"):
        record(w, recent, {"former": P})
    with pytest.raises(ValidationError):
        record(w, recent, {"volunteer": P})
    assert not Attendance.objects.filter(meeting=recent).exists()


def test_quorum_of_many_meetings_is_one_query(workspace, django_assert_num_queries):
    w = workspace
    meetings = [past_meeting(w, days=d) for d in (2, 3, 4)]
    record(w, meetings[0], {"chair": P, "co_chair": P, "member_diaspora": R})
    record(w, meetings[1], {"chair": P})
    for m in meetings:
        m.committee  # noqa: B018 - loaded, as the list's select_related does
    with django_assert_num_queries(1):
        quorums = selectors.quorums_for(meetings)
    assert [quorums[m.pk].met for m in meetings] == [True, False, False]
    # the meeting page computes the same from its rows
    detail = meetings[0]
    members = selectors.committee_members_on(w.steering, selectors.meeting_day(detail), meeting=detail)
    assert selectors.quorum_from_members(detail, members) == quorums[detail.pk]
    assert selectors.quorum_from_rows(detail, detail.attendance.all(), members) == quorums[detail.pk]


def test_clearing_an_attendance_removes_it(workspace):
    w = workspace
    meeting = past_meeting(w)
    record(w, meeting, {"chair": P, "co_chair": P})
    record(w, meeting, {"chair": None, "co_chair": E})
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status")) == {w.co_chair.pk: E}


# ---- decisions and votes


def test_a_vote_has_all_three_numbers_or_none(workspace):
    w = workspace
    meeting = past_meeting(w)
    record(w, meeting, {"chair": P, "co_chair": P, "member_diaspora": P, "member_israel": R})
    with pytest.raises(ValidationError, match="together"):
        services.decision_add(meeting=meeting, by=w.chair, text_en="Approve", votes_for=3, votes_against=1)
    no_vote = services.decision_add(meeting=meeting, by=w.chair, text_he="מאשרים את התוכנית")
    assert not no_vote.has_vote and no_vote.passed is None
    passed = services.decision_add(
        meeting=meeting, by=w.chair, text_en="Approve the plan", votes_for=3, votes_against=1, votes_abstain=0
    )
    tied = services.decision_add(
        meeting=meeting, by=w.chair, text_en="Move the date", votes_for=2, votes_against=2, votes_abstain=0
    )
    assert passed.passed is True and tied.passed is False
    assert [d.number for d in meeting.decisions.order_by("number")] == [1, 2, 3]


def test_votes_cannot_exceed_the_members_present(workspace):
    w = workspace
    meeting = past_meeting(w)
    record(w, meeting, {"chair": P, "co_chair": R, "member_diaspora": E})
    with pytest.raises(ValidationError) as caught:
        services.decision_add(meeting=meeting, by=w.chair, text_en="Approve", votes_for=2, votes_against=0, votes_abstain=1)
    assert "3 votes but only 2 members are recorded as present" in " ".join(caught.value.messages)
    decision = services.decision_add(
        meeting=meeting, by=w.chair, text_en="Approve", votes_for=1, votes_against=0, votes_abstain=1
    )
    with pytest.raises(ValidationError, match="only 2 members"):
        services.decision_update(
            decision=decision, by=w.chair, text_en="Approve", votes_for=3, votes_against=0, votes_abstain=0
        )


def test_decisions_wait_for_the_meeting_to_start(workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering)  # in ten days
    with pytest.raises(ValidationError, match="not started"):
        services.decision_add(meeting=meeting, by=w.chair, text_en="Too early")


def test_deleting_a_decision_renumbers_the_ones_after_it(workspace):
    w = workspace
    meeting = past_meeting(w)
    first, second, third = (services.decision_add(meeting=meeting, by=w.chair, text_en=t) for t in ("A", "B", "C"))
    services.decision_delete(decision=second, by=w.chair)
    assert list(Decision.objects.filter(meeting=meeting).order_by("number").values_list("number", "text_en")) == [
        (1, "A"), (2, "C"),
    ]


# ---- agenda


def test_agenda_items_keep_their_order_and_move(workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering)
    a, b, c = (
        services.agenda_item_add(meeting=meeting, by=w.chair, title_en=t, presenter=w.member_israel, duration_minutes=10)
        for t in ("Welcome", "Budget", "Next steps")
    )
    services.agenda_item_move(item=c, by=w.chair, direction="up")
    assert [i.title_en for i in meeting.agenda_items.order_by("order")] == ["Welcome", "Next steps", "Budget"]
    services.agenda_item_move(item=a, by=w.chair, direction="up")  # already first: nothing moves
    services.agenda_item_delete(item=a, by=w.chair)
    assert list(meeting.agenda_items.order_by("order").values_list("order", "title_en")) == [
        (1, "Next steps"), (2, "Budget"),
    ]
    with pytest.raises(ValidationError):
        services.agenda_item_move(item=b, by=w.chair, direction="sideways")


def test_the_presenter_is_a_member_of_the_committee(workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.sub)
    with pytest.raises(ValidationError) as caught:
        services.agenda_item_add(meeting=meeting, by=w.sub_chair, title_en="Schools", presenter=w.member_israel)
    assert "presenter" in caught.value.error_dict
    item = services.agenda_item_add(meeting=meeting, by=w.sub_chair, title_he="בתי ספר", presenter=w.sub_member)
    assert item.presenter == w.sub_member and item.order == 1


def test_an_agenda_item_needs_a_title_in_one_language(workspace):
    with pytest.raises(ValidationError, match="Hebrew or in English"):
        services.agenda_item_add(meeting=f.MeetingFactory(committee=workspace.steering), by=workspace.chair, title_en=" ")


# ---- follow-ups: open action items reach the next agenda by themselves


def test_scheduling_puts_open_action_items_on_the_agenda(workspace):
    w = workspace
    held = past_meeting(w, days=20, status=MeetingStatus.HELD)
    open_item = f.ActionItemFactory(committee=w.steering, meeting=held, owner=w.member_israel)
    going = f.ActionItemFactory(committee=w.steering, status=ActionItemStatus.IN_PROGRESS, title_en="Book the hall",
                                title_he="להזמין את האולם")
    f.ActionItemFactory(committee=w.steering, status=ActionItemStatus.DONE, completed_on=w.today)
    f.ActionItemFactory(committee=w.sub)  # another committee's

    meeting = services.meeting_schedule(
        committee=w.steering, by=w.chair, title_en="Winter meeting", starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    items = list(meeting.agenda_items.order_by("order"))
    assert [i.action_item for i in items] == [open_item, going]
    assert items[0].title_en == "Follow-up: Send the budget proposal"
    assert "לשלוח את הצעת התקציב" in items[0].title_he
    assert items[0].presenter == w.member_israel  # the owner reports on it

    # a later meeting does not repeat what the next one already discusses
    later = services.meeting_schedule(
        committee=w.steering, by=w.chair, title_en="Spring meeting", starts_at=timezone.now() + datetime.timedelta(days=40)
    )
    assert not later.agenda_items.exists()
    assert services.next_meeting(w.steering, timezone.now()) == meeting


def test_follow_up_is_added_once_at_the_end(workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering)
    services.agenda_item_add(meeting=meeting, by=w.chair, title_en="Welcome")
    action_item = f.ActionItemFactory(committee=w.steering)
    first = services.agenda_add_follow_up(meeting=meeting, action_item=action_item)
    again = services.agenda_add_follow_up(meeting=meeting, action_item=action_item)
    assert first == again and first.order == 2
    assert AgendaItem.objects.filter(meeting=meeting, action_item=action_item).count() == 1


def test_next_meeting_skips_cancelled_and_other_committees(workspace):
    w = workspace
    now = timezone.now()
    f.MeetingFactory(committee=w.steering, starts_at=now + datetime.timedelta(days=2), status=MeetingStatus.CANCELLED)
    f.MeetingFactory(committee=w.sub, starts_at=now + datetime.timedelta(days=3))
    wanted = f.MeetingFactory(committee=w.steering, starts_at=now + datetime.timedelta(days=5))
    f.MeetingFactory(committee=w.steering, starts_at=now + datetime.timedelta(days=9))
    assert services.next_meeting(w.steering, now) == wanted
    assert services.next_meeting(w.steering, wanted.starts_at) != wanted


def test_cancelling_moves_follow_ups_to_the_next_meeting(workspace):
    w = workspace
    now = timezone.now()
    action_item = f.ActionItemFactory(committee=w.steering)
    first = services.meeting_schedule(committee=w.steering, by=w.chair, title_en="A", starts_at=now + datetime.timedelta(days=3))
    second = services.meeting_schedule(committee=w.steering, by=w.chair, title_en="B", starts_at=now + datetime.timedelta(days=30))
    assert first.agenda_items.filter(action_item=action_item).exists()
    assert not second.agenda_items.exists()
    services.meeting_cancel(meeting=first, by=w.chair)
    assert second.agenda_items.get().action_item == action_item


def test_marking_held_carries_what_is_still_open(workspace):
    w = workspace
    now = timezone.now()
    action_item = f.ActionItemFactory(committee=w.steering)
    today = services.meeting_schedule(
        committee=w.steering, by=w.chair, title_en="Today", starts_at=now + datetime.timedelta(minutes=1)
    )
    following = services.meeting_schedule(
        committee=w.steering, by=w.chair, title_en="Next", starts_at=now + datetime.timedelta(days=30)
    )
    assert not following.agenda_items.exists()
    services.meeting_mark_held(meeting=today, by=w.chair, now=now + datetime.timedelta(minutes=2))
    assert following.agenda_items.get().action_item == action_item


# ---- status changes and the locked record


def test_status_moves_only_as_allowed(workspace):
    w = workspace
    upcoming = f.MeetingFactory(committee=w.steering)
    with pytest.raises(ValidationError, match="not started"):
        services.meeting_mark_held(meeting=upcoming, by=w.chair)
    held = past_meeting(w)
    services.meeting_mark_held(meeting=held, by=w.chair)
    assert held.status == MeetingStatus.HELD
    with pytest.raises(ValidationError, match="Only a meeting that is still scheduled can be cancelled"):
        services.meeting_cancel(meeting=held, by=w.chair)
    services.meeting_cancel(meeting=upcoming, by=w.chair)
    with pytest.raises(ValidationError, match="Only a scheduled meeting can be marked as held"):
        services.meeting_mark_held(meeting=upcoming, by=w.chair)
    services.meeting_status_check(meeting=held, to=MeetingStatus.PUBLISHED)  # the actions area publishes it


def test_a_cancelled_or_published_meeting_keeps_its_record(workspace):
    w = workspace
    cancelled = f.MeetingFactory(committee=w.steering, status=MeetingStatus.CANCELLED)
    published = past_meeting(w, status=MeetingStatus.PUBLISHED, summary_published_at=timezone.now())
    for meeting in (cancelled, published):
        with pytest.raises(ValidationError):
            services.agenda_item_add(meeting=meeting, by=w.chair, title_en="Late item")
        with pytest.raises(ValidationError):
            services.meeting_minutes_update(meeting=meeting, by=w.chair, minutes_en="Changed")
        with pytest.raises(ValidationError):
            record(w, meeting, {"chair": P})
    with pytest.raises(ValidationError, match="summary of this meeting has been published"):
        services.decision_add(meeting=published, by=w.chair, text_en="Late")


def test_a_meeting_needs_a_title_and_an_aware_start(workspace):
    w = workspace
    with pytest.raises(ValidationError, match="Hebrew or in English"):
        services.meeting_schedule(committee=w.steering, by=w.chair, starts_at=timezone.now())
    with pytest.raises(ValidationError, match="time zone"):
        services.meeting_schedule(committee=w.steering, by=w.chair, title_he="ישיבה", starts_at=datetime.datetime(2027, 1, 13, 19))  # noqa: DTZ001


def test_comments_need_text(workspace):
    w = workspace
    meeting = f.MeetingFactory(committee=w.steering)
    with pytest.raises(ValidationError):
        services.meeting_comment_add(meeting=meeting, author=w.member_diaspora, text="   ")
    comment = services.meeting_comment_add(meeting=meeting, author=w.member_diaspora, text=" Looks good ")
    assert comment.text == "Looks good" and comment.author == w.member_diaspora
