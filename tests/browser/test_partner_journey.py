"""An organisation's way into a forum, in Chromium, with the emails received by a real SMTP server.

An organisation answers the call for partners in Hebrew (anonymous, on the public form) → the
backbone team accepts it on the review page (the applicant becomes the organisation's contact) →
staff seat that contact on a forum (the "you joined" email arrives in Hebrew) → staff schedule a forum
meeting, write its summary, attach its booklet, give its survey link and publish the summary → the
summary arrives at the contact's address, in Hebrew, with the booklet attached and the survey link.
The contact then signs in and finds the forum and the summary, and reports the organisation's figure
for the forum's indicator from the "Report figures" tab, corrects it and finds the earlier value in its
history. Pages on the way are checked against WCAG 2.1 AA.
"""

import datetime
import re
import zoneinfo
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone, translation

from accounts.models import User
from partnerships.meeting_times import meeting_times
from partnerships.models import (
    ApplicationStatus,
    ForumMembership,
    Meeting,
    MeetingStatus,
    OrganisationContact,
    PartnerApplication,
    Sector,
)
from programs.models import Measurement
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

HEBREW = re.compile(r"[\u0590-\u05FF]")
PDF = b"%PDF-1.4\n% booklet of the forum meeting\n"

ORGANISATION = "עמותת יד ביד"
CONTACT_NAME = "מיכל ברק"
CONTACT_EMAIL = "michal@yad-beyad.example.org"
MEETING_TITLE = "מפגש הפורום — שימור מתנדבים"
MINUTES = "הפורום דן בתחלופת המתנדבים והחליט על סקר משותף."
SURVEY = "https://survey.example.org/forum-meeting-1"


FACTORY_PASSWORD = "demo-pass-123"


def sign_in(page, language, email, password=FACTORY_PASSWORD):
    user = User.objects.get(email=email)
    # Standing in for the password link of their emails: the address is theirs (the application recorded it, unverified).
    EmailAddress.objects.update_or_create(email=email, defaults={"user": user, "verified": True, "primary": True})
    page.goto(f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def check(page, assert_accessible, what, language):
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "he" else "ltr"), what
    assert_accessible(page, context=what)


def a_quiet_day_last_week(zone: str, hour: datetime.time) -> datetime.date:
    """A recent day on which this hour is no Shabbat, holiday or night in Israel (no warning to confirm)."""
    tz = zoneinfo.ZoneInfo(zone)
    day = timezone.localdate() - datetime.timedelta(days=2)
    for _ in range(30):
        with translation.override("en"):
            if not meeting_times(datetime.datetime.combine(day, hour, tzinfo=tz), None, duration_minutes=90).warnings:
                return day
        day -= datetime.timedelta(days=1)
    raise AssertionError("no quiet day found in the last month")


