"""Sign-up, verification, sign-in, password reset and email change, in the person's language."""

import datetime
import re
import zoneinfo

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from tests.factories import HebrewUserFactory, UserFactory, VolunteerProfileFactory

PASSWORD = "Gesher-Chai-2026!"
HEBREW = re.compile(r"[\u0590-\u05FF]")


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    # allauth's rate limits count in the cache: a fresh one per test.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def link_in(body: str) -> str:
    """The path of the first link to this site in an email body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def verified_person(factory=UserFactory, onboarded=True, **kwargs):
    person = factory(**kwargs)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    if onboarded:
        from django.utils import timezone

        VolunteerProfileFactory(user=person, onboarded_at=timezone.now())
    return person


# --- the whole journey ----------------------------------------------------------------------


@pytest.mark.django_db
def test_hebrew_sign_up_verify_sign_in_onboard_and_land_in_the_portal(client, mailoutbox):
    response = client.post(
        url("account_signup", "he"),
        {"email": "Noa@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent", "he")
    person = User.objects.get(email__iexact="noa@example.org")
    assert person.preferred_language == "he"  # the language of the sign-up page

    # One email, in Hebrew, with a Hebrew link.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["noa@example.org"]
    assert HEBREW.search(message.subject), message.subject
    assert "נא לאשר את כתובת הדוא״ל שלך" in message.subject
    assert HEBREW.search(message.body)
    assert message.extra_headers["Content-Language"] == "he"
    confirm_path = link_in(message.body)
    assert confirm_path.startswith("/he/accounts/confirm-email/")

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()
    # Confirming in the browser that signed up signs in, and asks once for the profile.
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=person).verified
    assert response["Location"] == "/he/welcome/"
    assert client.session["_auth_user_id"] == str(person.pk)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'dir="rtl"' in html
    assert "ברוכים הבאים לפורטל המתנדבים" in html

    response = client.post(
        "/he/welcome/",
        {
            "full_name": "נועה כהן",
            "preferred_language": "he",
            "time_zone": "Asia/Jerusalem",
            "availability": ["0:morning"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/he/opportunities/"
    portal = client.get("/he/opportunities/")
    assert portal.status_code == 200
    assert "נועה כהן" in portal.content.decode()
    assert "הפרופיל נשמר" in portal.content.decode()

    # Next time: signing in on the English page lands in Hebrew, straight in the portal.
    client.post(url("account_logout", "he"))
    response = client.post(url("account_login", "en"), {"login": "noa@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/he/"
    assert client.get("/he/").status_code == 200


@pytest.mark.django_db
def test_a_new_volunteer_signing_in_with_a_next_page_is_welcomed_first_then_sent_there(client):
    person = verified_person(onboarded=False, email="fresh@example.org", password=PASSWORD)
    response = client.post(
        url("account_login", "en") + "?next=/en/me/schedule/", {"login": person.email, "password": PASSWORD}
    )
    assert response["Location"] == "/en/welcome/?next=%2Fen%2Fme%2Fschedule%2F"
    response = client.post(
        response["Location"],
        {
            "full_name": "Fresh Person",
            "preferred_language": "en",
            "time_zone": "Europe/London",
            "next": "/en/me/schedule/",
        },
    )
    assert response["Location"] == "/en/me/schedule/"


@pytest.mark.django_db
def test_confirming_in_another_browser_asks_to_sign_in(client, mailoutbox):
    from django.test import Client

    client.post(
        url("account_signup", "en"),
        {"email": "two@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    confirm_path = link_in(mailoutbox[0].body)
    other = Client()
    response = other.post(confirm_path)
    assert response.status_code == 302
    assert response["Location"] == url("account_login", "en")
    assert "_auth_user_id" not in other.session


@pytest.mark.django_db
def test_english_sign_up_sends_an_english_verification_email(client, mailoutbox):
    response = client.post(
        url("account_signup", "en"),
        {"email": "rachel@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.get(email="rachel@example.org").preferred_language == "en"
    message = mailoutbox[0]
    assert "Welcome! Please confirm your email address" in message.subject
    assert not HEBREW.search(message.subject + message.body)
    assert link_in(message.body).startswith("/en/accounts/confirm-email/")


@pytest.mark.django_db
def test_signing_up_again_with_a_taken_address_emails_its_owner_in_their_language(client, mailoutbox):
    verified_person(HebrewUserFactory, email="owner@example.org")
    response = client.post(
        url("account_signup", "en"),
        {"email": "owner@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302  # the page does not reveal that the address is taken
    assert User.objects.filter(email__iexact="owner@example.org").count() == 1
    message = mailoutbox[0]
    assert HEBREW.search(message.subject)
    assert "/he/accounts/password/reset/" in message.body


@pytest.mark.django_db
def test_weak_password_is_refused_and_the_email_kept(client):
    response = client.post(
        url("account_signup", "he"), {"email": "weak@example.org", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="weak@example.org"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="weak@example.org").exists()


# --- signing in and out ---------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_renews_the_session_key(client):
    person = verified_person(email="session@example.org", password=PASSWORD)
    session = client.session
    session["visited"] = True
    session.save()
    before = client.cookies["sessionid"].value
    response = client.post(url("account_login", "en"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.session["_auth_user_id"] == str(person.pk)


@pytest.mark.django_db
def test_onboarded_person_signs_in_to_the_page_in_their_language(client):
    person = verified_person(HebrewUserFactory, email="dana@example.org", password=PASSWORD)
    response = client.post(
        url("account_login", "en") + "?next=/en/me/profile/", {"login": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/he/me/profile/"
    assert response.cookies["django_language"].value == "he"


@pytest.mark.django_db
def test_staff_is_not_sent_to_onboarding(client):
    from tests.factories import StaffFactory

    person = verified_person(StaffFactory, onboarded=False, email="staff-x@example.org", password=PASSWORD)
    response = client.post(url("account_login", "en"), {"login": person.email, "password": PASSWORD})
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_wrong_password_is_refused(client):
    person = verified_person(email="wrong@example.org", password=PASSWORD)
    response = client.post(url("account_login", "he"), {"login": person.email, "password": "nope"})
    assert response.status_code == 200
    assert "כתובת הדוא״ל ו/או הסיסמה שהוזנו שגויות" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out(client):
    person = verified_person(email="out@example.org")
    client.force_login(person)
    page = client.get(url("account_logout", "en"))
    assert page.status_code == 200
    response = client.post(url("account_logout", "en"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- password reset and email change ----------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_email_is_in_the_owners_language_whichever_page_asked(client, mailoutbox):
    person = verified_person(HebrewUserFactory, email="yossi@example.org")
    response = client.post(url("account_reset_password", "en"), {"email": "YOSSI@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["yossi@example.org"]
    assert HEBREW.search(message.subject)
    assert HEBREW.search(message.body)
    reset_path = link_in(message.body)
    assert reset_path.startswith("/he/accounts/password/reset/key/")

    # The link works: choose a new password, then sign in with it.
    page = client.get(reset_path, follow=True)
    assert page.status_code == 200
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else reset_path
    response = client.post(form_path, {"password1": "Another-Bridge-77", "password2": "Another-Bridge-77"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Another-Bridge-77")


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_answers_in_the_pages_language(client, mailoutbox, settings):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    response = client.post(url("account_reset_password", "he"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox and HEBREW.search(mailoutbox[0].subject)


@pytest.mark.django_db
def test_email_change_sends_the_verification_to_the_new_address_in_the_persons_language(client, mailoutbox):
    person = verified_person(HebrewUserFactory, email="old@example.org")
    client.force_login(person)
    page = client.get(url("account_email", "he"))
    assert page.status_code == 200
    response = client.post(url("account_email", "he"), {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    message = next(m for m in mailoutbox if m.to == ["new@example.org"])
    assert HEBREW.search(message.subject)
    confirm_path = link_in(message.body)
    assert confirm_path.startswith("/he/accounts/confirm-email/")
    assert client.post(confirm_path).status_code == 302
    person.refresh_from_db()
    assert person.email == "new@example.org"


@pytest.mark.django_db
def test_password_change_notice_is_in_the_persons_language_and_time_zone(client, mailoutbox):
    person = verified_person(
        HebrewUserFactory, email="notice@example.org", password=PASSWORD, time_zone="America/New_York"
    )
    client.force_login(person)
    before = timezone.now()
    response = client.post(
        url("account_change_password", "he"),
        {"oldpassword": PASSWORD, "password1": "New-Bridge-2027!", "password2": "New-Bridge-2027!"},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert HEBREW.search(message.subject)
    # The time of the change, as the clock in New York showed it (not Jerusalem's, not UTC).
    new_york = zoneinfo.ZoneInfo("America/New_York")
    times = {(before + datetime.timedelta(minutes=m)).astimezone(new_york).strftime("%H:%M") for m in (0, 1)}
    assert any(t in message.body for t in times), message.body


# --- every allauth page in the site's layout, in both languages -----------------------------------

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_reset_password_from_key_done",
]
SIGNED_IN_PAGES = ["account_email", "account_change_password", "account_logout"]


def _looks_like_ours(html: str, lang: str):
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "he" else "ltr"}">' in html
    assert 'class="site-header"' in html
    assert html.count("<h1") == 1
    for field_id in re.findall(r'<input[^>]+type="(?:email|password|text)"[^>]*id="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "he"])
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_allauth_pages_for_visitors_use_the_site_layout(client, name, lang):
    response = client.get(url(name, lang))
    assert response.status_code == 200
    _looks_like_ours(response.content.decode(), lang)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "he"])
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_allauth_pages_for_signed_in_people_use_the_site_layout(client, name, lang):
    person = verified_person(preferred_language=lang)
    client.force_login(person)
    response = client.get(url(name, lang))
    assert response.status_code == 200
    _looks_like_ours(response.content.decode(), lang)


@pytest.mark.django_db
def test_hebrew_sign_in_page_reads_in_hebrew(client):
    html = client.get(url("account_login", "he")).content.decode()
    assert "<title>" in html
    assert "כניסה" in html
    assert "Sign In" not in html
    assert "Remember Me" not in html


def test_setting_a_password_from_a_reset_link_verifies_the_address(client, db):
    """An invited committee member sets their password from the invitation and can sign in at once."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    from tests import factories as f

    user = f.UserFactory(email="invited@example.org")
    user.set_unusable_password()
    user.save()
    key = default_token_generator.make_token(user)
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    response = client.get(url)  # allauth moves the key into the session and redirects
    response = client.post(response["Location"], {"password1": "Negev-stars-2026", "password2": "Negev-stars-2026"})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.login(email="invited@example.org", password="Negev-stars-2026")
