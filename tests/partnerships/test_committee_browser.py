"""In Chromium: a co-chair invites a new person to the steering committee; the invitation arrives at
a real SMTP server in the invitee's language; the invitee sets a password, signs in as a new user
would and finds the committee's roster in Hebrew. Every page on the way is checked against WCAG 2.1 AA.

Chromium runs in a thread of its own here: Playwright's sync API refuses a second instance in a thread
that already drives one (tests/browser keeps its browser open for the whole session).
"""

import re
import shutil
import threading
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from accounts.models import User
from partnerships.models import Membership

# SMTP server, axe-core check and a fresh cache from tests/browser/conftest.py (none of them drives Chromium).
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _own_cache, assert_accessible, smtp  # noqa: F401
from tests.conftest import need

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

HEBREW = re.compile(r"[\u0590-\u05FF]")
PASSWORD = "Galilee-sunrise-2026"  # noqa: S105 - a test password


def in_own_browser(live_server, journey, *, timeout: float = 240) -> None:
    """Run ``journey(new_page)`` with a Chromium of its own, in a thread of its own; re-raise what fails.

    ``new_page(width=…, height=…)`` opens a page in a fresh context (own cookies) on the live server.
    """
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        need("Chromium", f"{CHROMIUM} is missing (make test installs Debian's chromium)")
    failures: list[BaseException] = []

    def run():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

                def new_page(*, width: int = 1280, height: int = 900):
                    context = chromium.new_context(
                        base_url=live_server.url,
                        viewport={"width": width, "height": height},
                        bypass_csp=True,  # only so that axe-core can be injected
                        timezone_id="Asia/Jerusalem",
                    )
                    context.set_default_timeout(15_000)
                    return context.new_page()

                try:
                    journey(new_page)
                finally:
                    chromium.close()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="committee-browser")
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the browser journey did not finish in time"
    if failures:
        raise failures[0]


def signed_in(page, live_server, user):
    """The page's browser holds a session of ``user`` (the sign-in form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return page


def test_an_invited_person_joins_the_committee_in_their_language(
    smtp, assert_accessible, live_server, workspace, settings  # noqa: F811 - fixtures imported above
):
    settings.SITE_URL = live_server.url  # links in emails lead to the live server
    in_own_browser(live_server, lambda new_page: journey(new_page, smtp, assert_accessible, live_server, workspace))


def journey(new_page, inbox, accessible, live_server, w):
    """The co-chair invites; the invitee accepts and reads the roster (runs in the browser's thread)."""
    pk = w.partnership.pk
    email = "tamar@example.org"

    # The co-chair (English) adds a person who has no account yet.
    page = signed_in(new_page(), live_server, w.co_chair)
    page.goto(f"/en/partnerships/{pk}/committee/")
    accessible(page, context="roster (manager)")
    page.get_by_role("link", name="Add a member").click()
    page.wait_for_url(re.compile(r"/members/new/$"))
    accessible(page, context="add a member")
    page.locator("input[name=email]").fill(email)
    page.locator("select[name=side]").select_option("israel")
    page.locator("main form button[type=submit]").click()
    # No name for a new account: the form comes back, filled, with the reason.
    assert page.locator("input[name=email]").input_value() == email
    assert page.locator(".errorlist").count() >= 1
    accessible(page, context="add a member, with an error")
    page.locator("input[name=full_name]").fill("תמר לוי")
    page.locator("select[name=preferred_language]").select_option("he")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/en/partnerships/{pk}/committee/$"))
    assert "tamar@example.org" in page.locator(".messages").inner_text()
    assert page.locator("main").get_by_text("Invitation not yet accepted").count() == 1

    # The invitation, in Hebrew, with a link to choose a password.
    (message,) = inbox.wait_for(to=email)
    assert message["Content-Language"] == "he"
    assert HEBREW.search(message["Subject"])
    body = inbox.text_of(message)
    assert "תמר לוי" in body
    link = re.search(r"https?://\S+/he/accounts/password/reset/key/\S+/", body).group(0)

    # The invitee, in a browser of their own, chooses a password.
    invitee = new_page(width=390, height=844)  # a phone
    invitee.goto(link)
    invitee.wait_for_url(re.compile(r"/he/accounts/password/reset/key/\w+-set-password/$"))
    assert invitee.locator("html").get_attribute("dir") == "rtl"
    accessible(invitee, context="choose a password")
    invitee.locator("input[name=password1]").fill(PASSWORD)
    invitee.locator("input[name=password2]").fill(PASSWORD)
    invitee.locator("main form button[name=action][type=submit]").click()
    # Choosing the password from the emailed link signs them in: straight on to the one-time welcome form
    # (their name is already there), in Hebrew.
    invitee.wait_for_url(re.compile(r"/he/welcome/"))
    person = User.objects.get(email=email)
    assert person.has_usable_password() and person.check_password(PASSWORD)
    assert invitee.locator("input[name=full_name]").input_value() == "תמר לוי"
    invitee.locator("main form button[type=submit]").last.click()
    invitee.wait_for_load_state()
    assert "/welcome/" not in invitee.url

    # …and reads the committee, in Hebrew, without edit controls.
    invitee.goto(f"/he/partnerships/{pk}/committee/")
    invitee.wait_for_url(re.compile(rf"/he/partnerships/{pk}/committee/$"))
    assert invitee.locator("html").get_attribute("dir") == "rtl"
    main = invitee.locator("main")
    assert main.get_by_text("תמר לוי").count() >= 1
    assert main.locator("a[href$='/members/new/']").count() == 0
    accessible(invitee, context="roster (member, Hebrew)")
    term = Membership.objects.get(person=person)
    assert (term.committee, term.side, term.role) == (w.steering, "israel", "member")

    # The co-chair's roster no longer shows the invitation as pending.
    page.goto(f"/en/partnerships/{pk}/committee/")
    assert page.locator("main").get_by_text("Invitation not yet accepted").count() == 0
