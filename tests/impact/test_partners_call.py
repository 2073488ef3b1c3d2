"""The public call for partners: the page, a submission (account, email in the applicant's language), the
spam guards (honeypot, fill time, rate limits) refusing politely while keeping what was typed, length
limits, and the submitted text escaped wherever it is shown."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from impact.forms.partners import started_token
from notifications.models import Delivery, Kind
from partnerships.models import ApplicationStatus, PartnerApplication, Sector
from tests import factories as f

pytestmark = pytest.mark.django_db

MOTIVATION = "אנחנו מפעילים 300 מתנדבים בנגב ורוצים ללמוד איך לשמור עליהם."


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs or None)


def form_data(**overrides):
    data = {
        "organisation_name": "עמותת גשר לנגב",
        "sector": Sector.NONPROFIT,
        "contact_name": "אורית שלום",
        "contact_email": "orit@example.org",
        "contact_phone": "+972 50-123-4567",
        "themes": [],
        "themes_other": "התנדבות צעירים",
        "motivation": MOTIVATION,
        "homepage": "",
        "started": started_token(time.time() - 60),
    }
    data.update(overrides)
    return data


@pytest.fixture
def forum(db):
    return f.ForumFactory(
        name_en="Volunteer retention forum", name_he="פורום שימור מתנדבים",
        theme_en="Volunteer retention", theme_he="שימור מתנדבים",
    )


def post(client, django_capture_on_commit_callbacks, data, lang="he", **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url("partner_call", lang), data, **extra)


# ---- the page


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("he", "rtl")])
def test_the_call_is_public_and_shows_the_forums_and_their_themes(client, forum, lang, direction):
    response = client.get(url("partner_call", lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'dir="{direction}"' in html
    name, theme = (forum.name_he, forum.theme_he) if lang == "he" else (forum.name_en, forum.theme_en)
    assert name in html
    assert f'value="{theme}"' in html  # a theme to choose
    assert 'name="homepage"' in html and 'aria-hidden="true"' in html  # the honeypot, hidden from people
    assert 'maxlength="1500"' in html  # the motivation's limit, shown and counted
    assert 'data-count-for="id_motivation"' in html


def test_a_signed_in_person_finds_their_name_and_email_filled_in(client, db):
    person = f.UserFactory(email="known@example.org", full_name="Dana Known")
    f.VolunteerProfileFactory(user=person)
    client.force_login(person)
    html = client.get(url("partner_call")).content.decode()
    assert 'value="known@example.org"' in html and 'value="Dana Known"' in html


# ---- a submission


def test_an_application_in_hebrew_opens_an_account_and_sends_a_hebrew_email(
    client, forum, django_capture_on_commit_callbacks
):
    response = post(client, django_capture_on_commit_callbacks, form_data(themes=["שימור מתנדבים"]), lang="he")
    assert response.status_code == 302
    assert response["Location"] == url("partner_call_thanks", "he")

    application = PartnerApplication.objects.get()
    assert application.language == "he"
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.themes == "שימור מתנדבים; התנדבות צעירים"
    assert application.contact_phone == "+972 50-123-4567"
    person = application.applicant
    assert person.email == "orit@example.org"
    assert person.full_name == "אורית שלום"
    assert person.preferred_language == "he"
    assert not person.has_usable_password()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["orit@example.org"]
    assert message.extra_headers["Content-Language"] == "he"
    # The link to choose a password, in Hebrew, so that the applicant can follow the application.
    assert re.search(r"/he/accounts/password/reset/key/[0-9a-z]+-[^/\s]+/", message.body)
    assert "עמותת גשר לנגב" in message.body
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html
    delivery = Delivery.objects.get(kind=Kind.APPLICATION_RECEIVED)
    assert delivery.recipient == person and delivery.status == "sent"

    thanks = client.get(response["Location"]).content.decode()
    assert "orit@example.org" in thanks


def test_the_received_email_reads_in_hebrew(client, forum, django_capture_on_commit_callbacks):
    """Needs the compiled Hebrew catalogue (the lead compiles /tmp/i18n/partners.json)."""
    post(client, django_capture_on_commit_callbacks, form_data(), lang="he")
    message = mail.outbox[0]
    assert "קיבלנו" in message.subject
    assert "שלום אורית שלום" in message.body


def test_an_application_in_english_from_a_known_person_links_their_account_without_a_password_link(
    client, db, django_capture_on_commit_callbacks
):
    person = f.HebrewUserFactory(email="orit@example.org", full_name="Orit Shalom")
    data = form_data(contact_email="ORIT@example.org", organisation_name="Negev Bridge", motivation="We care.")
    response = post(client, django_capture_on_commit_callbacks, data, lang="en")
    assert response.status_code == 302
    application = PartnerApplication.objects.get()
    assert application.language == "en"
    assert application.applicant == person
    assert User.objects.filter(email__iexact="orit@example.org").count() == 1
    message = mail.outbox[0]
    # The email speaks the person's own language; they have a password, so no link to choose one.
    assert message.extra_headers["Content-Language"] == "he"
    assert "/password/reset/key/" not in message.body
    assert "/he/partners/" in message.body


# ---- spam and abuse: refused politely, what was typed kept


def assert_refused_and_kept(response, *, status=200):
    assert response.status_code == status
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "עמותת גשר לנגב" in html  # the typed text is still there
    assert MOTIVATION in html
    assert PartnerApplication.objects.count() == 0
    assert mail.outbox == []
    return html


def test_a_filled_honeypot_is_refused_and_emptied(client, db, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, form_data(homepage="http://spam.example"), lang="en")
    html = assert_refused_and_kept(response)
    assert "could not accept the form" in html
    assert "http://spam.example" not in html  # a person whose browser filled it can send again


def test_a_form_sent_too_fast_is_refused_then_accepted_once_a_person_could_have_filled_it(
    client, db, django_capture_on_commit_callbacks, settings
):
    settings.P2G_PARTNER_CALL_MIN_SECONDS = 2
    shown_at = time.time() - 0.5
    data = form_data(started=started_token(shown_at))
    response = post(client, django_capture_on_commit_callbacks, data, lang="en")
    html = assert_refused_and_kept(response)
    assert "faster than a person" in html
    # The re-shown form keeps the moment it was first shown: sent again a little later, it goes through.
    assert f'name="started" value="{data["started"]}"' in html
    data["started"] = started_token(time.time() - 5)
    response = post(client, django_capture_on_commit_callbacks, data, lang="en")
    assert response.status_code == 302
    assert PartnerApplication.objects.count() == 1


def test_a_forged_or_stale_timestamp_is_refused_with_a_fresh_one(client, db, django_capture_on_commit_callbacks):
    for started in ("not-signed", started_token(time.time() - 3 * 86400)):
        response = post(client, django_capture_on_commit_callbacks, form_data(started=started), lang="en")
        html = assert_refused_and_kept(response)
        assert "open for a long time" in html
        token = re.search(r'name="started" value="([^"]+)"', html).group(1)
        assert token != started


def test_too_many_applications_from_one_address_are_refused_politely(
    client, db, django_capture_on_commit_callbacks, settings
):
    settings.P2G_PARTNER_CALL_RATE_LIMITS = {"ip": "2/h/ip", "email": "10/d/key"}
    for n in range(2):
        data = form_data(contact_email=f"person{n}@example.org")
        assert post(client, django_capture_on_commit_callbacks, data, lang="en").status_code == 302
    mail.outbox.clear()
    PartnerApplication.objects.all().delete()
    response = post(client, django_capture_on_commit_callbacks, form_data(contact_email="third@example.org"), lang="en")
    html = assert_refused_and_kept(response, status=429)
    assert "try again in an hour" in html
    # Another network is not held back.
    response = post(
        client, django_capture_on_commit_callbacks, form_data(contact_email="third@example.org"), lang="en",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302


def test_too_many_applications_with_one_email_are_refused_politely(
    client, db, django_capture_on_commit_callbacks, settings
):
    settings.P2G_PARTNER_CALL_RATE_LIMITS = {"ip": "50/h/ip", "email": "1/d/key"}
    assert post(client, django_capture_on_commit_callbacks, form_data(), lang="en").status_code == 302
    mail.outbox.clear()
    PartnerApplication.objects.all().delete()
    response = post(
        client, django_capture_on_commit_callbacks, form_data(contact_email="Orit@Example.org"), lang="en",
        REMOTE_ADDR="203.0.113.10",
    )
    html = assert_refused_and_kept(response, status=429)
    assert "already sent with this email address" in html


def test_robots_use_up_the_address_allowance(client, db, django_capture_on_commit_callbacks, settings):
    settings.P2G_PARTNER_CALL_RATE_LIMITS = {"ip": "2/h/ip", "email": "10/d/key"}
    for _ in range(2):
        post(client, django_capture_on_commit_callbacks, form_data(homepage="x"), lang="en")
    response = post(client, django_capture_on_commit_callbacks, form_data(), lang="en")
    assert_refused_and_kept(response, status=429)


# ---- bad input


def test_bad_input_is_shown_in_the_readers_language_with_what_was_typed(
    client, db, django_capture_on_commit_callbacks
):
    data = form_data(contact_email="not-an-email", sector="", themes_other="", motivation="x" * 1501)
    response = post(client, django_capture_on_commit_callbacks, data, lang="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert "Choose at least one theme, or write your own." in html
    assert "at most 1500 characters" in html
    assert "x" * 1501 in html  # kept, to be shortened
    assert 'value="not-an-email"' in html
    assert PartnerApplication.objects.count() == 0


def test_bad_input_in_hebrew_is_explained_in_hebrew(client, db, django_capture_on_commit_callbacks):
    """Django's own message, from Django's Hebrew catalogue."""
    response = post(client, django_capture_on_commit_callbacks, form_data(contact_email="לא-כתובת"), lang="he")
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "נא להזין כתובת דוא" in html
    assert "עמותת גשר לנגב" in html


def test_an_unknown_theme_or_a_tampered_sector_is_refused(client, forum, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, form_data(themes=["Free money"], sector="army"))
    assert response.status_code == 200
    assert PartnerApplication.objects.count() == 0


# ---- escaping


def test_submitted_text_is_escaped_on_every_page_and_in_the_email(
    client, partners_world, django_capture_on_commit_callbacks
):
    evil = '<script>alert("x")</script>'
    data = form_data(organisation_name=f"Org {evil}", motivation=f"Hello {evil}", themes_other=f"T {evil}")
    assert post(client, django_capture_on_commit_callbacks, data, lang="en").status_code == 302
    application = PartnerApplication.objects.get(organisation_name__startswith="Org ")
    assert application.organisation_name == f"Org {evil}"  # stored as typed

    html_email = mail.outbox[0].alternatives[0][0]
    assert evil not in html_email and "&lt;script&gt;" in html_email

    client.force_login(partners_world.staff)
    for page in (url("application_list"), url("application_detail", pk=application.pk)):
        html = client.get(page).content.decode()
        assert evil not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_thanks_page_tells_a_new_applicant_where_to_follow_their_application(
    client, forum, django_capture_on_commit_callbacks, lang
):
    response = post(client, django_capture_on_commit_callbacks, form_data(), lang=lang)
    html = client.get(response["Location"]).content.decode()
    assert f'href="{url("partner_home", lang)}"' in html  # signing in there leads back to the area
