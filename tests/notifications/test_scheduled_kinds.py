"""The scheduled kinds ("daily": planned every hour, each sent once per occurrence, in the recipient's morning).

Every test picks a ``now`` on the next Monday (one to seven days ahead, so emails decided "then"
are sent in the test's present): at 05:30 UTC it is morning in Jerusalem (07:30 or 08:30) and
night in New York; at 12:30 UTC it is morning in New York too. ``P2G_DIGEST_HOUR`` is 7.
"""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Stage
from notifications import services
from notifications.kinds import get
from notifications.models import Delivery, DeliveryStatus, Kind
from partnerships.models import ActionItemStatus, Membership, MembershipRole
from programs.models import AllocationStatus
from tests import factories as f
from volunteers.models import HoursLog, HoursStatus

pytestmark = pytest.mark.django_db

JERUSALEM_MORNING = 5  # UTC hour: 07:30/08:30 in Jerusalem, 00:30/01:30 in New York
NEW_YORK_MORNING = 12  # UTC hour: 07:30/08:30 in New York
BEFORE_DAWN = 3  # UTC hour: 05:30/06:30 in Jerusalem


@pytest.fixture(autouse=True)
def _digest_hour(settings):
    settings.P2G_DIGEST_HOUR = 7


def next_monday() -> datetime.date:
    today = timezone.now().astimezone(datetime.UTC).date()
    return today + datetime.timedelta(days=7 - today.weekday())


@pytest.fixture
def mon():
    return next_monday()


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 30, tzinfo=datetime.UTC)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


def html(message) -> str:
    return message.alternatives[0][0]


def decide(kind: str, now) -> list:
    """What the hourly run decides for one kind at ``now`` (written to the ledger, not sent)."""
    planned = list(get(kind).plan(now))
    services.deliveries_record(kind=kind, planned=planned)
    return planned


def run(now):
    """The hourly run, end to end: decide every daily kind, send what is due."""
    return services.notifications_plan(schedule="daily", now=now)


def rows(kind: str, **filters):
    return Delivery.objects.filter(kind=kind, **filters)


# ---- action items


def _item(committee, owner, due_on, **kwargs):
    kwargs.setdefault("title_en", f"Item due {due_on}")
    kwargs.setdefault("title_he", f"משימה עד {due_on}")
    return f.ActionItemFactory(committee=committee, owner=owner, due_on=due_on, **kwargs)


