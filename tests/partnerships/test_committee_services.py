"""Membership services: adding (and inviting), overlapping terms, ending with history, role changes,
subcommittees."""

import datetime
import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from accounts.models import User
from communities.models import Side
from partnerships.models import Committee, CommitteeKind, Membership, MembershipRole
from partnerships.services import membership as services
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def add(w, **kwargs):
    kwargs.setdefault("committee", w.steering)
    kwargs.setdefault("role", MembershipRole.MEMBER)
    kwargs.setdefault("side", Side.DIASPORA)
    kwargs.setdefault("term_start", w.today)
    kwargs.setdefault("by", w.chair)
    return services.membership_add_person(**kwargs)


# ---- adding


def test_adding_an_existing_account_by_email_in_any_case(workspace, mailoutbox):
    w = workspace
    added = add(w, email="  VOLUNTEER@Example.org ", term_end=w.today + 365 * DAY)
    assert not added.invited
    assert added.membership.person == w.volunteer
    assert added.membership.committee == w.steering
    assert mailoutbox == []  # nobody is invited who already has an account
    record = added.membership.history.get()
    assert record.history_user == w.chair
    assert record.history_change_reason == "added"


def test_an_overlapping_term_is_refused_with_the_models_message(workspace):
    w = workspace
    with pytest.raises(ValidationError) as caught:
        add(w, email=w.member_diaspora.email, term_start=w.today + 10 * DAY)
    assert "already has a term in this role on this committee that overlaps these dates" in caught.value.messages[0]
    assert Membership.objects.filter(committee=w.steering, person=w.member_diaspora).count() == 1


def test_a_term_in_another_role_on_the_same_days_is_refused_too(workspace):
    w = workspace
    with pytest.raises(ValidationError) as caught:
        add(w, email=w.member_diaspora.email, role=MembershipRole.CO_CHAIR)
    assert "Change their role instead" in caught.value.messages[0]


def test_a_term_after_an_ended_one_is_accepted(workspace):
    w = workspace
    added = add(w, email=w.former.email, term_start=w.today)
    assert Membership.objects.filter(committee=w.steering, person=w.former).count() == 2
    assert added.membership.term_start == w.today


def test_a_term_cannot_end_before_it_starts(workspace):
    w = workspace
    with pytest.raises(ValidationError):
        add(w, email=w.volunteer.email, term_end=w.today - DAY)
    assert not Membership.objects.filter(person=w.volunteer).exists()


def test_a_new_person_needs_a_full_name(workspace):
    w = workspace
    with pytest.raises(ValidationError) as caught:
        add(w, email="new@example.org", preferred_language="he")
    assert "full_name" in caught.value.message_dict
    assert not User.objects.filter(email="new@example.org").exists()


def test_inviting_a_new_person_sends_the_email_in_their_language(
    workspace, mailoutbox, django_capture_on_commit_callbacks
):
    w = workspace
    with django_capture_on_commit_callbacks(execute=True):
        added = add(
            w, email="Avi@Example.org", full_name="אבי ביטון", preferred_language="he", side=Side.ISRAEL,
        )
    person = added.membership.person
    assert added.invited
    assert person.email == "avi@example.org"
    assert person.preferred_language == "he"
    assert person.time_zone == "Asia/Jerusalem"  # the time zone of the partnership's Israeli community
    assert not person.has_usable_password()
    assert EmailAddress.objects.filter(user=person, email="avi@example.org", primary=True).exists()
    assert added.membership.history.get().history_change_reason == "invited"

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["avi@example.org"]
    assert message.extra_headers["Content-Language"] == "he"
    assert w.steering.name_he in message.subject  # the committee named in Hebrew
    assert "שלום אבי ביטון" in message.body
    # the link sets the password: allauth's reset-from-key URL, in the invitee's language, with a valid key
    link = re.search(r"https?://\S+/he/accounts/password/reset/key/(\w+)-(\S+)/", message.body)
    assert link, message.body
    assert default_token_generator.check_token(person, link.group(2))
    assert message.reply_to == [w.chair.email]


def test_inviting_an_english_speaker_writes_in_english(workspace, mailoutbox, django_capture_on_commit_callbacks):
    w = workspace
    with django_capture_on_commit_callbacks(execute=True):
        add(w, email="ben@example.org", full_name="Ben Adler", preferred_language="en", side=Side.DIASPORA)
    (message,) = mailoutbox
    assert message.extra_headers["Content-Language"] == "en"
    assert "Hello Ben Adler," in message.body
    assert "/en/accounts/password/reset/key/" in message.body
    assert "You are invited to join" in message.subject
    assert User.objects.get(email="ben@example.org").time_zone == "America/New_York"


def test_an_invitation_is_not_sent_when_the_term_is_refused(workspace, mailoutbox, django_capture_on_commit_callbacks):
    w = workspace
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        add(w, email="late@example.org", full_name="Late Person", preferred_language="en",
            term_end=w.today - DAY)
    assert mailoutbox == []
    assert not User.objects.filter(email="late@example.org").exists()


