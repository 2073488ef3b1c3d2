"""The welcome form asked once of a new volunteer, and the profile page that edits it later."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from tests.factories import (
    DiasporaCommunityFactory,
    HebrewUserFactory,
    IsraeliCommunityFactory,
    SkillFactory,
    SpokenLanguageFactory,
    StaffFactory,
    UserFactory,
    VolunteerProfileFactory,
)
from volunteers.models import AvailabilitySlot, VolunteerProfile


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


def onboarded(factory=UserFactory, **kwargs):
    person = factory(**kwargs)
    VolunteerProfileFactory(user=person, onboarded_at=timezone.now())
    return person


def valid_data(**overrides):
    data = {"full_name": "Rachel Goldberg", "preferred_language": "en", "time_zone": "America/New_York"}
    data.update(overrides)
    return data


# --- who is sent to the welcome form -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/he/", "/en/me/profile/", "/en/opportunities/"])
def test_new_volunteer_is_sent_to_the_welcome_form_first(client, path):
    lang = path[1:3]
    client.force_login(UserFactory(preferred_language=lang))
    response = client.get(path + "?q=1")
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/welcome/?next=" + (path + "?q=1").replace("/", "%2F").replace(
        "?", "%3F"
    ).replace("=", "%3D")


@pytest.mark.django_db
def test_volunteer_with_an_unfinished_profile_is_also_sent_there(client):
    person = UserFactory()
    VolunteerProfileFactory(user=person, onboarded_at=None)
    client.force_login(person)
    assert client.get("/en/")["Location"].startswith("/en/welcome/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/welcome/",
        "/en/accounts/email/",
        "/en/accounts/password/change/",
        "/en/accounts/logout/",
        "/healthz",
        "/calendar/no-such-token.ics",
        "/static/css/p2g.css",
        "/en/admin/",
    ],
)
def test_pages_left_alone_by_the_welcome_redirect(client, path):
    client.force_login(UserFactory())
    response = client.get(path)
    assert "/welcome/" not in response.get("Location", ""), path
    if path.startswith(("/en/welcome", "/en/accounts")):
        assert response.status_code == 200


@pytest.mark.django_db
def test_language_switcher_and_posts_are_left_alone(client):
    client.force_login(UserFactory())
    response = client.post("/i18n/setlang/", {"language": "he", "next": "/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/he/"


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [onboarded, StaffFactory])
def test_onboarded_volunteers_and_staff_go_straight_through(client, factory):
    client.force_login(factory())
    assert client.get("/en/").status_code == 200


@pytest.mark.django_db
def test_anonymous_visitor_costs_no_query_and_is_not_redirected(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/en/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_welcome_check_costs_one_query_per_request(client):
    client.force_login(onboarded())
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/").status_code == 200
    profile_queries = [q for q in queries.captured_queries if "volunteers_volunteerprofile" in q["sql"]]
    assert len(profile_queries) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/welcome/", "/en/me/profile/"])
def test_anonymous_visitor_is_asked_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


# --- the welcome form ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "direction", "heading"),
    [("en", "ltr", "Welcome to the volunteer portal"), ("he", "rtl", "ברוכים הבאים לפורטל המתנדבים")],
)
def test_welcome_form_in_both_languages(client, lang, direction, heading):
    client.force_login(UserFactory(preferred_language=lang))
    response = client.get(f"/{lang}/welcome/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'dir="{direction}"' in html
    assert f"<h1>{heading}</h1>" in html
    assert html.count("<h1") == 1
    # Every visible field has a label.
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*id="([^"]+)"', html):
        if field_id.startswith("id_"):
            assert f'for="{field_id}"' in html, field_id
    # The availability grid is a table with headers for days and parts of the day.
    assert html.count('<th scope="row">') == 7
    assert html.count('<th scope="col">') == 3


@pytest.mark.django_db
def test_welcome_form_lists_communities_by_side_in_the_page_language(client):
    DiasporaCommunityFactory(name_en="Zurich Jewish Community", name_he="הקהילה היהודית של ציריך")
    DiasporaCommunityFactory(name_en="Atlanta Federation", name_he="הפדרציה של אטלנטה")
    IsraeliCommunityFactory(name_en="Eilat", name_he="אילת")
    client.force_login(UserFactory(preferred_language="he"))
    html = client.get("/he/welcome/").content.decode()
    diaspora = html.index('<optgroup label="התפוצות">')
    israel = html.index('<optgroup label="ישראל">')
    assert diaspora < html.index("הפדרציה של אטלנטה") < html.index("הקהילה היהודית של ציריך") < israel
    assert israel < html.index("אילת")


@pytest.mark.django_db
def test_time_zones_start_with_the_common_ones(client):
    client.force_login(UserFactory())
    html = client.get("/en/welcome/").content.decode()
    common = html.index("Common time zones")
    every = html.index("All time zones")
    assert common < html.index('value="Asia/Jerusalem"') < html.index('value="America/New_York"') < every
    assert html.index('value="Pacific/Auckland"') > every


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["נועה כהן", "محمد خليل", "Ольга Смирнова", "Dana 🌻 Levi", "José Núñez"])
def test_welcome_form_saves_a_name_in_any_script(client, name):
    person = UserFactory(full_name="")
    client.force_login(person)
    response = client.post("/en/welcome/", valid_data(full_name=f"  {name} "))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == name
    assert name in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_welcome_form_saves_everything_and_goes_to_next_in_the_chosen_language(client):
    skill, other_skill = SkillFactory(), SkillFactory()
    language = SpokenLanguageFactory()
    community = IsraeliCommunityFactory()
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    response = client.post(
        "/en/welcome/",
        valid_data(
            full_name="שירה פרץ",
            preferred_language="he",
            time_zone="Asia/Jerusalem",
            home_community=str(community.pk),
            phone="+972 50-123-4567",
            skills=[str(skill.pk)],
            languages=[str(language.pk)],
            availability=["0:morning", "4:evening"],
            availability_notes="רק בערבים",
            next="/en/me/profile/",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/he/me/profile/"
    assert response.cookies["django_language"].value == "he"
    person.refresh_from_db()
    assert (person.full_name, person.preferred_language, person.time_zone) == (
        "שירה פרץ",
        "he",
        "Asia/Jerusalem",
    )
    assert person.home_community == community
    assert person.phone == "+972 50-123-4567"
    profile = VolunteerProfile.objects.get(user=person)
    assert profile.onboarded_at is not None
    assert list(profile.skills.all()) == [skill]
    assert other_skill not in profile.skills.all()
    assert list(profile.languages.all()) == [language]
    assert set(AvailabilitySlot.objects.filter(profile=profile).values_list("weekday", "part_of_day")) == {
        (0, "morning"),
        (4, "evening"),
    }
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "הפרופיל נשמר." in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example.com/", "//evil.example.com/", ""])
def test_unsafe_or_missing_next_goes_to_the_opportunities(client, next_url):
    client.force_login(UserFactory())
    response = client.post("/en/welcome/", valid_data(next=next_url))
    assert response.status_code == 302
    assert response["Location"] == "/en/opportunities/"


@pytest.mark.django_db
def test_bad_input_is_shown_again_with_the_errors_and_the_typed_values(client):
    person = UserFactory(full_name="")
    client.force_login(person)
    response = client.post(
        "/he/welcome/",
        {
            "full_name": "   ",
            "preferred_language": "fr",
            "time_zone": "Mars/Olympus",
            "home_community": "999999",
            "phone": "call me maybe",
            "skills": ["not-a-number"],
            "availability": ["0:morning", "9:noon"],
            "availability_notes": "ימי שישי בלבד",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "נא לכתוב את שמך." in html or "יש להזין תוכן בשדה זה." in html
    assert "נא לכתוב מספר טלפון בספרות" in html
    assert 'value="call me maybe"' in html
    assert "ימי שישי בלבד" in html
    assert (
        'id="id_full_name_error"' in html
        and 'aria-describedby="id_full_name_helptext id_full_name_error"' in html
    )
    assert 'aria-describedby="id_availability_error"' in html
    assert not VolunteerProfile.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_a_community_that_disappeared_is_reported_not_a_crash(client):
    community = DiasporaCommunityFactory()
    client.force_login(UserFactory())
    page = client.get("/en/welcome/")
    assert f'value="{community.pk}"' in page.content.decode()
    community.delete()
    response = client.post("/en/welcome/", valid_data(home_community=str(community.pk)))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_onboarded_volunteer_opening_the_welcome_page_gets_the_profile_page(client):
    client.force_login(onboarded())
    response = client.get("/en/welcome/?next=/en/")
    assert response.status_code == 302
    assert response["Location"] == "/en/me/profile/?next=%2Fen%2F"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, method):
    client.force_login(onboarded())
    assert getattr(client, method)("/en/me/profile/").status_code == 405


# --- the profile page ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "heading"), [("en", "My profile"), ("he", "הפרופיל שלי")])
def test_profile_page_shows_what_was_saved(client, lang, heading):
    skill = SkillFactory()
    person = onboarded(
        HebrewUserFactory, full_name="מיכל אברהם", phone="050-7654321", preferred_language=lang
    )
    profile = person.volunteer_profile
    profile.skills.add(skill)
    AvailabilitySlot.objects.create(profile=profile, weekday=5, part_of_day="morning")
    client.force_login(person)
    response = client.get(f"/{lang}/me/profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'value="מיכל אברהם"' in html
    assert 'value="050-7654321"' in html
    assert re.search(rf'value="{skill.pk}"[^>]*checked', html)
    assert re.search(r'value="5:morning"[^>]*checked', html)
    assert not re.search(r'value="5:evening"[^>]*checked', html)


@pytest.mark.django_db
def test_profile_page_shows_only_the_signed_in_persons_data(client):
    owner = onboarded(full_name="Owner Secretname", phone="+1 212 555 0199")
    other = onboarded(full_name="Other Person")
    client.force_login(other)
    html = client.get("/en/me/profile/").content.decode()
    assert "Owner Secretname" not in html
    assert "555 0199" not in html
    assert User.objects.get(pk=owner.pk).full_name == "Owner Secretname"


@pytest.mark.django_db
def test_profile_edit_switches_the_language_of_the_portal(client):
    person = onboarded(preferred_language="en")
    client.force_login(person)
    response = client.post("/en/me/profile/", valid_data(preferred_language="he"))
    assert response.status_code == 302
    assert response["Location"] == "/he/opportunities/"
    person.refresh_from_db()
    assert person.preferred_language == "he"
    # From now on, English links lead to the Hebrew pages.
    assert client.get("/en/me/profile/")["Location"] == "/he/me/profile/"


def _data_set(scale: int):
    for _ in range(scale):
        DiasporaCommunityFactory()
        IsraeliCommunityFactory()
        SkillFactory()
        SpokenLanguageFactory()


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [3, 30])
def test_profile_page_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries, scale):
    _data_set(scale)
    person = onboarded()
    from volunteers.models import Skill, SpokenLanguage

    person.volunteer_profile.skills.set(Skill.objects.all())
    person.volunteer_profile.languages.set(SpokenLanguage.objects.all())
    client.force_login(person)
    with django_assert_max_num_queries(12):
        assert client.get("/en/me/profile/").status_code == 200
    with django_assert_max_num_queries(25):
        response = client.post(
            "/en/me/profile/",
            valid_data(skills=[str(s.pk) for s in Skill.objects.all()], availability=["1:morning"]),
        )
    assert response.status_code == 302
