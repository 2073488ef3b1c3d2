"""Nobody sees a community's establishment track but staff, its mentors and its own leaders.

Every route of the ``communities`` namespace is tried by an anonymous visitor (sent to sign in), by
outsiders (a volunteer, the mentor of another community, a former mentor of this one, the leader of
another community: 404, as for a track that does not exist), and by each role that may see the
track (staff, its mentor, its leader: allowed, or 403 for what the role does not allow). The table
below must list every route: a new one that is not listed fails the first test.
"""

import pytest
from django.urls import get_resolver, reverse
from django.utils import translation

from communities.models import Community, Workshop

pytestmark = pytest.mark.django_db

NAMESPACE = "communities"

READ, UPDATE, MANAGE, STAFF = "read", "update", "manage", "staff"
GET_POST, POST_ONLY = "get+post", "post"

# route name -> (URL kwargs from the objects of one track, who may use it, methods)
ROUTES = {
    "track_detail": (lambda o: {"pk": o.track}, READ, "get"),
    "track_edit": (lambda o: {"pk": o.track}, MANAGE, GET_POST),
    "track_stage_move": (lambda o: {"pk": o.track}, MANAGE, POST_ONLY),
    "track_stage_back": (lambda o: {"pk": o.track}, STAFF, POST_ONLY),
    "item_detail": (lambda o: {"pk": o.track, "item": "vision"}, READ, GET_POST),
    "evidence_upload": (lambda o: {"pk": o.track, "item": "vision"}, UPDATE, GET_POST),
    "evidence_download": (lambda o: {"pk": o.track, "evidence_pk": o.evidence}, READ, "get"),
    "evidence_delete": (lambda o: {"pk": o.track, "evidence_pk": o.evidence}, UPDATE, POST_ONLY),
    "milestone_add": (lambda o: {"pk": o.track}, MANAGE, GET_POST),
    "milestone_edit": (lambda o: {"pk": o.track, "milestone_pk": o.milestone}, MANAGE, GET_POST),
    "milestone_complete": (lambda o: {"pk": o.track, "milestone_pk": o.milestone}, MANAGE, POST_ONLY),
    "milestone_reopen": (lambda o: {"pk": o.track, "milestone_pk": o.milestone}, MANAGE, POST_ONLY),
    "mentor_assign": (lambda o: {"pk": o.track}, STAFF, GET_POST),
    "mentorship_end": (lambda o: {"pk": o.track, "mentorship_pk": o.mentorship}, STAFF, GET_POST),
    "representative_add": (lambda o: {"pk": o.track}, MANAGE, GET_POST),
    "representative_remove": (lambda o: {"pk": o.track, "representative_pk": o.representative}, MANAGE, POST_ONLY),
    "attendance_add": (lambda o: {"pk": o.track}, MANAGE, GET_POST),
    "attendance_remove": (lambda o: {"pk": o.track, "attendance_pk": o.attendance}, MANAGE, POST_ONLY),
}
# Pages about no track in particular: the workshops and opening a new track (staff only; 403 for everyone
# else signed in).
STAFF_ONLY = {
    "workshop_list": lambda o: {},
    "workshop_create": lambda o: {},
    "track_create": lambda o: {},
}
# The pipeline shows each person only their own tracks (tested below and in test_track_pipeline).
OWN_DATA_ONLY = {"track_list"}

OUTSIDERS = ["volunteer", "other_mentor", "former_mentor", "other_leader"]
# What each role that sees the track may do.
ALLOWED = {
    "staff": {READ, UPDATE, MANAGE, STAFF},
    "mentor": {READ, UPDATE, MANAGE},
    "leader": {READ, UPDATE},
}


def route_names():
    names = set()
    for pattern in get_resolver().url_patterns:
        for sub in [pattern, *getattr(pattern, "url_patterns", [])]:
            if getattr(sub, "namespace", None) == NAMESPACE:
                names |= {name for name in sub.reverse_dict if isinstance(name, str)}
    return names


def url_of(name, kwargs, lang="en"):
    with translation.override(lang):
        return reverse(f"{NAMESPACE}:{name}", kwargs=kwargs)


def test_every_route_is_in_the_table():
    names = route_names()
    assert names, "no routes found in the communities namespace"
    assert sorted(names - set(ROUTES) - set(STAFF_ONLY) - OWN_DATA_ONLY) == []
    assert sorted((set(ROUTES) | set(STAFF_ONLY) | OWN_DATA_ONLY) - names) == []  # no stale rows either