def test_action_digest_goes_once_to_each_owner_in_their_own_morning(workspace, mon):
    w = workspace
    late = _item(
        w.steering, w.chair, mon - days(1), title_en="Send the minutes", title_he="לשלוח את הפרוטוקול"
    )
    soon = _item(w.sub, w.chair, mon + days(2), title_en="Book the hall", title_he="להזמין את האולם")
    _item(w.steering, w.chair, mon + days(10), title_en="Far away", title_he="רחוק")
    _item(
        w.steering,
        w.chair,
        mon - days(2),
        title_en="Already done",
        title_he="כבר בוצע",
        status=ActionItemStatus.DONE,
        completed_on=mon - days(3),
    )
    _item(
        w.steering,
        w.chair,
        mon - days(2),
        title_en="Cancelled",
        title_he="בוטל",
        status=ActionItemStatus.CANCELLED,
    )
    _item(w.steering, w.co_chair, mon + days(3), title_en="Call the mayor", title_he="להתקשר לראש העיר")
    _item(
        w.other_steering,
        w.other_member,
        mon + days(1),
        title_en="Other partnership's item",
        title_he="של שותפות אחרת",
    )

    # 05:30 or 06:30 in Jerusalem: not yet (it is Sunday evening in New York: Sunday's digests are due there).
    assert w.chair.pk not in {p.recipient_id for p in get(Kind.ACTION_DIGEST).plan(at(mon, BEFORE_DAWN))}

    run(at(mon, JERUSALEM_MORNING))
    run(at(mon, JERUSALEM_MORNING))  # a second run (or a second beat) decides nothing new
    assert [m.to[0] for m in mail.outbox] == [w.chair.email]  # New York is still asleep
    [message] = to(w.chair)
    body = message.body
    assert "לשלוח את הפרוטוקול" in body and "להזמין את האולם" in body
    assert (
        "רחוק" not in body and "כבר בוצע" not in body and "בוטל" not in body and "של שותפות אחרת" not in body
    )
    assert f"/partnerships/{w.partnership.pk}/action-items/{late.pk}/" in body
    assert f"/action-items/{soon.pk}/" in html(message)
    assert 'dir="rtl"' in html(message)
    # Grouped by committee: each item under its own committee's heading.
    assert body.index(w.steering.name_he) < body.index("לשלוח את הפרוטוקול")
    assert body.index(w.sub.name_he) < body.index("להזמין את האולם")

    run(at(mon, NEW_YORK_MORNING))
    run(at(mon, NEW_YORK_MORNING))
    assert len(to(w.chair)) == 1
    [english] = to(w.co_chair)
    assert "Call the mayor" in english.body and "Send the minutes" not in english.body
    assert english.subject == "Your action items: 1 due soon"
    assert "in 3 days" in english.body
    [other] = to(w.other_member)
    assert "Other partnership's item" in other.body and "Call the mayor" not in other.body
    assert rows(Kind.ACTION_DIGEST, status=DeliveryStatus.SENT).count() == 3
    assert set(rows(Kind.ACTION_DIGEST).values_list("occurrence", flat=True)) == {mon.isoformat()}


def test_action_digest_says_how_late_each_item_is(workspace, mon):
    w = workspace
    _item(w.steering, w.co_chair, mon - days(4), title_en="Send the minutes")
    _item(w.steering, w.co_chair, mon, title_en="Book the hall")
    run(at(mon, NEW_YORK_MORNING))
    [message] = to(w.co_chair)
    assert message.subject == "Your action items: 1 overdue, 1 due soon"
    assert "4 days late" in message.body
    assert "due today" in message.body
    assert f"/partnerships/{w.partnership.pk}/action-items/?status=active&mine=on" in message.body


def test_action_digest_comes_on_news_days_and_otherwise_on_mondays_while_anything_is_overdue(workspace, mon):
    w = workspace
    owner = w.member_israel  # Jerusalem
    _item(w.steering, owner, mon - days(20))  # long overdue
    tuesday = mon + days(1)

    assert [p.occurrence for p in decide(Kind.ACTION_DIGEST, at(tuesday, JERUSALEM_MORNING))] == [
        tuesday.isoformat()
    ]
    for day in range(2, 7):  # Wednesday to Sunday: nothing new, no email
        assert decide(Kind.ACTION_DIGEST, at(mon + days(day), JERUSALEM_MORNING)) == []
    next_mon = mon + days(7)
    assert [p.occurrence for p in decide(Kind.ACTION_DIGEST, at(next_mon, JERUSALEM_MORNING))] == [
        next_mon.isoformat()
    ]

    # News: an item enters the three-day window on Wednesday, becomes overdue on Saturday.
    _item(w.steering, owner, next_mon + days(5))
    assert decide(Kind.ACTION_DIGEST, at(next_mon + days(1), JERUSALEM_MORNING)) == []
    assert len(decide(Kind.ACTION_DIGEST, at(next_mon + days(2), JERUSALEM_MORNING))) == 1  # due in 3 days
    assert decide(Kind.ACTION_DIGEST, at(next_mon + days(3), JERUSALEM_MORNING)) == []
    assert (
        decide(Kind.ACTION_DIGEST, at(next_mon + days(5), JERUSALEM_MORNING)) == []
    )  # due today: told already
    assert (
        len(decide(Kind.ACTION_DIGEST, at(next_mon + days(6), JERUSALEM_MORNING))) == 1
    )  # overdue since today


