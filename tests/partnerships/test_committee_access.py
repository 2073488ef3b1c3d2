"""Every URL of the membership area against every kind of visitor.

Anonymous → sign in first; a volunteer, a member of another partnership and a former member → 404
(as if the partnership did not exist); members → read (200), change (403); managers → allowed.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.models import Membership

pytestmark = pytest.mark.django_db

OUTSIDERS = ["volunteer", "other_member", "former"]
#: Readers who manage nothing of the steering committee.
READERS = ["member_diaspora", "member_israel", "sub_member", "sub_chair"]


def url(w, name, **kwargs):
    with translation.override("en"):
        return reverse(f"partnerships:{name}", kwargs={"partnership_pk": w.partnership.pk, **kwargs})


def read_urls(w):
    term = w.member_israel_term.pk
    return [
        url(w, "committee"),
        url(w, "committee") + "?show=past",
        url(w, "committee_detail", committee_pk=w.sub.pk),
        url(w, "committee_export", committee_pk=w.steering.pk, fmt="csv"),
        url(w, "committee_export", committee_pk=w.sub.pk, fmt="xlsx"),
        url(w, "membership_history", membership_pk=term),
        url(w, "membership_history", membership_pk=w.former_term.pk),
    ]


def manage_urls(w):
    """Pages and actions that change the steering committee, with a valid POST body for each."""
    term = w.member_israel_term.pk
    today = w.today.isoformat()
    return [
        (url(w, "committee_member_add", committee_pk=w.steering.pk),
         {"email": w.volunteer.email, "preferred_language": "en", "role": "member", "side": "israel",
          "term_start": today}),
        (url(w, "membership_end", membership_pk=term), {"term_end": today, "reason": "x"}),
        (url(w, "membership_change_role", membership_pk=term), {"role": "co_chair", "starts_on": today}),
        (url(w, "membership_invitation_resend", membership_pk=term), {}),
        (url(w, "subcommittee_create"), {"name_he": "ועדה", "name_en": "New one", "quorum_min_members": "3"}),
        (url(w, "committee_edit", committee_pk=w.steering.pk),
         {"name_he": "ועדה", "name_en": "Renamed", "quorum_min_members": "3"}),
    ]


def all_urls(w):
    return read_urls(w) + [address for address, _data in manage_urls(w)]


def as_english(user):
    """Pages in English for everyone here (no redirect to the preferred language)."""
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user


def test_anonymous_visitors_are_sent_to_sign_in(client, workspace):
    for address in all_urls(workspace):
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert "/accounts/login/" in response["Location"], address


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_everywhere(client, workspace, who):
    client.force_login(as_english(getattr(workspace, who)))
    for address in all_urls(workspace):
        assert client.get(address).status_code == 404, address
        assert client.post(address).status_code == 404, address  # whatever the method
    for address, data in manage_urls(workspace):
        assert client.post(address, data).status_code == 404, address
    assert Membership.objects.filter(committee=workspace.steering, person=workspace.volunteer).count() == 0


def test_ids_of_another_partnership_are_404_even_for_its_chair(client, workspace):
    w = workspace
    client.force_login(as_english(w.chair))
    other_term = w.other_member_term.pk
    for address in (
        url(w, "committee_detail", committee_pk=w.other_steering.pk),
        url(w, "committee_export", committee_pk=w.other_steering.pk, fmt="csv"),
        url(w, "committee_member_add", committee_pk=w.other_steering.pk),
        url(w, "committee_edit", committee_pk=w.other_steering.pk),
        url(w, "membership_history", membership_pk=other_term),
        url(w, "membership_end", membership_pk=other_term),
        url(w, "membership_change_role", membership_pk=other_term),
    ):
        assert client.get(address).status_code == 404, address
    response = client.post(url(w, "membership_end", membership_pk=other_term), {"term_end": w.today, "reason": "x"})
    assert response.status_code == 404
    w.other_member_term.refresh_from_db()
    assert w.other_member_term.term_end is None


@pytest.mark.parametrize("who", READERS)
def test_members_read_everything_and_change_nothing(client, workspace, who):
    w = workspace
    client.force_login(as_english(getattr(w, who)))
    for address in read_urls(w):
        assert client.get(address).status_code == 200, address
    for address, data in manage_urls(w):
        assert client.get(address).status_code in (403, 405), address
        assert client.post(address, data).status_code == 403, address
    assert not Membership.objects.filter(person=w.volunteer).exists()
    w.member_israel_term.refresh_from_db()
    assert w.member_israel_term.term_end is None and w.member_israel_term.role == "member"


@pytest.mark.parametrize("who", ["chair", "co_chair", "pro_staff", "staff"])
def test_steering_managers_and_staff_may_change(client, workspace, who):
    w = workspace
    client.force_login(as_english(getattr(w, who)))
    for address, _data in manage_urls(w):
        if "invitation" in address:
            continue  # POST only
        assert client.get(address).status_code == 200, address
    address, data = manage_urls(w)[0]
    assert client.post(address, data).status_code == 302
    assert Membership.objects.filter(committee=w.steering, person=w.volunteer).exists()


def test_reading_pages_answer_only_get(client, workspace):
    client.force_login(as_english(workspace.member_diaspora))
    for address in read_urls(workspace):
        assert client.post(address).status_code == 405, address
