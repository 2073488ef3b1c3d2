"""Account pages in Chromium: WCAG 2.1 AA (axe-core) at phone and desktop width, in both languages."""

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from tests.factories import DiasporaCommunityFactory, SkillFactory, SpokenLanguageFactory, UserFactory
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Gesher-Chai-2026!"


def sticking_out(page) -> list[str]:
    """Visible elements of <main> that reach beyond the viewport's left or right edge."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden'))
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.right > window.innerWidth + 1 || r.left < -1; })
            .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 10)"""
    )


def sign_in(page, person, language):
    page.goto(f"/{language}/accounts/login/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "he"])
@pytest.mark.parametrize("width", [1280, 375])
def test_profile_page_with_errors_meets_wcag_aa(page_in, assert_accessible, language, width):
    DiasporaCommunityFactory()
    SkillFactory()
    SpokenLanguageFactory()
    person = UserFactory(password=PASSWORD, preferred_language=language, full_name="Dana Levi")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    VolunteerProfile.objects.create(user=person, onboarded_at=timezone.now())
    page = page_in(width=width)
    sign_in(page, person, language)
    page.goto(f"/{language}/me/profile/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "he" else "ltr")
    assert_accessible(page, context=f"profile ({language}, {width}px)")

    # A mistake: the form comes back with the errors tied to their fields, nothing lost.
    page.locator("input[name=full_name]").fill(" ")
    page.locator("input[name=phone]").fill("call me")
    page.locator("#id_availability_2_evening").check()
    page.locator("main form.profile-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_phone").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_phone").input_value() == "call me"
    assert page.locator("#id_availability_2_evening").is_checked()
    assert_accessible(page, context=f"profile with errors ({language}, {width}px)")
    # Nothing sticks out sideways at phone width (either side: the page may be right to left).
    assert not sticking_out(page)


@pytest.mark.parametrize("language", ["en", "he"])
@pytest.mark.parametrize("path", ["accounts/login/", "accounts/password/reset/"])
def test_sign_in_pages_meet_wcag_aa_on_a_phone(page_in, assert_accessible, language, path):
    page = page_in(width=375)
    page.goto(f"/{language}/{path}")
    assert_accessible(page, context=f"{path} ({language})")
    assert not sticking_out(page)