def test_the_invitation_can_be_sent_again_until_accepted(workspace, mailoutbox, django_capture_on_commit_callbacks):
    w = workspace
    with django_capture_on_commit_callbacks(execute=True):
        added = add(w, email="again@example.org", full_name="Again Person", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.membership_invitation_resend(membership=added.membership, by=w.chair)
    assert len(mailoutbox) == 2
    person = added.membership.person
    person.set_password("chosen-pass-123")
    person.save()
    with pytest.raises(ValidationError):
        services.membership_invitation_resend(membership=added.membership, by=w.chair)


# ---- ending and changing


def test_ending_a_term_keeps_the_row_and_records_who(workspace):
    w = workspace
    term = w.member_israel_term
    services.membership_end(membership=term, term_end=w.today, reason="Moved abroad", by=w.co_chair)
    term.refresh_from_db()
    assert term.term_end == w.today and term.ended_reason == "Moved abroad"
    latest = term.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == w.co_chair
    assert latest.history_change_reason == "ended"
    assert latest.term_end == w.today
    assert term.history.count() == 2  # created, ended


def test_ending_needs_a_reason_and_a_sensible_date(workspace):
    w = workspace
    with pytest.raises(ValidationError) as caught:
        services.membership_end(membership=w.member_israel_term, term_end=w.today, reason=" ", by=w.chair)
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.membership_end(
            membership=w.member_israel_term, term_end=w.member_israel_term.term_start - DAY, reason="x", by=w.chair
        )
    assert "term_end" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.membership_end(membership=w.former_term, term_end=w.today, reason="again", by=w.chair)


def test_changing_a_role_ends_the_term_and_starts_a_new_one(workspace):
    w = workspace
    old = w.member_diaspora_term
    new = services.membership_change_role(
        membership=old, role=MembershipRole.CO_CHAIR, starts_on=w.today, by=w.chair
    )
    old.refresh_from_db()
    assert old.term_end == w.today - DAY
    assert old.ended_reason  # "Role changed to Co-chair."
    assert new.role == MembershipRole.CO_CHAIR and new.side == old.side and new.term_start == w.today
    assert new.person == w.member_diaspora and new.committee == w.steering
    assert new.history.get().history_user == w.chair
    assert old.history.order_by("-history_id").first().history_change_reason == "role_change"


def test_a_role_change_keeps_the_planned_end(workspace):
    w = workspace
    term = f.MembershipFactory(committee=w.steering, person=w.volunteer, side=Side.ISRAEL,
                               term_start=w.today - 30 * DAY, term_end=w.today + 300 * DAY)
    new = services.membership_change_role(membership=term, role=MembershipRole.CHAIR, starts_on=w.today, by=w.chair,
                                          reason="Elected chair")
    assert new.term_end == w.today + 300 * DAY
    term.refresh_from_db()
    assert term.ended_reason == "Elected chair"


@pytest.mark.parametrize("case", ["same_role", "on_first_day", "after_the_end"])
def test_role_change_refusals(workspace, case):
    w = workspace
    term = w.member_diaspora_term
    kwargs = {"membership": term, "role": MembershipRole.CO_CHAIR, "starts_on": w.today, "by": w.chair}
    if case == "same_role":
        kwargs["role"] = MembershipRole.MEMBER
    elif case == "on_first_day":
        kwargs["starts_on"] = term.term_start
    else:
        kwargs["membership"] = w.former_term
    with pytest.raises(ValidationError):
        services.membership_change_role(**kwargs)
    assert Membership.objects.filter(person=kwargs["membership"].person, committee=w.steering).count() == 1


# ---- committees


def test_creating_and_editing_a_subcommittee(workspace):
    w = workspace
    sub = services.subcommittee_create(
        steering=w.steering, name_en="Culture subcommittee", name_he="ועדת תרבות", mandate_en="Culture",
        mandate_he="תרבות", quorum_min_members=4, quorum_needs_both_sides=False, by=w.chair,
    )
    assert sub.kind == CommitteeKind.SUBCOMMITTEE and sub.parent == w.steering and sub.partnership == w.partnership
    services.committee_update(
        committee=sub, name_en="Culture and arts", name_he="ועדת תרבות ואמנות", mandate_en="", mandate_he="",
        quorum_min_members=2, quorum_needs_both_sides=True, by=w.chair,
    )
    sub = Committee.objects.get(pk=sub.pk)
    assert (sub.name_en, sub.name_he, sub.quorum_min_members, sub.quorum_needs_both_sides) == (
        "Culture and arts", "ועדת תרבות ואמנות", 2, True,
    )


def test_a_subcommittee_needs_both_names_and_a_unique_one(workspace):
    w = workspace
    with pytest.raises(ValidationError) as caught:
        services.subcommittee_create(steering=w.steering, name_en="", name_he="", quorum_min_members=0,
                                     quorum_needs_both_sides=True, by=w.chair)
    assert {"name_en", "name_he", "quorum_min_members"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        services.subcommittee_create(steering=w.steering, name_en="education SUBCOMMITTEE", name_he="חדשה",
                                     quorum_min_members=3, quorum_needs_both_sides=True, by=w.chair)
    assert "name_en" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.subcommittee_create(steering=w.sub, name_en="Nested", name_he="מקוננת", quorum_min_members=3,
                                     quorum_needs_both_sides=True, by=w.chair)
