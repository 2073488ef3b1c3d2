"""Emails sent when something happens: on the delivery ledger, once each, through the worker.

A meeting moved or cancelled, a meeting's summary published (committee and forum), a place from
the waiting list, an invitation to a committee. Each recipient reads it in their own language and
time zone; staff see every row; a person can turn off each kind but the invitation.
"""

import datetime
import zoneinfo

import pytest
from allauth.account.forms import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation

from communities.models import Side
from notifications import services as notifications
from notifications.kinds.base import OPTED_OUT
from notifications.models import Delivery, DeliveryStatus, Kind, OptOut
from partnerships.models import MeetingStatus, MembershipRole
from partnerships.services import actions as action_services
from partnerships.services import meetings as meeting_services
from partnerships.services import membership as membership_services
from tests import factories as f
from volunteers import services as volunteer_services
from volunteers.models import SignUpStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% papers\n%%EOF\n"
DAY = datetime.timedelta(days=1)


def committee_people(w):
    return [w.chair, w.co_chair, w.member_diaspora, w.member_israel, w.pro_staff]


def local(moment, zone, lang, fmt="TIME_FORMAT"):
    with translation.override(lang):
        return formats.time_format(moment.astimezone(zoneinfo.ZoneInfo(zone)), fmt)


def at_minute(moment):
    return moment.replace(second=0, microsecond=0)


def of_kind(kind):
    return [m for m in mail.outbox if m.extra_headers.get("Message-ID") and _kind_of(m) == kind]


def _kind_of(message):
    pk = int(message.extra_headers["Message-ID"].split(".", 1)[1].split("@", 1)[0])
    return Delivery.objects.get(pk=pk).kind


def by_recipient(messages):
    found = {}
    for message in messages:
        assert message.to[0] not in found, f"{message.to[0]} got two emails"
        found[message.to[0]] = message
    return found


@pytest.fixture
def upcoming(workspace):
    """A scheduled steering meeting three days ahead (its 7-day reminder window holds now)."""
    w = workspace
    w.meeting = f.MeetingFactory(
        committee=w.steering,
        status=MeetingStatus.SCHEDULED,
        starts_at=at_minute(timezone.now() + 3 * DAY).replace(minute=0),
        title_en="Budget meeting",
        title_he="ישיבת תקציב",
        location_en="Community centre",
        location_he="המתנ״ס",
    )
    return w


def move(w, capture, *, execute=True, **changes):
    m = w.meeting
    fields = {
        "title_en": m.title_en, "title_he": m.title_he, "starts_at": m.starts_at,
        "duration_minutes": m.duration_minutes, "location_en": m.location_en, "location_he": m.location_he,
        "online_url": m.online_url,
    }
    fields.update(changes)
    with capture(execute=execute):
        meeting_services.meeting_update(meeting=m, by=w.chair, **fields)


# ---- a meeting moves