def test_action_digest_for_a_new_item_goes_out_the_next_morning(workspace, mon):
    w = workspace
    owner = w.member_israel
    _item(w.steering, owner, mon - days(20))
    assert len(decide(Kind.ACTION_DIGEST, at(mon, JERUSALEM_MORNING))) == 1
    _item(w.steering, owner, mon + days(3))  # created after Monday's digest, due within 3 days on Tuesday
    assert len(decide(Kind.ACTION_DIGEST, at(mon + days(1), JERUSALEM_MORNING))) == 1
    assert decide(Kind.ACTION_DIGEST, at(mon + days(2), JERUSALEM_MORNING)) == []


def test_action_digest_is_skipped_when_nothing_is_left_and_lists_items_as_they_are_at_sending(workspace, mon):
    w = workspace
    done = _item(w.steering, w.co_chair, mon - days(1), title_en="Send the minutes")
    moved = _item(w.steering, w.member_diaspora, mon + days(1), title_en="Book the hall")
    decide(Kind.ACTION_DIGEST, at(mon, NEW_YORK_MORNING))
    done.status, done.completed_on = ActionItemStatus.DONE, mon
    done.save()
    moved.due_on = mon + days(2)
    moved.save()

    services.deliveries_dispatch()
    skipped = rows(Kind.ACTION_DIGEST).get(recipient=w.co_chair)
    assert skipped.status == DeliveryStatus.SKIPPED and "action items" in skipped.error
    assert to(w.co_chair) == []
    [message] = to(w.member_diaspora)
    assert "in 2 days" in message.body


# ---- budget


def _allocation(partnership, due_on, status=AllocationStatus.APPROVED, **kwargs):
    program = f.ProgramFactory(
        partnership=partnership,
        name_en=kwargs.pop("name_en", "School twinning"),
        name_he=kwargs.pop("name_he", "תאומות בתי ספר"),
    )
    approved = Decimal("40000.00") if status in (AllocationStatus.APPROVED, AllocationStatus.CLOSED) else None
    return f.BudgetAllocationFactory(
        program=program, status=status, approved_amount=approved, spending_report_due_on=due_on, **kwargs
    )


@pytest.fixture
def other_chair(workspace):
    from communities.models import Side

    person = f.UserFactory(
        email="other-chair@example.org", full_name="Other Chair", time_zone="Asia/Jerusalem"
    )
    f.MembershipFactory(
        committee=workspace.other_steering,
        person=person,
        side=Side.ISRAEL,
        role=MembershipRole.CHAIR,
        term_start=workspace.today - days(100),
    )
    return person


def test_spending_report_reminder_goes_to_the_steering_committees_chairs_and_staff_once(
    workspace, mon, other_chair
):
    w = workspace
    line = _allocation(w.partnership, mon + days(14), spent_amount=Decimal("10000.00"))
    _allocation(w.partnership, mon + days(14), status=AllocationStatus.SUBMITTED, name_en="Not approved")
    _allocation(w.partnership, mon + days(40), name_en="Later")
    other = _allocation(w.other, mon + days(14), name_en="Other's line")

    run(at(mon, JERUSALEM_MORNING))
    run(at(mon, JERUSALEM_MORNING))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.chair.email, w.pro_staff.email, other_chair.email]
    )
    run(at(mon, NEW_YORK_MORNING))
    run(at(mon, NEW_YORK_MORNING))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.chair.email, w.pro_staff.email, w.co_chair.email, other_chair.email]
    )
    assert set(rows(Kind.SPENDING_REPORT_DUE, recipient=other_chair).values_list("object_id", flat=True)) == {
        other.pk
    }
    assert set(rows(Kind.SPENDING_REPORT_DUE).values_list("occurrence", flat=True)) == {
        f"{mon + days(14)}/14d"
    }

    [english] = to(w.co_chair)
    assert english.subject.startswith("Spending report due") and "School twinning" in english.subject
    assert f"/partnerships/{w.partnership.pk}/budget/?year={line.fiscal_year}#line-{line.pk}" in english.body
    assert "Left: 30,000.00 USD" in english.body
    left = (line.spending_report_due_on - english_today(w.co_chair)).days
    assert f"in {left} days" in english.body
    [hebrew] = to(w.chair)
    assert 'dir="rtl"' in html(hebrew) and "תאומות בתי ספר" in hebrew.body


