"""The organisation's own area: each contact sees their organisations, their applications and their
forums, and nobody else's; an applicant sees their application before it is decided; the backbone sees
the overview (applications by status, organisations by sector, forums with their sector mix)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs or None)


def home(client, person):
    client.force_login(person)
    response = client.get(url("partner_home", person.preferred_language))
    assert response.status_code == 200
    return response


def test_a_contact_sees_their_organisation_application_and_forum(client, partners_world):
    pw = partners_world
    response = home(client, pw.contact)
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "משרד הרווחה" in html
    assert url("application_detail", "he", pk=pw.accepted.pk) in html
    assert url("forum_detail", "he", forum_pk=pw.forum.pk) in html  # the forums helper's page
    assert pw.forum.name_he in html
    # Nothing of another organisation.
    assert "Teva Volunteers" not in html and "מתנדבי טבע" not in html
    assert url("application_detail", "he", pk=pw.other_application.pk) not in html
    assert "עמותת לב חם" not in html


def test_a_colleague_sees_their_organisations_application_and_forums_through_it(client, partners_world):
    pw = partners_world
    html = home(client, pw.colleague).content.decode()
    assert url("application_detail", pk=pw.accepted.pk) in html
    assert url("forum_detail", forum_pk=pw.forum.pk) in html
    assert client.get(url("application_detail", pk=pw.accepted.pk)).status_code == 200


def test_an_applicant_sees_their_application_before_it_is_decided(client, partners_world):
    pw = partners_world
    html = home(client, pw.applicant).content.decode()
    assert "עמותת לב חם" in html
    assert url("application_detail", "he", pk=pw.pending.pk) in html
    page = client.get(url("application_detail", "he", pk=pw.pending.pk))
    assert page.status_code == 200
    assert "אנו מלווים מאות מתנדבים בדרום." in page.content.decode()
    assert url("application_accept", "he", pk=pw.pending.pk) not in page.content.decode()


def test_an_organisation_sees_only_its_own_applications(client, partners_world):
    pw = partners_world
    client.force_login(pw.other_contact)
    for application in (pw.accepted, pw.pending):
        assert client.get(url("application_detail", pk=application.pk)).status_code == 404
    assert client.get(url("application_detail", pk=pw.other_application.pk)).status_code == 200
    assert client.get(url("application_detail", pk=999999)).status_code == 404


def test_someone_with_no_part_yet_is_invited_to_apply(client, partners_world):
    html = home(client, partners_world.volunteer).content.decode()
    assert url("partner_call") in html
    assert "משרד הרווחה" not in html and "Ministry of Welfare" not in html


def test_the_report_link_shows_once_the_measurement_pages_exist(client, partners_world):
    from django.urls import NoReverseMatch

    response = home(client, partners_world.contact)
    try:
        report_url = url("report_list", "he")
    except NoReverseMatch:
        assert response.context["report_url"] == ""
    else:
        assert report_url in response.content.decode()
    # Someone with no organisation has nothing to report.
    assert home(client, partners_world.applicant).context["report_url"] == ""


def test_the_backbone_sees_the_overview(client, partners_world):
    pw = partners_world
    response = home(client, pw.staff)
    html = response.content.decode()
    statuses = {row.code: row.count for row in response.context["status_counts"]}
    assert statuses == {"submitted": 1, "accepted": 2, "declined": 0}
    sectors = {row.code: row.count for row in response.context["sector_counts"]}
    assert sectors == {"government": 2, "business": 1, "nonprofit": 0}
    row = next(r for r in response.context["forum_rows"] if r.forum == pw.forum)
    assert {s.sector: s.members for s in row.mix.rows} == {"government": 2, "business": 0, "nonprofit": 0}
    assert url("application_list") + "?status=submitted" in html
    assert url("newsletter_list") in html
    assert pw.forum.name_en in html


def test_a_contact_sees_when_each_of_their_forums_meets_next(client, partners_world):
    """The next scheduled meeting: not a cancelled one, a draft nor one already past."""
    import datetime

    from django.utils import timezone

    pw = partners_world
    now = timezone.now()
    for days, status in ((2, "cancelled"), (3, "draft"), (-1, "scheduled"), (9, "scheduled"), (30, "scheduled")):
        f.MeetingFactory(committee=None, forum=pw.forum, status=status, starts_at=now + datetime.timedelta(days=days))
    html = home(client, pw.colleague).content.decode()
    section = html[html.index('id="own-forums"'):]
    assert "Next meeting:" in section
    expected = timezone.localtime(now + datetime.timedelta(days=9)).date().isoformat()
    assert re.search(rf'<time datetime="{expected}T', section)
    assert section.count("Next meeting:") == 1


def test_the_overview_counts_current_seats_only(client, partners_world):
    import datetime

    pw = partners_world
    former = f.OrganisationFactory(sector="business")
    f.ForumMembershipFactory(forum=pw.forum, organisation=former, seat=None, left_on=datetime.date(2020, 1, 1),
                             joined_on=datetime.date(2019, 1, 1))
    response = home(client, pw.staff)
    row = next(r for r in response.context["forum_rows"] if r.forum == pw.forum)
    assert {s.sector: s.members for s in row.mix.rows} == {"government": 2, "business": 0, "nonprofit": 0}
    assert row.members_count == 2


def _more_partners(n):
    for i in range(n):
        organisation = f.OrganisationFactory()
        person = f.UserFactory(email=f"more{i}@example.org")
        f.OrganisationContactFactory(organisation=organisation, person=person)
        forum = f.ForumFactory()
        f.ForumMembershipFactory(forum=forum, person=person, organisation=organisation, seat=1)
        f.PartnerApplicationFactory(applicant=person, organisation=organisation)


@pytest.mark.parametrize("who", ["staff", "contact"])
def test_the_area_needs_the_same_queries_for_few_and_many(client, partners_world, who, django_assert_max_num_queries):
    person = getattr(partners_world, who)
    home(client, person)  # warm the session
    with django_assert_max_num_queries(20) as few:
        client.get(url("partner_home", person.preferred_language))
    _more_partners(15)
    # More organisations, applications and forums for the same contact, too.
    for _ in range(5):
        organisation = f.OrganisationFactory()
        f.OrganisationContactFactory(organisation=organisation, person=partners_world.contact)
        f.PartnerApplicationFactory(applicant=partners_world.contact, organisation=organisation)
        f.ForumMembershipFactory(forum=f.ForumFactory(), person=partners_world.contact, organisation=organisation, seat=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("partner_home", person.preferred_language))
    assert response.status_code == 200


def test_a_new_applicant_reaches_their_area_without_the_volunteer_welcome_form(client, partners_world):
    from django.contrib.auth import get_user_model

    newcomer = get_user_model().objects.create_user(
        email="newcomer@example.org", password="a-long-pass-phrase-42", preferred_language="he"
    )
    f.PartnerApplicationFactory(applicant=newcomer, contact_email=newcomer.email, organisation_name="עמותת חדשים")
    client.force_login(newcomer)
    response = client.get(url("partner_home", "he"))
    assert response.status_code == 200
    assert "עמותת חדשים" in response.content.decode()


# ---- the navigation's "Report figures": for those who report (contacts) and the backbone


def tabs_of(html: str) -> str:
    match = re.search(r'<nav class="impact-tabs".*?</nav>', html, re.S)
    assert match, "no collective-impact navigation on the page"
    return match.group(0)


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_seat_without_being_a_contact_shows_no_report_tab(client, partners_world, lang):
    """``pw.member`` sits on the forum for an organisation whose contact they are not: they read, they do not report."""
    pw = partners_world
    pw.member.preferred_language = lang
    pw.member.save(update_fields=["preferred_language"])
    client.force_login(pw.member)
    for page in (url("partner_home", lang), url("partner_call", lang)):
        response = client.get(page)
        assert response.status_code == 200
        tabs = tabs_of(response.content.decode())
        assert url("indicator_list", lang) in tabs  # still a partner: the shared agenda is theirs to read
        assert url("forum_list", lang) in tabs
        assert url("report_list", lang) not in tabs
        assert ("דיווח נתונים" if lang == "he" else "Report figures") not in tabs
    assert url("report_list", lang) not in client.get(url("partner_home", lang)).content.decode()
    # Going there anyway: told why there is nothing to report, in their language (as before).
    response = client.get(url("report_list", lang))
    assert response.status_code == 200
    text = response.content.decode()
    assert ("אינך איש/אשת קשר" if lang == "he" else "You are not a contact of a partner organisation") in text


@pytest.mark.parametrize("who", ["contact", "colleague", "other_contact", "staff"])
def test_contacts_and_the_backbone_see_the_report_tab(client, partners_world, who):
    person = getattr(partners_world, who)
    lang = person.preferred_language
    html = home(client, person).content.decode()
    tabs = tabs_of(html)
    assert url("report_list", lang) in tabs
    assert ("דיווח נתונים" if lang == "he" else "Report figures") in tabs
    assert client.get(url("report_list", lang)).status_code == 200


def test_an_applicant_with_no_organisation_sees_no_report_tab_on_their_application(client, partners_world):
    pw = partners_world
    client.force_login(pw.member)  # a partner (seat), and let them have applied too
    application = f.PartnerApplicationFactory(applicant=pw.member, organisation_name="Seat Holders", language="en")
    response = client.get(url("application_detail", pk=application.pk))
    assert response.status_code == 200
    assert url("report_list") not in tabs_of(response.content.decode())
