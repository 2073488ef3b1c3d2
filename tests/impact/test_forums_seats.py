"""Staff seat an organisation's contact on a forum and remove members; a 21st member is refused with a
clear message (also when only the database notices); the person seated is told by email in their language."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from impact.services import forums as services
from notifications.models import Delivery, DeliveryStatus, Kind
from partnerships.models import FORUM_MAX_MEMBERS, ForumMembership, Sector
from tests import factories as f

pytestmark = pytest.mark.django_db

FULL_MESSAGE = "already has 20 members, the most a forum can have. Remove a member to free a seat before adding another."


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs)


def fill(forum, upto=FORUM_MAX_MEMBERS):
    """Seat new nonprofit members until the forum has ``upto`` members."""
    taken = set(ForumMembership.objects.filter(forum=forum, left_on__isnull=True).values_list("seat", flat=True))
    for seat in range(1, FORUM_MAX_MEMBERS + 1):
        if len(taken) >= upto:
            break
        if seat not in taken:
            contact = f.OrganisationContactFactory(organisation=f.OrganisationFactory(sector=Sector.NONPROFIT))
            f.ForumMembershipFactory(forum=forum, person=contact.person, organisation=contact.organisation, seat=seat)
            taken.add(seat)


def contact_of(person, organisation):
    from partnerships.models import OrganisationContact

    return OrganisationContact.objects.get(person=person, organisation=organisation)


# ---- adding


def test_staff_seat_a_contact_chosen_under_their_organisation(client, forums_world, django_capture_on_commit_callbacks):
    fw = forums_world
    client.force_login(fw.staff)
    page = client.get(url("forum_member_add", forum_pk=fw.forum.pk))
    html = page.content.decode()
    assert page.status_code == 200
    # grouped by organisation (and its sector); people already seated are not offered
    assert '<optgroup label="Volunteer Centre — Nonprofit sector">' in html
    assert "רחל דהן" in html and "Ann Miller" not in html
    contact = contact_of(fw.candidate, fw.nonprofit_org)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("forum_member_add", forum_pk=fw.forum.pk), {"contact": contact.pk})
    assert response.status_code == 302 and response["Location"].endswith("#members")
    membership = ForumMembership.objects.get(forum=fw.forum, person=fw.candidate, left_on__isnull=True)
    assert (membership.organisation, membership.seat, membership.joined_on) == (
        fw.nonprofit_org, 3, timezone.localdate()
    )  # the first free seat
    # the forum's page now lists them with their organisation and sector
    html = client.get(url("forum_detail", forum_pk=fw.forum.pk)).content.decode()
    assert "רחל דהן" in html and "Volunteer Centre" in html
    # the email "you joined", once, in the person's language (Hebrew)
    (message,) = mail.outbox
    assert message.to == [fw.candidate.email]
    assert message.extra_headers["Content-Language"] == "he"
    assert 'dir="rtl"' in message.alternatives[0][0]
    assert "פורום שימור מתנדבים" in message.subject  # the forum's Hebrew name
    assert f"/he/forums/{fw.forum.pk}/" in message.body
    delivery = Delivery.objects.get(kind=Kind.FORUM_JOINED)
    assert (delivery.recipient, delivery.object_id, delivery.occurrence, delivery.status) == (
        fw.candidate, membership.pk, f"joined:{membership.pk}", DeliveryStatus.SENT
    )


def test_the_joined_email_reads_in_english_for_an_english_reader(client, forums_world, django_capture_on_commit_callbacks):
    fw = forums_world
    newcomer = f.UserFactory(email="newcomer@example.org", full_name="Nina New")
    f.OrganisationContactFactory(organisation=fw.biz_org, person=newcomer)
    f.MeetingFactory(
        committee=None, forum=fw.forum, title_en="Autumn meeting", starts_at=timezone.now() + datetime.timedelta(days=9)
    )
    client.force_login(fw.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("forum_member_add", forum_pk=fw.forum.pk), {"email": "NEWCOMER@example.org", "seat": "7"})
    membership = ForumMembership.objects.get(person=newcomer)
    assert membership.seat == 7 and membership.organisation == fw.biz_org
    (message,) = mail.outbox
    assert message.subject == "You joined Volunteer retention forum"
    assert message.extra_headers["Content-Language"] == "en"
    assert "You joined Volunteer retention forum, for Teva Volunteers, in seat 7." in message.body
    assert "The next meeting: Autumn meeting" in message.body
    assert f"/en/forums/{fw.forum.pk}/" in message.body


def test_the_joined_email_in_hebrew_wording(forums_world, django_capture_on_commit_callbacks):
    """Needs the compiled Hebrew catalogue (/tmp/i18n/forums.json)."""
    fw = forums_world
    with django_capture_on_commit_callbacks(execute=True):
        services.forum_member_add(forum=fw.forum, organisation=fw.nonprofit_org, person=fw.candidate, by=fw.staff)
    (message,) = mail.outbox
    assert message.subject == "הצטרפת אל פורום שימור מתנדבים"


def test_an_email_of_no_contact_is_refused_with_the_reason(client, forums_world):
    fw = forums_world
    client.force_login(fw.staff)
    response = client.post(url("forum_member_add", forum_pk=fw.forum.pk), {"email": "forum-volunteer@example.org"})
    assert response.status_code == 200
    assert "No contact of an organisation has this email address." in response.content.decode()
    assert response.context["form"]["email"].value() == "forum-volunteer@example.org"  # kept in the form
    assert not ForumMembership.objects.filter(person=fw.volunteer).exists()


def test_a_person_already_seated_is_refused(client, forums_world):
    fw = forums_world
    client.force_login(fw.staff)
    response = client.post(url("forum_member_add", forum_pk=fw.forum.pk), {"email": fw.en_member.email})
    assert response.status_code == 200
    assert "This person is already a member of this forum." in response.content.decode()
    assert ForumMembership.objects.filter(forum=fw.forum, person=fw.en_member).count() == 1


def test_the_21st_member_is_refused_with_a_clear_message(client, forums_world):
    fw = forums_world
    fill(fw.forum)
    client.force_login(fw.staff)
    page = client.get(url("forum_member_add", forum_pk=fw.forum.pk))
    assert FULL_MESSAGE in page.content.decode()  # said before trying
    contact = contact_of(fw.candidate, fw.nonprofit_org)
    response = client.post(url("forum_member_add", forum_pk=fw.forum.pk), {"contact": contact.pk})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == [f"Volunteer retention forum {FULL_MESSAGE}"]
    assert ForumMembership.objects.filter(forum=fw.forum, left_on__isnull=True).count() == FORUM_MAX_MEMBERS
    assert not mail.outbox


def test_when_only_the_database_notices_the_21st_the_same_message_is_shown(client, forums_world, monkeypatch):
    """Another staff member filled the last seat between the check and the write: the database refuses."""
    fw = forums_world
    fill(fw.forum)
    monkeypatch.setattr(services, "seats_taken", lambda forum: set(range(2, FORUM_MAX_MEMBERS + 1)))  # a stale read
    client.force_login(fw.staff)
    contact = contact_of(fw.candidate, fw.nonprofit_org)
    response = client.post(url("forum_member_add", forum_pk=fw.forum.pk), {"contact": contact.pk})
    assert response.status_code == 200  # not a 500
    assert response.context["form"].non_field_errors() == [f"Volunteer retention forum {FULL_MESSAGE}"]
    assert ForumMembership.objects.filter(forum=fw.forum, left_on__isnull=True).count() == FORUM_MAX_MEMBERS


def test_the_database_refuses_a_21st_seat_whatever_the_code_does(forums_world):
    from django.db import IntegrityError, transaction

    fw = forums_world
    fill(fw.forum)
    for seat in (None, 21, 1):
        with pytest.raises(IntegrityError), transaction.atomic():
            ForumMembership.objects.create(
                forum=fw.forum, person=fw.candidate, organisation=fw.nonprofit_org, seat=seat,
                joined_on=timezone.localdate(),
            )


def test_a_contact_must_sit_for_their_own_organisation(forums_world):
    from django.core.exceptions import ValidationError

    fw = forums_world
    with pytest.raises(ValidationError, match="is not a contact of"):
        services.forum_member_add(forum=fw.forum, organisation=fw.biz_org, person=fw.candidate, by=fw.staff)


def test_an_inactive_forum_takes_no_new_members(forums_world):
    from django.core.exceptions import ValidationError

    fw = forums_world
    fw.forum.is_active = False
    fw.forum.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="no longer active"):
        services.forum_member_add(forum=fw.forum, organisation=fw.nonprofit_org, person=fw.candidate, by=fw.staff)


# ---- removing


def test_staff_remove_a_member_who_leaves_today(client, forums_world):
    fw = forums_world
    client.force_login(fw.staff)
    target = url("forum_member_remove", forum_pk=fw.forum.pk, membership_pk=fw.en_seat.pk)
    confirm = client.get(target)
    assert confirm.status_code == 200 and "Ann Miller" in confirm.content.decode()
    response = client.post(target, follow=True)
    fw.en_seat.refresh_from_db()
    assert (fw.en_seat.left_on, fw.en_seat.seat) == (timezone.localdate(), None)
    assert "Ann Miller left the forum; seat 2 is free." in response.content.decode()
    # the page's rows are plain values: only the Hebrew member's seat is left
    assert [(m["pk"], m["name"]) for m in response.context["members"]] == [(fw.he_seat.pk, "שירה פרץ")]
    # the seat is free again, and the person who left no longer sees the forum
    client.force_login(fw.en_member)
    assert client.get(url("forum_detail", forum_pk=fw.forum.pk)).status_code == 404


def test_a_freed_seat_takes_a_new_member_in_a_full_forum(forums_world, django_capture_on_commit_callbacks):
    fw = forums_world
    fill(fw.forum)
    services.forum_member_remove(membership=fw.en_seat, by=fw.staff)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.forum_member_add(
            forum=fw.forum, organisation=fw.nonprofit_org, person=fw.candidate, by=fw.staff
        )
    assert membership.seat == 2
    assert len(mail.outbox) == 1


def test_a_member_who_rejoins_is_told_again(forums_world, django_capture_on_commit_callbacks):
    fw = forums_world
    with django_capture_on_commit_callbacks(execute=True):
        first = services.forum_member_add(forum=fw.forum, organisation=fw.nonprofit_org, person=fw.candidate, by=None)
    services.forum_member_remove(membership=first, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.forum_member_add(forum=fw.forum, organisation=fw.nonprofit_org, person=fw.candidate, by=None)
    assert len(mail.outbox) == 2


def test_removing_twice_says_why(client, forums_world):
    fw = forums_world
    client.force_login(fw.staff)
    target = url("forum_member_remove", forum_pk=fw.forum.pk, membership_pk=fw.en_seat.pk)
    client.post(target)
    response = client.post(target, follow=True)
    assert "This person has already left the forum." in response.content.decode()


def test_the_email_is_not_sent_to_someone_who_left_before_it_went(forums_world, django_capture_on_commit_callbacks):
    from notifications.services import deliveries_dispatch

    fw = forums_world
    membership = services.forum_member_add(forum=fw.forum, organisation=fw.nonprofit_org, person=fw.candidate, by=None)
    services.forum_member_remove(membership=membership, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        deliveries_dispatch()
    assert not mail.outbox
    assert Delivery.objects.get(kind=Kind.FORUM_JOINED).status == DeliveryStatus.SKIPPED


# ---- members do not manage seats


@pytest.mark.parametrize("who", ["en_member", "colleague"])
def test_members_cannot_manage_seats(client, forums_world, who):
    fw = forums_world
    client.force_login(getattr(fw, who))
    contact = contact_of(fw.candidate, fw.nonprofit_org)
    assert client.get(url("forum_member_add", forum_pk=fw.forum.pk)).status_code == 403
    assert client.post(url("forum_member_add", forum_pk=fw.forum.pk), {"contact": contact.pk}).status_code == 403
    remove = url("forum_member_remove", forum_pk=fw.forum.pk, membership_pk=fw.he_seat.pk)
    assert client.post(remove).status_code == 403
    assert ForumMembership.objects.filter(forum=fw.forum, left_on__isnull=True).count() == 2


def test_a_membership_of_another_forum_is_not_found_through_this_one(client, forums_world):
    fw = forums_world
    client.force_login(fw.staff)
    target = url("forum_member_remove", forum_pk=fw.forum.pk, membership_pk=fw.other_seat.pk)
    assert client.post(target).status_code == 404
    fw.other_seat.refresh_from_db()
    assert fw.other_seat.left_on is None