def english_today(person):
    from notifications.kinds.mornings import local_today

    return local_today(person)


def test_spending_report_reminders_14_days_and_1_day_before_and_once_when_overdue(workspace, mon):
    w = workspace
    due = mon + days(20)
    _allocation(w.partnership, due)

    def occurrences(day):
        return {p.occurrence for p in decide(Kind.SPENDING_REPORT_DUE, at(day, JERUSALEM_MORNING))}

    assert occurrences(due - days(15)) == set()
    assert occurrences(due - days(14)) == {f"{due}/14d"}
    assert rows(Kind.SPENDING_REPORT_DUE).count() == 2  # chair and professional staff (Jerusalem)
    occurrences(due - days(10))
    assert rows(Kind.SPENDING_REPORT_DUE).count() == 2  # the same reminder: nothing new
    assert occurrences(due - days(1)) == {f"{due}/1d"}
    assert occurrences(due) == {f"{due}/1d"}
    assert occurrences(due + days(1)) == {f"{due}/late"}
    occurrences(due + days(8))
    assert rows(Kind.SPENDING_REPORT_DUE).count() == 6  # three reminders, each to two people, once


def test_spending_report_reminder_is_skipped_when_the_line_was_closed_or_its_due_date_moved(workspace, mon):
    w = workspace
    closed = _allocation(w.partnership, mon + days(10), name_en="Closed meanwhile")
    moved = _allocation(w.partnership, mon + days(10), name_en="Moved meanwhile")
    decide(Kind.SPENDING_REPORT_DUE, at(mon, JERUSALEM_MORNING))
    closed.status = AllocationStatus.CLOSED
    closed.save()
    moved.spending_report_due_on = mon + days(60)
    moved.save()

    services.deliveries_dispatch()
    assert mail.outbox == []
    errors = set(rows(Kind.SPENDING_REPORT_DUE).values_list("status", "error"))
    assert {status for status, _ in errors} == {DeliveryStatus.SKIPPED}
    assert any("no longer approved" in e for _, e in errors) and any(
        "due date changed" in e for _, e in errors
    )


def test_overdue_spending_report_says_how_late_it_is(workspace, mon):
    w = workspace
    line = _allocation(w.partnership, mon - days(3))
    run(at(mon, NEW_YORK_MORNING))
    [english] = to(w.co_chair)
    assert english.subject.startswith("Spending report overdue")
    late = max((english_today(w.co_chair) - line.spending_report_due_on).days, 1)
    assert (f"{late} days ago" if late > 1 else "1 day ago") in english.body


# ---- committee terms


def _end(term, day):
    term.term_end = day
    term.save()
    return term


