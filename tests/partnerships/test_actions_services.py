"""Action item rules: who moves the status where, the completion date, owners, due dates, updates,
the overdue selector, and the follow-up that lands on the committee's next agenda."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships import permissions
from partnerships.models import ActionItem, ActionItemStatus, ActionItemUpdate, AgendaItem, MeetingStatus
from partnerships.selectors import actions as selectors
from partnerships.services import actions as services
from tests import factories as f

pytestmark = pytest.mark.django_db

S = ActionItemStatus


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def item(workspace):
    w = workspace
    return services.action_item_create(
        committee=w.steering, by=w.chair, title_en="Send the budget proposal", title_he="לשלוח את הצעת התקציב",
        owner=w.member_diaspora, due_on=w.today + days(14),
    )


# ---- status transitions


def test_the_owner_moves_an_item_along_and_done_records_today(workspace, item):
    w = workspace
    services.action_item_status_change(action_item=item, by=w.member_diaspora, status=S.IN_PROGRESS, manager=False)
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS and item.completed_on is None

    services.action_item_status_change(action_item=item, by=w.member_diaspora, status=S.DONE, manager=False)
    item.refresh_from_db()
    assert item.status == S.DONE and item.completed_on == timezone.localdate()

    # reopening clears the completion date
    services.action_item_status_change(action_item=item, by=w.member_diaspora, status=S.OPEN, manager=False)
    item.refresh_from_db()
    assert item.status == S.OPEN and item.completed_on is None
    assert list(item.updates.values_list("new_status", "author")) == [
        (S.IN_PROGRESS, w.member_diaspora.pk), (S.DONE, w.member_diaspora.pk), (S.OPEN, w.member_diaspora.pk),
    ]


def test_someone_else_cannot_change_the_status(workspace, item):
    with pytest.raises(ValidationError, match="Only the owner of this action item or a manager"):
        services.action_item_status_change(action_item=item, by=workspace.member_israel, status=S.DONE, manager=False)
    item.refresh_from_db()
    assert item.status == S.OPEN and not item.updates.exists()


def test_only_a_manager_cancels_or_reopens_a_cancelled_item(workspace, item):
    w = workspace
    with pytest.raises(ValidationError, match="Only a manager of the committee can cancel"):
        services.action_item_status_change(action_item=item, by=w.member_diaspora, status=S.CANCELLED, manager=False)
    services.action_item_status_change(action_item=item, by=w.chair, status=S.CANCELLED, manager=True)
    with pytest.raises(ValidationError, match="Only a manager of the committee can cancel"):
        services.action_item_status_change(action_item=item, by=w.member_diaspora, status=S.OPEN, manager=False)
    services.action_item_status_change(action_item=item, by=w.chair, status=S.OPEN, manager=True)
    item.refresh_from_db()
    assert item.status == S.OPEN


def test_transitions_outside_the_table_say_why(workspace, item):
    w = workspace
    with pytest.raises(ValidationError, match="already “Open”"):
        services.action_item_status_change(action_item=item, by=w.chair, status=S.OPEN, manager=True)
    services.action_item_status_change(action_item=item, by=w.chair, status=S.CANCELLED, manager=True)
    with pytest.raises(ValidationError, match="“Cancelled” cannot become “Done”"):
        services.action_item_status_change(action_item=item, by=w.chair, status=S.DONE, manager=True)
    with pytest.raises(ValidationError, match="Choose one of the statuses"):
        services.action_item_status_change(action_item=item, by=w.chair, status="finished", manager=True)


def test_an_edit_that_changes_the_status_is_kept_as_an_update(workspace, item):
    w = workspace
    services.action_item_edit(
        action_item=item, by=w.co_chair, title_en="Send the final budget", title_he="", owner=w.member_israel,
        due_on=item.due_on, status=S.DONE,
    )
    item.refresh_from_db()
    assert (item.title_en, item.owner, item.status, item.completed_on) == (
        "Send the final budget", w.member_israel, S.DONE, timezone.localdate(),
    )
    update = item.updates.get()
    assert (update.author, update.new_status, update.text) == (w.co_chair, S.DONE, "")


# ---- creating


def test_the_owner_must_be_a_current_member_of_the_committee(workspace):
    w = workspace
    for outsider in (w.former, w.other_member, w.sub_member, w.volunteer):
        with pytest.raises(ValidationError) as caught:
            services.action_item_create(
                committee=w.steering, by=w.chair, title_en="Call the mayor", owner=outsider, due_on=w.today + days(3)
            )
        assert "current member of" in caught.value.message_dict["owner"][0]
    # a subcommittee's item is owned by one of its own members
    sub_item = services.action_item_create(
        committee=w.sub, by=w.sub_chair, title_he="לתאם ביקור בבית הספר", owner=w.sub_member, due_on=w.today
    )
    assert sub_item.status == S.OPEN and sub_item.title_he == "לתאם ביקור בבית הספר"


def test_a_title_and_a_future_due_date_are_needed(workspace):
    w = workspace
    with pytest.raises(ValidationError, match="Give a title"):
        services.action_item_create(committee=w.steering, by=w.chair, owner=w.chair, due_on=w.today)
    with pytest.raises(ValidationError) as caught:
        services.action_item_create(
            committee=w.steering, by=w.chair, title_en="Late", owner=w.chair, due_on=w.today - days(1)
        )
    assert caught.value.message_dict["due_on"] == ["The due date cannot be in the past."]


def test_an_edit_keeps_a_past_due_date_and_a_departed_owner_unchanged(workspace):
    w = workspace
    old = f.ActionItemFactory(committee=w.steering, owner=w.former, due_on=w.today - days(40))
    services.action_item_edit(
        action_item=old, by=w.chair, title_en="Renamed", title_he="", owner=w.former, due_on=old.due_on, status=S.OPEN
    )
    old.refresh_from_db()
    assert old.title_en == "Renamed" and old.owner == w.former


def test_no_action_items_from_a_cancelled_meeting_or_another_committee(workspace):
    w = workspace
    cancelled = f.MeetingFactory(committee=w.steering, status=MeetingStatus.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        services.action_item_create(
            committee=w.steering, meeting=cancelled, by=w.chair, title_en="x", owner=w.chair, due_on=w.today
        )
    sub_meeting = f.MeetingFactory(committee=w.sub)
    with pytest.raises(ValidationError, match="not of this committee"):
        services.action_item_create(
            committee=w.steering, meeting=sub_meeting, by=w.chair, title_en="x", owner=w.chair, due_on=w.today
        )


# ---- follow-up on the next agenda


def test_an_item_from_a_meeting_lands_on_the_next_scheduled_agenda(workspace):
    w = workspace
    now = timezone.now()
    held = f.MeetingFactory(committee=w.steering, starts_at=now - days(2), status=MeetingStatus.HELD)
    f.MeetingFactory(committee=w.steering, starts_at=now + days(5), status=MeetingStatus.CANCELLED)
    following = f.MeetingFactory(committee=w.steering, starts_at=now + days(30))
    later = f.MeetingFactory(committee=w.steering, starts_at=now + days(60))
    f.MeetingFactory(committee=w.sub, starts_at=now + days(10))

    item = services.action_item_create(
        committee=w.steering, meeting=held, by=w.chair, title_en="Book the hall", title_he="להזמין את האולם",
        owner=w.member_israel, due_on=w.today + days(20),
    )

    follow_up = AgendaItem.objects.get(action_item=item)
    assert follow_up.meeting == following
    assert follow_up.presenter == w.member_israel
    assert "Book the hall" in follow_up.title_en and "להזמין את האולם" in follow_up.title_he
    assert not later.agenda_items.exists()


def test_an_item_without_a_next_meeting_is_simply_created(workspace):
    w = workspace
    item = services.action_item_create(
        committee=w.steering, by=w.chair, title_en="Nothing scheduled yet", owner=w.chair, due_on=w.today
    )
    assert ActionItem.objects.filter(pk=item.pk).exists() and not AgendaItem.objects.exists()


# ---- updates


def test_any_member_writes_an_update_but_only_the_owner_moves_the_status(workspace, item):
    w = workspace
    update = services.action_item_update_add(action_item=item, author=w.member_israel, text="  I can help  ")
    assert (update.text, update.new_status, update.author) == ("I can help", "", w.member_israel)
    with pytest.raises(ValidationError, match="Only the owner"):
        services.action_item_update_add(action_item=item, author=w.member_israel, text="Done!", new_status=S.DONE)
    services.action_item_update_add(action_item=item, author=w.member_diaspora, text="Sent", new_status=S.DONE)
    item.refresh_from_db()
    assert item.status == S.DONE and item.completed_on == timezone.localdate()
    assert ActionItemUpdate.objects.filter(action_item=item).count() == 2
    with pytest.raises(ValidationError) as caught:
        services.action_item_update_add(action_item=item, author=w.member_israel, text="   ")
    assert caught.value.message_dict["text"] == ["Write the update first."]


# ---- the overdue selector


def test_overdue_means_due_date_passed_and_still_open(workspace):
    w = workspace
    late_open = f.ActionItemFactory(committee=w.steering, owner=w.chair, due_on=w.today - days(3))
    late_started = f.ActionItemFactory(
        committee=w.sub, owner=w.sub_member, due_on=w.today - days(1), status=S.IN_PROGRESS
    )
    f.ActionItemFactory(committee=w.steering, owner=w.chair, due_on=w.today - days(3), status=S.DONE,
                        completed_on=w.today)
    f.ActionItemFactory(committee=w.steering, owner=w.chair, due_on=w.today - days(3), status=S.CANCELLED)
    f.ActionItemFactory(committee=w.steering, owner=w.chair, due_on=w.today)  # due today: not late yet
    f.ActionItemFactory(committee=w.steering, owner=w.chair, due_on=None)
    f.ActionItemFactory(committee=w.other_steering, owner=w.other_member, due_on=w.today - days(9))

    access = permissions.access_for(w.member_israel, w.partnership.pk)
    overdue = list(selectors.action_items_overdue(access, today=w.today))
    assert overdue == [late_open, late_started]
    flags = {i.pk: i.is_overdue for i in selectors.action_items_for_partnership(access, today=w.today)}
    assert flags[late_open.pk] and flags[late_started.pk]
    assert sum(flags.values()) == 2 and len(flags) == 6  # the other partnership's item is not there

    mine = selectors.action_items_for_partnership(access, owner=w.sub_member, status=selectors.ACTIVE)
    assert list(mine) == [late_started]
