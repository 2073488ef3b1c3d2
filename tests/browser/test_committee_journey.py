"""A chair runs a full meeting cycle in Chromium, in Hebrew and in English, with no help.

Sign in → the partnership's meetings → schedule a meeting (typed in the chair's own time zone) →
record attendance (the quorum is computed) → record a decision with its vote → add an action item
→ publish the summary → the summary emails arrive at a real SMTP server, one per member, each in
the member's own language. A member from the other side then reads the dashboard in their language.
Every page on the way is checked against WCAG 2.1 AA.
"""

import datetime
import re
import zoneinfo

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone, translation

from accounts.models import User
from partnerships.meeting_times import meeting_times
from partnerships.models import ActionItem, Attendance, Decision, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db(transaction=True)

HEBREW = re.compile(r"[\u0590-\u05FF]")

TEXT = {
    "he": {
        "who": "chair",
        "zone": "Asia/Jerusalem",
        "hour": datetime.time(19, 0),
        "title": "ישיבת ועדת ההיגוי — סיכום השנה",
        "decision": "הוועדה מאשרת את תוכנית החינוך המשותפת לשנה הבאה.",
        "action": "להכין הצעת תקציב לתוכנית החינוך",
        "quorum": "המניין",
    },
    "en": {
        "who": "co_chair",
        "zone": "America/New_York",
        "hour": datetime.time(12, 0),
        "title": "Steering committee — review of the year",
        "decision": "The committee approves the joint education plan for next year.",
        "action": "Prepare the education program's budget proposal",
        "quorum": "Quorum",
    },
}


def a_quiet_day_last_week(partnership, zone: str, hour: datetime.time) -> datetime.date:
    """A recent day on which this hour is no Shabbat, holiday or night on either side (no warning to confirm)."""
    tz = zoneinfo.ZoneInfo(zone)
    day = timezone.localdate() - datetime.timedelta(days=2)
    for _ in range(30):
        starts = datetime.datetime.combine(day, hour, tzinfo=tz)
        with translation.override("en"):
            if not meeting_times(starts, partnership, duration_minutes=90).warnings:
                return day
        day -= datetime.timedelta(days=1)
    raise AssertionError("no quiet day found in the last month")