def test_term_ending_goes_to_the_member_and_the_chairs_list_every_term_ending_that_day(workspace, mon):
    w = workspace
    end = mon + days(30)
    _end(w.member_israel_term, end)
    _end(w.member_diaspora_term, end)
    _end(w.chair_term, end)  # the chair's own term is in the list
    _end(w.sub_member_term, end)  # another committee: its own chair is told
    _end(w.co_chair_term, mon + days(61))  # beyond 60 days: not yet

    run(at(mon, JERUSALEM_MORNING))
    run(at(mon, JERUSALEM_MORNING))
    run(at(mon, NEW_YORK_MORNING))
    run(at(mon, NEW_YORK_MORNING))

    assert rows(Kind.TERM_ENDING).count() == 4
    assert set(rows(Kind.TERM_ENDING).values_list("recipient_id", flat=True)) == {
        w.member_israel.pk,
        w.member_diaspora.pk,
        w.chair.pk,
        w.sub_member.pk,
    }
    assert set(rows(Kind.TERM_ENDING).values_list("occurrence", flat=True)) == {end.isoformat()}

    chairs = rows(Kind.TERMS_ENDING_COMMITTEE)
    assert sorted(chairs.values_list("recipient_id", "object_id")) == sorted(
        [(w.chair.pk, w.steering.pk), (w.co_chair.pk, w.steering.pk), (w.sub_chair.pk, w.sub.pk)]
    )
    assert {r.status for r in chairs} == {DeliveryStatus.SENT}

    [co_chair_list] = to(w.co_chair)
    assert co_chair_list.subject.startswith(f"{w.steering.name_en}: 3 terms end on")
    body = co_chair_list.body
    assert (
        w.member_israel.full_name in body
        and w.member_diaspora.full_name in body
        and w.chair.full_name in body
    )
    assert w.sub_member.full_name not in body and w.member_diaspora.full_name in body
    assert f"/partnerships/{w.partnership.pk}/committee/" in body
    [sub_list] = to(w.sub_chair)
    assert w.sub_member.full_name in sub_list.body
    assert f"/committee/{w.sub.pk}/" in sub_list.body
    [member] = to(w.member_diaspora)
    assert member.subject.startswith(f"Your term on {w.steering.name_en} ends on")
    assert "Member" in member.body
    chair_emails = to(w.chair)
    assert len(chair_emails) == 2  # their own term, and the committee's list
    assert any("your own term" in m.body or "הכהונה שלך" in m.body for m in chair_emails)


def test_term_ending_is_not_sent_for_ended_or_continued_terms_nor_to_former_chairs(workspace, mon):
    from partnerships.services.membership import membership_end

    w = workspace
    end = mon + days(20)
    # A role change ends the term the day before the new one starts: the person stays on the committee.
    _end(w.member_israel_term, end)
    Membership.objects.create(
        committee=w.steering,
        person=w.member_israel,
        side=w.member_israel_term.side,
        role=MembershipRole.STAFF,
        term_start=end + days(1),
    )
    # Ended on purpose, with a reason: not announced as an ending term.
    membership_end(membership=w.member_diaspora_term, term_end=end, reason="Moved away", by=w.chair)
    # The former member's term ended last month.
    assert decide(Kind.TERM_ENDING, at(mon, NEW_YORK_MORNING)) == []
    assert decide(Kind.TERMS_ENDING_COMMITTEE, at(mon, NEW_YORK_MORNING)) == []


def test_term_extended_or_ended_early_after_the_notice_was_decided_is_skipped_and_told_again(workspace, mon):
    w = workspace
    end = mon + days(30)
    _end(w.member_diaspora_term, end)
    _end(w.member_israel_term, end)
    decide(Kind.TERM_ENDING, at(mon, NEW_YORK_MORNING))
    decide(Kind.TERMS_ENDING_COMMITTEE, at(mon, NEW_YORK_MORNING))
    _end(w.member_diaspora_term, end + days(365))  # extended
    w.member_israel_term.term_end, w.member_israel_term.ended_reason = end, "Resigned"  # ended on purpose
    w.member_israel_term.save()

    services.deliveries_dispatch()
    assert mail.outbox == []
    term_rows = {r.recipient_id: r for r in rows(Kind.TERM_ENDING)}
    assert term_rows[w.member_diaspora.pk].status == DeliveryStatus.SKIPPED
    assert "extended" in term_rows[w.member_diaspora.pk].error
    assert "ended early" in term_rows[w.member_israel.pk].error
    assert {r.status for r in rows(Kind.TERMS_ENDING_COMMITTEE)} == {DeliveryStatus.SKIPPED}

    # The extension is shortened to 40 days from Wednesday: a new end date, told again.
    wednesday = mon + days(2)
    _end(w.member_diaspora_term, wednesday + days(40))
    assert [p.occurrence for p in decide(Kind.TERM_ENDING, at(wednesday, NEW_YORK_MORNING))] == [
        (wednesday + days(40)).isoformat()
    ]


