"""Staff open the establishment track of a community from the pipeline: an existing community not
accompanied yet, or a new one described on the same form; a starting stage; an optional first mentor.

Bad input comes back on the form, filled in, with a sentence that says what to fix; a community has
one track at most, and a second one is refused in words, not with an error page.

The Hebrew assertions of this area's new labels pass once the lead has compiled the catalogue with
/tmp/i18n/communities.json.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from communities import services
from communities.models import Community, CommunityKind, EstablishmentTrack, Mentorship, Side, Stage
from notifications.models import Delivery, Kind
from tests import factories as f

from .conftest import person

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"communities:{name}", kwargs=kwargs)


def new_community_data(**changes):
    data = {
        "community": "",
        "name_he": "גרעין מצפה רמון",
        "name_en": "Garin Mitzpe Ramon",
        "country": "IL",
        "kind": CommunityKind.NUCLEUS,
        "time_zone": "",
        "stage": Stage.NUCLEUS,
        "started_on": "2026-01-04",
        "mentor": "",
        "mentor_email": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def staff_client(client, establishment):
    client.force_login(establishment.staff)
    return client


@pytest.fixture
def hebrew_staff_client(client, establishment):
    """Staff who read the site in Hebrew (a person is sent to the pages of their own language)."""
    client.force_login(f.StaffFactory(email="staff-he@example.org", full_name="נעמה שגיא", preferred_language="he"))
    return client


# ---- the way in


@pytest.mark.parametrize(("lang", "label"), [("en", "New community in establishment"), ("he", "קהילה חדשה בהקמה")])
def test_the_pipeline_offers_staff_the_new_community_button(establishment, lang, label, request):
    client = request.getfixturevalue("hebrew_staff_client" if lang == "he" else "staff_client")
    page = client.get(url("track_list", lang)).content.decode()
    assert f'href="{url("track_create", lang)}"' in page
    assert label in page
    assert "/admin/" not in page.split('class="pipeline-filter"')[0].split("<main")[-1]  # not the admin any more


def test_others_do_not_see_the_button(client, establishment):
    client.force_login(establishment.mentor)
    page = client.get(url("track_list", "he")).content.decode()
    assert url("track_create", "he") not in page


def test_the_form_lists_only_communities_not_yet_accompanied(staff_client, establishment):
    free = f.IsraeliCommunityFactory(name_en="Kehilat Yeruham", name_he="קהילת ירוחם")
    f.IsraeliCommunityFactory(name_en="Old Closed Community", name_he="קהילה סגורה", is_active=False)
    page = staff_client.get(url("track_create")).content.decode()
    assert f'<option value="{free.pk}">Kehilat Yeruham (Israel)</option>' in page
    assert "Garin Harish" not in page  # already accompanied
    assert "Old Closed Community" not in page
    assert 'name="name_he"' in page and 'name="name_en"' in page and 'name="started_on"' in page
    assert "None: a new community, described below" in page
    assert f'href="{url("track_list")}"' in page  # the way back


def test_the_hebrew_form_is_right_to_left_with_the_hebrew_name_first(hebrew_staff_client):
    page = hebrew_staff_client.get(url("track_create", "he")).content.decode()
    assert '<html lang="he" dir="rtl">' in page
    assert page.index('name="name_he"') < page.index('name="name_en"')
    assert "קהילה חדשה בהקמה" in page and "שלב התחלתי" in page  # this area's labels
    assert "גרעין" in page  # the stage's label (already in the catalogue)


# ---- opening a track


def test_staff_open_the_track_of_a_new_community_abroad_with_its_first_mentor(
    staff_client, establishment, django_capture_on_commit_callbacks
):
    mentor = person("yael@example.org", full_name="Yael Cohen")
    data = new_community_data(
        name_he="קהילת מינכן", name_en="Kehila Munich", country="DE", kind=CommunityKind.COMMUNITY_ABROAD,
        stage=Stage.BUILDING, mentor_email="YAEL@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("track_create"), data)
    track = EstablishmentTrack.objects.get(community__name_en="Kehila Munich")
    assert response.status_code == 302 and response["Location"] == url("track_detail", pk=track.pk)
    community = track.community
    assert (community.name_he, community.side, community.kind, community.country.code, community.time_zone) == (
        "קהילת מינכן", Side.DIASPORA, CommunityKind.COMMUNITY_ABROAD, "DE", "Europe/Berlin"
    )
    assert (track.stage, track.started_on, track.stage_changed_on) == (
        Stage.BUILDING, datetime.date(2026, 1, 4), datetime.date(2026, 1, 4)
    )
    mentorship = Mentorship.objects.get(track=track)
    assert (mentorship.mentor, mentorship.started_on, mentorship.ended_on) == (mentor, datetime.date(2026, 1, 4), None)
    assert Delivery.objects.filter(kind=Kind.MENTOR_ASSIGNED, recipient=mentor, object_id=mentorship.pk).exists()

    page = staff_client.get(response["Location"]).content.decode()
    assert "The establishment track of Kehila Munich is open at the stage “Building infrastructure”." in page
    assert "Yael Cohen now mentors this community and is told by email." in page
    assert "Yael Cohen" in page[page.index('id="mentors"') :]


def test_staff_open_the_track_of_an_existing_community_without_a_mentor(hebrew_staff_client, establishment):
    staff_client = hebrew_staff_client
    free = f.IsraeliCommunityFactory(name_en="Kehilat Yeruham", name_he="קהילת ירוחם", kind=CommunityKind.NUCLEUS)
    before = Community.objects.count()
    data = new_community_data(community=str(free.pk), name_he="", name_en="", country="", stage=Stage.NUCLEUS)
    response = staff_client.post(url("track_create", "he"), data)
    track = EstablishmentTrack.objects.get(community=free)
    assert response["Location"] == url("track_detail", "he", pk=track.pk)
    assert Community.objects.count() == before
    assert (track.stage, track.stage_changed_on, track.mentors.count()) == (Stage.NUCLEUS, None, 0)
    assert not Delivery.objects.filter(kind=Kind.MENTOR_ASSIGNED).exists()
    page = staff_client.get(response["Location"]).content.decode()
    assert "קהילת ירוחם" in page and "לא שובץ מלווה לקהילה הזו." in page  # the empty state of mentors


def test_the_new_track_appears_in_the_pipeline_in_its_stage(staff_client, establishment):
    staff_client.post(url("track_create"), new_community_data(stage=Stage.ESTABLISHED))
    page = staff_client.get(url("track_list")).content.decode()
    column = page[page.index('class="pipeline-column stage-established"') : page.index('class="pipeline-column stage-joined"')]
    assert "Garin Mitzpe Ramon" in column


def test_a_hebrew_name_alone_is_enough_and_the_country_gives_the_side_and_time_zone(hebrew_staff_client, establishment):
    hebrew_staff_client.post(url("track_create", "he"), new_community_data(name_en="", country="US"))
    community = Community.objects.get(name_he="גרעין מצפה רמון")
    assert (community.side, community.time_zone) == (Side.DIASPORA, "America/New_York")
    israeli = services.community_create(by=establishment.staff, name_en="Garin Dimona", country="IL")
    assert (israeli.side, israeli.time_zone) == (Side.ISRAEL, "Asia/Jerusalem")


# ---- one track per community


def test_a_community_with_a_track_is_refused_in_words(staff_client, establishment):
    """A form opened before someone else opened the track: the choice is refused with the reason."""
    e = establishment
    data = new_community_data(community=str(e.track.community.pk), name_he="", name_en="", country="")
    response = staff_client.post(url("track_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Garin Harish” is already accompanied: it has an establishment track." in page
    assert EstablishmentTrack.objects.filter(community=e.track.community).count() == 1


def test_the_service_refuses_a_second_track_and_the_database_would_too(establishment):
    e = establishment
    with pytest.raises(services.ValidationError) as refused:
        services.track_create(by=e.staff, community=e.track.community, started_on=datetime.date(2026, 1, 4))
    assert refused.value.message_dict == {"community": ["“Garin Harish” is already accompanied: it has an establishment track."]}
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentTrack.objects.create(community=e.track.community, started_on=datetime.date(2026, 1, 4))


def test_a_new_community_named_like_an_existing_one_is_refused(staff_client, establishment):
    f.IsraeliCommunityFactory(name_en="Kehilat Yeruham", name_he="קהילת ירוחם")
    response = staff_client.post(url("track_create"), new_community_data(name_he="", name_en="kehilat yeruham"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "A community named “Kehilat Yeruham” already exists: choose it from the list of communities instead." in page
    response = staff_client.post(url("track_create"), new_community_data(name_he="גרעין חריש", name_en=""))
    assert "“Garin Harish” is already accompanied: it has an establishment track." in response.content.decode()
    assert not EstablishmentTrack.objects.filter(community__name_en="kehilat yeruham").exists()


# ---- bad input: the form comes back, filled, with the reason


BAD = [
    ({"name_he": "", "name_en": ""}, "Choose an existing community from the list, or give the name of a new one."),
    ({"country": ""}, "Choose the country of the new community."),
    ({"country": "ZZ"}, "Select a valid choice."),
    ({"kind": "castle"}, "Select a valid choice."),
    ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
    ({"stage": Stage.JOINED}, "Select a valid choice."),
    ({"started_on": "2026-13-45"}, "Enter a valid date."),
    ({"started_on": ""}, "This field is required."),
    ({"started_on": "0202-01-04"}, "Check the year: give a date between"),
    ({"started_on": "2999-01-01"}, "The accompaniment cannot start in the future"),
    ({"name_en": "x" * 5000}, "Ensure this value has at most 200 characters"),
    ({"mentor_email": "nobody@example.org"}, "No active account has this email address."),
    ({"mentor_email": "not an address"}, "Enter a valid email address."),
    ({"mentor": "999999"}, "Select a valid choice."),
    ({"community": "abc"}, "Select a valid choice."),
]


@pytest.mark.parametrize(("changes", "message"), BAD, ids=[next(iter(c)) + str(i) for i, (c, _m) in enumerate(BAD)])
def test_bad_input_comes_back_on_the_form_filled_in(staff_client, establishment, changes, message):
    before = (Community.objects.count(), EstablishmentTrack.objects.count())
    response = staff_client.post(url("track_create"), new_community_data(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Please correct the errors below." in page
    if changes.get("name_he", None) != "":
        assert 'value="גרעין מצפה רמון"' in page  # what was typed is still there
    assert (Community.objects.count(), EstablishmentTrack.objects.count()) == before


def test_an_existing_community_and_a_new_name_together_are_refused(staff_client, establishment):
    free = f.IsraeliCommunityFactory(name_en="Kehilat Yeruham", name_he="קהילת ירוחם")
    response = staff_client.post(url("track_create"), new_community_data(community=str(free.pk)))
    assert "Choose an existing community or give the name of a new one, not both." in response.content.decode()
    assert not EstablishmentTrack.objects.filter(community=free).exists()


def test_a_mentor_who_cannot_mentor_leaves_nothing_behind(staff_client, establishment):
    """The community, the track and the mentorship are one transaction: a refused mentor undoes all three."""
    gone = person("gone@example.org", full_name="Gone Person")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with pytest.raises(services.ValidationError) as refused:
        services.track_create(
            by=establishment.staff,
            new_community={"name_en": "Garin Arad", "country": "IL"},
            started_on=datetime.date(2026, 1, 4),
            mentor=gone,
        )
    assert "mentor" in refused.value.message_dict
    assert not Community.objects.filter(name_en="Garin Arad").exists()


def test_hebrew_errors_read_in_hebrew(hebrew_staff_client, establishment):
    response = hebrew_staff_client.post(url("track_create", "he"), new_community_data(name_he="", name_en=""))
    page = response.content.decode()
    assert '<html lang="he" dir="rtl">' in page
    assert "יש לבחור קהילה קיימת מהרשימה, או לתת שם לקהילה חדשה." in page