def sign_in(page, language, email):
    """Through the sign-in page, as a person whose address was verified when they were invited."""
    EmailAddress.objects.get_or_create(email=email, defaults={
        "user": User.objects.get(email=email), "verified": True, "primary": True,
    })
    page.goto(f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("demo-pass-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def check(page, assert_accessible, what, language):
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "he" else "ltr")
    assert_accessible(page, context=what)


@pytest.mark.parametrize("language", ["he", "en"])
def test_a_chair_runs_a_meeting_from_scheduling_to_the_published_summary(
    page_in, smtp, assert_accessible, workspace, language
):
    w, text = workspace, TEXT[language]
    chair = getattr(w, text["who"])
    p = w.partnership.pk
    day = a_quiet_day_last_week(w.partnership, text["zone"], text["hour"])
    page = page_in(timezone_id=text["zone"])
    sign_in(page, language, chair.email)

    # The partnership's meetings, then the scheduling form.
    page.goto(f"/{language}/partnerships/{p}/meetings/")
    check(page, assert_accessible, "meetings", language)
    page.locator(f"main a[href*='/partnerships/{p}/meetings/new/']").first.click()
    page.wait_for_url(re.compile(r"/meetings/new/"))
    check(page, assert_accessible, "schedule a meeting", language)
    page.locator(f"input[name=title_{language}]").fill(text["title"])
    page.locator("input[name=date]").fill(day.isoformat())
    page.locator("input[name=time]").fill(text["hour"].strftime("%H:%M"))
    page.locator("input[name=duration_minutes]").fill("90")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/partnerships/{p}/meetings/\d+/"))
    meeting = Meeting.objects.get(**{f"title_{language}": text["title"]})
    expected = datetime.datetime.combine(day, text["hour"], tzinfo=zoneinfo.ZoneInfo(text["zone"]))
    assert meeting.starts_at == expected  # typed in the chair's own time zone
    assert meeting.committee == w.steering
    check(page, assert_accessible, "the meeting", language)
    # Both sides' local times are on the page.
    assert page.locator(".meeting-times-sides bdi").count() == 2

    # Attendance: three present (one online) from both sides; the quorum of three is met.
    page.locator(f"a[href$='/meetings/{meeting.pk}/attendance/']").click()
    page.wait_for_url(re.compile(r"/attendance/"))
    check(page, assert_accessible, "attendance", language)
    for person, status in (
        (w.chair, "present"), (w.co_chair, "present"), (w.member_diaspora, "remote"),
        (w.member_israel, "excused"), (w.pro_staff, "present"),
    ):
        page.locator(f"input[name=person_{person.pk}][value={status}]").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/"))
    assert Attendance.objects.filter(meeting=meeting).count() == 5
    quorum = page.locator("main").get_by_text(re.compile(text["quorum"])).first
    assert quorum.count() == 1

    # A decision with its vote.
    page.locator("#decisions summary").click()
    page.locator(f"#decisions textarea[name=text_{language}]").fill(text["decision"])
    page.locator("#decisions input[name=votes_for]").fill("3")
    page.locator("#decisions input[name=votes_against]").fill("0")
    page.locator("#decisions input[name=votes_abstain]").fill("1")
    page.locator("#decisions form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"#decisions"))
    decision = Decision.objects.get(meeting=meeting)
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain) == (3, 0, 1)
    assert page.locator("#decisions").get_by_text(text["decision"]).count() == 1

    # An action item from this meeting, owned by the member from the other side.
    page.locator(f"a[href*='/action-items/new/?meeting={meeting.pk}']").click()
    page.wait_for_url(re.compile(r"/action-items/new/"))
    check(page, assert_accessible, "new action item", language)
    page.locator(f"input[name=title_{language}]").fill(text["action"])
    owner = w.member_israel if language == "en" else w.member_diaspora
    page.locator("select[name=owner]").select_option(str(owner.pk))
    page.locator("input[name=due_on]").fill((timezone.localdate() + datetime.timedelta(days=21)).isoformat())
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/"))
    item = ActionItem.objects.get(meeting=meeting)
    assert (item.owner, item.committee) == (owner, w.steering)

    # Publish the summary: a review page first, then the emails.
    page.locator(f"a[href$='/meetings/{meeting.pk}/publish/']").click()
    page.wait_for_url(re.compile(r"/publish/"))
    check(page, assert_accessible, "publish the summary", language)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED

    # Every current member of the committee gets one email, in their own language.
    hebrew_mail = smtp.wait_for(to=w.member_israel.email)[0]
    english_mail = smtp.wait_for(to=w.member_diaspora.email)[0]
    assert hebrew_mail["Content-Language"] == "he" and "Meeting summary" not in hebrew_mail["Subject"]
    assert english_mail["Content-Language"] == "en" and "Meeting summary" in english_mail["Subject"]
    assert HEBREW.search(hebrew_mail["Subject"].replace(text["title"], ""))  # the wording is Hebrew too
    for mail in (hebrew_mail, english_mail):
        body = smtp.text_of(mail)
        assert text["decision"] in body  # written in one language, shown to both
        assert text["action"] in body
    recipients = {address for message in smtp.messages for address in message.get_all("To", [])}
    assert w.former.email not in recipients and w.other_member.email not in recipients


@pytest.mark.parametrize("language,who", [("he", "member_israel"), ("en", "member_diaspora")])
def test_a_member_reads_the_dashboard_in_their_language(page_in, assert_accessible, workspace, language, who):
    w = workspace
    page = page_in()
    sign_in(page, language, getattr(w, who).email)
    page.goto(f"/{language}/committees/")
    page.wait_for_url(re.compile(rf"/{language}/partnerships/{w.partnership.pk}/$"))
    check(page, assert_accessible, "dashboard", language)
    # The member reads but does not manage: no scheduling button on the meetings page.
    page.goto(f"/{language}/partnerships/{w.partnership.pk}/meetings/")
    assert page.locator(f"main a[href*='/partnerships/{w.partnership.pk}/meetings/new/']").count() == 0
    # Another partnership's workspace is not there for them.
    response = page.request.get(f"/{language}/partnerships/{w.other.pk}/")
    assert response.status == 404
