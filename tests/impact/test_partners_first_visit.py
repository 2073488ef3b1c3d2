"""An organisation's first visit after applying: the link of the "received" email sets a password, signs
the applicant in and lands them on their application in the partner area (not on the volunteer welcome
form); the home page and the menu lead them back there. Mentors and community leaders land on their pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests import factories as f

from .test_partners_call import form_data, post

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Negev-Bridge-2027!"


def path(name, lang):
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize("lang", ["he", "en"])
def test_the_applicant_sets_a_password_and_lands_on_their_application(client, lang, django_capture_on_commit_callbacks):
    f.ForumFactory()
    name = "עמותת גשר לנגב" if lang == "he" else "Negev Bridge"
    post(client, django_capture_on_commit_callbacks, form_data(organisation_name=name), lang=lang)
    link = re.search(rf"https?://[^\s\"]+(/{lang}/accounts/password/reset/key/[^\s\"/]+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(set_password, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    # Signed in, straight to the partner area in their language; not to the volunteer welcome form.
    assert response["Location"] == path("impact:partner_home", lang)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert name in html
    assert path("profile_onboarding", lang) not in page.get("Location", "")

    # The home page is theirs too, with the way back to the partner area (menu and page).
    home = client.get(path("home", lang))
    assert home.status_code == 200
    assert html.count(path("impact:partner_home", lang)) >= 1
    assert home.content.decode().count(f'href="{path("impact:partner_home", lang)}"') >= 2


def test_an_applicant_signing_in_later_lands_on_the_partner_area(client, django_capture_on_commit_callbacks):
    f.ForumFactory()
    post(client, django_capture_on_commit_callbacks, form_data(), lang="he")
    from partnerships.models import PartnerApplication

    person = PartnerApplication.objects.get().applicant
    person.set_password(NEW_PASSWORD)
    person.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=person, email=person.email, defaults={"verified": True, "primary": True})
    response = client.post(path("account_login", "he"), {"login": person.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == path("impact:partner_home", "he")


def test_a_mentor_signing_in_lands_on_the_new_communities(client):
    mentor = f.UserFactory(email="mentor-first@example.org", preferred_language="en")
    mentor.set_password(NEW_PASSWORD)
    mentor.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=mentor, email=mentor.email, verified=True, primary=True)
    f.MentorshipFactory(track=f.EstablishmentTrackFactory(), mentor=mentor)
    response = client.post(path("account_login", "en"), {"login": mentor.email, "password": NEW_PASSWORD})
    assert response["Location"] == path("communities:track_list", "en")


def test_a_volunteer_still_fills_in_the_welcome_form_first(client):
    person = f.UserFactory(email="new-volunteer@example.org", preferred_language="en")
    person.set_password(NEW_PASSWORD)
    person.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    response = client.post(path("account_login", "en"), {"login": person.email, "password": NEW_PASSWORD})
    assert response["Location"].startswith(path("profile_onboarding", "en"))
    # and the home page asks for it too
    assert client.get(path("home", "en"))["Location"].startswith(path("profile_onboarding", "en"))