def test_moving_a_meeting_tells_each_current_member_once_in_their_language_and_zone(
    upcoming, django_capture_on_commit_callbacks
):
    w = upcoming
    new_start = at_minute(timezone.now() + 4 * DAY).replace(hour=17, minute=30)
    move(w, django_capture_on_commit_callbacks, starts_at=new_start)
    move(w, django_capture_on_commit_callbacks, starts_at=new_start)  # the same save again: nothing new

    notices = by_recipient(of_kind(Kind.MEETING_CHANGED))
    assert sorted(notices) == sorted(p.email for p in committee_people(w))
    assert len(mail.outbox) == 5  # and no reminder beside the notice

    hebrew = notices[w.member_israel.email]
    assert hebrew.extra_headers["Content-Language"] == "he"
    jerusalem = local(new_start, "Asia/Jerusalem", "he")
    assert jerusalem == new_start.astimezone(zoneinfo.ZoneInfo("Asia/Jerusalem")).strftime("%H:%M")
    assert jerusalem in hebrew.body and jerusalem in hebrew.subject
    assert hebrew.subject.startswith("שינוי בישיבה: ישיבת תקציב")  # needs the compiled Hebrew catalogue
    assert "חל שינוי בישיבה „ישיבת תקציב”" in hebrew.body and "המתנ״ס" in hebrew.body
    html = hebrew.alternatives[0][0]
    assert 'dir="rtl"' in html and jerusalem in html
    assert f"/he/partnerships/{w.partnership.pk}/meetings/{w.meeting.pk}/" in hebrew.body

    english = notices[w.member_diaspora.email]
    assert english.extra_headers["Content-Language"] == "en"
    new_york = local(new_start, "America/New_York", "en")
    assert new_york in english.body and jerusalem not in english.body
    assert english.subject.startswith("Meeting changed: Budget meeting")
    assert "Community centre" in english.body and "has changed" in english.body
    assert f"/en/partnerships/{w.partnership.pk}/meetings/{w.meeting.pk}/" in english.body
    assert english.extra_headers["List-Unsubscribe"].startswith("<http")

    rows = Delivery.objects.filter(kind=Kind.MEETING_CHANGED)
    assert rows.count() == 5 and set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_notice_stands_for_the_reminder_due_now_but_not_for_later_ones(
    upcoming, django_capture_on_commit_callbacks
):
    w = upcoming
    new_start = w.meeting.starts_at + datetime.timedelta(hours=5)
    move(w, django_capture_on_commit_callbacks, starts_at=new_start)
    assert len(of_kind(Kind.MEETING_CHANGED)) == 5
    mail.outbox.clear()

    notifications.notifications_plan(schedule="reminders")  # the 7-day window holds now
    assert mail.outbox == []
    covered = Delivery.objects.filter(kind=Kind.MEETING_REMINDER, object_id=w.meeting.pk)
    assert covered.count() == 5
    assert all(r.status == DeliveryStatus.SKIPPED and "notice of the change" in r.error for r in covered)

    notifications.notifications_plan(schedule="reminders", now=new_start - datetime.timedelta(hours=20))
    reminders = by_recipient(of_kind(Kind.MEETING_REMINDER))  # the 1-day reminder still goes out
    assert sorted(reminders) == sorted(p.email for p in committee_people(w))


def test_a_second_different_move_is_told_and_a_pending_first_notice_is_not_sent(
    upcoming, django_capture_on_commit_callbacks
):
    w = upcoming
    first = w.meeting.starts_at + DAY
    move(w, django_capture_on_commit_callbacks, execute=False, starts_at=first)  # decided, not yet sent
    move(w, django_capture_on_commit_callbacks, location_en="Town hall", location_he="בית העירייה")
    notifications.deliveries_dispatch()  # the sweep finds the first notice: superseded

    notices = by_recipient(of_kind(Kind.MEETING_CHANGED))
    assert sorted(notices) == sorted(p.email for p in committee_people(w))
    assert all("Town hall" in m.body or "בית העירייה" in m.body for m in notices.values())
    rows = Delivery.objects.filter(kind=Kind.MEETING_CHANGED)
    assert rows.filter(status=DeliveryStatus.SENT).count() == 5
    stale = rows.filter(status=DeliveryStatus.SKIPPED)
    assert stale.count() == 5 and all("Superseded" in r.error for r in stale)


def test_every_move_that_went_out_is_followed_by_the_next_one_even_back_to_an_earlier_time(
    upcoming, django_capture_on_commit_callbacks
):
    w = upcoming
    original, later = w.meeting.starts_at, w.meeting.starts_at + DAY
    move(w, django_capture_on_commit_callbacks, starts_at=later)
    move(w, django_capture_on_commit_callbacks, starts_at=original)
    move(w, django_capture_on_commit_callbacks, starts_at=later)  # back to a time already announced
    notices = of_kind(Kind.MEETING_CHANGED)
    assert len(notices) == 15
    last = [m for m in notices if m.to == [w.member_diaspora.email]][-1]
    assert local(later, "America/New_York", "en") in last.body


