"""Forum meetings: staff schedule one (in their own time zone), set its agenda, record attendance, write
the summary in both languages, add its materials (booklet, slides, survey link) and publish it: every
member gets one email in their language with the materials attached. Members read the meeting and
download its files through a view that checks who asks."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Delivery, DeliveryStatus, Kind
from partnerships.meeting_times import meeting_times
from partnerships.models import AgendaItem, Attendance, Meeting, MeetingAttachment, MeetingStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n% forum material\n"


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs)


def quiet_day(zone: str, hour: datetime.time, *, ahead: bool) -> datetime.date:
    """A day (some days ahead, or some days ago) when this hour is no Shabbat, holiday or night in Israel."""
    tz = zoneinfo.ZoneInfo(zone)
    day = timezone.localdate() + (5 * DAY if ahead else -2 * DAY)
    for _ in range(30):
        starts = datetime.datetime.combine(day, hour, tzinfo=tz)
        with translation.override("en"):
            if not meeting_times(starts, None, duration_minutes=90).warnings:
                return day
        day += DAY if ahead else -DAY
    raise AssertionError("no quiet day found")


def forum_meeting(forum, *, days=-3, **kwargs):
    kwargs.setdefault("title_en", "Forum meeting on retention")
    kwargs.setdefault("title_he", "מפגש הפורום על שימור")
    return f.MeetingFactory(committee=None, forum=forum, starts_at=timezone.now() + days * DAY, **kwargs)


# ---- scheduling


def test_staff_schedule_a_forum_meeting_in_their_own_time_zone(client, forums_world):
    fw = forums_world
    staff_zone = fw.staff.time_zone  # America/New_York
    day = quiet_day(staff_zone, datetime.time(11, 0), ahead=True)
    client.force_login(fw.staff)
    target = url("forum_meeting_create", forum_pk=fw.forum.pk)
    assert client.get(target).status_code == 200
    response = client.post(target, {
        "title_he": "מפגש הפורום הראשון", "title_en": "First forum meeting",
        "date": day.isoformat(), "time": "11:00", "duration_minutes": "120",
        "location_he": "בית העם, תל אביב", "location_en": "Community hall, Tel Aviv",
        "online_url": "https://meet.example.org/forum",
    })
    meeting = Meeting.objects.get(title_en="First forum meeting")
    assert response.status_code == 302
    assert response["Location"] == url("forum_meeting_detail", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    assert (meeting.forum, meeting.committee, meeting.status) == (fw.forum, None, MeetingStatus.SCHEDULED)
    assert meeting.starts_at == datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=zoneinfo.ZoneInfo(staff_zone))
    assert (meeting.title_he, meeting.location_he, meeting.online_url, meeting.duration_minutes) == (
        "מפגש הפורום הראשון", "בית העם, תל אביב", "https://meet.example.org/forum", 120
    )
    assert meeting.created_by == fw.staff
    # a member in Jerusalem reads it in their zone and language
    client.force_login(fw.he_member)
    html = client.get(url("forum_meeting_detail", "he", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)).content.decode()
    local = timezone.localtime(meeting.starts_at, zoneinfo.ZoneInfo("Asia/Jerusalem"))
    assert "מפגש הפורום הראשון" in html and local.strftime("%H:%M") in html


def test_a_meeting_without_a_title_is_shown_again_with_the_error(client, forums_world):
    fw = forums_world
    client.force_login(fw.staff)
    response = client.post(url("forum_meeting_create", forum_pk=fw.forum.pk), {
        "date": (timezone.localdate() + 7 * DAY).isoformat(), "time": "25:00", "duration_minutes": "90",
        "location_en": "Hall",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give a title in Hebrew or in English (or both)." in html
    assert response.context["form"]["location_en"].value() == "Hall"  # kept
    assert not Meeting.objects.filter(forum=fw.forum).exists()


def test_shabbat_is_warned_about_before_scheduling(client, forums_world):
    fw = forums_world
    saturday = timezone.localdate() + DAY * ((5 - timezone.localdate().weekday()) % 7 + 7)
    client.force_login(fw.staff)
    # 04:00 in New York (the staff member's zone) is 11:00 or 12:00 on Saturday in Jerusalem
    data = {"title_en": "On Shabbat", "date": saturday.isoformat(), "time": "04:00", "duration_minutes": "60"}
    response = client.post(url("forum_meeting_create", forum_pk=fw.forum.pk), data)
    assert response.status_code == 200 and response.context["form"].time_warnings
    assert not Meeting.objects.filter(forum=fw.forum).exists()
    data.update(confirm_warnings="on", warned_for=response.context["form"].data["warned_for"])
    assert client.post(url("forum_meeting_create", forum_pk=fw.forum.pk), data).status_code == 302
    assert Meeting.objects.filter(forum=fw.forum, title_en="On Shabbat").exists()


def test_staff_edit_and_cancel_a_meeting_and_members_are_told(client, forums_world, django_capture_on_commit_callbacks):
    fw = forums_world
    meeting = forum_meeting(fw.forum, days=10)
    client.force_login(fw.staff)
    page = client.get(url("forum_meeting_edit", forum_pk=fw.forum.pk, meeting_pk=meeting.pk))
    assert page.status_code == 200 and page.context["form"]["title_he"].value() == "מפגש הפורום על שימור"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("forum_meeting_cancel", forum_pk=fw.forum.pk, meeting_pk=meeting.pk))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([fw.he_member.email, fw.en_member.email])  # the forum's members, not the former one


# ---- the meeting's record


def test_staff_build_the_record_agenda_attendance_summary_and_materials(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    # agenda
    response = client.post(url("forum_agenda_item_add", **base), {"title_he": "סקירת נתוני תחלופה", "duration_minutes": "20"})
    assert response.status_code == 302
    client.post(url("forum_agenda_item_add", **base), {"title_en": "Next steps"})
    first, second = AgendaItem.objects.filter(meeting=meeting).order_by("order")
    assert (first.title_he, first.duration_minutes, second.title_en) == ("סקירת נתוני תחלופה", 20, "Next steps")
    client.post(url("forum_agenda_item_move", item_pk=second.pk, **base), {"direction": "up"})
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("order")) == [second, first]
    client.post(url("forum_agenda_item_edit", item_pk=first.pk, **base), {"title_he": "סקירה", "title_en": "Review"})
    first.refresh_from_db()
    assert (first.title_he, first.title_en) == ("סקירה", "Review")
    client.post(url("forum_agenda_item_delete", item_pk=second.pk, **base))
    assert list(AgendaItem.objects.filter(meeting=meeting)) == [first]
    # attendance: one present, one absent, per member of the forum on the day
    page = client.get(url("forum_attendance_edit", **base))
    assert [m.person for m, _field in page.context["form"].rows()] == [fw.he_member, fw.en_member]
    response = client.post(url("forum_attendance_edit", **base), {
        f"person_{fw.he_member.pk}": "present", f"person_{fw.en_member.pk}": "absent",
    })
    assert response.status_code == 302
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status")) == {
        fw.he_member.pk: "present", fw.en_member.pk: "absent",
    }
    # the summary (minutes) in both languages
    client.post(url("forum_minutes_edit", **base), {"minutes_he": "דנו בתחלופת מתנדבים.", "minutes_en": "We discussed turnover."})
    meeting.refresh_from_db()
    assert (meeting.minutes_he, meeting.minutes_en) == ("דנו בתחלופת מתנדבים.", "We discussed turnover.")
    # materials: the booklet and the slides, and the survey link
    for kind, name in (("booklet", "booklet.pdf"), ("slides", "slides.pdf")):
        response = client.post(url("forum_attachment_upload", **base), {
            "kind": kind, "title": "", "file": SimpleUploadedFile(name, PDF, content_type="application/pdf"),
        })
        assert response.status_code == 302, response.content.decode()[:500]
    assert sorted(MeetingAttachment.objects.filter(meeting=meeting).values_list("kind", "title")) == [
        ("booklet", "booklet"), ("slides", "slides"),
    ]
    client.post(url("forum_survey_edit", **base), {"survey_url": "https://survey.example.org/retention"})
    meeting.refresh_from_db()
    assert meeting.survey_url == "https://survey.example.org/retention"
    html = client.get(url("forum_meeting_detail", **base)).content.decode()
    assert "סקירה" not in html and "Review" in html  # the reader's language (English)
    assert "We discussed turnover." in html and "https://survey.example.org/retention" in html
    assert "Absent" in html and "Present" in html


def test_a_bad_file_or_survey_link_is_refused_with_the_reason(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    response = client.post(url("forum_attachment_upload", **base), {
        "kind": "slides", "file": SimpleUploadedFile("slides.pdf", b"not a pdf at all", content_type="application/pdf"),
    })
    assert response.status_code == 200
    assert "The content of this file is not a .pdf file" in response.content.decode()
    response = client.post(url("forum_attachment_upload", **base), {
        "kind": "agenda", "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
    })
    assert response.status_code == 200 and response.context["form"].has_error("kind")  # booklet, slides or other
    response = client.post(url("forum_survey_edit", **base), {"survey_url": "not a link"})
    assert response.status_code == 200
    assert response.context["survey_form"].has_error("survey_url")
    assert not MeetingAttachment.objects.exists()


def test_attendance_only_for_the_forums_members(forums_world):
    from django.core.exceptions import ValidationError

    from impact.selectors.forums import forum_meeting_members
    from impact.services.forums import forum_attendance_record

    fw = forums_world
    meeting = forum_meeting(fw.forum)
    meeting = Meeting.objects.select_related("forum").get(pk=meeting.pk)
    members = forum_meeting_members(meeting)
    with pytest.raises(ValidationError, match="only for members of"):
        forum_attendance_record(meeting=meeting, by=fw.staff, statuses={fw.other_member.pk: "present"}, members=members)


# ---- publishing


def test_publishing_sends_the_summary_and_materials_to_each_member_in_their_language(
    client, forums_world, django_capture_on_commit_callbacks
):
    fw = forums_world
    meeting = forum_meeting(
        fw.forum, minutes_he="דנו בתחלופת מתנדבים.", minutes_en="We discussed volunteer turnover.",
        survey_url="https://survey.example.org/m1",
    )
    f.MeetingAttachmentFactory(
        meeting=meeting, kind="booklet", title="Booklet", file=f.factory.django.FileField(filename="booklet.pdf", data=PDF)
    )
    f.MeetingAttachmentFactory(
        meeting=meeting, kind="slides", title="Slides", file=f.factory.django.FileField(filename="slides.pdf", data=PDF)
    )
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    review = client.get(url("forum_meeting_publish", **base))
    assert review.status_code == 200
    assert [p.email for p in review.context["recipients"]] == [fw.en_member.email, fw.he_member.email]
    assert "Booklet" in review.content.decode() and "attached to the email" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("forum_meeting_publish", **base), follow=True)
    assert "The summary is published and is being emailed to 2 members." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    by_to = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_to) == sorted([fw.he_member.email, fw.en_member.email])  # one each; not the colleague, not the former member
    for message in by_to.values():
        assert sorted(name for name, _content, _type in message.attachments) == ["booklet.pdf", "slides.pdf"]
        assert all(content == PDF for _name, content, _type in message.attachments)
        assert "https://survey.example.org/m1" in message.body
    english, hebrew = by_to[fw.en_member.email], by_to[fw.he_member.email]
    assert english.extra_headers["Content-Language"] == "en"
    assert english.subject == "Meeting summary: Forum meeting on retention"
    assert "We discussed volunteer turnover." in english.body and "Volunteer retention forum" in english.body
    assert hebrew.extra_headers["Content-Language"] == "he"
    assert "מפגש הפורום על שימור" in hebrew.subject and "דנו בתחלופת מתנדבים." in hebrew.body
    assert 'dir="rtl"' in hebrew.alternatives[0][0]
    assert Delivery.objects.filter(kind=Kind.MEETING_SUMMARY, object_id=meeting.pk, status=DeliveryStatus.SENT).count() == 2
    # publishing again sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url("forum_meeting_publish", **base), follow=True)
    assert "already published" in again.content.decode()
    assert len(mail.outbox) == 2


def test_a_meeting_ahead_cannot_be_published_yet(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum, days=4)
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    review = client.get(url("forum_meeting_publish", **base))
    assert "has not started yet" in review.content.decode()
    client.post(url("forum_meeting_publish", **base))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and not mail.outbox


# ---- members read


def test_members_read_the_meeting_and_the_summary_once_published(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum, minutes_en="Draft minutes, not yet for members.")
    material = f.MeetingAttachmentFactory(meeting=meeting, kind="booklet", title="Pre-reading booklet")
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    client.force_login(fw.colleague)  # through their organisation's seat
    html = client.get(url("forum_meeting_detail", **base)).content.decode()
    assert "Forum meeting on retention" in html and "Pre-reading booklet" in html
    assert "Draft minutes" not in html  # the summary is the members' once published
    assert url("forum_meeting_edit", **base) not in html and url("forum_meeting_publish", **base) not in html
    meeting.status, meeting.summary_published_at = MeetingStatus.PUBLISHED, timezone.now()
    meeting.save()
    html = client.get(url("forum_meeting_detail", **base)).content.decode()
    assert "Draft minutes, not yet for members." in html
    download = client.get(url("forum_attachment_download", forum_pk=fw.forum.pk, pk=material.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 demo"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff" and "private" in download["Cache-Control"]


def test_members_do_not_see_drafts_nor_manage(client, forums_world):
    fw = forums_world
    draft = forum_meeting(fw.forum, days=5, status=MeetingStatus.DRAFT)
    material = f.MeetingAttachmentFactory(meeting=draft)
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.en_member)
    assert client.get(url("forum_meeting_detail", forum_pk=fw.forum.pk, meeting_pk=draft.pk)).status_code == 404
    assert client.get(url("forum_attachment_download", forum_pk=fw.forum.pk, pk=material.pk)).status_code == 404
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    for name in ("forum_meeting_edit", "forum_attendance_edit", "forum_minutes_edit", "forum_meeting_publish"):
        assert client.post(url(name, **base)).status_code == 403, name
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_another_forums_files_are_not_found_through_this_forum(client, forums_world):
    fw = forums_world
    other_meeting = forum_meeting(fw.other_forum)
    material = f.MeetingAttachmentFactory(meeting=other_meeting)
    client.force_login(fw.staff)
    assert client.get(url("forum_attachment_download", forum_pk=fw.forum.pk, pk=material.pk)).status_code == 404
    assert client.get(
        url("forum_meeting_detail", forum_pk=fw.forum.pk, meeting_pk=other_meeting.pk)
    ).status_code == 404
    client.force_login(fw.en_member)
    assert client.get(url("forum_attachment_download", forum_pk=fw.other_forum.pk, pk=material.pk)).status_code == 404


def test_the_meeting_page_is_bounded(client, forums_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerships.models import Sector

    fw = forums_world
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    target = url("forum_meeting_detail", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        return len(queries)

    small = count()
    for seat in range(3, 21):
        contact = f.OrganisationContactFactory(organisation=f.OrganisationFactory(sector=Sector.NONPROFIT))
        f.ForumMembershipFactory(forum=fw.forum, person=contact.person, organisation=contact.organisation, seat=seat)
        f.AttendanceFactory(meeting=meeting, person=contact.person, status="present")
        f.AgendaItemFactory(meeting=meeting)
        f.MeetingAttachmentFactory(meeting=meeting)
    assert count() == small <= 8
