"""Small, plain-ORM fixtures for the partnership rules: two communities, a partnership, a forum."""

import pytest

from accounts.models import User
from communities.models import Community, CommunityKind, Side
from partnerships.models import (
    Committee,
    CommitteeKind,
    Forum,
    Organisation,
    Partnership,
    PartnershipCommunity,
    PartnershipKind,
    Sector,
)


@pytest.fixture
def boston(db):
    return Community.objects.create(
        name_en="Jewish Federation of Greater Boston",
        name_he="הפדרציה היהודית של בוסטון רבתי",
        side=Side.DIASPORA,
        kind=CommunityKind.FEDERATION,
        country="US",
        time_zone="America/New_York",
    )


@pytest.fixture
def haifa(db):
    return Community.objects.create(
        name_en="Haifa",
        name_he="חיפה",
        side=Side.ISRAEL,
        kind=CommunityKind.CITY,
        country="IL",
        time_zone="Asia/Jerusalem",
        national_priority_region=False,
    )


@pytest.fixture
def partnership(boston, haifa):
    partnership = Partnership.objects.create(
        name_en="Boston–Haifa", name_he="בוסטון–חיפה", kind=PartnershipKind.CITY_TO_CITY, founded_year=1996
    )
    PartnershipCommunity.objects.create(partnership=partnership, community=boston, is_lead=True)
    PartnershipCommunity.objects.create(partnership=partnership, community=haifa, is_lead=True)
    return partnership


@pytest.fixture
def steering(partnership):
    return Committee.objects.create(
        partnership=partnership,
        kind=CommitteeKind.STEERING,
        name_en="Boston–Haifa joint steering committee",
        name_he="ועדת ההיגוי המשותפת בוסטון–חיפה",
    )


@pytest.fixture
def dana(db):
    return User.objects.create_user(email="dana@example.org", full_name="דנה לוי", preferred_language="he")


@pytest.fixture
def forum(db):
    return Forum.objects.create(name_en="Employment forum", name_he="פורום תעסוקה")


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name_en="Haifa volunteer centre", name_he="מרכז ההתנדבות חיפה", sector=Sector.NONPROFIT)


@pytest.fixture
def make_people(db):
    """make_people(n) -> n new people with Hebrew and English names."""
    counter = iter(range(10_000))

    def make(n):
        people = []
        for _ in range(n):
            i = next(counter)
            people.append(User.objects.create_user(email=f"member{i}@example.org", full_name=f"חבר/ת פורום {i} / Member {i}"))
        return people

    return make