def test_routes_live_under_communities_establishment(track_objects):
    for name, (build, _need, _methods) in ROUTES.items():
        assert url_of(name, build(track_objects)).startswith("/en/communities/establishment/"), name
    assert url_of("track_list", {}) == "/en/communities/establishment/"


@pytest.mark.parametrize("name", sorted(ROUTES) + sorted(STAFF_ONLY) + sorted(OWN_DATA_ONLY))
def test_anonymous_visitors_are_sent_to_sign_in(client, track_objects, name):
    build = ROUTES[name][0] if name in ROUTES else STAFF_ONLY.get(name, lambda o: {})
    target = url_of(name, build(track_objects))
    for method in (client.get, client.post):
        response = method(target)
        assert response.status_code == 302, (name, method.__name__)
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_outsiders_get_nothing_of_the_track(client, establishment, track_objects, name, who):
    person = getattr(establishment, who)
    client.force_login(person)
    kwargs = ROUTES[name][0](track_objects)
    target = url_of(name, kwargs, person.preferred_language)
    nowhere = url_of(name, {**kwargs, "pk": 999999}, person.preferred_language)
    for method in (client.get, client.post):
        response = method(target)
        if response.status_code == 405:
            # The method is refused before anything is looked up: the same answer as for no track.
            assert method(nowhere).status_code == 405, (name, who, method.__name__)
            continue
        assert response.status_code == 404, (name, who, method.__name__, response.status_code)
        assert establishment.track.community.name_en.encode() not in response.content


@pytest.mark.parametrize("who", sorted(ALLOWED))
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_may_do_what_it_is_allowed_and_no_more(client, establishment, track_objects, name, who):
    person = getattr(establishment, who)
    client.force_login(person)
    build, need, methods = ROUTES[name]
    target = url_of(name, build(track_objects), person.preferred_language)
    allowed = need in ALLOWED[who]
    if methods == POST_ONLY:
        assert client.get(target).status_code == 405
        response = client.post(target)
        expected = (302,) if allowed else (403,)
    else:
        response = client.get(target)
        expected = (200,) if allowed else (403,)
    assert response.status_code in expected, (name, who, response.status_code)
    if methods == GET_POST and not allowed:
        assert client.post(target).status_code == 403, (name, who)


@pytest.mark.parametrize("who", OUTSIDERS + ["mentor", "leader"])
@pytest.mark.parametrize("name", sorted(STAFF_ONLY))
def test_workshop_pages_are_for_staff(client, establishment, track_objects, name, who):
    person = getattr(establishment, who)
    client.force_login(person)
    target = url_of(name, STAFF_ONLY[name](track_objects), person.preferred_language)
    assert client.get(target).status_code == 403
    if name == "workshop_create":
        assert client.post(target, {"title_en": "Sneaky", "held_on": "2026-01-01"}).status_code == 403
        assert not Workshop.objects.filter(title_en="Sneaky").exists()
    if name == "track_create":
        data = {"name_en": "Sneaky", "country": "IL", "kind": "nucleus", "stage": "nucleus", "started_on": "2026-01-01"}
        assert client.post(target, data).status_code == 403
        assert not Community.objects.filter(name_en="Sneaky").exists()


def test_staff_open_the_pages_about_no_track(client, establishment, track_objects):
    client.force_login(establishment.staff)
    for name in STAFF_ONLY:
        assert client.get(url_of(name, {})).status_code == 200, name


@pytest.mark.parametrize(
    ("who", "sees_track", "sees_other"),
    [
        ("staff", True, True),
        ("mentor", True, False),
        ("leader", True, False),
        ("other_mentor", False, True),
        ("other_leader", False, True),
        ("former_mentor", False, False),
        ("volunteer", False, False),
    ],
)
def test_the_pipeline_shows_each_person_only_their_own_communities(client, establishment, who, sees_track, sees_other):
    person = getattr(establishment, who)
    client.force_login(person)
    lang = person.preferred_language
    response = client.get(url_of("track_list", {}, lang))
    assert response.status_code == 200
    page = response.content.decode()
    track, other = establishment.track.community, establishment.other_track.community
    name = (lambda c: c.name_he) if lang == "he" else (lambda c: c.name_en)
    assert (name(track) in page) is sees_track
    assert (name(other) in page) is sees_other
    assert (url_of("track_detail", {"pk": establishment.track.pk}, lang) in page) is sees_track
