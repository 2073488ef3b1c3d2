"""Finding opportunities: the public list with its filters, and an opportunity's page."""

import datetime
import html
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Side
from programs.models import ProgramType
from tests import factories as f
from volunteers.models import SignUpStatus

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en", **query):
    with translation.override(lang):
        path = reverse(name, args=args)
    return path + ("?" + urlencode(query) if query else "")


def in_days(days, hour=None):
    moment = timezone.now() + datetime.timedelta(days=days)
    if hour is not None:
        moment = moment.astimezone(datetime.UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment


def opportunity(days=7, **kwargs):
    """A published opportunity with one upcoming shift ``days`` from now."""
    opp = f.OpportunityFactory(**kwargs)
    f.ShiftFactory(opportunity=opp, starts_at=in_days(days))
    return opp


def titles(response):
    """Titles of the opportunities listed on the page, in order."""
    page = response.content.decode()
    return [html.unescape(t) for t in re.findall(r'<h3 id="opportunity-\d+-title"><a [^>]*>([^<]*)</a>', page)]


def member(factory=f.UserFactory, **kwargs):
    """A signed-in volunteer who has completed the welcome form (else every page asks for it)."""
    person = factory(**kwargs)
    f.VolunteerProfileFactory(user=person, onboarded_at=timezone.now())
    return person


@pytest.fixture(autouse=True)
def _language_reset():
    yield
    translation.deactivate()  # requests leave their language active in the thread


@pytest.fixture
def volunteer(client):
    person = member(full_name="Dana Volunteer")
    client.force_login(person)
    return person


# --- The list ----------------------------------------------------------------------------------


def test_visitor_sees_the_list_with_count_program_partnership_and_places(client):
    program = f.ProgramFactory(name_en="Galilee gardens", partnership__name_en="Springfield – Galilee")
    opp = f.OpportunityFactory(
        program=program, title_en="Community garden helper", community=f.IsraeliCommunityFactory(name_en="Kfar Blum")
    )
    opp.skills_needed.add(f.SkillFactory(name_en="Gardening"))
    opp.languages.add(f.SpokenLanguageFactory(name_en="Hebrew"))
    f.ShiftFactory(opportunity=opp, capacity=3, starts_at=in_days(5))
    full = f.ShiftFactory(opportunity=opp, capacity=1, starts_at=in_days(6))
    f.SignUpFactory(shift=full)
    opportunity(title_en="Second thing")

    response = client.get(url("volunteers:opportunity_list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 opportunities" in page
    assert titles(response) == ["Community garden helper", "Second thing"]  # soonest shift first
    for text in ("Galilee gardens", "Springfield – Galilee", "Kfar Blum (Israel)", "Gardening", "Hebrew"):
        assert html.escape(text) in page
    assert "3 places left" in page
    assert "Full — waitlist" in page
    assert url("volunteers:opportunity_detail", opp.pk) in page
    assert '<label for="id_q">Search</label>' in page


def test_unpublished_past_and_cancelled_opportunities_are_not_listed(client):
    opportunity(title_en="Listed")
    opportunity(title_en="Hidden", is_published=False)
    opportunity(title_en="Past", days=-2)
    gone = f.OpportunityFactory(title_en="Called off")
    f.ShiftFactory(opportunity=gone, status="cancelled")

    assert titles(client.get(url("volunteers:opportunity_list"))) == ["Listed"]


def test_filter_by_partnership(client):
    wanted = opportunity(title_en="In ours")
    opportunity(title_en="In theirs")

    response = client.get(url("volunteers:opportunity_list", partnership=wanted.program.partnership_id))

    assert titles(response) == ["In ours"]
    assert "1 opportunity" in response.content.decode()


def test_filter_by_community_of_the_opportunity_or_of_its_program(client):
    place = f.DiasporaCommunityFactory(name_en="Boston")
    opportunity(title_en="Own community", community=place)
    program = f.ProgramFactory()
    program.communities.add(place)
    opportunity(title_en="Program community", program=program)
    opportunity(title_en="Elsewhere", community=f.DiasporaCommunityFactory())

    response = client.get(url("volunteers:opportunity_list", community=place.pk, sort="title"))

    assert titles(response) == ["Own community", "Program community"]


def test_filter_by_side(client):
    opportunity(title_en="In Israel", community=f.IsraeliCommunityFactory())
    opportunity(title_en="In the Diaspora", community=f.DiasporaCommunityFactory())

    assert titles(client.get(url("volunteers:opportunity_list", side=Side.ISRAEL))) == ["In Israel"]
    assert titles(client.get(url("volunteers:opportunity_list", side=Side.DIASPORA))) == ["In the Diaspora"]


def test_filter_by_program_type(client):
    opportunity(title_en="Exchange", program__program_type=ProgramType.PROFESSIONAL_EXCHANGE)
    opportunity(title_en="Twinning", program__program_type=ProgramType.SCHOOL_TWINNING)

    response = client.get(url("volunteers:opportunity_list", program_type=ProgramType.PROFESSIONAL_EXCHANGE))

    assert titles(response) == ["Exchange"]


def test_filter_by_skill_and_by_language(client):
    skill, language = f.SkillFactory(), f.SpokenLanguageFactory()
    with_skill = opportunity(title_en="Needs the skill")
    with_skill.skills_needed.add(skill, f.SkillFactory())
    in_language = opportunity(title_en="Spoken language")
    in_language.languages.add(language)
    opportunity(title_en="Neither")

    assert titles(client.get(url("volunteers:opportunity_list", skill=skill.pk))) == ["Needs the skill"]
    assert titles(client.get(url("volunteers:opportunity_list", language=language.pk))) == ["Spoken language"]


def test_date_range_keeps_opportunities_with_a_shift_inside_and_shows_those_shifts(client):
    soon_and_later = opportunity(title_en="Soon and later", days=2)
    later_shift = f.ShiftFactory(opportunity=soon_and_later, starts_at=in_days(20, hour=9))
    opportunity(title_en="Only soon", days=3)
    start = timezone.localdate(later_shift.starts_at) - datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=2)

    response = client.get(url("volunteers:opportunity_list", date_from=start.isoformat(), date_to=end.isoformat()))

    assert titles(response) == ["Soon and later"]
    page = response.content.decode()
    shown = re.findall(r'<time datetime="([^"]+)"', page)
    assert shown == [timezone.localtime(later_shift.starts_at).isoformat()]  # not the shift in 2 days
    assert f'value="{start.isoformat()}"' in page


def test_free_text_finds_hebrew_and_english_in_titles_descriptions_and_names(client):
    opportunity(title_en="Community garden", title_he="גינה קהילתית")
    opportunity(title_en="Choir", title_he="מקהלה", description_en="Sing with the GARDEN club")
    opportunity(title_en="Tutor", title_he="חונך", program__partnership__name_he="שותפות גינות")
    opportunity(title_en="Nothing related", title_he="משהו אחר")

    english = client.get(url("volunteers:opportunity_list", q="garden", sort="title"))
    hebrew = client.get(url("volunteers:opportunity_list", q="גינ", sort="title"))

    assert titles(english) == ["Choir", "Community garden"]
    assert titles(hebrew) == ["Community garden", "Tutor"]
    assert 'value="גינ"' in hebrew.content.decode()


def test_combined_filters_all_apply(client):
    skill = f.SkillFactory()
    program = f.ProgramFactory(program_type=ProgramType.CULTURE_ARTS)
    both = opportunity(title_en="Painting workshop", program=program)
    both.skills_needed.add(skill)
    opportunity(title_en="Painting without skill", program=program)
    other = opportunity(title_en="Painting elsewhere")
    other.skills_needed.add(skill)

    response = client.get(
        url("volunteers:opportunity_list", q="painting", program_type=ProgramType.CULTURE_ARTS, skill=skill.pk)
    )

    assert titles(response) == ["Painting workshop"]


def test_sorts_by_soonest_newest_and_title(client):
    first = opportunity(title_en="Bravo", days=9)
    second = opportunity(title_en="Alpha", days=3)
    third = opportunity(title_en="Charlie", days=6)
    assert first.created_at < second.created_at < third.created_at

    assert titles(client.get(url("volunteers:opportunity_list"))) == ["Alpha", "Charlie", "Bravo"]
    assert titles(client.get(url("volunteers:opportunity_list", sort="newest"))) == ["Charlie", "Alpha", "Bravo"]
    assert titles(client.get(url("volunteers:opportunity_list", sort="title"))) == ["Alpha", "Bravo", "Charlie"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"partnership": "999999"}, "Select a valid choice"),
        ({"community": "not-a-number"}, "Select a valid choice"),
        ({"skill": "99999999999999999999999"}, "Select a valid choice"),
        ({"side": "moon"}, "Select a valid choice"),
        ({"program_type": "<script>"}, "Select a valid choice"),
        ({"date_from": "2026-13-45"}, "Enter a valid date"),
        ({"date_from": "2026-12-10", "date_to": "2026-12-01"}, "The end date must be on or after the start date."),
        ({"sort": "price"}, "Select a valid choice"),
        ({"date_to": "9999-12-31"}, "Choose a date between 2000 and 2100."),
        ({"date_from": "0001-01-01"}, "Choose a date between 2000 and 2100."),
        ({"q": "bad\x00byte"}, "Null characters are not allowed"),
        ({"q": "x" * 101}, "Ensure this value has at most 100 characters"),
    ],
)
def test_bad_filter_values_show_the_error_and_are_ignored(client, query, error):
    opportunity(title_en="Still here")

    response = client.get(url("volunteers:opportunity_list", **query))

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "Some filters could not be used" in page
    assert titles(response) == ["Still here"]
    assert 'aria-invalid="true"' in page