# ---- hours


def _coordinator(program, tz="Asia/Jerusalem", language="he", **kwargs):
    person = f.UserFactory(time_zone=tz, preferred_language=language, **kwargs)
    f.ProgramCoordinatorFactory(program=program, person=person)
    return person


def _hours(program, n=1, status=HoursStatus.PENDING, created_at=None):
    logs = [f.HoursLogFactory(program=program, status=status) for _ in range(n)]
    if created_at:
        HoursLog.objects.filter(pk__in=[log.pk for log in logs]).update(created_at=created_at)
    return logs


def test_hours_digest_goes_weekly_to_each_coordinator_with_hours_waiting(workspace, mon):
    w = workspace
    tutoring = f.ProgramFactory(partnership=w.partnership, name_en="Tutoring", name_he="חונכות")
    twinning = f.ProgramFactory(partnership=w.partnership, name_en="Twinning", name_he="תאומות")
    quiet = f.ProgramFactory(partnership=w.other, name_en="Quiet program")
    hebrew = _coordinator(tutoring, full_name="מיכל אברהם")
    f.ProgramCoordinatorFactory(program=twinning, person=hebrew)
    english = _coordinator(twinning, tz="America/New_York", language="en", full_name="Sarah Klein")
    idle = _coordinator(quiet, tz="America/New_York", language="en")
    _hours(tutoring, 2)
    _hours(twinning, 3)
    _hours(quiet, 2, status=HoursStatus.APPROVED)

    run(at(mon, JERUSALEM_MORNING))
    run(at(mon, JERUSALEM_MORNING))
    assert [m.to[0] for m in mail.outbox] == [hebrew.email]
    run(at(mon, NEW_YORK_MORNING))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([hebrew.email, english.email])
    assert to(idle) == []
    [message] = to(english)
    assert message.subject == "Hours waiting for your approval: 3 entries"
    assert "Twinning: 3 entries" in message.body and "Tutoring" not in message.body
    assert "/coordinate/hours/" in message.body
    [hebrew_message] = to(hebrew)
    assert "חונכות" in hebrew_message.body and "תאומות" in hebrew_message.body
    week = "{}-W{:02d}".format(*mon.isocalendar()[:2])
    assert set(rows(Kind.HOURS_DIGEST).values_list("occurrence", flat=True)) == {week}

    # The rest of the week: nothing more; the next Monday: the next week's digest.
    for day in range(1, 7):
        run(at(mon + days(day), NEW_YORK_MORNING))
    assert len(mail.outbox) == 2
    run(at(mon + days(7), NEW_YORK_MORNING))
    assert len(mail.outbox) == 4


def test_hours_digest_missed_on_monday_goes_out_on_the_next_run_of_the_week_and_new_hours_wait(
    workspace, mon
):
    w = workspace
    program = f.ProgramFactory(partnership=w.partnership)
    waiting = _coordinator(program)
    fresh_program = f.ProgramFactory(partnership=w.partnership)
    fresh = _coordinator(fresh_program)
    _hours(program, 1)
    # Logged on Monday after the digest hour: waits for next Monday, no second email this week.
    _hours(fresh_program, 1, created_at=at(mon, 10))

    wednesday = mon + days(2)  # the beat was down on Monday and Tuesday
    planned = decide(Kind.HOURS_DIGEST, at(wednesday, JERUSALEM_MORNING))
    assert [(p.recipient_id, p.occurrence) for p in planned] == [
        (waiting.pk, "{}-W{:02d}".format(*mon.isocalendar()[:2]))
    ]
    assert (
        decide(Kind.HOURS_DIGEST, at(wednesday + days(1), JERUSALEM_MORNING)) == planned
    )  # the ledger drops it
    assert rows(Kind.HOURS_DIGEST).count() == 1
    next_mon = mon + days(7)
    assert {p.recipient_id for p in decide(Kind.HOURS_DIGEST, at(next_mon, JERUSALEM_MORNING))} == {
        waiting.pk,
        fresh.pk,
    }
    assert decide(Kind.HOURS_DIGEST, at(next_mon + days(7), BEFORE_DAWN)) == []  # before the digest hour


