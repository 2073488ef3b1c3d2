"""A new volunteer, in Chromium, in Hebrew and in English, with no help.

Sign up → the verification email, received by a real SMTP server → verify → complete the profile →
find an opportunity with a filter → take a shift → see it in My schedule and in the calendar feed →
cancel it → log hours for a shift they worked. Every page on the way is checked against WCAG 2.1 AA.
"""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone

from accounts.models import User
from tests import factories as f
from volunteers.models import HoursLog, HoursStatus, SignUp, SignUpStatus

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "title": "Beach clean-up with the twinned school",
        "other": "Choir evening for the partnership",
        "search": "beach",
        "subject_check": re.compile(r"[A-Za-z]"),
        "name": "Rebecca Newcomer",
    },
    "he": {
        "title": "ניקוי חוף עם בית הספר התאום",
        "other": "ערב מקהלה של השותפות",
        "search": "חוף",
        "subject_check": re.compile(r"[\u0590-\u05FF]"),
        "name": "רבקה חדשה",
    },
}


@pytest.fixture
def opportunities():
    partnership = f.PartnershipFactory()
    program = f.ProgramFactory(partnership=partnership)
    starts = (timezone.now() + datetime.timedelta(days=10)).replace(hour=15, minute=0, second=0, microsecond=0)
    wanted = f.OpportunityFactory(program=program, title_en=TEXT["en"]["title"], title_he=TEXT["he"]["title"])
    other = f.OpportunityFactory(program=program, title_en=TEXT["en"]["other"], title_he=TEXT["he"]["other"])
    shift = f.ShiftFactory(opportunity=wanted, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), capacity=4)
    f.ShiftFactory(opportunity=other, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    worked_start = timezone.now() - datetime.timedelta(days=3)
    worked = f.ShiftFactory(
        opportunity=wanted, starts_at=worked_start, ends_at=worked_start + datetime.timedelta(hours=2, minutes=30)
    )
    community = f.DiasporaCommunityFactory()
    return {"wanted": wanted, "shift": shift, "worked": worked, "community": community}


def check(page, assert_accessible, what):
    assert page.locator("html").get_attribute("dir") in ("rtl", "ltr")
    assert_accessible(page, context=what)


@pytest.mark.parametrize("language", ["he", "en"])
def test_a_new_volunteer_gets_from_sign_up_to_a_shift_and_logged_hours(
    page_in, smtp, assert_accessible, opportunities, language
):
    text = TEXT[language]
    email = f"newcomer.{language}@example.org"
    page = page_in(width=390, height=844)  # a phone

    # Sign up.
    page.goto(f"/{language}/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "he" else "ltr")
    check(page, assert_accessible, "sign-up")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill("Kinneret-sunrise-2026")
    page.locator("input[name=password2]").fill("Kinneret-sunrise-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    check(page, assert_accessible, "verification sent")

    # The verification email, in the language of the sign-up page.
    (message,) = smtp.wait_for(to=email)
    assert text["subject_check"].search(message["Subject"]), message["Subject"]
    body = smtp.text_of(message)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", body).group(0)
    page.goto(link)
    check(page, assert_accessible, "confirm email")
    page.locator("main form button[type=submit]").click()

    # Verified and signed in: asked once for the profile.
    page.wait_for_url(re.compile(rf"/{language}/welcome/"))
    check(page, assert_accessible, "onboarding")
    page.locator("input[name=full_name]").fill(text["name"])
    page.locator("select[name=time_zone]").select_option("America/New_York" if language == "en" else "Asia/Jerusalem")
    page.locator("select[name=home_community]").select_option(str(opportunities["community"].pk))
    page.locator("input[name=availability]").first.check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(rf"/{language}/opportunities/"))
    user = User.objects.get(email=email)
    assert (user.full_name, user.preferred_language) == (text["name"], language)
    assert user.volunteer_profile.onboarded_at is not None

    # Find the opportunity with the free-text filter.
    page.locator("input[name=q]").fill(text["search"])
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"[?&]q="))
    check(page, assert_accessible, "opportunity list, filtered")
    main = page.locator("main")
    assert main.get_by_role("link", name=text["title"]).count() == 1
    assert main.get_by_text(text["other"]).count() == 0
    main.get_by_role("link", name=text["title"]).click()

    # Take the shift.
    page.wait_for_url(re.compile(rf"/opportunities/{opportunities['wanted'].pk}/"))
    check(page, assert_accessible, "opportunity")
    page.locator(f"form[action$='/shifts/{opportunities['shift'].pk}/sign-up/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".messages").count() == 1
    signup = SignUp.objects.get(volunteer=user, shift=opportunities["shift"])
    assert signup.status == SignUpStatus.CONFIRMED

    # My schedule, then the calendar feed.
    page.goto(f"/{language}/me/schedule/")
    check(page, assert_accessible, "my schedule")
    assert page.locator("main").get_by_role("link", name=text["title"]).count() >= 1
    page.goto(f"/{language}/me/calendar/")
    check(page, assert_accessible, "calendar")
    feed_url = page.locator("#feed-url").input_value()
    feed = page.request.get(feed_url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [text["title"]]

    # Cancel it.
    page.goto(f"/{language}/me/schedule/")
    page.locator(f"a[href$='/me/signups/{signup.pk}/cancel/']").click()
    check(page, assert_accessible, "cancel")
    page.locator("form.signup-cancel-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/me/schedule/"))
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED
    feed = page.request.get(feed_url)
    assert icalendar.Calendar.from_ical(feed.body()).walk("VEVENT") == []

    # A shift they worked (a coordinator put them on it): log the hours.
    SignUp.objects.create(volunteer=user, shift=opportunities["worked"], status=SignUpStatus.CONFIRMED)
    page.goto(f"/{language}/me/schedule/")
    page.locator(f"a[href$='/me/hours/log/{opportunities['worked'].pk}/']").click()
    check(page, assert_accessible, "log hours")
    hours = page.locator("input[name=hours]")
    assert hours.input_value() in ("2.5", "2.50")  # the shift's length, offered
    hours.fill("abc")  # a slip first: the form comes back with the error, nothing lost
    page.locator("main form button[type=submit]").click()
    assert page.locator("input[name=hours]").input_value() == "abc"
    assert page.locator(".errorlist").count() >= 1
    page.locator("input[name=hours]").fill("2.5")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/me/hours/"))
    check(page, assert_accessible, "my hours")
    log = HoursLog.objects.get(volunteer=user, shift=opportunities["worked"])
    assert (str(log.hours), log.status) == ("2.50", HoursStatus.PENDING)
