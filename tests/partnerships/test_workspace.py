"""The workspace's front door and the one place that decides who sees and changes a partnership."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from partnerships import permissions
from partnerships.models import MembershipRole
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def test_members_read_and_chairs_manage(workspace):
    w = workspace
    chair = permissions.access_for(w.chair, w.partnership.pk)
    member = permissions.access_for(w.member_diaspora, w.partnership.pk)
    pro = permissions.access_for(w.pro_staff, w.partnership.pk)
    sub_chair = permissions.access_for(w.sub_chair, w.partnership.pk)
    staff = permissions.access_for(w.staff, w.partnership.pk)

    assert chair.can_manage and chair.can_submit_budget and not chair.can_approve_budget
    assert pro.can_manage and not pro.can_submit_budget  # professional staff run it; the chairs submit
    assert member.is_member and member.can_comment and not member.can_manage
    assert member.side == "diaspora" and chair.side == "israel"
    assert sub_chair.can_manage_committee(w.sub) and not sub_chair.can_manage_committee(w.steering)
    assert not sub_chair.can_manage
    assert staff.can_manage and staff.can_approve_budget and not staff.is_member
    # a committee of another partnership is nobody's to manage from here
    assert not chair.can_manage_committee(w.other_steering)


@pytest.mark.parametrize("who", ["volunteer", "other_member", "former"])
def test_outsiders_do_not_see_the_partnership(workspace, who):
    with pytest.raises(Http404):
        permissions.access_for(getattr(workspace, who), workspace.partnership.pk)
    assert not permissions.visible_partnerships(getattr(workspace, who)).filter(pk=workspace.partnership.pk).exists()


def test_a_term_that_has_not_started_gives_no_access_yet(workspace):
    newcomer = f.UserFactory(email="soon@example.org")
    f.MembershipFactory(
        committee=workspace.steering, person=newcomer, role=MembershipRole.MEMBER,
        term_start=workspace.today + datetime.timedelta(days=10),
    )
    with pytest.raises(Http404):
        permissions.access_for(newcomer, workspace.partnership.pk)


def test_front_door_takes_a_member_of_one_partnership_straight_to_it(client, workspace):
    client.force_login(workspace.member_israel)
    response = client.get(url("partnerships:my_partnerships", "he"))
    assert response.status_code == 302
    assert response["Location"] == url("partnerships:dashboard", "he", partnership_pk=workspace.partnership.pk)


def test_front_door_lists_several_partnerships(client, workspace):
    f.MembershipFactory(committee=workspace.other_steering, person=workspace.member_diaspora, side="diaspora",
                        term_start=workspace.today - datetime.timedelta(days=3))
    client.force_login(workspace.member_diaspora)
    response = client.get(url("partnerships:my_partnerships"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Springfield – Upper Galilee" in page and "Denver – Ashkelon" in page


def test_front_door_for_a_volunteer_explains_how_to_get_in(client, workspace):
    client.force_login(workspace.volunteer)
    response = client.get(url("partnerships:my_partnerships"))
    assert response.status_code == 200
    assert "once they add you" in response.content.decode()


def test_front_door_sends_staff_to_the_overview(client, workspace):
    client.force_login(workspace.staff)
    response = client.get(url("partnerships:my_partnerships"))
    assert response["Location"] == url("partnerships:staff_overview")


def test_navigation_shows_the_workspace_only_to_those_who_have_one(client, workspace):
    link = url("partnerships:my_partnerships")
    client.force_login(workspace.volunteer)
    assert link not in client.get(url("volunteers:my_schedule")).content.decode()
    client.force_login(workspace.member_diaspora)
    assert link in client.get(url("volunteers:my_schedule")).content.decode()