def test_a_new_title_or_a_draft_or_a_past_meeting_tells_nobody(workspace, django_capture_on_commit_callbacks):
    w = workspace
    w.meeting = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() + 3 * DAY)
    move(w, django_capture_on_commit_callbacks, title_en="A new title")
    w.meeting = f.MeetingFactory(committee=w.steering, status=MeetingStatus.DRAFT, starts_at=timezone.now() + 3 * DAY)
    move(w, django_capture_on_commit_callbacks, starts_at=w.meeting.starts_at + DAY)
    w.meeting = f.MeetingFactory(committee=w.steering, starts_at=timezone.now() - DAY)
    move(w, django_capture_on_commit_callbacks, starts_at=w.meeting.starts_at + datetime.timedelta(hours=1))
    assert mail.outbox == []
    assert not Delivery.objects.filter(kind=Kind.MEETING_CHANGED).exists()


def test_cancelling_tells_each_member_once_and_no_reminder_follows(upcoming, django_capture_on_commit_callbacks):
    w = upcoming
    notifications.deliveries_record(  # a reminder decided but not yet sent
        kind=Kind.MEETING_REMINDER,
        planned=[notifications.Planned(w.chair.pk, w.meeting.pk, f"{w.meeting.starts_at:%Y%m%dT%H%MZ}/7d")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=w.meeting, by=w.chair)
    with pytest.raises(ValidationError):
        meeting_services.meeting_cancel(meeting=w.meeting, by=w.chair)
    with django_capture_on_commit_callbacks(execute=True):  # deciding it again decides nothing new
        meeting_services.meeting_announce_change(meeting=w.meeting, cancelled=True)
    notifications.deliveries_dispatch()

    notices = by_recipient(mail.outbox)
    assert sorted(notices) == sorted(p.email for p in committee_people(w))
    english = notices[w.co_chair.email]
    assert english.subject.startswith("Cancelled: Budget meeting")
    assert "is cancelled" in english.body and local(w.meeting.starts_at, "America/New_York", "en") in english.body
    hebrew = notices[w.chair.email]
    assert hebrew.subject.startswith("בוטלה: ישיבת תקציב")  # needs the compiled Hebrew catalogue
    assert "בוטלה." in hebrew.body and local(w.meeting.starts_at, "Asia/Jerusalem", "he") in hebrew.body
    assert Delivery.objects.get(kind=Kind.MEETING_REMINDER).status == DeliveryStatus.SKIPPED


def test_turning_off_meeting_changes_stops_only_that_kind(upcoming, django_capture_on_commit_callbacks):
    w = upcoming
    notifications.opt_out_set(person=w.member_diaspora, kind=Kind.MEETING_CHANGED, enabled=False)
    move(w, django_capture_on_commit_callbacks, starts_at=w.meeting.starts_at + datetime.timedelta(hours=2))
    notices = by_recipient(of_kind(Kind.MEETING_CHANGED))
    assert w.member_diaspora.email not in notices and len(notices) == 4
    row = Delivery.objects.get(kind=Kind.MEETING_CHANGED, recipient=w.member_diaspora)
    assert row.status == DeliveryStatus.SKIPPED and row.error == str(OPTED_OUT)

    mail.outbox.clear()
    notifications.notifications_plan(schedule="reminders")  # the reminder still reaches them
    assert [m.to for m in mail.outbox] == [[w.member_diaspora.email]]
    assert _kind_of(mail.outbox[0]) == Kind.MEETING_REMINDER


# ---- a summary is published


@pytest.fixture
def held(workspace, settings):
    settings.P2G_SUMMARY_ATTACHMENTS_MAX_MB = 1
    w = workspace
    w.meeting = f.MeetingFactory(
        committee=w.steering, status=MeetingStatus.HELD, starts_at=timezone.now() - 2 * DAY,
        title_en="March steering meeting", title_he="ישיבת ההיגוי של מרץ", minutes_en="We met.", minutes_he="נפגשנו.",
    )
    w.agenda = f.MeetingAttachmentFactory(
        meeting=w.meeting, kind="agenda", title="Agenda", file=f.factory.django.FileField(filename="agenda.pdf", data=PDF)
    )
    return w


def test_publishing_a_summary_sends_it_once_to_each_member_with_its_attachments(
    held, django_capture_on_commit_callbacks
):
    w = held
    with django_capture_on_commit_callbacks(execute=True):
        action_services.meeting_publish_summary(meeting=w.meeting, by=w.chair)
    with pytest.raises(ValidationError, match="already published"):
        action_services.meeting_publish_summary(meeting=w.meeting, by=w.chair)
    notifications.deliveries_dispatch()

    summaries = by_recipient(mail.outbox)
    assert sorted(summaries) == sorted(p.email for p in committee_people(w))
    for message in summaries.values():
        assert message.attachments == [("agenda.pdf", PDF, "application/pdf")]
    english = summaries[w.member_diaspora.email]
    assert english.subject == "Meeting summary: March steering meeting"
    assert "We met." in english.body and "Meeting summary" in english.body  # the footer names the kind
    assert f"/en/partnerships/{w.partnership.pk}/meetings/{w.meeting.pk}/" in english.body
    hebrew = summaries[w.member_israel.email]
    assert hebrew.extra_headers["Content-Language"] == "he" and "נפגשנו." in hebrew.body
    assert 'dir="rtl"' in hebrew.alternatives[0][0]
    rows = Delivery.objects.filter(kind=Kind.MEETING_SUMMARY, object_id=w.meeting.pk)
    assert rows.count() == 5 and all(r.status == DeliveryStatus.SENT and r.subject for r in rows)


def test_a_forum_meetings_summary_and_materials_go_to_its_members(settings, db, django_capture_on_commit_callbacks):
    settings.P2G_SUMMARY_ATTACHMENTS_MAX_MB = 1
    forum = f.ForumFactory(name_en="Education forum", name_he="פורום החינוך")
    hebrew = f.HebrewUserFactory(email="forum-he@example.org", full_name="שרה כהן", time_zone="Asia/Jerusalem")
    english = f.UserFactory(email="forum-en@example.org", full_name="Ann Miller", time_zone="America/New_York")
    gone = f.UserFactory(email="forum-left@example.org")
    f.ForumMembershipFactory(forum=forum, person=hebrew, seat=1)
    f.ForumMembershipFactory(forum=forum, person=english, seat=2)
    f.ForumMembershipFactory(forum=forum, person=gone, seat=None, left_on=datetime.date(2025, 6, 1))
    meeting = f.MeetingFactory(
        committee=None, forum=forum, status=MeetingStatus.SCHEDULED, starts_at=timezone.now() - DAY,
        title_en="Forum meeting on mentoring", title_he="מפגש הפורום על חונכות", survey_url="https://survey.example.org/f1",
    )
    f.MeetingAttachmentFactory(meeting=meeting, kind="booklet", title="Booklet",
                               file=f.factory.django.FileField(filename="booklet.pdf", data=PDF))
    f.MeetingAttachmentFactory(meeting=meeting, kind="slides", title="Slides",
                               file=f.factory.django.FileField(filename="slides.pdf", data=PDF + b"1"))
    f.MeetingAttachmentFactory(meeting=meeting, kind="other", title="Recording notes",
                               file=f.factory.django.FileField(filename="notes.pdf", data=PDF + b"0" * (1024 * 1024)))

    with django_capture_on_commit_callbacks(execute=True):
        action_services.meeting_publish_summary(meeting=meeting, by=None)
    notifications.deliveries_dispatch()

    summaries = by_recipient(mail.outbox)
    assert sorted(summaries) == ["forum-en@example.org", "forum-he@example.org"]
    for message in summaries.values():
        assert sorted(name for name, _content, _type in message.attachments) == ["booklet.pdf", "slides.pdf"]
        assert "https://survey.example.org/f1" in message.body
        assert "https://survey.example.org/f1" in message.alternatives[0][0]
        assert "Recording notes" in message.body  # too large to attach: named
    en = summaries["forum-en@example.org"]
    assert "Education forum" in en.body and en.subject == "Meeting summary: Forum meeting on mentoring"
    assert "quorum" not in en.body.lower()  # a forum has no quorum
    assert local(meeting.starts_at, "America/New_York", "en") in en.body
    he = summaries["forum-he@example.org"]
    assert he.extra_headers["Content-Language"] == "he"
    assert "לפניך הסיכום והחומרים של המפגש של פורום החינוך." in he.body  # needs the compiled Hebrew catalogue
    assert "נשמח לתשובתך לסקר של המפגש: https://survey.example.org/f1" in he.body
    assert local(meeting.starts_at, "Asia/Jerusalem", "he") in he.body


# ---- a place from the waiting list


def test_a_waitlist_promotion_is_told_once(db, django_capture_on_commit_callbacks):
    shift = f.ShiftFactory(
        capacity=1, starts_at=timezone.now() + 5 * DAY, ends_at=timezone.now() + 5 * DAY + datetime.timedelta(hours=3)
    )
    holder = f.UserFactory()
    waiting = f.HebrewUserFactory(time_zone="Asia/Jerusalem")
    held = volunteer_services.shift_sign_up(shift_id=shift.pk, volunteer=holder).signup
    volunteer_services.shift_sign_up(shift_id=shift.pk, volunteer=waiting)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = volunteer_services.signup_cancel(signup_id=held.pk, volunteer=holder)
    notifications.deliveries_dispatch()
    with django_capture_on_commit_callbacks(execute=True):  # filling again finds no free place: nothing new
        volunteer_services.shift_fill_from_waitlist(shift=shift)

    assert promoted.volunteer == waiting
    (message,) = mail.outbox
    assert message.to == [waiting.email] and message.extra_headers["Content-Language"] == "he"
    assert local(shift.starts_at, "Asia/Jerusalem", "he") in message.body
    assert f"/he/opportunities/{shift.opportunity_id}/" in message.body
    row = Delivery.objects.get(kind=Kind.SIGNUP_PROMOTED)
    assert row.status == DeliveryStatus.SENT and row.object_id == promoted.pk


def test_a_promotion_given_up_before_the_email_goes_is_not_sent(db, django_capture_on_commit_callbacks):
    shift = f.ShiftFactory(
        capacity=1, starts_at=timezone.now() + 5 * DAY, ends_at=timezone.now() + 5 * DAY + datetime.timedelta(hours=3)
    )
    holder, waiting = f.UserFactory.create_batch(2)
    held = volunteer_services.shift_sign_up(shift_id=shift.pk, volunteer=holder).signup
    queued = volunteer_services.shift_sign_up(shift_id=shift.pk, volunteer=waiting).signup
    with django_capture_on_commit_callbacks(execute=False):
        volunteer_services.signup_cancel(signup_id=held.pk, volunteer=holder)
    queued.refresh_from_db()
    assert queued.status == SignUpStatus.CONFIRMED
    volunteer_services.signup_cancel(signup_id=queued.pk, volunteer=waiting)
    notifications.deliveries_dispatch()
    assert mail.outbox == []
    assert Delivery.objects.get(kind=Kind.SIGNUP_PROMOTED).status == DeliveryStatus.SKIPPED


# ---- an invitation to a committee


def test_an_invitation_is_sent_once_and_cannot_be_turned_off(workspace, django_capture_on_commit_callbacks):
    w = workspace
    with django_capture_on_commit_callbacks(execute=True):
        added = membership_services.membership_add_person(
            committee=w.steering, email="new.member@example.org", full_name="Nina Berg", preferred_language="en",
            role=MembershipRole.MEMBER, side=Side.DIASPORA, term_start=w.today, by=w.co_chair,
        )
        person = added.membership.person
        OptOut.objects.create(person=person, kind=Kind.COMMITTEE_INVITATION)  # ignored: the kind is essential
        notifications.opt_out_set(person=person, kind=Kind.COMMITTEE_INVITATION, enabled=False)
    notifications.deliveries_dispatch()

    (message,) = mail.outbox
    assert message.to == ["new.member@example.org"] and message.reply_to == [w.co_chair.email]
    assert "Rachel Goldberg has added you to" in message.body
    link = message.body.split("/en/accounts/password/reset/key/", 1)[1].split("/", 1)[0]
    assert default_token_generator.check_token(person, link.split("-", 1)[1])
    assert "Stop these emails" not in message.body and "List-Unsubscribe" not in message.extra_headers
    html = message.alternatives[0][0]
    assert "/en/accounts/password/reset/key/" in html and "Choose your password" in html
    row = Delivery.objects.get(kind=Kind.COMMITTEE_INVITATION)
    assert row.status == DeliveryStatus.SENT and row.occurrence == "invited"
    assert link not in row.subject + row.error  # the link is made when the email is written, never stored
