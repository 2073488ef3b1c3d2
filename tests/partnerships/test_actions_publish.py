"""Publishing a meeting's summary: once, by a manager, after the meeting; one email per current member
of the committee, in their language and time zone, with the minutes, decisions, action items and the
attachments (as files up to the limit, as links beyond), over one SMTP connection."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import formats, timezone, translation

from partnerships.models import AttendanceStatus, MeetingStatus
from partnerships.services import actions as services
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% agenda\n%%EOF\n"


class CountingBackend(locmem.EmailBackend):
    """The locmem outbox, counting the connections opened."""

    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"partnerships:{name}", kwargs=kwargs)


def local_time(dt, zone, lang):
    with translation.override(lang):
        return formats.time_format(dt.astimezone(zoneinfo.ZoneInfo(zone)), "TIME_FORMAT")


@pytest.fixture
def held(workspace, settings):
    """A steering meeting a week ago with attendance, a decision, an action item, minutes and files."""
    settings.EMAIL_BACKEND = "tests.partnerships.test_actions_publish.CountingBackend"
    settings.P2G_SUMMARY_ATTACHMENTS_MAX_MB = 1
    CountingBackend.opened = 0
    w = workspace
    starts_at = (timezone.now() - datetime.timedelta(days=7)).replace(hour=17, minute=0, second=0, microsecond=0)
    w.meeting = f.MeetingFactory(
        committee=w.steering, starts_at=starts_at, status=MeetingStatus.HELD,
        title_en="November steering meeting", title_he="ישיבת ועדת ההיגוי של נובמבר",
        minutes_en="We agreed on the school twinning budget.", minutes_he="",
    )
    for person, status in [(w.chair, AttendanceStatus.PRESENT), (w.co_chair, AttendanceStatus.REMOTE),
                           (w.member_israel, AttendanceStatus.PRESENT), (w.member_diaspora, AttendanceStatus.ABSENT)]:
        f.AttendanceFactory(meeting=w.meeting, person=person, status=status)
    f.DecisionFactory(meeting=w.meeting, number=1, votes_for=3, votes_against=0, votes_abstain=0)
    f.ActionItemFactory(committee=w.steering, meeting=w.meeting, owner=w.member_israel,
                        title_en="Send the twinning plan", title_he="לשלוח את תוכנית התאומות",
                        due_on=w.today + datetime.timedelta(days=10))
    w.agenda = f.MeetingAttachmentFactory(meeting=w.meeting, kind="agenda", title="Agenda",
                                          file=f.factory.django.FileField(filename="agenda.pdf", data=PDF))
    w.big = f.MeetingAttachmentFactory(meeting=w.meeting, kind="slides", title="Slides",
                                       file=f.factory.django.FileField(filename="slides.pdf",
                                                                       data=PDF + b"0" * (1024 * 1024)))
    # people whose term is not current today get nothing
    yesterday = f.UserFactory(email="left-yesterday@example.org")
    f.MembershipFactory(committee=w.steering, person=yesterday, term_start=w.today - datetime.timedelta(days=300),
                        term_end=w.today - datetime.timedelta(days=1))
    soon = f.UserFactory(email="starts-soon@example.org")
    f.MembershipFactory(committee=w.steering, person=soon, term_start=w.today + datetime.timedelta(days=5))
    return w


def publish(client, w, user=None, django_capture_on_commit_callbacks=None):
    client.force_login(user or w.co_chair)
    target = url("meeting_publish", partnership_pk=w.partnership.pk, meeting_pk=w.meeting.pk)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(target)


def test_the_summary_goes_once_to_each_current_member(client, held, django_capture_on_commit_callbacks):
    w = held
    response = publish(client, w, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].endswith("#publish")
    w.meeting.refresh_from_db()
    assert w.meeting.status == MeetingStatus.PUBLISHED and w.meeting.summary_published_at is not None

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert recipients == sorted(p.email for p in (w.chair, w.co_chair, w.member_diaspora, w.member_israel, w.pro_staff))
    assert CountingBackend.opened == 1  # one SMTP connection for the batch


def test_each_member_reads_it_in_their_language_and_time_zone(client, held, django_capture_on_commit_callbacks):
    w = held
    publish(client, w, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    by_email = {m.to[0]: m for m in mail.outbox}

    hebrew = by_email[w.member_israel.email]
    assert hebrew.subject == "סיכום הישיבה: ישיבת ועדת ההיגוי של נובמבר"
    assert hebrew.extra_headers["Content-Language"] == "he"
    body = hebrew.body
    # six held a term on the meeting's day (one has left since): the attendance counts them all
    assert "שלום יוסי לוי," in body
    # the reader's zone named in words, not by its code
    assert "(שעון ישראל)" in body and "Asia/Jerusalem" not in body
    assert local_time(w.meeting.starts_at, "Asia/Jerusalem", "he") in body
    assert "3 מתוך 6 חברי הוועדה השתתפו" in body and "יש מניין חוקי." in body
    assert "(הפרוטוקול נכתב באנגלית בלבד.)" in body and "We agreed on the school twinning budget." in body
    assert "הוועדה מאשרת את תוכנית תאומות בתי הספר." in body and "בעד: 3" in body and "התקבלה" in body
    assert "לשלוח את תוכנית התאומות — יוסי לוי" in body
    assert f"/he/partnerships/{w.partnership.pk}/meetings/{w.meeting.pk}/" in body
    html = hebrew.alternatives[0][0]
    assert 'dir="rtl"' in html and "ישיבת ועדת ההיגוי של נובמבר" in html

    english = by_email[w.member_diaspora.email]
    assert english.subject == "Meeting summary: November steering meeting"
    assert english.extra_headers["Content-Language"] == "en"
    body = english.body
    assert "Hello David Stein," in body
    assert "(New York time)" in body and "America/New_York" not in body
    assert local_time(w.meeting.starts_at, "America/New_York", "en") in body
    assert "3 of 6 members attended" in body and "Quorum met." in body
    assert "We agreed on the school twinning budget." in body and "written in" not in body
    assert "The committee approves the school twinning plan." in body and "For: 3 · Against: 0 · Abstain: 0" in body
    assert "Send the twinning plan — יוסי לוי" in body
    assert f"/en/partnerships/{w.partnership.pk}/meetings/{w.meeting.pk}/" in body


def test_attachments_go_as_files_up_to_the_limit_and_as_links_beyond(client, held, django_capture_on_commit_callbacks):
    w = held
    publish(client, w, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    for message in mail.outbox:
        assert message.attachments == [("agenda.pdf", PDF, "application/pdf")]
        assert f"/partnerships/{w.partnership.pk}/attachments/{w.big.pk}/download/" in message.body
        assert f"/attachments/{w.agenda.pk}/download/" not in message.body


def test_not_published_twice(client, held, django_capture_on_commit_callbacks):
    w = held
    publish(client, w, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    first = w.meeting.__class__.objects.get(pk=w.meeting.pk).summary_published_at
    mail.outbox.clear()
    response = publish(client, w, w.chair, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and mail.outbox == []
    w.meeting.refresh_from_db()
    assert w.meeting.summary_published_at == first
    with pytest.raises(ValidationError, match="already published"):
        services.meeting_publish_summary(meeting=w.meeting, by=w.chair)
    page = client.get(url("meeting_detail", "he", partnership_pk=w.partnership.pk, meeting_pk=w.meeting.pk))
    assert "הסיכום פורסם ב־" in page.content.decode()


def test_only_after_the_meeting_and_not_when_cancelled(workspace):
    w = workspace
    ahead = f.MeetingFactory(committee=w.steering, status=MeetingStatus.SCHEDULED)
    with pytest.raises(ValidationError, match="has not started yet"):
        services.meeting_publish_summary(meeting=ahead, by=w.chair)
    cancelled = f.MeetingFactory(committee=w.steering, status=MeetingStatus.CANCELLED,
                                 starts_at=timezone.now() - datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="Only a scheduled or held meeting"):
        services.meeting_publish_summary(meeting=cancelled, by=w.chair)
    # a meeting nobody marked as held can still have its summary published
    past = f.MeetingFactory(committee=w.steering, status=MeetingStatus.SCHEDULED,
                            starts_at=timezone.now() - datetime.timedelta(days=2))
    services.meeting_publish_summary(meeting=past, by=w.chair)
    assert past.status == MeetingStatus.PUBLISHED


def test_a_member_cannot_publish(client, held, django_capture_on_commit_callbacks):
    w = held
    response = publish(client, w, w.member_diaspora, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 403 and mail.outbox == []
    w.meeting.refresh_from_db()
    assert w.meeting.status == MeetingStatus.HELD


def test_the_confirmation_page_shows_what_goes_to_whom(client, held):
    w = held
    client.force_login(w.chair)
    response = client.get(url("meeting_publish", "he", partnership_pk=w.partnership.pk, meeting_pk=w.meeting.pk))
    page = response.content.decode()
    assert response.status_code == 200 and 'dir="rtl"' in page
    for person in (w.chair, w.co_chair, w.member_diaspora, w.member_israel, w.pro_staff):
        assert person.email in page
    for outside in (w.former.email, "left-yesterday@example.org", "starts-soon@example.org", w.sub_member.email):
        assert outside not in page
    # each reader's time zone, in words ("שעון ניו יורק"), not by its code
    assert "שעון ניו יורק" in page and "America/New_York" not in page and "לשלוח את תוכנית התאומות" in page
    assert "agenda.pdf" in page and "slides.pdf" in page
    assert "פרסום הסיכום ושליחתו בדוא״ל" in page  # the button


def test_the_messages_are_built_by_one_reusable_function(held):
    from notifications.kinds import get
    from notifications.kinds.meetings import summary_recipient_ids
    from notifications.models import Delivery, Kind
    from notifications.render import delivery_message

    w = held
    w.meeting.status, w.meeting.summary_published_at = MeetingStatus.PUBLISHED, timezone.now()
    spec = get(Kind.MEETING_SUMMARY)
    meeting = spec.load([w.meeting.pk])[w.meeting.pk]
    meeting.status, meeting.summary_published_at = w.meeting.status, w.meeting.summary_published_at
    messages = [
        delivery_message(spec, Delivery(recipient_id=pk, kind=Kind.MEETING_SUMMARY, object_id=meeting.pk), meeting)
        for pk in summary_recipient_ids(meeting)
    ]
    assert len(messages) == 5 and mail.outbox == []
    assert {m.to[0] for m in messages} >= {w.chair.email, w.member_diaspora.email}
