"""The whole portal follows the signed-in person's preferred language; the switcher changes it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from tests.factories import HebrewUserFactory, UserFactory, VolunteerProfileFactory

HEBREW = re.compile(r"[\u0590-\u05FF]")


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


def person(factory=UserFactory, **kwargs):
    user = factory(**kwargs)
    VolunteerProfileFactory(user=user, onboarded_at=timezone.now())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.django_db
def test_hebrew_reader_following_an_english_link_gets_the_hebrew_page(client):
    client.force_login(person(HebrewUserFactory))
    response = client.get("/en/me/profile/?next=%2Fen%2F")
    assert response.status_code == 302
    assert response["Location"] == "/he/me/profile/?next=%2Fen%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()


@pytest.mark.django_db
def test_english_reader_following_a_hebrew_link_gets_the_english_page(client):
    client.force_login(person(preferred_language="en"))
    response = client.get("/he/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_page_in_the_persons_own_language_is_served(client):
    client.force_login(person(HebrewUserFactory))
    assert client.get("/he/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "direction"), [("/he/", "rtl"), ("/en/", "ltr")])
def test_anonymous_visitors_read_the_language_of_the_address(client, path, direction):
    response = client.get(path)
    assert response.status_code == 200
    assert f'dir="{direction}"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_under_the_other_prefix_is_a_plain_404(client):
    client.force_login(person(HebrewUserFactory))
    assert client.get("/en/no-such-page/").status_code == 404


@pytest.mark.django_db
def test_a_form_posted_under_the_other_prefix_is_not_lost(client):
    user = person(HebrewUserFactory)
    client.force_login(user)
    response = client.post(
        "/en/me/profile/",
        {"full_name": "דוד מזרחי", "preferred_language": "he", "time_zone": "Asia/Jerusalem"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "דוד מזרחי"


@pytest.mark.django_db
def test_switcher_saves_a_signed_in_persons_choice_and_the_site_follows_it(client, mailoutbox):
    user = person(HebrewUserFactory)
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/he/me/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/me/profile/"
    user.refresh_from_db()
    assert user.preferred_language == "en"
    page = client.get("/en/me/profile/")
    assert page.status_code == 200  # no bounce back to Hebrew
    assert 'dir="ltr"' in page.content.decode()

    # And the emails follow too.
    client.logout()
    client.post("/he/accounts/password/reset/", {"email": user.email})
    assert mailoutbox[-1].subject == "[Partnership2Gether] Choose a new password"
    assert not HEBREW.search(mailoutbox[-1].body.replace(user.full_name, ""))
    assert "/en/accounts/password/reset/key/" in mailoutbox[-1].body


@pytest.mark.django_db
def test_switcher_for_anonymous_visitors_only_sets_the_cookie(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.post("/i18n/setlang/", {"language": "he", "next": "/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/he/"
    assert response.cookies["django_language"].value == "he"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "", "he' OR 1=1"])
def test_switcher_ignores_a_language_the_site_does_not_offer(client, language):
    user = person(preferred_language="en")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": language, "next": "/en/"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).preferred_language == "en"


@pytest.mark.django_db
def test_switcher_by_get_changes_nothing(client):
    user = person(preferred_language="en")
    client.force_login(user)
    response = client.get("/i18n/setlang/?language=he&next=/en/")
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).preferred_language == "en"


@pytest.mark.django_db
def test_switcher_refuses_an_outside_next(client):
    client.force_login(person())
    response = client.post("/i18n/setlang/", {"language": "he", "next": "https://evil.example.com/"})
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


@pytest.mark.django_db
def test_sign_in_page_reached_in_the_wrong_language_still_signs_in_to_the_right_one(client):
    user = person(HebrewUserFactory, password="Gesher-Chai-2026!")
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "Gesher-Chai-2026!"})
    assert response["Location"] == "/he/"
    page = client.get("/he/")
    assert "נכנסת בהצלחה" in page.content.decode()
