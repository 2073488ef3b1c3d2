"""The roster's figures: balance between the sides, terms ending soon, subcommittees, a term's history."""

import datetime

import pytest

from communities.models import Side
from partnerships.models import MembershipRole
from partnerships.selectors import committee as selectors
from partnerships.selectors.committee import SideBalance
from partnerships.services import membership as services
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def member(w, side, role=MembershipRole.MEMBER, committee=None, **kwargs):
    kwargs.setdefault("term_start", w.today - 10 * DAY)
    return f.MembershipFactory(committee=committee or w.steering, person=f.UserFactory(), side=side, role=role,
                               **kwargs)


# ---- balance


def test_the_fixture_committee_is_balanced_and_staff_are_not_counted(workspace):
    balance = selectors.side_balance(workspace.steering)
    by_side = {s.side: s for s in balance.sides}
    # chair + member (Israel), co-chair + member (Diaspora); professional staff and the former member not counted
    assert (by_side["israel"].members, by_side["diaspora"].members) == (2, 2)
    assert (by_side["israel"].chairs, by_side["diaspora"].chairs) == (1, 1)
    assert by_side["israel"].percent == 50 and balance.total == 4 and balance.staff == 1
    assert not balance.imbalanced and balance.warnings == []


def test_the_smaller_side_below_the_minimum_share_is_warned(workspace, settings):
    w = workspace
    settings.P2G_SIDE_BALANCE_MIN_SHARE = 0.4
    member(w, Side.DIASPORA)  # 3 diaspora : 2 israel -> 40%, exactly the minimum: fine
    balance = selectors.side_balance(w.steering)
    assert balance.smaller.side == "israel" and balance.smaller.percent == 40 and not balance.imbalanced
    member(w, Side.DIASPORA)  # 4 : 2 -> 33%
    balance = selectors.side_balance(w.steering)
    assert balance.imbalanced
    (warning,) = balance.warnings
    assert "the Israel side holds 33% of the voting members, less than the 40% expected" in warning


def test_staff_terms_starting_later_and_ended_terms_do_not_tip_the_balance(workspace):
    w = workspace
    for _ in range(3):
        member(w, Side.ISRAEL, MembershipRole.STAFF)
        member(w, Side.ISRAEL, term_start=w.today + 5 * DAY)
        member(w, Side.ISRAEL, term_start=w.today - 100 * DAY, term_end=w.today - DAY)
    balance = selectors.side_balance(w.steering)
    assert balance.total == 4 and not balance.imbalanced and balance.staff == 4


def test_a_person_with_two_terms_counts_once(workspace):
    w = workspace
    f.MembershipFactory(committee=w.steering, person=w.member_israel, side=Side.ISRAEL,
                        role=MembershipRole.CO_CHAIR, term_start=w.today - 5 * DAY)
    balance = selectors.side_balance(w.steering)
    assert {s.side: s.members for s in balance.sides} == {"israel": 2, "diaspora": 2}


def test_a_side_without_chair_or_co_chair_is_warned(workspace):
    w = workspace
    services.membership_end(membership=w.chair_term, term_end=w.today - DAY, reason="Resigned", by=w.co_chair)
    balance = selectors.side_balance(w.steering)
    assert [s.side for s in balance.sides_without_chair] == ["israel"]
    assert any("Israel side has no chair or co-chair" in text for text in balance.warnings)


def test_an_empty_committee_says_so():
    balance = SideBalance.from_counts({}, min_share=0.4)
    assert balance.total == 0 and not balance.imbalanced
    assert balance.warnings == ["This committee has no current voting members."]


def test_one_side_alone_is_out_of_balance():
    balance = SideBalance.from_counts({"diaspora_members": 5, "diaspora_chairs": 1, "israel_chairs": 0}, min_share=0.4)
    assert balance.imbalanced and balance.smaller.side == "israel" and balance.smaller.percent == 0


# ---- ending soon


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(None, "current"), (0, "ending_soon"), (90, "ending_soon"), (91, "current"), (-1, "ended")],
)
def test_terms_ending_within_the_setting_are_flagged(workspace, settings, offset, expected):
    w = workspace
    settings.P2G_TERM_ENDING_SOON_DAYS = 90
    term = member(w, Side.ISRAEL, term_end=None if offset is None else w.today + offset * DAY,
                  term_start=w.today - 200 * DAY)
    assert selectors.term_status(term, w.today) == expected


def test_the_roster_splits_current_staff_and_later_terms(workspace, settings):
    w = workspace
    settings.P2G_TERM_ENDING_SOON_DAYS = 30
    soon = member(w, Side.DIASPORA, term_end=w.today + 10 * DAY)
    later = member(w, Side.ISRAEL, term_start=w.today + 3 * DAY)
    roster = selectors.roster_split(selectors.roster_current_and_upcoming(w.steering, on=w.today), on=w.today)
    assert [m.role for m in roster.voting][:2] == ["chair", "co_chair"]
    assert soon in roster.voting and roster.ending_soon == [soon]
    assert roster.staff == [w.pro_staff_term]
    assert roster.upcoming == [later]
    assert w.former_term not in roster.current
    assert list(selectors.roster_past(w.steering, on=w.today)) == [w.former_term]


# ---- subcommittees and history


def test_subcommittees_with_their_chairs_and_counts(workspace):
    w = workspace
    member(w, Side.ISRAEL, committee=w.sub, term_start=w.today - 400 * DAY, term_end=w.today - 10 * DAY)
    (sub,) = selectors.subcommittees(w.steering)
    assert sub == w.sub
    assert [m.person for m in sub.current_chairs] == [w.sub_chair]
    assert sub.members_count == 2
    assert [s.label for s in sub.balance.sides_without_chair] == ["Israel"]


def test_the_history_names_who_changed_what(workspace):
    w = workspace
    services.membership_end(membership=w.member_israel_term, term_end=w.today, reason="Moved", by=w.co_chair)
    newest, first = selectors.membership_history(w.member_israel_term)
    assert newest.who == w.co_chair and newest.reason == "Term ended"
    assert {c.label for c in newest.changes} == {"Term end", "Reason for ending"}
    assert first.kind == "+"
