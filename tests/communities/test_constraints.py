"""Communities: a Region of National Priority is a place in Israel."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.models import Community, CommunityKind, Side

pytestmark = pytest.mark.django_db

PRIORITY_ONLY_IN_ISRAEL = "Only a community in Israel can be in a Region of National Priority."


def community(**overrides):
    fields = {
        "name_en": "Jewish Community of Buenos Aires",
        "name_he": "הקהילה היהודית של בואנוס איירס",
        "side": Side.DIASPORA,
        "kind": CommunityKind.COMMUNITY_ABROAD,
        "country": "AR",
        "time_zone": "America/Argentina/Buenos_Aires",
    }
    return Community(**{**fields, **overrides})


def test_a_diaspora_community_in_a_national_priority_region_is_refused():
    wrong = community(national_priority_region=True)
    with pytest.raises(ValidationError) as excinfo:
        wrong.full_clean()
    assert excinfo.value.messages == [PRIORITY_ONLY_IN_ISRAEL]

    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        wrong.save()
    assert "community_priority_region_only_in_israel" in str(excinfo.value)
    assert not Community.objects.exists()


def test_moving_a_priority_community_to_the_diaspora_side_is_refused():
    galilee = community(
        name_en="Upper Galilee", name_he="הגליל העליון", side=Side.ISRAEL, kind=CommunityKind.REGION, country="IL",
        time_zone="Asia/Jerusalem", national_priority_region=True,
    )
    galilee.full_clean()
    galilee.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.filter(pk=galilee.pk).update(side=Side.DIASPORA)
    galilee.refresh_from_db()
    assert galilee.side == Side.ISRAEL


def test_a_community_cannot_be_its_own_parent():
    federation = community()
    federation.save()
    federation.parent = federation
    with pytest.raises(ValidationError) as excinfo:
        federation.full_clean()
    assert "A community cannot be its own parent." in excinfo.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        federation.save()
