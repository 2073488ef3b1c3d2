"""Hebrew (and every other script) survives forms, the database and the rendered page, unchanged.

A name goes in through the staff admin in Hebrew (/he/admin/…), is stored, read back exactly,
and shown escaped: on the admin pages and in the greeting of the home page. A mistake re-shows
the form with everything typed, and the error in Hebrew.
"""

import html
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from communities.models import Community
from volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db

# Names as people write them: Hebrew with nikud (combining marks, in the order typed, not NFC),
# Hebrew with geresh and gershayim, Russian, Arabic, an emoji made of several code points, and
# characters that mean something in HTML.
NAMES = {
    "hebrew-nikud": "יְהוּדִית בַּת־שֶׁבַע",
    "hebrew-quotes": 'צ׳רלי "צ\'ארלי" בן־דוד <מנכ"ל> & שות׳',
    "russian": "Наталья Щербакова-Лейбович",
    "arabic": "سلمى خوري",
    "emoji-mixed": "Dana 👩‍👩‍👧 דנה",
}
HEBREW_REQUIRED = "יש להזין תוכן בשדה זה."  # Django's own "This field is required."
HEBREW_BAD_EMAIL = 'נא להזין כתובת דוא"ל חוקית'  # Django's own "Enter a valid email address."


@pytest.fixture
def staff_client(client):
    staff = User.objects.create_superuser(email="staff@example.org", password="a long staff passphrase")
    client.force_login(staff)
    return client


def he(viewname, *args):
    with translation.override("he"):
        return reverse(viewname, args=args)


def shown_escaped(page: str, text: str) -> bool:
    """The text is in the page HTML-escaped (as Django escapes: & < > " '), and nowhere raw."""
    escaped = html.escape(text, quote=True)
    if escaped != text and text in page:
        return False
    return escaped in page


def in_field(page: str, text: str) -> bool:
    return f'value="{html.escape(text, quote=True)}"' in page


def user_add_data(**values):
    data = {
        "email": "new.person@example.org",
        "full_name": "",
        "preferred_language": "he",
        "usable_password": "true",
        "password1": "a long enough passphrase 42",
        "password2": "a long enough passphrase 42",
    }
    return {**data, **values}


@pytest.mark.parametrize("name", list(NAMES.values()), ids=list(NAMES))
def test_a_persons_name_in_any_script_survives_the_round_trip(staff_client, name):
    response = staff_client.post(he("admin:accounts_user_add"), user_add_data(full_name=name))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    person = User.objects.get(email="new.person@example.org")
    assert person.full_name == name  # code point for code point
    assert unicodedata.normalize("NFC", person.full_name) == unicodedata.normalize("NFC", name)
    assert person.preferred_language == "he"

    changelist = staff_client.get(he("admin:accounts_user_changelist")).content.decode()
    assert shown_escaped(changelist, name)
    change = staff_client.get(he("admin:accounts_user_change", person.pk)).content.decode()
    assert in_field(change, name)

    # the person signs in and the home page greets them by name, in Hebrew and escaped
    # (someone the staff added fills in the portal's one-time profile form first; done here)
    VolunteerProfile.objects.create(user=person, onboarded_at=timezone.now())
    own_client = Client()
    own_client.force_login(person)
    home = own_client.get(he("home")).content.decode()
    assert '<html lang="he" dir="rtl">' in home
    assert shown_escaped(home, name)


def test_a_hebrew_community_survives_the_round_trip(staff_client):
    response = staff_client.post(
        he("admin:communities_community_add"),
        {
            "name_en": "Kiryat Shmona",
            "name_he": "קִרְיַת שְׁמוֹנָה <עיר \"קו העימות\">",
            "locality_he": "הגליל העליון",
            "side": "israel",
            "kind": "city",
            "country": "IL",
            "time_zone": "Asia/Jerusalem",
            "national_priority_region": "on",
            "is_active": "on",
            "leaders-TOTAL_FORMS": "0",
            "leaders-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    community = Community.objects.get(name_en="Kiryat Shmona")
    assert community.name_he == "קִרְיַת שְׁמוֹנָה <עיר \"קו העימות\">"
    assert community.locality_he == "הגליל העליון"

    with translation.override("he"):
        assert str(Community.objects.get(pk=community.pk).name) == community.name_he
    changelist = staff_client.get(he("admin:communities_community_changelist")).content.decode()
    assert shown_escaped(changelist, community.name_he)


def test_a_mistake_reshows_the_form_with_what_was_typed_and_a_hebrew_error(staff_client):
    name = NAMES["hebrew-quotes"]
    response = staff_client.post(
        he("admin:accounts_user_add"), user_add_data(email="לא כתובת", full_name=name, password2="")
    )
    assert response.status_code == 200  # the form again, not a redirect
    assert not User.objects.filter(full_name=name).exists()

    form = response.context["adminform"].form
    assert form.errors["email"] == [HEBREW_BAD_EMAIL]
    assert form.errors["password2"] == [HEBREW_REQUIRED]
    page = response.content.decode()
    assert HEBREW_BAD_EMAIL.replace('"', "&quot;") in page
    assert HEBREW_REQUIRED in page
    # nothing typed is lost: the name and the (wrong) address are back in their fields, escaped
    assert in_field(page, name)
    assert shown_escaped(page, name)
    assert in_field(page, "לא כתובת")
    assert '<html lang="he" dir="rtl">' in page


def test_a_community_missing_a_field_keeps_the_hebrew_name_typed(staff_client):
    response = staff_client.post(
        he("admin:communities_community_add"),
        {
            "name_he": "מִצְפֶּה רָמוֹן",
            "side": "israel",
            "kind": "city",
            "time_zone": "Asia/Jerusalem",
            "leaders-TOTAL_FORMS": "0",
            "leaders-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Community.objects.exists()
    errors = response.context["adminform"].form.errors
    assert errors["country"] == [HEBREW_REQUIRED]
    assert errors["name_en"] == [HEBREW_REQUIRED]
    page = response.content.decode()
    assert in_field(page, "מִצְפֶּה רָמוֹן")
    assert HEBREW_REQUIRED in page


def test_an_english_request_gets_the_english_error(staff_client):
    with translation.override("en"):
        url = reverse("admin:accounts_user_add")
    response = staff_client.post(url, user_add_data(full_name="דנה", password2=""))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["password2"] == ["This field is required."]
