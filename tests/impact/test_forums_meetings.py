"""Forum meetings: staff schedule one (in their own time zone), set its agenda (with presenters among the
forum's members), record attendance and decisions with their votes, write the summary in both
languages, add its materials (booklet, slides, survey link) and publish it: every member gets one
email in their language with the decisions and the materials attached. Members read the meeting (its
minutes and decisions once published) and download its files through a view that checks who asks."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Delivery, DeliveryStatus, Kind
from partnerships.meeting_times import meeting_times
from partnerships.models import AgendaItem, Attendance, Decision, Meeting, MeetingAttachment, MeetingStatus
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
        f.AgendaItemFactory(meeting=meeting, presenter=contact.person)
        f.DecisionFactory(meeting=meeting, number=seat, votes_for=1, votes_against=0, votes_abstain=0)
        f.MeetingAttachmentFactory(meeting=meeting, uploaded_by=contact.person)
    assert count() == small <= 8
    html = client.get(target).content.decode()
    assert html.count('class="decision"') == 18 and html.count("Presenter: <bdi>") == 18


# ---- presenters on the agenda


def test_an_agenda_item_gets_a_presenter_among_the_forums_members(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum, days=6)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    client.force_login(fw.staff)
    page = client.get(url("forum_meeting_detail", **base))
    offered = dict(page.context["agenda_form"].fields["presenter"].choices)
    assert fw.he_member.pk in offered and fw.en_member.pk in offered
    assert fw.other_member.pk not in offered and fw.former.pk not in offered and fw.colleague.pk not in offered
    response = client.post(url("forum_agenda_item_add", **base), {
        "title_en": "Turnover figures", "title_he": "נתוני תחלופה", "presenter": str(fw.he_member.pk),
        "duration_minutes": "15",
    })
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.presenter == fw.he_member
    # a member reads who presents, in English and in Hebrew
    client.force_login(fw.en_member)
    html = client.get(url("forum_meeting_detail", **base)).content.decode()
    assert "Turnover figures" in html and "Presenter: <bdi>שירה פרץ</bdi>" in html and "15 minutes" in html
    client.force_login(fw.he_member)
    html = client.get(url("forum_meeting_detail", "he", **base)).content.decode()
    assert 'lang="he" dir="rtl"' in html
    assert "נתוני תחלופה" in html and "מציג/ה: <bdi>שירה פרץ</bdi>" in html


def test_a_presenter_from_outside_the_forum_is_refused(client, forums_world):
    from django.core.exceptions import ValidationError

    from partnerships.services.meetings import agenda_item_add

    fw = forums_world
    meeting = forum_meeting(fw.forum, days=6)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    client.force_login(fw.staff)
    response = client.post(url("forum_agenda_item_add", **base), {"title_en": "Guest", "presenter": str(fw.other_member.pk)})
    assert response.status_code == 200 and response.context["agenda_form"].has_error("presenter")
    assert response.context["agenda_form"]["title_en"].value() == "Guest"  # kept
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    # the service says why, for a person the form would not offer (another forum's member, a former one)
    for outsider in (fw.other_member, fw.former):
        with pytest.raises(ValidationError, match="must be a current member of Volunteer retention forum"):
            agenda_item_add(meeting=meeting, by=fw.staff, title_en="Guest", presenter=outsider)


def test_a_presenter_who_left_stays_on_their_item(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum, days=6)
    item = f.AgendaItemFactory(meeting=meeting, presenter=fw.former, title_en="Lessons learnt")
    client.force_login(fw.staff)
    target = url("forum_agenda_item_edit", forum_pk=fw.forum.pk, meeting_pk=meeting.pk, item_pk=item.pk)
    page = client.get(target)
    assert page.status_code == 200 and page.context["form"]["presenter"].value() == fw.former.pk
    response = client.post(target, {"title_en": "Lessons learnt, revised", "presenter": str(fw.former.pk)})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title_en, item.presenter) == ("Lessons learnt, revised", fw.former)
    client.post(target, {"title_en": "Lessons learnt, revised", "presenter": str(fw.en_member.pk)})
    item.refresh_from_db()
    assert item.presenter == fw.en_member


# ---- decisions


def record_attendance(meeting, present=(), absent=()):
    for person in present:
        f.AttendanceFactory(meeting=meeting, person=person, status="present")
    for person in absent:
        f.AttendanceFactory(meeting=meeting, person=person, status="absent")


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_vote_beyond_those_present_is_shown_again_with_the_reason(client, forums_world, lang):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    record_attendance(meeting, present=[fw.he_member], absent=[fw.en_member])
    client.force_login(fw.staff)
    target = url("forum_decision_add", lang, forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    response = client.post(target, {
        "text_he": "הפורום מאמץ את תוכנית השימור", "votes_for": "2", "votes_against": "0", "votes_abstain": "0",
    })
    assert response.status_code == 200
    html = response.content.decode()
    expected = {
        "en": "The vote counts 2 votes but only 1 members are recorded as present",
        "he": "בהצבעה נספרו 2 קולות, אך רק 1 חברים רשומים כנוכחים",
    }[lang]
    assert expected in html
    assert "הפורום מאמץ את תוכנית השימור</textarea>" in html and 'name="votes_for" value="2"' in html  # kept
    assert 'id="decisions"' in html and "<details class=\"meeting-add\" open>" in html
    # a vote that is not all three numbers
    response = client.post(target, {"text_he": "הפורום מאמץ את התוכנית", "votes_for": "1"})
    assert response.status_code == 200
    expected = {
        "en": "A vote records for, against and abstain together (0 where none), or none of them.",
        "he": "הצבעה נרשמת עם בעד, נגד ונמנעים יחד (0 כשאין), או בלי אף אחד מהם.",
    }[lang]
    assert expected in response.content.decode()
    assert not meeting.decisions.exists()


def test_the_backbone_records_edits_and_deletes_decisions(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    record_attendance(meeting, present=[fw.he_member, fw.en_member])
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    response = client.post(url("forum_decision_add", **base), {
        "text_en": "The forum adopts the retention plan.", "text_he": "הפורום מאמץ את תוכנית השימור.",
        "votes_for": "2", "votes_against": "0", "votes_abstain": "0",
    }, follow=True)
    assert "Decision 1 is recorded." in response.content.decode()
    client.post(url("forum_decision_add", **base), {"text_en": "A working group meets monthly."})
    first, second = meeting.decisions.order_by("number")
    assert (first.number, first.votes_for, first.votes_against, first.votes_abstain) == (1, 2, 0, 0)
    assert (second.number, second.has_vote) == (2, False)
    html = client.get(url("forum_meeting_detail", **base)).content.decode()
    for expected in ("Decision 1", "The forum adopts the retention plan.", "For: 2 · Against: 0 · Abstain: 0",
                     "Passed", "Decision 2", "No vote recorded."):
        assert expected in html, expected
    edit = url("forum_decision_edit", decision_pk=first.pk, **base)
    page = client.get(edit)
    assert page.status_code == 200 and page.context["form"]["votes_for"].value() == 2
    response = client.post(edit, {"text_en": "The forum adopts the plan.", "votes_for": "1", "votes_against": "1",
                                  "votes_abstain": "0"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.text_en, first.votes_for, first.votes_against, first.passed) == ("The forum adopts the plan.", 1, 1, False)
    response = client.post(edit, {"text_en": "Too many votes", "votes_for": "3", "votes_against": "0", "votes_abstain": "0"})
    assert response.status_code == 200 and "only 2 members are recorded as present" in response.content.decode()
    client.post(url("forum_decision_delete", decision_pk=first.pk, **base))
    assert list(meeting.decisions.values_list("number", "text_en")) == [(1, "A working group meets monthly.")]


def test_decisions_wait_for_the_meeting_to_start(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum, days=6)
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    html = client.get(url("forum_meeting_detail", **base)).content.decode()
    assert "Decisions can be recorded once the meeting has started." in html
    assert url("forum_decision_add", **base) not in html
    response = client.post(url("forum_decision_add", **base), {"text_en": "Too early"})
    assert response.status_code == 200
    assert "This meeting has not started yet: this can be recorded from its start time." in response.content.decode()
    assert not meeting.decisions.exists()


def test_a_member_neither_records_nor_reads_decisions_before_the_summary(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    record_attendance(meeting, present=[fw.he_member, fw.en_member])
    decision = f.DecisionFactory(meeting=meeting, number=1, text_en="Adopt the retention plan", text_he="לאמץ את תוכנית השימור")
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    vote = {"text_en": "A member's own decision", "votes_for": "1", "votes_against": "0", "votes_abstain": "0"}
    for who in (fw.en_member, fw.he_member, fw.colleague):
        client.force_login(who)
        lang = who.preferred_language
        assert client.post(url("forum_decision_add", lang, **base), vote).status_code == 403
        assert client.get(url("forum_decision_edit", lang, decision_pk=decision.pk, **base)).status_code == 403
        assert client.post(url("forum_decision_edit", lang, decision_pk=decision.pk, **base), vote).status_code == 403
        assert client.post(url("forum_decision_delete", lang, decision_pk=decision.pk, **base)).status_code == 403
        html = client.get(url("forum_meeting_detail", lang, **base)).content.decode()
        assert "Adopt the retention plan" not in html and "לאמץ את תוכנית השימור" not in html
        assert url("forum_decision_add", lang, **base) not in html
    # another forum's member does not even find them
    client.force_login(fw.other_member)
    assert client.post(url("forum_decision_add", **base), vote).status_code == 404
    assert client.post(url("forum_decision_delete", decision_pk=decision.pk, **base)).status_code == 404
    assert list(meeting.decisions.values_list("text_en", flat=True)) == ["Adopt the retention plan"]
    # once the summary is published, members read them
    meeting.status, meeting.summary_published_at = MeetingStatus.PUBLISHED, timezone.now()
    meeting.save()
    client.force_login(fw.en_member)
    assert "Adopt the retention plan" in client.get(url("forum_meeting_detail", **base)).content.decode()
    client.force_login(fw.he_member)
    assert "לאמץ את תוכנית השימור" in client.get(url("forum_meeting_detail", "he", **base)).content.decode()


def test_a_decision_of_another_meeting_is_not_found_through_this_one(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    other = f.DecisionFactory(meeting=forum_meeting(fw.other_forum), number=1)
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk, "decision_pk": other.pk}
    assert client.get(url("forum_decision_edit", **base)).status_code == 404
    assert client.post(url("forum_decision_delete", **base)).status_code == 404
    assert Decision.objects.filter(pk=other.pk).exists()


def test_the_published_summary_carries_the_decisions_in_each_language(
    client, forums_world, django_capture_on_commit_callbacks
):
    fw = forums_world
    meeting = forum_meeting(fw.forum, minutes_en="We discussed turnover.", minutes_he="דנו בתחלופה.")
    record_attendance(meeting, present=[fw.he_member, fw.en_member])
    client.force_login(fw.staff)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    client.post(url("forum_decision_add", **base), {
        "text_en": "The forum adopts the retention plan.", "text_he": "הפורום מאמץ את תוכנית השימור.",
        "votes_for": "2", "votes_against": "0", "votes_abstain": "0",
    })
    client.post(url("forum_decision_add", **base), {"text_en": "A working group meets monthly.",
                                                     "text_he": "צוות עבודה ייפגש מדי חודש."})
    review = client.get(url("forum_meeting_publish", **base)).content.decode()
    assert "The forum adopts the retention plan." in review and "For: 2 · Against: 0 · Abstain: 0" in review
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("forum_meeting_publish", **base))
    by_to = {m.to[0]: m for m in mail.outbox}
    english, hebrew = by_to[fw.en_member.email], by_to[fw.he_member.email]
    for body in (english.body, english.alternatives[0][0]):
        assert "Decisions" in body
        assert "The forum adopts the retention plan." in body and "A working group meets monthly." in body
        assert "For: 2 · Against: 0 · Abstain: 0" in body and "Passed" in body
    for body in (hebrew.body, hebrew.alternatives[0][0]):
        assert "החלטות" in body
        assert "הפורום מאמץ את תוכנית השימור." in body and "צוות עבודה ייפגש מדי חודש." in body
        assert "בעד: 2 · נגד: 0 · נמנעים: 0" in body and "התקבלה" in body
        assert "The forum adopts" not in body
    # and the record is closed: no decision changes after publishing
    decision = meeting.decisions.get(number=1)
    response = client.post(url("forum_decision_delete", decision_pk=decision.pk, **base), follow=True)
    assert "its record can no longer be changed" in response.content.decode()
    assert meeting.decisions.count() == 2


# ---- a meeting that took place


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_backbone_marks_a_meeting_held_once_it_has_started(client, forums_world, lang):
    fw = forums_world
    fw.staff.preferred_language = lang
    fw.staff.save(update_fields=["preferred_language"])
    client.force_login(fw.staff)
    button = {"en": "Mark as held", "he": "סימון שהמפגש התקיים"}[lang]
    scheduled, held = {"en": ("Scheduled", "Held"), "he": ("מתוכנן", "התקיים")}[lang]

    ahead = forum_meeting(fw.forum, days=2)
    ahead_base = {"forum_pk": fw.forum.pk, "meeting_pk": ahead.pk}
    assert button not in client.get(url("forum_meeting_detail", lang, **ahead_base)).content.decode()
    response = client.post(url("forum_meeting_mark_held", lang, **ahead_base), follow=True)
    assert {"en": "This meeting has not started yet", "he": "הישיבה הזו עדיין לא התחילה"}[lang] in response.content.decode()
    ahead.refresh_from_db()
    assert ahead.status == MeetingStatus.SCHEDULED

    meeting = forum_meeting(fw.forum)  # three days ago, still "scheduled"
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    page = url("forum_meeting_detail", lang, **base)
    html = client.get(page).content.decode()
    assert f'meeting-status-scheduled">{scheduled}</span>' in html and button in html
    response = client.post(url("forum_meeting_mark_held", lang, **base), follow=True)
    assert response.redirect_chain == [(page, 302)]
    html = response.content.decode()
    assert {"en": "The meeting is marked as held.", "he": "המפגש סומן כמפגש שהתקיים."}[lang] in html
    assert f'meeting-status-held">{held}</span>' in html and button not in html
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    # held, its record stays open: the summary is written and published as before
    assert url("forum_minutes_edit", lang, **base) in html and url("forum_meeting_publish", lang, **base) in html


def test_members_see_the_meeting_held_but_cannot_mark_it(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    client.force_login(fw.en_member)
    assert "Mark as held" not in client.get(url("forum_meeting_detail", **base)).content.decode()
    assert client.post(url("forum_meeting_mark_held", **base)).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    assert 'meeting-status-held">Held</span>' in client.get(url("forum_meeting_detail", **base)).content.decode()


# ---- the time zone in words


def test_the_meeting_page_names_the_readers_zone_in_words(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    base = {"forum_pk": fw.forum.pk, "meeting_pk": meeting.pk}
    client.force_login(fw.he_member)  # Hebrew, Asia/Jerusalem
    html = client.get(url("forum_meeting_detail", "he", **base)).content.decode()
    assert '<span class="help">(שעון ישראל)</span>' in html and "Asia/Jerusalem" not in html
    client.force_login(fw.staff)  # English, America/New_York
    html = client.get(url("forum_meeting_detail", **base)).content.decode()
    assert '<span class="help">(New York time)</span>' in html and "America/New_York" not in html


def test_a_zone_is_named_in_words_in_each_language():
    from p2g.text import time_zone_label

    with translation.override("en"):
        assert time_zone_label("Asia/Jerusalem") == "Israel time"
        assert time_zone_label(zoneinfo.ZoneInfo("America/New_York")) == "New York time"
        assert time_zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires time"
        assert time_zone_label("Asia/Kolkata") == "Kolkata time"  # no name of our own: the zone's city
    with translation.override("he"):
        assert time_zone_label("Asia/Jerusalem") == "שעון ישראל"
        assert time_zone_label("America/New_York") == "שעון ניו יורק"
        assert time_zone_label("Europe/London") == "שעון לונדון"
        assert time_zone_label("Asia/Kolkata") == "שעון \u2068Kolkata\u2069"  # Latin letters isolated


# ---- the summary's name and length


def test_the_summary_email_calls_it_a_meeting_summary_not_minutes(client, forums_world, django_capture_on_commit_callbacks):
    fw = forums_world
    meeting = forum_meeting(fw.forum, minutes_en="We discussed turnover.", minutes_he="")
    client.force_login(fw.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("forum_meeting_publish", forum_pk=fw.forum.pk, meeting_pk=meeting.pk))
    by_to = {m.to[0]: m for m in mail.outbox}
    english, hebrew = by_to[fw.en_member.email], by_to[fw.he_member.email]
    assert "== Meeting summary ==" in english.body and "Minutes" not in english.body
    assert english.subject == "Meeting summary: Forum meeting on retention"
    assert "== סיכום מפגש ==" in hebrew.body and "פרוטוקול" not in hebrew.body
    assert "(הסיכום נכתב באנגלית בלבד.)" in hebrew.body  # the summary, not "the minutes", was written in English
    assert hebrew.subject == "סיכום מפגש: מפגש הפורום על שימור"
    html = hebrew.alternatives[0][0]
    assert "סיכום מפגש</h2>" in html and "פרוטוקול" not in html
    # each in the reader's time zone, named in words
    assert "(New York time)" in english.body and "(שעון ישראל)" in hebrew.body
    assert "America/New_York" not in english.body and "Asia/Jerusalem" not in hebrew.body


def test_a_meeting_without_a_summary_says_so_in_the_email(client, forums_world, django_capture_on_commit_callbacks):
    fw = forums_world
    meeting = forum_meeting(fw.forum, minutes_en="", minutes_he="")
    client.force_login(fw.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("forum_meeting_publish", forum_pk=fw.forum.pk, meeting_pk=meeting.pk))
    english = next(m for m in mail.outbox if m.to == [fw.en_member.email])
    assert "No summary was written." in english.body and "No minutes" not in english.body


def test_a_summary_too_long_is_refused_and_shown_again_filled(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum, minutes_en="Short summary.")
    client.force_login(fw.staff)
    target = url("forum_minutes_edit", forum_pk=fw.forum.pk, meeting_pk=meeting.pk)
    too_long = "We discussed volunteer turnover. " * 1516 + "The end."  # 50,036 characters
    response = client.post(target, {"minutes_en": too_long, "minutes_he": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This text has 50,036 characters; it can have at most 50,000." in html
    assert "The end.</textarea>" in html
    meeting.refresh_from_db()
    assert meeting.minutes_en == "Short summary."


def test_a_forum_decision_too_long_is_refused_on_the_meeting_page(client, forums_world):
    fw = forums_world
    meeting = forum_meeting(fw.forum)
    client.force_login(fw.staff)
    response = client.post(
        url("forum_decision_add", forum_pk=fw.forum.pk, meeting_pk=meeting.pk), {"text_he": "ה" * 5_001}
    )
    assert response.status_code == 200
    assert "This decision has 5,001 characters; a decision can have at most 5,000." in response.content.decode()
    assert not Decision.objects.filter(meeting=meeting).exists()