def test_hours_digest_is_skipped_when_everything_was_reviewed_before_sending(workspace, mon):
    w = workspace
    program = f.ProgramFactory(partnership=w.partnership)
    coordinator = _coordinator(program)
    logs = _hours(program, 2)
    decide(Kind.HOURS_DIGEST, at(mon, JERUSALEM_MORNING))
    HoursLog.objects.filter(pk__in=[log.pk for log in logs]).update(
        status=HoursStatus.APPROVED, reviewed_at=timezone.now()
    )
    services.deliveries_dispatch()
    assert to(coordinator) == []
    row = rows(Kind.HOURS_DIGEST).get()
    assert row.status == DeliveryStatus.SKIPPED and "No hours" in row.error


# ---- milestones


def _mentor(track, tz="Asia/Jerusalem", language="he", **kwargs):
    person = f.UserFactory(time_zone=tz, preferred_language=language)
    f.MentorshipFactory(track=track, mentor=person, **kwargs)
    return person


def _milestone(track, due_on, **kwargs):
    kwargs.setdefault("title_en", f"Milestone due {due_on}")
    kwargs.setdefault("title_he", f"אבן דרך עד {due_on}")
    return f.MilestoneFactory(track=track, due_on=due_on, stage=Stage.NUCLEUS, **kwargs)


def test_milestone_overdue_goes_once_a_day_to_current_mentors_listing_what_became_overdue(db, mon):
    track = f.EstablishmentTrackFactory(community__name_en="Garin Harish", community__name_he="גרעין חריש")
    other_track = f.EstablishmentTrackFactory(community__name_en="Garin Yeruham")
    mentor = _mentor(track)
    english = _mentor(track, tz="America/New_York", language="en", ended_on=mon + days(30))
    former = _mentor(track, ended_on=timezone.localdate() - days(10))
    other_mentor = _mentor(other_track)
    vision = _milestone(track, mon - days(1), title_en="Vision document agreed", title_he="מסמך חזון מוסכם")
    _milestone(track, mon - days(5), title_en="Leadership structure", title_he="מבנה הנהגה")
    _milestone(track, mon - days(3), title_en="Done already", completed_on=mon - days(4))
    _milestone(track, mon + days(5), title_en="Not yet due")
    _milestone(other_track, mon - days(2), title_en="Other community's milestone")

    run(at(mon, JERUSALEM_MORNING))
    run(at(mon, JERUSALEM_MORNING))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, other_mentor.email])
    run(at(mon, NEW_YORK_MORNING))
    assert to(former) == []
    [message] = to(english)
    assert message.subject == "2 establishment milestones became overdue"
    body = message.body
    assert "Vision document agreed" in body and "Leadership structure" in body and "Garin Harish" in body
    assert (
        "Done already" not in body and "Not yet due" not in body and "Other community's milestone" not in body
    )
    assert "5 days late" in body
    # The link leads to the track's page in the mentor's language.
    assert f"/en/communities/establishment/{track.pk}/#milestones" in body
    [hebrew] = to(mentor)
    assert "מסמך חזון מוסכם" in hebrew.body and 'dir="rtl"' in html(hebrew)

    # The next days: only milestones that became overdue since the last email, once.
    tuesday = mon + days(1)
    assert decide(Kind.MILESTONE_OVERDUE, at(tuesday, NEW_YORK_MORNING)) == []
    _milestone(track, tuesday, title_en="Annual cycle anchors")
    wednesday = mon + days(2)
    run(at(wednesday, NEW_YORK_MORNING))
    [_first, second] = to(english)
    assert second.subject == "Milestone overdue: Annual cycle anchors (Garin Harish)"
    assert "Vision document agreed" not in second.body

    # A milestone whose due date moves is told again when the new date passes.
    vision.due_on = wednesday + days(1)
    vision.save()
    assert decide(Kind.MILESTONE_OVERDUE, at(wednesday + days(1), NEW_YORK_MORNING)) == []
    assert len(decide(Kind.MILESTONE_OVERDUE, at(wednesday + days(2), NEW_YORK_MORNING))) == 2  # both mentors