def test_an_organisation_applies_joins_a_forum_and_receives_the_meeting_summary_in_hebrew(
    page_in, smtp, assert_accessible, settings, db
):
    settings.P2G_PARTNER_CALL_MIN_SECONDS = 0  # a robot filling in fast is the partners area's test
    forum = f.ForumFactory(
        name_en="Volunteer retention forum", name_he="פורום שימור מתנדבים",
        theme_en="Volunteer retention", theme_he="שימור מתנדבים",
        target_government=7, target_business=6, target_nonprofit=7,
    )
    staff = f.StaffFactory(email="backbone@example.org", full_name="Backbone Staff", time_zone="Asia/Jerusalem")
    f.VolunteerProfileFactory(user=staff)

    # 1. The organisation answers the call for partners, in Hebrew, without an account.
    applicant_page = page_in(timezone_id="Asia/Jerusalem")
    applicant_page.goto("/he/partners/apply/")
    check(applicant_page, assert_accessible, "the call for partners", "he")
    applicant_page.locator("input[name=organisation_name]").fill(ORGANISATION)
    applicant_page.locator(f"input[name=sector][value={Sector.NONPROFIT}]").check()
    applicant_page.locator("input[name=contact_name]").fill(CONTACT_NAME)
    applicant_page.locator("input[name=contact_email]").fill(CONTACT_EMAIL)
    themes = applicant_page.locator("input[name=themes]")
    if themes.count():
        themes.first.check()
    else:
        applicant_page.locator("input[name=themes_other]").fill("שימור מתנדבים")
    applicant_page.locator("textarea[name=motivation]").fill("אנחנו מלווים מאות מתנדבים ורוצים לצמצם את התחלופה.")
    applicant_page.locator("main form button[type=submit]").last.click()
    applicant_page.wait_for_url(re.compile(r"/he/partners/apply/thanks/"))
    application = PartnerApplication.objects.get(contact_email=CONTACT_EMAIL)
    assert (application.organisation_name, application.language, application.status) == (
        ORGANISATION, "he", ApplicationStatus.SUBMITTED
    )

    # 2. The backbone team accepts it on the review page.
    page = page_in(timezone_id="Asia/Jerusalem")
    sign_in(page, "en", staff.email)
    page.goto(f"/en/partners/applications/{application.pk}/")
    check(page, assert_accessible, "the application", "en")
    page.locator(f"form[action$='/partners/applications/{application.pk}/accept/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/partners/applications/{application.pk}/$"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    contact = OrganisationContact.objects.select_related("organisation", "person").get(person__email=CONTACT_EMAIL)
    assert contact.organisation.sector == Sector.NONPROFIT and contact.person.preferred_language == "he"

    # 3. Staff seat the organisation's contact on the forum.
    page.goto("/en/forums/")
    check(page, assert_accessible, "the forums", "en")
    page.locator(f"main a[href$='/forums/{forum.pk}/']").first.click()
    page.wait_for_url(re.compile(rf"/en/forums/{forum.pk}/$"))
    check(page, assert_accessible, "the forum", "en")
    page.locator(f"main a[href$='/forums/{forum.pk}/members/add/']").click()
    page.wait_for_url(re.compile(r"/members/add/"))
    check(page, assert_accessible, "add a member", "en")
    page.locator("select[name=contact]").select_option(str(contact.pk))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/en/forums/{forum.pk}/"))
    membership = ForumMembership.objects.get(forum=forum, person=contact.person, left_on__isnull=True)
    assert (membership.organisation, membership.seat) == (contact.organisation, 1)
    assert page.locator("#members tbody th").get_by_text(CONTACT_NAME).count() == 1
    joined = next(m for m in smtp.wait_for(to=CONTACT_EMAIL, count=3) if "פורום שימור מתנדבים" in m["Subject"])
    assert joined["Content-Language"] == "he"

    # 4. Staff schedule the meeting that took place (typed in their own zone), write its summary,
    #    attach the booklet, give the survey link and publish.
    day = a_quiet_day_last_week(staff.time_zone, datetime.time(18, 0))
    page.locator(f"main a[href$='/forums/{forum.pk}/meetings/new/']").click()
    page.wait_for_url(re.compile(r"/meetings/new/"))
    check(page, assert_accessible, "schedule a forum meeting", "en")
    page.locator("input[name=title_he]").fill(MEETING_TITLE)
    page.locator("input[name=date]").fill(day.isoformat())
    page.locator("input[name=time]").fill("18:00")
    page.locator("input[name=duration_minutes]").fill("90")
    page.locator("input[name=location_he]").fill("בית העם, לוד")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/forums/{forum.pk}/meetings/\d+/$"))
    meeting = Meeting.objects.get(title_he=MEETING_TITLE)
    assert meeting.forum == forum
    assert meeting.starts_at == datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Jerusalem"))
    check(page, assert_accessible, "the forum meeting", "en")

    page.locator(f"a[href$='/meetings/{meeting.pk}/summary/']").click()
    page.wait_for_url(re.compile(r"/summary/"))
    page.locator("textarea[name=minutes_he]").fill(MINUTES)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/"))

    page.locator(f"a[href$='/meetings/{meeting.pk}/materials/add/']").click()
    page.wait_for_url(re.compile(r"/materials/add/"))
    check(page, assert_accessible, "add a material", "en")
    page.locator("select[name=kind]").select_option("booklet")
    page.locator("input[name=title]").fill("חוברת המפגש")
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "booklet.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/"))

    page.locator("input[name=survey_url]").fill(SURVEY)
    page.locator("form.forum-survey button[type=submit]").click()
    page.wait_for_url(re.compile(r"#materials"))
    meeting.refresh_from_db()
    assert meeting.survey_url == SURVEY and meeting.attachments.count() == 1

    page.locator(f"a[href$='/meetings/{meeting.pk}/publish/']").click()
    page.wait_for_url(re.compile(r"/publish/"))
    check(page, assert_accessible, "publish the summary", "en")
    assert page.locator("main").get_by_text(CONTACT_EMAIL).count() == 1
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED

    # 5. The summary arrives at the contact's address, in Hebrew, with the booklet and the survey link.
    summary = next(m for m in smtp.wait_for(to=CONTACT_EMAIL, count=4) if MEETING_TITLE in m["Subject"])
    assert summary["Content-Language"] == "he"
    assert HEBREW.search(summary["Subject"].replace(MEETING_TITLE, ""))  # the wording is Hebrew too
    body = smtp.text_of(summary)
    assert MINUTES in body and SURVEY in body and "פורום שימור מתנדבים" in body
    attachments = {part.get_filename(): part.get_content() for part in summary.iter_attachments()}
    assert attachments == {"booklet.pdf": PDF}
    assert 'dir="rtl"' in summary.get_body(preferencelist=("html",)).get_content()

    # 6. The contact follows the link of the "application received" email to choose a password: signed
    # in, they land on their partner area (no volunteer welcome form), then find the forum and the summary.
    person = contact.person
    received = next(m for m in smtp.wait_for(to=CONTACT_EMAIL, count=4) if "/password/reset/key/" in smtp.text_of(m))
    link = re.search(r"https?://[^/\s]+(/he/accounts/password/reset/key/\S+?/)(?=\s|$)", smtp.text_of(received)).group(1)
    reader = page_in(timezone_id="Asia/Jerusalem")
    reader.goto(link)
    check(reader, assert_accessible, "choose a password", "he")
    reader.locator("input[name=password1]").fill("contact-pass-123")
    reader.locator("input[name=password2]").fill("contact-pass-123")
    reader.locator("main form button[name=action]").click()
    reader.wait_for_url(re.compile(r"/he/partners/$"))
    check(reader, assert_accessible, "the contact's partner area", "he")
    assert reader.locator("main").get_by_text(ORGANISATION).count() >= 1
    reader.goto("/he/forums/")
    check(reader, assert_accessible, "the contact's forums", "he")
    reader.locator(f"main a[href$='/forums/{forum.pk}/']").first.click()
    reader.wait_for_url(re.compile(rf"/he/forums/{forum.pk}/$"))
    check(reader, assert_accessible, "the contact's forum", "he")
    assert reader.locator("#summaries").get_by_text(MEETING_TITLE).count() == 1
    download = reader.request.get(reader.locator("#summaries a[download]").first.get_attribute("href"))
    assert download.status == 200 and download.body() == PDF

    # 7. The contact reports the organisation's figure from the "Report figures" tab, then corrects it.
    indicator = f.IndicatorFactory(
        partnership=None, forum=forum, name_en="Volunteers retained", name_he="מתנדבים שנשארו",
        unit_en="volunteers", unit_he="מתנדבים", baseline_value=Decimal("100"), baseline_year=timezone.localdate().year - 2,
    )
    reader.goto("/he/partners/")
    reader.locator("nav.impact-tabs a[href$='/measurement/report/']").click()
    reader.wait_for_url(re.compile(r"/he/measurement/report/"))
    check(reader, assert_accessible, "the contact's figures to report", "he")
    row = reader.locator(f"#indicator-{indicator.pk}")
    row.locator("a.button").click()
    reader.wait_for_url(re.compile(rf"/measurement/report/{contact.organisation.pk}/{indicator.pk}/\d+/$"))
    check(reader, assert_accessible, "report a figure", "he")
    reader.locator("input[name=value]").fill("12,5")  # a decimal comma: refused with the reason, kept
    reader.locator("main form button[type=submit]").click()
    reader.wait_for_load_state()
    assert reader.locator(".form-errors[role=alert]").count() == 1
    assert reader.locator("input[name=value]").input_value() == "12,5"
    reader.locator("input[name=value]").fill("1,250")
    reader.locator("main form button[type=submit]").click()
    reader.wait_for_url(re.compile(r"/he/measurement/report/\?organisation="))
    assert row.locator("td.num strong").inner_text() == "1,250"
    row.locator("a.button").click()
    reader.wait_for_url(re.compile(rf"/{indicator.pk}/\d+/$"))
    assert reader.locator("input[name=value]").input_value() == "1250"  # as one would type it, to correct
    reader.locator("input[name=value]").fill("1300")
    reader.locator("main form button[type=submit]").click()
    reader.wait_for_url(re.compile(r"/he/measurement/report/\?organisation="))
    figure = Measurement.objects.get(indicator=indicator, organisation=contact.organisation)
    assert figure.value == Decimal("1300") and figure.reported_by == person
    assert list(figure.history.order_by("history_date").values_list("value", flat=True)) == [
        Decimal("1250"), Decimal("1300")
    ]
    row.locator("a.button").click()
    reader.wait_for_url(re.compile(rf"/{indicator.pk}/\d+/$"))
    check(reader, assert_accessible, "a corrected figure and its history", "he")
    history = reader.locator("#history li")
    assert history.count() == 1 and "1,250" in history.inner_text() and "1,300" in history.inner_text()