def test_bad_filter_value_keeps_what_was_typed(client):
    response = client.get(url("volunteers:opportunity_list", date_from="2026-13-45", q="choir"))

    page = response.content.decode()
    assert 'value="2026-13-45"' in page
    assert 'value="choir"' in page


@pytest.mark.parametrize("page", ["abc", "0", "-3", "9999", ""])
def test_any_page_number_answers(client, page):
    for _ in range(3):
        opportunity()

    response = client.get(url("volunteers:opportunity_list", page=page))

    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_pagination_keeps_the_filters(client):
    program = f.ProgramFactory(program_type=ProgramType.MISSION)
    for n in range(23):
        opportunity(title_en=f"Mission task {n:02}", program=program)
    opportunity(title_en="Not a mission")

    first = client.get(url("volunteers:opportunity_list", program_type=ProgramType.MISSION, sort="title"))
    page = first.content.decode()
    assert "23 opportunities" in page
    assert len(titles(first)) == 20
    assert "Page 1 of 2" in page
    assert "?program_type=mission&amp;sort=title&amp;page=2" in page

    second = client.get(url("volunteers:opportunity_list", program_type=ProgramType.MISSION, sort="title", page=2))
    assert titles(second) == ["Mission task 20", "Mission task 21", "Mission task 22"]
    assert "?program_type=mission&amp;sort=title&amp;page=1" in second.content.decode()