def test_milestone_overdue_is_skipped_when_the_milestones_were_completed_before_sending(db, mon):
    track = f.EstablishmentTrackFactory()
    mentor = _mentor(track)
    milestone = _milestone(track, mon - days(1))
    decide(Kind.MILESTONE_OVERDUE, at(mon, JERUSALEM_MORNING))
    milestone.completed_on = mon
    milestone.save()
    services.deliveries_dispatch()
    assert to(mentor) == []
    row = rows(Kind.MILESTONE_OVERDUE).get()
    assert row.status == DeliveryStatus.SKIPPED and "still overdue" in row.error


# ---- Hebrew wording (passes once the lead has compiled the catalogue with /tmp/i18n/digests.json)


def test_hebrew_digest_reads_in_hebrew(workspace, mon):
    w = workspace
    _item(w.steering, w.chair, mon - days(3))
    _item(w.steering, w.chair, mon + days(2))
    run(at(mon, JERUSALEM_MORNING))
    [message] = to(w.chair)
    assert message.subject == "המשימות שלך: 1 באיחור, 1 בקרוב"
    assert "באיחור של 3 ימים" in message.body and "בעוד יומיים" in message.body


# ---- plan() is bounded in queries


def _build_actions(w, n, mon):
    for _ in range(n):
        _item(w.steering, f.HebrewUserFactory(), mon - days(1))


def _build_budget(w, n, mon):
    for i in range(n):
        _allocation(w.partnership, mon + days(10), name_en=f"Program {i}")


def _build_terms(w, n, mon):
    from communities.models import Side

    for _ in range(n):
        committee = f.SubcommitteeFactory(partnership=w.partnership)
        f.MembershipFactory(
            committee=committee,
            person=f.HebrewUserFactory(),
            side=Side.ISRAEL,
            role=MembershipRole.CHAIR,
            term_start=mon - days(300),
        )
        f.MembershipFactory(
            committee=committee,
            person=f.HebrewUserFactory(),
            side=Side.ISRAEL,
            term_start=mon - days(300),
            term_end=mon + days(30),
        )


def _build_hours(w, n, mon):
    for _ in range(n):
        program = f.ProgramFactory(partnership=w.partnership)
        _coordinator(program)
        _hours(program, 2)


def _build_milestones(w, n, mon):
    for _ in range(n):
        track = f.EstablishmentTrackFactory()
        _mentor(track)
        _milestone(track, mon - days(1))
        _milestone(track, mon - days(3))


@pytest.mark.parametrize(
    "kind, build",
    [
        (Kind.ACTION_DIGEST, _build_actions),
        (Kind.SPENDING_REPORT_DUE, _build_budget),
        (Kind.TERM_ENDING, _build_terms),
        (Kind.TERMS_ENDING_COMMITTEE, _build_terms),
        (Kind.HOURS_DIGEST, _build_hours),
        (Kind.MILESTONE_OVERDUE, _build_milestones),
    ],
)
def test_plan_makes_the_same_number_of_queries_for_3_and_for_30_objects(workspace, mon, kind, build):
    spec = get(kind)
    now = at(mon, JERUSALEM_MORNING)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            planned = list(spec.plan(now))
        return len(queries.captured_queries), len(planned)

    build(workspace, 3, mon)
    small, planned_small = measure()
    build(workspace, 27, mon)
    large, planned_large = measure()
    assert planned_small >= 3 and planned_large == 10 * planned_small
    assert large == small
