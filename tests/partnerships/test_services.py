"""partnerships.services: the both-sides rule, membership terms and forum seats, as a user meets them."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.models import Community, CommunityKind, Side
from partnerships import services
from partnerships.models import (
    FORUM_MAX_MEMBERS,
    Committee,
    CommitteeKind,
    ForumMembership,
    Membership,
    MembershipRole,
    Partnership,
    PartnershipCommunity,
)
from tests.db import run_at_once

MISSING_ISRAEL = "A partnership needs at least one community on each side (Diaspora and Israel). Missing: Israel."
MISSING_DIASPORA = "A partnership needs at least one community on each side (Diaspora and Israel). Missing: Diaspora."
MISSING_BOTH = (
    "A partnership needs at least one community on each side (Diaspora and Israel). Missing: Diaspora, Israel."
)
FORUM_IS_FULL = "A forum has at most 20 members; this one is full."
ALREADY_MEMBER = "This person is already a member of this forum."
TERMS_OVERLAP = "This person already has a term in this role on this committee that overlaps these dates."


def create(communities):
    return services.partnership_create(
        name_en="Chicago–Kiryat Gat", name_he="שיקגו–קריית גת", kind="city_to_city", founded_year=1997,
        communities=communities,
    )


# --- Both sides -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sides", "message"),
    [(["diaspora"], MISSING_ISRAEL), (["israel", "israel"], MISSING_DIASPORA), ([], MISSING_BOTH)],
    ids=["no-israel", "no-diaspora", "nobody"],
)
def test_a_partnership_missing_a_side_is_refused(boston, haifa, sides, message):
    beersheva = Community.objects.create(
        name_en="Beersheba", name_he="באר שבע", side=Side.ISRAEL, kind=CommunityKind.CITY, country="IL",
        time_zone="Asia/Jerusalem",
    )
    pool = {"diaspora": [boston], "israel": [haifa, beersheva]}
    communities = [pool[side].pop(0) for side in sides]
    with pytest.raises(ValidationError) as excinfo:
        create(communities)
    assert excinfo.value.messages == [message]
    assert excinfo.value.code == "partnership_missing_side"
    assert not Partnership.objects.exists()
    assert not Committee.objects.exists()
    assert not PartnershipCommunity.objects.exists()


@pytest.mark.django_db
def test_a_partnership_with_both_sides_gets_its_steering_committee(boston, haifa):
    partnership = create([boston, haifa])
    assert set(partnership.communities.values_list("side", flat=True)) == {"diaspora", "israel"}
    (steering,) = partnership.committees.all()
    assert steering.kind == CommitteeKind.STEERING
    assert steering.name_he == "ועדת ההיגוי המשותפת של שיקגו–קריית גת"
    assert steering.name_en == "Chicago–Kiryat Gat joint steering committee"


@pytest.mark.django_db
def test_a_partnership_with_a_founding_year_before_the_program_is_refused(boston, haifa):
    with pytest.raises(ValidationError) as excinfo:
        services.partnership_create(
            name_en="Too early", name_he="מוקדם מדי", kind="city_to_city", founded_year=1990, communities=[boston, haifa]
        )
    assert "The program began in 1994: the founding year must be 1994 or later." in excinfo.value.messages
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_removing_the_last_community_of_a_side_is_refused(partnership, haifa):
    link = partnership.links.get(community=haifa)
    with pytest.raises(ValidationError) as excinfo:
        services.partnership_community_remove(link=link)
    assert excinfo.value.messages == [MISSING_ISRAEL]
    assert partnership.links.filter(pk=link.pk).exists()


@pytest.mark.django_db
def test_removing_one_of_two_communities_on_a_side_is_allowed(partnership, haifa):
    nahariya = Community.objects.create(
        name_en="Nahariya", name_he="נהריה", side=Side.ISRAEL, kind=CommunityKind.CITY, country="IL",
        time_zone="Asia/Jerusalem",
    )
    PartnershipCommunity.objects.create(partnership=partnership, community=nahariya)
    services.partnership_community_remove(link=partnership.links.get(community=haifa))
    assert list(partnership.communities.filter(side=Side.ISRAEL)) == [nahariya]


# --- Membership terms -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_membership_add_refuses_an_overlapping_term_and_accepts_the_next_one(steering, dana):
    add = {"committee": steering, "person": dana, "side": Side.ISRAEL, "role": MembershipRole.CHAIR}
    services.membership_add(**add, term_start=datetime.date(2022, 1, 1), term_end=datetime.date(2023, 12, 31))

    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(**add, term_start=datetime.date(2023, 7, 1))
    assert excinfo.value.messages == [TERMS_OVERLAP]
    assert Membership.objects.filter(person=dana).count() == 1

    services.membership_add(**add, term_start=datetime.date(2024, 1, 1))
    assert Membership.objects.filter(person=dana).count() == 2


@pytest.mark.django_db
def test_membership_add_refuses_a_term_that_ends_before_it_starts(steering, dana):
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            committee=steering, person=dana, side=Side.ISRAEL, role=MembershipRole.MEMBER,
            term_start=datetime.date(2024, 6, 1), term_end=datetime.date(2024, 1, 1),
        )
    assert excinfo.value.messages == ["A term cannot end before it starts."]
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_membership_end_before_the_start_is_refused_and_the_term_stays_open(steering, dana):
    membership = services.membership_add(
        committee=steering, person=dana, side=Side.ISRAEL, role=MembershipRole.MEMBER,
        term_start=datetime.date(2024, 6, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.membership_end(membership=membership, term_end=datetime.date(2024, 5, 1), reason="עברה דירה")
    assert excinfo.value.messages == ["A term cannot end before it starts."]
    membership.refresh_from_db()
    assert membership.term_end is None
    assert membership.ended_reason == ""


# --- Forum seats ------------------------------------------------------------------------------------


JOINED = datetime.date(2024, 3, 1)


@pytest.mark.django_db
def test_forum_member_add_gives_seats_1_to_20_and_refuses_a_21st(forum, organisation, make_people):
    people = make_people(FORUM_MAX_MEMBERS + 1)
    for person in people[:FORUM_MAX_MEMBERS]:
        services.forum_member_add(forum=forum, person=person, organisation=organisation, joined_on=JOINED)
    assert sorted(forum.memberships.values_list("seat", flat=True)) == list(range(1, FORUM_MAX_MEMBERS + 1))

    with pytest.raises(ValidationError) as excinfo:
        services.forum_member_add(forum=forum, person=people[-1], organisation=organisation, joined_on=JOINED)
    assert excinfo.value.messages == [FORUM_IS_FULL]
    assert excinfo.value.code == "forum_full"
    assert forum.memberships.filter(left_on__isnull=True).count() == FORUM_MAX_MEMBERS
    assert not people[-1].forum_memberships.exists()


@pytest.mark.django_db
def test_forum_member_add_refuses_the_same_person_twice(forum, organisation, dana):
    services.forum_member_add(forum=forum, person=dana, organisation=organisation, joined_on=JOINED)
    with pytest.raises(ValidationError) as excinfo:
        services.forum_member_add(forum=forum, person=dana, organisation=organisation, joined_on=JOINED)
    assert excinfo.value.messages == [ALREADY_MEMBER]
    assert forum.memberships.count() == 1


@pytest.mark.django_db
def test_a_seat_freed_by_a_leaving_member_goes_to_the_next_one(forum, organisation, make_people):
    people = make_people(FORUM_MAX_MEMBERS + 2)
    seats = {
        person: services.forum_member_add(forum=forum, person=person, organisation=organisation, joined_on=JOINED)
        for person in people[:FORUM_MAX_MEMBERS]
    }
    services.forum_member_leave(membership=seats[people[4]], left_on=datetime.date(2024, 9, 1))

    newcomer = services.forum_member_add(
        forum=forum, person=people[FORUM_MAX_MEMBERS], organisation=organisation, joined_on=datetime.date(2024, 9, 2)
    )
    assert newcomer.seat == 5
    with pytest.raises(ValidationError) as excinfo:
        services.forum_member_add(
            forum=forum, person=people[-1], organisation=organisation, joined_on=datetime.date(2024, 9, 2)
        )
    assert excinfo.value.messages == [FORUM_IS_FULL]
    # the one who left keeps the record of the membership, without a seat
    assert forum.memberships.count() == FORUM_MAX_MEMBERS + 1


@pytest.mark.django_db
def test_forum_member_leave_before_joining_is_refused(forum, organisation, dana):
    membership = services.forum_member_add(forum=forum, person=dana, organisation=organisation, joined_on=JOINED)
    with pytest.raises(ValidationError) as excinfo:
        services.forum_member_leave(membership=membership, left_on=datetime.date(2024, 2, 1))
    assert excinfo.value.messages == ["A member cannot leave before joining."]
    membership.refresh_from_db()
    assert membership.left_on is None
    assert membership.seat == 1


# --- Races on PostgreSQL ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("seated", "racers"), [(FORUM_MAX_MEMBERS - 1, 8), (0, FORUM_MAX_MEMBERS + 5)])
def test_racing_for_the_last_seats_exactly_twenty_win(postgres, forum, organisation, make_people, seated, racers):
    for person in make_people(seated):
        services.forum_member_add(forum=forum, person=person, organisation=organisation, joined_on=JOINED)
    contenders = make_people(racers)

    outcomes = run_at_once(
        [
            lambda person=person: services.forum_member_add(
                forum=forum, person=person, organisation=organisation, joined_on=JOINED
            )
            for person in contenders
        ]
    )

    winners = [o for o in outcomes if isinstance(o, ForumMembership)]
    losers = [o for o in outcomes if not isinstance(o, ForumMembership)]
    assert len(winners) == FORUM_MAX_MEMBERS - seated
    assert all(isinstance(o, ValidationError) and o.messages == [FORUM_IS_FULL] for o in losers), losers
    active = ForumMembership.objects.filter(forum=forum, left_on__isnull=True)
    assert sorted(active.values_list("seat", flat=True)) == list(range(1, FORUM_MAX_MEMBERS + 1))


@pytest.mark.django_db(transaction=True)
def test_two_transactions_inserting_the_last_seat_directly_one_wins(postgres, forum, organisation, make_people):
    """Even code that skips the service and its lock cannot seat two people on seat 20."""
    ForumMembership.objects.bulk_create(
        ForumMembership(forum=forum, person=person, organisation=organisation, seat=seat, joined_on=JOINED)
        for seat, person in enumerate(make_people(FORUM_MAX_MEMBERS - 1), start=1)
    )
    first, second = make_people(2)
    first_inserted = threading.Event()

    def insert(person, *, wait_for=None, signal=None):
        def run():
            if wait_for is not None:
                assert wait_for.wait(timeout=10)
            with transaction.atomic():
                membership = ForumMembership.objects.create(
                    forum=forum, person=person, organisation=organisation, seat=FORUM_MAX_MEMBERS, joined_on=JOINED
                )
                if signal is not None:
                    signal.set()
                    threading.Event().wait(0.5)  # hold the uncommitted row while the other one tries
            return membership

        return run

    outcomes = run_at_once([insert(first, signal=first_inserted), insert(second, wait_for=first_inserted)])

    assert isinstance(outcomes[0], ForumMembership)
    assert isinstance(outcomes[1], IntegrityError)
    assert "forum_seat_taken_once" in str(outcomes[1])
    assert list(ForumMembership.objects.filter(forum=forum, seat=FORUM_MAX_MEMBERS).values_list("person", flat=True)) == [
        first.pk
    ]
