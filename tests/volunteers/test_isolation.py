"""Every portal URL, tried by outsiders: no page lets a volunteer see or change another's data.

The table below must name every URL of the portal (volunteers.urls, accounts.urls and the
calendar feed): a URL added without an entry here fails ``test_every_portal_url_is_covered``.
"""

import datetime

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from accounts import urls as accounts_urls
from tests import factories as f
from volunteers import urls as volunteer_urls
from volunteers.models import HoursLog, SignUp, SignUpStatus

pytestmark = pytest.mark.django_db

OWNER_EMAIL = "owner.private@example.org"
OWNER_PHONE = "+972-50-555-0199"


@pytest.fixture
def world():
    """An owner with a sign-up, past hours and a calendar; their program's coordinator; outsiders."""
    owner = f.UserFactory(email=OWNER_EMAIL, phone=OWNER_PHONE, full_name="Owner Privatename")
    f.VolunteerProfileFactory(user=owner, onboarded_at=timezone.now())
    program = f.ProgramFactory()
    coordinator = f.ProgramCoordinatorFactory(program=program).person
    f.VolunteerProfileFactory(user=coordinator, onboarded_at=timezone.now())
    opportunity = f.OpportunityFactory(program=program)
    upcoming = f.ShiftFactory(opportunity=opportunity)
    started = timezone.now() - datetime.timedelta(days=1)
    past = f.ShiftFactory(opportunity=opportunity, starts_at=started, ends_at=started + datetime.timedelta(hours=2))
    signup = f.SignUpFactory(shift=upcoming, volunteer=owner)
    past_signup = f.SignUpFactory(shift=past, volunteer=owner, status=SignUpStatus.CONFIRMED)
    f.SignUpFactory(shift=past, status=SignUpStatus.CONFIRMED)  # someone else, with no hours yet
    log = f.HoursLogFactory(volunteer=owner, program=program, shift=past, date=past.starts_at.date())
    other = f.UserFactory()
    f.VolunteerProfileFactory(user=other, onboarded_at=timezone.now())
    other_coordinator = f.ProgramCoordinatorFactory().person
    f.VolunteerProfileFactory(user=other_coordinator, onboarded_at=timezone.now())
    return {
        "owner": owner, "coordinator": coordinator, "other": other, "other_coordinator": other_coordinator,
        "opportunity": opportunity, "upcoming": upcoming, "past": past, "signup": signup,
        "past_signup": past_signup, "log": log, "token": owner.volunteer_profile.calendar_token,
        "year": past.starts_at.year,
    }


# name → (kwargs from the world, who may use it): "public"; "secret" (the calendar token is the key);
# "self" (any signed-in person, about their own data); "owner" (the owner's row only);
# "coordinator" (a row of a program one coordinates); "coordinator_list" (any coordinator, own programs only).
PORTAL_URLS = {
    "volunteers:opportunity_list": (lambda w: {}, "public"),
    "volunteers:opportunity_detail": (lambda w: {"pk": w["opportunity"].pk}, "public"),
    "volunteers:shift_sign_up": (lambda w: {"pk": w["upcoming"].pk}, "self"),
    "volunteers:signup_cancel": (lambda w: {"pk": w["signup"].pk}, "owner"),
    "volunteers:my_schedule": (lambda w: {}, "self"),
    "volunteers:calendar_settings": (lambda w: {}, "self"),
    "volunteers:my_hours": (lambda w: {}, "self"),
    "volunteers:hours_log": (lambda w: {"shift_pk": w["past"].pk}, "owner"),
    "volunteers:hours_certificate": (lambda w: {"year": w["year"]}, "self"),
    "volunteers:coordinator_home": (lambda w: {}, "coordinator_list"),
    "volunteers:coordinator_shift": (lambda w: {"pk": w["past"].pk}, "coordinator"),
    "volunteers:coordinator_attendance": (lambda w: {"pk": w["past_signup"].pk}, "coordinator"),
    "volunteers:coordinator_shift_email": (lambda w: {"pk": w["past"].pk}, "coordinator"),
    "volunteers:coordinator_shift_export": (lambda w: {"pk": w["past"].pk, "fmt": "csv"}, "coordinator"),
    "volunteers:coordinator_hours": (lambda w: {}, "coordinator_list"),
    "volunteers:coordinator_hours_review": (lambda w: {"pk": w["log"].pk}, "coordinator"),
    "volunteers:coordinator_hours_export": (lambda w: {"fmt": "csv"}, "coordinator_list"),
    "profile_onboarding": (lambda w: {}, "self"),
    "profile_edit": (lambda w: {}, "self"),
    "calendar_feed": (lambda w: {"token": w["token"]}, "secret"),
}


def test_every_portal_url_is_covered():
    names = {f"volunteers:{p.name}" for p in volunteer_urls.urlpatterns if isinstance(p, URLPattern)}
    names |= {p.name for p in accounts_urls.urlpatterns}
    names.add("calendar_feed")
    assert names == set(PORTAL_URLS)


def url_of(name, world, language="en"):
    from django.utils import translation

    make_kwargs, _ = PORTAL_URLS[name]
    with translation.override(language):
        return reverse(name, kwargs=make_kwargs(world))


def private_bits(world):
    return [OWNER_EMAIL, OWNER_PHONE, "Privatename", world["token"]]


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in PORTAL_URLS.items() if who not in ("public", "secret")))
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name, method):
    url = url_of(name, world)
    response = getattr(client, method)(url)
    assert response.status_code == 302, (url, response.status_code)
    assert "/accounts/login/" in response["Location"]
    assert SignUp.objects.filter(volunteer=world["owner"]).exclude(status=SignUpStatus.CANCELLED).count() == 2


@pytest.mark.parametrize("name", sorted(PORTAL_URLS))
@pytest.mark.parametrize("outsider", ["other", "other_coordinator"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_people_see_and_change_nothing_of_the_owners(client, world, name, outsider, method):
    client.force_login(world[outsider])
    before = (
        sorted(SignUp.objects.filter(volunteer=world["owner"]).values_list("pk", "status")),
        sorted(HoursLog.objects.filter(volunteer=world["owner"]).values_list("pk", "status", "hours")),
        world["owner"].volunteer_profile.calendar_token,
    )
    response = getattr(client, method)(url_of(name, world), {"action": "reject", "reason": "x", "subject": "s",
                                                              "message": "m", "attended": "1", "hours": "2"})
    _, who = PORTAL_URLS[name]
    if who in ("owner", "coordinator") or (who == "coordinator_list" and outsider == "other"):
        assert response.status_code in (403, 404, 405), (name, response.status_code)
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    if name != "calendar_feed":  # the secret address is the owner's own by design; it shows only their shifts
        for bit in private_bits(world):
            assert bit not in body, (name, bit)
    world["owner"].volunteer_profile.refresh_from_db()
    after = (
        sorted(SignUp.objects.filter(volunteer=world["owner"]).values_list("pk", "status")),
        sorted(HoursLog.objects.filter(volunteer=world["owner"]).values_list("pk", "status", "hours")),
        world["owner"].volunteer_profile.calendar_token,
    )
    assert after == before, name


def test_the_programs_own_coordinator_does_see_the_roster(client, world):
    """The other side of the test above: the rule is not simply 'nobody sees anything'."""
    client.force_login(world["coordinator"])
    response = client.get(url_of("volunteers:coordinator_shift", world))
    assert response.status_code == 200
    assert OWNER_EMAIL in response.content.decode()


def test_a_wrong_calendar_token_is_not_found(client, world):
    assert client.get(reverse("calendar_feed", kwargs={"token": "not-" + world["token"]})).status_code == 404
