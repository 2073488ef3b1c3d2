"""Rules the partnership models hold themselves: committees, terms, forum seats, meetings, votes.

Each rule is tried twice: through ``full_clean()`` (the message a form or the admin shows) and
straight at the database (an ``IntegrityError``, nothing stored).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.models import (
    FORUM_MAX_MEMBERS,
    Committee,
    CommitteeKind,
    Decision,
    ForumMembership,
    Meeting,
    Membership,
    MembershipRole,
)
from tests.db import refused_by_database

pytestmark = pytest.mark.django_db

TERM_ENDS_BEFORE_START = "A term cannot end before it starts."
TERMS_OVERLAP = "This person already has a term in this role on this committee that overlaps these dates."
SECOND_STEERING = "This partnership already has a joint steering committee."
SUBCOMMITTEE_PARENT = "A subcommittee belongs to a steering committee; a steering committee has no parent."
FORUM_FULL = "A forum has at most 20 members."
MEETING_OWNER = "A meeting belongs to either a committee or a forum."
VOTE_PARTLY_FILLED = "A vote records for, against and abstain together (0 where none)."


def term(committee, person, start, end=None, role=MembershipRole.MEMBER, side="israel"):
    return Membership(committee=committee, person=person, side=side, role=role, term_start=start, term_end=end)


# --- Committees ----------------------------------------------------------------------------------


def test_a_second_steering_committee_is_refused(partnership, steering):
    second = Committee(partnership=partnership, kind=CommitteeKind.STEERING, name_en="Another", name_he="ועדה נוספת")
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert SECOND_STEERING in excinfo.value.messages

    refused_by_database(second.save, "committee_one_steering_per_partnership")
    assert list(partnership.committees.all()) == [steering]


def test_a_subcommittee_without_parent_is_refused(partnership, steering):
    orphan = Committee(partnership=partnership, kind=CommitteeKind.SUBCOMMITTEE, name_en="Education", name_he="חינוך")
    with pytest.raises(ValidationError) as excinfo:
        orphan.full_clean()
    assert SUBCOMMITTEE_PARENT in excinfo.value.messages

    refused_by_database(orphan.save, "committee_subcommittee_has_parent")
    assert not Committee.objects.filter(kind=CommitteeKind.SUBCOMMITTEE).exists()


def test_a_steering_committee_with_a_parent_is_refused(partnership, steering):
    nested = Committee(partnership=partnership, kind=CommitteeKind.STEERING, parent=steering, name_en="X", name_he="X")
    with pytest.raises(ValidationError) as excinfo:
        nested.full_clean()
    assert SUBCOMMITTEE_PARENT in excinfo.value.messages


def test_subcommittees_under_the_steering_committee_are_allowed(partnership, steering):
    for name_en, name_he in [("Education", "חינוך"), ("Culture", "תרבות")]:
        sub = Committee(
            partnership=partnership, kind=CommitteeKind.SUBCOMMITTEE, parent=steering, name_en=name_en, name_he=name_he
        )
        sub.full_clean()
        sub.save()
    assert steering.subcommittees.count() == 2


# --- Membership terms ----------------------------------------------------------------------------


def test_a_term_that_ends_before_it_starts_is_refused(steering, dana):
    backwards = term(steering, dana, datetime.date(2024, 6, 1), datetime.date(2024, 5, 31))
    with pytest.raises(ValidationError) as excinfo:
        backwards.full_clean()
    assert excinfo.value.messages == [TERM_ENDS_BEFORE_START]

    refused_by_database(backwards.save, "membership_term_ends_after_start")
    assert not Membership.objects.exists()


def test_a_one_day_term_is_allowed(steering, dana):
    one_day = term(steering, dana, datetime.date(2024, 6, 1), datetime.date(2024, 6, 1))
    one_day.full_clean()
    one_day.save()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the second term starts inside the first
        ((datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)), (datetime.date(2021, 6, 1), None)),
        # the first is open-ended: every later term overlaps it
        ((datetime.date(2020, 1, 1), None), (datetime.date(2030, 1, 1), datetime.date(2031, 1, 1))),
        # the second surrounds the first
        ((datetime.date(2021, 1, 1), datetime.date(2021, 3, 1)), (datetime.date(2020, 1, 1), datetime.date(2022, 1, 1))),
        # a shared last/first day is an overlap (terms include both ends)
        ((datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)), (datetime.date(2021, 12, 31), None)),
    ],
    ids=["starts-inside", "first-open-ended", "surrounds", "shared-day"],
)
def test_overlapping_terms_are_refused_by_clean(steering, dana, first, second):
    term(steering, dana, *first).save()
    overlapping = term(steering, dana, *second)
    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()
    assert excinfo.value.messages == [TERMS_OVERLAP]
    assert Membership.objects.count() == 1


def test_consecutive_terms_are_allowed(steering, dana):
    """A term ending on 31 December and the next one starting on 1 January do not overlap."""
    term(steering, dana, datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)).save()
    follow_up = term(steering, dana, datetime.date(2022, 1, 1))
    follow_up.full_clean()
    follow_up.save()  # on PostgreSQL the exclusion constraint agrees
    assert Membership.objects.filter(person=dana).count() == 2


def test_the_same_dates_in_another_role_or_committee_are_allowed(partnership, steering, dana):
    sub = Committee.objects.create(
        partnership=partnership, kind=CommitteeKind.SUBCOMMITTEE, parent=steering, name_en="Youth", name_he="נוער"
    )
    start = datetime.date(2024, 1, 1)
    term(steering, dana, start).save()
    for other in (term(steering, dana, start, role=MembershipRole.CHAIR), term(sub, dana, start)):
        other.full_clean()
        other.save()
    assert Membership.objects.filter(person=dana).count() == 3


def test_editing_a_term_does_not_overlap_with_itself(steering, dana):
    membership = term(steering, dana, datetime.date(2024, 1, 1))
    membership.save()
    membership.term_end = datetime.date(2025, 12, 31)
    membership.full_clean()
    membership.save()


def test_the_exclusion_constraint_refuses_overlapping_terms(postgres, steering, dana):
    """Without clean() (a bulk import, raw code, two requests at once) PostgreSQL still refuses the overlap."""
    term(steering, dana, datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)).save()

    refused_by_database(
        lambda: term(steering, dana, datetime.date(2021, 6, 1)).save(), "membership_terms_do_not_overlap"
    )
    refused_by_database(
        lambda: Membership.objects.bulk_create([term(steering, dana, datetime.date(2021, 12, 31))]),
        "membership_terms_do_not_overlap",
    )
    # moving an existing, consecutive term back into the first one is refused too
    later = term(steering, dana, datetime.date(2022, 1, 1))
    later.save()
    refused_by_database(
        lambda: Membership.objects.filter(pk=later.pk).update(term_start=datetime.date(2021, 1, 1)),
        "membership_terms_do_not_overlap",
    )
    later.refresh_from_db()
    assert later.term_start == datetime.date(2022, 1, 1)
    assert Membership.objects.filter(person=dana).count() == 2


# --- Forum seats ---------------------------------------------------------------------------------


@pytest.fixture
def full_forum(forum, organisation, make_people):
    joined = datetime.date(2024, 1, 1)
    ForumMembership.objects.bulk_create(
        ForumMembership(forum=forum, person=person, organisation=organisation, seat=seat, joined_on=joined)
        for seat, person in enumerate(make_people(FORUM_MAX_MEMBERS), start=1)
    )
    return forum


@pytest.mark.parametrize(
    ("seat", "constraint"),
    [
        (21, "forum_member_holds_seat_1_to_20"),
        (None, "forum_member_holds_seat_1_to_20"),
        (7, "forum_seat_taken_once"),
    ],
    ids=["seat-21", "no-seat", "taken-seat"],
)
def test_the_database_refuses_a_21st_active_member(full_forum, organisation, make_people, seat, constraint):
    (newcomer,) = make_people(1)
    extra = ForumMembership(
        forum=full_forum, person=newcomer, organisation=organisation, seat=seat, joined_on=datetime.date(2024, 2, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        extra.full_clean()
    if seat == 21:
        assert "seat" in excinfo.value.message_dict  # the field's own bound: "…less than or equal to 20."
    elif seat is None:
        assert FORUM_FULL in excinfo.value.messages
    else:
        assert "This seat is already taken." in excinfo.value.messages

    refused_by_database(extra.save, constraint)
    assert full_forum.memberships.filter(left_on__isnull=True).count() == FORUM_MAX_MEMBERS
    assert not newcomer.forum_memberships.exists()


def test_a_member_who_left_gives_up_the_seat(full_forum, organisation, make_people):
    leaving = full_forum.memberships.get(seat=7)
    leaving.left_on = datetime.date(2024, 6, 30)
    leaving.seat = None
    leaving.full_clean()
    leaving.save()

    (newcomer,) = make_people(1)
    replacement = ForumMembership(
        forum=full_forum, person=newcomer, organisation=organisation, seat=7, joined_on=datetime.date(2024, 7, 1)
    )
    replacement.full_clean()
    replacement.save()
    assert full_forum.memberships.filter(left_on__isnull=True).count() == FORUM_MAX_MEMBERS


def test_a_member_who_left_cannot_keep_a_seat(full_forum):
    leaving = full_forum.memberships.get(seat=3)
    leaving.left_on = datetime.date(2024, 6, 30)
    with pytest.raises(ValidationError) as excinfo:
        leaving.full_clean()
    assert FORUM_FULL in excinfo.value.messages
    refused_by_database(leaving.save, "forum_member_holds_seat_1_to_20")


# --- Meetings and decisions ----------------------------------------------------------------------


@pytest.fixture
def starts_at():
    return timezone.make_aware(datetime.datetime(2024, 9, 1, 19, 0))  # noqa: DTZ001 - made aware here


@pytest.mark.parametrize("owners", ["both", "neither"])
def test_a_meeting_belongs_to_a_committee_or_a_forum(steering, forum, starts_at, owners):
    meeting = Meeting(
        committee=steering if owners == "both" else None,
        forum=forum if owners == "both" else None,
        title_en="Planning",
        title_he="ישיבת תכנון",
        starts_at=starts_at,
    )
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean()
    assert MEETING_OWNER in excinfo.value.messages

    refused_by_database(meeting.save, "meeting_of_committee_or_forum")
    assert not Meeting.objects.exists()


def test_a_meeting_of_one_body_is_allowed(steering, forum, starts_at):
    for owner in ({"committee": steering}, {"forum": forum}):
        meeting = Meeting(title_en="Planning", title_he="ישיבת תכנון", starts_at=starts_at, **owner)
        meeting.full_clean()
        meeting.save()
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize(
    "votes",
    [{"votes_for": 5}, {"votes_for": 5, "votes_against": 2}, {"votes_abstain": 1}],
    ids=["for-only", "no-abstain", "abstain-only"],
)
def test_a_partly_filled_vote_is_refused(steering, starts_at, votes):
    meeting = Meeting.objects.create(committee=steering, title_en="Vote", title_he="הצבעה", starts_at=starts_at)
    decision = Decision(meeting=meeting, number=1, text_en="Fund the twinning", text_he="לממן את התאומות", **votes)
    with pytest.raises(ValidationError) as excinfo:
        decision.full_clean()
    assert VOTE_PARTLY_FILLED in excinfo.value.messages

    refused_by_database(decision.save, "decision_vote_all_or_nothing")
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "votes", [{}, {"votes_for": 9, "votes_against": 0, "votes_abstain": 0}], ids=["no-vote", "full-vote"]
)
def test_a_decision_without_a_vote_or_with_a_full_vote_is_allowed(steering, starts_at, votes):
    meeting = Meeting.objects.create(committee=steering, title_en="Vote", title_he="הצבעה", starts_at=starts_at)
    decision = Decision(meeting=meeting, number=1, text_en="Adopt the plan", text_he="לאמץ את התוכנית", **votes)
    decision.full_clean()
    decision.save()