def test_hebrew_list_is_right_to_left_with_hebrew_labels_titles_and_dates(client):
    opportunity(title_en="Garden", title_he="גינה קהילתית", days=10)

    response = client.get(url("volunteers:opportunity_list", lang="he"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in page
    assert "הזדמנויות התנדבות" in page
    assert "הזדמנות התנדבות אחת" in page
    assert "גינה קהילתית" in page
    assert "חיפוש חופשי" in page
    assert "כל השותפויות" in page
    assert "תשפ" in page  # the Hebrew year beside the Gregorian date
    assert "---------" not in page


def test_visitor_sees_times_in_the_site_zone_and_a_volunteer_in_their_own(client):
    opportunity(days=10)
    shift = f.ShiftFactory(opportunity=f.OpportunityFactory(), starts_at=in_days(12, hour=17))

    visitor = client.get(url("volunteers:opportunity_list")).content.decode()
    client.force_login(member(time_zone="America/New_York"))
    theirs = client.get(url("volunteers:opportunity_list")).content.decode()

    jerusalem = timezone.localtime(shift.starts_at, datetime.timezone(datetime.timedelta(hours=2)))
    assert f'datetime="{jerusalem.isoformat()}"' in visitor
    assert "19:00" in visitor or "7 p.m." in visitor
    new_york = shift.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
    assert f'datetime="{new_york.isoformat()}"' in theirs


def make_catalogue(count):
    """``count`` opportunities over a few programs, each with skills, languages, shifts and sign-ups."""
    skills = [f.SkillFactory() for _ in range(3)]
    languages = [f.SpokenLanguageFactory() for _ in range(2)]
    programs = [f.ProgramFactory() for _ in range(3)]
    communities = [f.IsraeliCommunityFactory(), f.DiasporaCommunityFactory()]
    people = [f.UserFactory() for _ in range(3)]
    for n in range(count):
        opp = f.OpportunityFactory(program=programs[n % 3], community=communities[n % 2])
        opp.skills_needed.add(*skills[: 1 + n % 3])
        opp.languages.add(*languages)
        for day in range(4):
            shift = f.ShiftFactory(opportunity=opp, starts_at=in_days(2 + day + n % 5), capacity=2)
            for person in people[: day % 4]:
                f.SignUpFactory(shift=shift, volunteer=person)
    return skills[0]


@pytest.mark.parametrize("count", [5, 50])
def test_list_queries_do_not_grow_with_the_number_of_opportunities(client, django_assert_max_num_queries, count):
    skill = make_catalogue(count)

    # A visitor: the page, its count, skills, languages, next shifts, and the four choice lists.
    with django_assert_max_num_queries(9):
        response = client.get(url("volunteers:opportunity_list"))
    assert len(titles(response)) == min(count, 20)

    # A volunteer, every filter used: + session, person, welcome-form check, coordinator menu,
    # and the check of the chosen skill.
    client.force_login(member(f.HebrewUserFactory))
    query = {"q": "tutor", "skill": skill.pk, "side": Side.ISRAEL, "date_from": timezone.localdate().isoformat()}
    with django_assert_max_num_queries(14):
        response = client.get(url("volunteers:opportunity_list", lang="he", **query))
    assert response.status_code == 200
    assert len(titles(response)) == min((count + 1) // 2, 20)


# --- An opportunity's page ---------------------------------------------------------------------


def test_visitor_sees_the_page_with_contact_name_but_no_email_and_a_sign_in_link(client):
    contact = f.UserFactory(full_name="Miriam Coordinator", email="miriam@example.org")
    opp = f.OpportunityFactory(
        title_en="Library volunteer",
        description_en="Shelve books with the twinned school.",
        location_en="Kiryat Shmona library",
        contact=contact,
        community=f.DiasporaCommunityFactory(name_en="Cleveland"),
    )
    opp.skills_needed.add(f.SkillFactory(name_en="Reading aloud"))
    opp.languages.add(f.SpokenLanguageFactory(name_en="English"))
    f.ShiftFactory(opportunity=opp, capacity=4, starts_at=in_days(3))
    full = f.ShiftFactory(opportunity=opp, capacity=1, starts_at=in_days(4))
    f.SignUpFactory(shift=full)
    f.SignUpFactory(shift=full, status=SignUpStatus.WAITLISTED)
    f.SignUpFactory(shift=full, status=SignUpStatus.WAITLISTED)
    f.ShiftFactory(opportunity=opp, starts_at=in_days(-1))

    response = client.get(url("volunteers:opportunity_detail", opp.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for text in ("Library volunteer", "Shelve books", "Kiryat Shmona library", "Miriam Coordinator",
                 "Cleveland (Diaspora)", "Reading aloud", "English", "4 of 4 places left",
                 "Full — waitlist", "2 people on the waitlist"):
        assert text in page
    assert "miriam@example.org" not in page
    assert page.count("<li class=\"shift") == 2  # the past shift is not shown
    login = url("account_login") + "?next=" + url("volunteers:opportunity_detail", opp.pk)
    assert html.escape(login) in page
    assert "Sign in to sign up" in page
    assert 'action="' + url("volunteers:shift_sign_up", full.pk) not in page


def test_unpublished_or_missing_opportunity_is_404(client, volunteer):
    hidden = opportunity(is_published=False)

    assert client.get(url("volunteers:opportunity_detail", hidden.pk)).status_code == 404
    assert client.get(url("volunteers:opportunity_detail", 987654)).status_code == 404


def test_volunteer_sees_sign_up_buttons_their_own_status_and_overlap_warnings(client, volunteer):
    opp = f.OpportunityFactory(title_en="Harvest")
    open_shift = f.ShiftFactory(opportunity=opp, starts_at=in_days(3, hour=8), capacity=3)
    full_shift = f.ShiftFactory(opportunity=opp, starts_at=in_days(5, hour=8), capacity=1)
    f.SignUpFactory(shift=full_shift)
    held = f.ShiftFactory(opportunity=opp, starts_at=in_days(7, hour=8))
    mine = f.SignUpFactory(shift=held, volunteer=volunteer)
    elsewhere = f.ShiftFactory(opportunity__title_en="Choir rehearsal", starts_at=in_days(3, hour=9))
    f.SignUpFactory(shift=elsewhere, volunteer=volunteer, status=SignUpStatus.WAITLISTED)

    response = client.get(url("volunteers:opportunity_detail", opp.pk))

    page = response.content.decode()
    assert 'action="' + url("volunteers:shift_sign_up", open_shift.pk) + '"' in page
    assert 'action="' + url("volunteers:shift_sign_up", full_shift.pk) + '"' in page
    assert 'action="' + url("volunteers:shift_sign_up", held.pk) + '"' not in page
    assert "Sign up for this shift" in page
    assert "Join the waitlist" in page
    assert "You have a place on this shift." in page
    assert url("volunteers:signup_cancel", mine.pk) in page
    assert "This shift overlaps a shift you signed up for:" in page
    assert page.count("overlaps a shift you signed up for") == 1
    assert "Choir rehearsal" in page
    assert "Sign in to sign up" not in page


def test_another_volunteers_sign_up_is_not_shown_as_mine(client, volunteer):
    shift = f.ShiftFactory()
    f.SignUpFactory(shift=shift, volunteer=f.UserFactory())

    page = client.get(url("volunteers:opportunity_detail", shift.opportunity_id)).content.decode()

    assert "You have a place on this shift." not in page
    assert "Cancel my sign-up" not in page
    assert "Sign up for this shift" in page


def test_hebrew_page_is_right_to_left_with_hebrew_dates_and_texts(client):
    client.force_login(member(f.HebrewUserFactory))
    shift = f.ShiftFactory(opportunity__title_he="חונכות קריאה", starts_at=in_days(10), capacity=2)

    response = client.get(url("volunteers:opportunity_detail", shift.opportunity_id, lang="he"))

    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "חונכות קריאה" in page
    assert "משמרות קרובות" in page
    assert "נותרו 2 מקומות מתוך 2" in page
    assert "הרשמה למשמרת" in page
    assert "תשפ" in page


def test_hebrew_page_for_a_visitor_offers_to_sign_in(client):
    shift = f.ShiftFactory()

    page = client.get(url("volunteers:opportunity_detail", shift.opportunity_id, lang="he")).content.decode()

    assert "כניסה לחשבון כדי להירשם" in page
    assert "/he/accounts/login/" in page


@pytest.mark.parametrize("shifts", [2, 20])
def test_page_queries_do_not_grow_with_the_number_of_shifts(client, volunteer, django_assert_max_num_queries, shifts):
    opp = f.OpportunityFactory()
    opp.skills_needed.add(f.SkillFactory(), f.SkillFactory())
    for n in range(shifts):
        shift = f.ShiftFactory(opportunity=opp, starts_at=in_days(2 + n))
        f.SignUpFactory(shift=shift, volunteer=volunteer if n % 2 else f.UserFactory())

    with django_assert_max_num_queries(9):
        response = client.get(url("volunteers:opportunity_detail", opp.pk))
    assert response.status_code == 200


def test_list_and_page_refuse_post(client):
    shift = f.ShiftFactory()

    assert client.post(url("volunteers:opportunity_list")).status_code == 405
    assert client.post(url("volunteers:opportunity_detail", shift.opportunity_id)).status_code == 405
