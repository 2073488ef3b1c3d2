"""No one gets another organisation's applications, or the backbone's tools, through any URL of the call
for partners or the newsletter.

Every route of ``impact/urls/partners.py`` and ``impact/urls/newsletter.py`` is tried by an anonymous
visitor, a volunteer, a contact of another organisation, a forum member of another organisation and an
applicant, with GET and with POST. The tables below must list every route: a new one that is not
listed fails the first test, so no URL escapes this check.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from impact.urls import newsletter as newsletter_urls
from impact.urls import partners as partners_urls
from partnerships.models import Newsletter

pytestmark = pytest.mark.django_db

# Public pages: anybody, signed in or not.
PUBLIC = {
    "partner_call": lambda o: {},
    "partner_call_thanks": lambda o: {},
}
# Each person's own area: shows only what is theirs (tested below and in test_partners_home).
OWN_DATA_ONLY = {
    "partner_home": lambda o: {},
}
# Objects of one organisation (``pw.org``'s application): 404 for anybody who is not its applicant, a
# contact of its organisation, or the backbone.
OBJECT_ROUTES = {
    "application_detail": lambda o: {"pk": o.application},
    "application_accept": lambda o: {"pk": o.application},
    "application_decline": lambda o: {"pk": o.application},
}
# The backbone's tools: 403 for everybody else, whatever the object.
STAFF_ONLY = {
    "application_list": lambda o: {},
    "newsletter_list": lambda o: {},
    "newsletter_create": lambda o: {},
    "newsletter_detail": lambda o: {"pk": o.newsletter},
    "newsletter_edit": lambda o: {"pk": o.newsletter},
    "newsletter_send": lambda o: {"pk": o.newsletter},
}
ALL = {**PUBLIC, **OWN_DATA_ONLY, **OBJECT_ROUTES, **STAFF_ONLY}

# People with no right to ``pw.org``'s application (pw.applicant sent another one).
OUTSIDERS = ["volunteer", "other_contact", "member", "applicant"]
NOT_BACKBONE = ["volunteer", "other_contact", "member", "applicant", "contact", "colleague"]


class Objects:
    def __init__(self, pw):
        self.application = pw.accepted.pk
        self.newsletter = Newsletter.objects.create(
            subject_en="Spring news", subject_he="חדשות האביב", body_en="Text", body_he="טקסט", created_by=pw.staff
        ).pk


@pytest.fixture
def objects(partners_world):
    return Objects(partners_world)


def route_names() -> set[str]:
    return {p.name for p in [*partners_urls.urlpatterns, *newsletter_urls.urlpatterns]}


def url_of(name, kwargs, lang="en"):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs or None)


def test_every_route_of_the_area_is_in_the_tables():
    names = route_names()
    assert names, "no routes found"
    assert sorted(names - set(ALL)) == []
    assert sorted(set(ALL) - names) == []  # no stale rows either


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_open_to_anonymous_visitors(client, objects, name):
    assert client.get(url_of(name, PUBLIC[name](objects))).status_code == 200


@pytest.mark.parametrize("name", sorted(OWN_DATA_ONLY) + sorted(OBJECT_ROUTES) + sorted(STAFF_ONLY))
def test_anonymous_visitors_are_sent_to_sign_in(client, objects, name):
    target = url_of(name, ALL[name](objects))
    for method in (client.get, client.post):
        response = method(target)
        assert response.status_code == 302, (name, method.__name__)
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(OBJECT_ROUTES))
def test_outsiders_get_nothing_of_another_organisations_application(client, partners_world, objects, name, who):
    person = getattr(partners_world, who)
    client.force_login(person)
    lang = person.preferred_language
    kwargs = OBJECT_ROUTES[name](objects)
    target = url_of(name, kwargs, lang)
    nowhere = url_of(name, {**kwargs, "pk": 999999}, lang)
    for method in (client.get, client.post):
        response = method(target)
        if response.status_code == 405:
            # The method is refused before anything is looked up: the same answer as for no application.
            assert method(nowhere).status_code == 405, (name, who, method.__name__)
            continue
        assert response.status_code == 404, (name, who, method.__name__, response.status_code)
    partners_world.accepted.refresh_from_db()
    assert partners_world.accepted.status == "accepted"


@pytest.mark.parametrize("who", NOT_BACKBONE)
@pytest.mark.parametrize("name", sorted(STAFF_ONLY))
def test_the_backbones_tools_are_refused_to_everybody_else(client, partners_world, objects, name, who):
    person = getattr(partners_world, who)
    client.force_login(person)
    target = url_of(name, STAFF_ONLY[name](objects), person.preferred_language)
    for method in (client.get, client.post):
        response = method(target)
        assert response.status_code in (403, 405), (name, who, method.__name__, response.status_code)
        body = response.content.decode()
        assert "עמותת לב חם" not in body and "Spring news" not in body and "חדשות האביב" not in body


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_own_area_shows_nothing_of_other_organisations(client, partners_world, objects, who):
    person = getattr(partners_world, who)
    client.force_login(person)
    body = client.get(url_of("partner_home", {}, person.preferred_language)).content.decode()
    assert url_of("application_detail", {"pk": objects.application}, person.preferred_language) not in body
    assert "Ministry of Welfare" not in body and "משרד הרווחה" not in body


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_backbone_opens_every_page(client, partners_world, objects, name):
    client.force_login(partners_world.staff)
    response = client.get(url_of(name, ALL[name](objects)))
    assert response.status_code in (200, 405), (name, response.status_code)
