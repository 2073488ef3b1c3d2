"""The delivery ledger: what is due is decided once, sent once, in the recipient's language and zone."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from tests import factories as f

pytestmark = pytest.mark.django_db


def _meeting(workspace, in_days=6.5, **kwargs):
    return f.MeetingFactory(
        committee=workspace.steering, starts_at=timezone.now() + datetime.timedelta(days=in_days), **kwargs
    )


def test_meeting_reminder_goes_to_each_current_member_once_in_their_language(workspace):
    _meeting(workspace, title_en="Budget meeting", title_he="ישיבת תקציב")
    services.notifications_plan(schedule="reminders")
    services.notifications_plan(schedule="reminders")  # a second sweep (or a second beat) decides nothing new

    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(
        p.email
        for p in (workspace.chair, workspace.co_chair, workspace.member_diaspora, workspace.member_israel, workspace.pro_staff)
    )
    hebrew = next(m for m in mail.outbox if m.to == [workspace.chair.email])
    english = next(m for m in mail.outbox if m.to == [workspace.co_chair.email])
    assert "ישיבת תקציב" in hebrew.subject and "תזכורת" in hebrew.subject
    assert "Budget meeting" in english.subject and english.subject.startswith("Reminder")
    html = hebrew.alternatives[0][0]
    assert 'dir="rtl"' in html and 'lang="he"' in html
    assert english.extra_headers["List-Unsubscribe"].startswith("<http")
    assert Delivery.objects.filter(kind=Kind.MEETING_REMINDER, status=DeliveryStatus.SENT).count() == 5


def test_moved_meeting_gets_a_reminder_for_the_new_time_and_no_stale_one(workspace):
    meeting = _meeting(workspace)
    services.notifications_plan(schedule="reminders")
    first = len(mail.outbox)
    meeting.starts_at += datetime.timedelta(days=3)  # now 9.5 days ahead: outside the 7-day window
    meeting.save()
    services.notifications_plan(schedule="reminders")
    assert len(mail.outbox) == first
    meeting.starts_at -= datetime.timedelta(days=4)  # 5.5 days ahead: a new time, a new reminder
    meeting.save()
    services.notifications_plan(schedule="reminders")
    assert len(mail.outbox) == 2 * first


def test_stale_pending_reminder_is_not_sent_after_the_meeting_moved(workspace):
    meeting = _meeting(workspace)
    from notifications.kinds.meetings import MeetingReminder

    lead = datetime.timedelta(days=7)
    services.deliveries_record(
        kind=Kind.MEETING_REMINDER,
        planned=[services.Planned(workspace.chair.pk, meeting.pk, MeetingReminder.occurrence(meeting, lead))],
    )
    meeting.starts_at += datetime.timedelta(hours=2)
    meeting.save()
    services.deliveries_dispatch()
    stale = Delivery.objects.get(recipient=workspace.chair)
    assert stale.status == DeliveryStatus.SKIPPED and "moved" in stale.error
    assert mail.outbox == []


def test_opted_out_person_is_skipped_and_the_reason_recorded(workspace):
    OptOut.objects.create(person=workspace.co_chair, kind=Kind.MEETING_REMINDER)
    _meeting(workspace)
    services.notifications_plan(schedule="reminders")
    assert workspace.co_chair.email not in [m.to[0] for m in mail.outbox]
    row = Delivery.objects.get(recipient=workspace.co_chair)
    assert row.status == DeliveryStatus.SKIPPED and row.error


def test_shift_reminder_in_the_volunteers_language(db):
    volunteer = f.HebrewUserFactory()
    shift = f.ShiftFactory(starts_at=timezone.now() + datetime.timedelta(hours=2), ends_at=timezone.now() + datetime.timedelta(hours=4))
    f.SignUpFactory(shift=shift, volunteer=volunteer)
    services.notifications_plan(schedule="reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Content-Language"] == "he"


def test_a_committee_chooses_its_reminder_days_in_the_workspace(client, workspace):
    from django.urls import reverse

    w = workspace
    client.force_login(w.co_chair)
    edit = reverse("partnerships:committee_edit", kwargs={"partnership_pk": w.partnership.pk, "committee_pk": w.steering.pk})
    form = {
        "name_en": w.steering.name_en, "name_he": w.steering.name_he, "quorum_min_members": 3,
        "quorum_needs_both_sides": "on",
    }
    response = client.post(edit, {**form, "meeting_reminder_days": "3, x"})
    assert response.status_code == 200 and "Write whole numbers of days" in response.content.decode()
    assert 'value="3, x"' in response.content.decode()  # what was typed comes back
    assert client.post(edit, {**form, "meeting_reminder_days": "10, 2"}).status_code == 302
    w.steering.refresh_from_db()
    assert w.steering.meeting_reminder_days == [10, 2]

    _meeting(workspace, in_days=8)  # inside the 10-day window: reminded now
    services.notifications_plan(schedule="reminders")
    assert len(mail.outbox) == 5
    assert client.post(edit, {**form, "meeting_reminder_days": ""}).status_code == 302
    mail.outbox.clear()
    _meeting(workspace, in_days=1.5)
    services.notifications_plan(schedule="reminders")
    assert mail.outbox == []  # no reminders when the committee wants none
