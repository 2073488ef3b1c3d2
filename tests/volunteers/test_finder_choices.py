"""The finder's option lists are kept in the cache: a change to their rows shows at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def listed(client):
    return client.get(reverse("volunteers:opportunity_list")).content.decode()


def test_a_renamed_or_new_skill_community_and_partnership_show_on_the_next_visit(client):
    opp = f.OpportunityFactory(title_en="Choir")
    f.ShiftFactory(opportunity=opp, starts_at=timezone.now() + datetime.timedelta(days=3))
    skill = f.SkillFactory(name_en="Singing")
    opp.skills_needed.add(skill)
    assert "Singing" in listed(client)  # the lists are now kept

    skill.name_en = "Choral singing"
    skill.save()
    place = f.DiasporaCommunityFactory(name_en="Zanzibar Jewish community")
    partnership = f.PartnershipFactory(name_en="Zanzibar – Eilat")

    page = listed(client)
    assert page.count("Choral singing") == 2  # the skill's option and the card
    assert f'<option value="{place.pk}">Zanzibar Jewish community</option>' in page
    assert f'<option value="{partnership.pk}">Zanzibar – Eilat</option>' in page


def test_a_deactivated_community_leaves_the_options(client):
    place = f.IsraeliCommunityFactory(name_en="Metula")
    assert "Metula" in listed(client)

    place.is_active = False
    place.save()

    assert "Metula" not in listed(client)
