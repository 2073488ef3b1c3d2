"""The forums list and a forum's page: who sees which forums, the sector mix and its imbalance flag,
the members, meetings and published summaries, Hebrew right to left, and bounded query counts."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from impact.selectors.forums import IMBALANCE_TOLERANCE, sector_mix, sector_off_balance
from partnerships.models import FORUM_MAX_MEMBERS, MeetingStatus, Sector
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"impact:{name}", kwargs=kwargs)


def seat(forum, sector, n, start=1):
    """``n`` members of ``sector`` in seats ``start``…, each for an organisation of their own."""
    for i in range(n):
        org = f.OrganisationFactory(sector=sector)
        contact = f.OrganisationContactFactory(organisation=org)
        f.ForumMembershipFactory(forum=forum, person=contact.person, organisation=org, seat=start + i)


# ---- the rule


@pytest.mark.parametrize(
    "target,members,off",
    [
        (7, 7, False), (7, 5, False), (7, 9, False),  # within 2 seats
        (7, 4, True), (7, 10, True),  # more than 2 away
        (2, 0, True),  # empty against a target, even within 2
        (0, 0, False), (0, 2, False), (0, 3, True),
    ],
)
def test_the_imbalance_rule(target, members, off):
    assert IMBALANCE_TOLERANCE == 2
    assert sector_off_balance(target, members) is off


def test_a_forums_mix_is_flagged_when_any_sector_is_off_balance():
    forum = f.ForumFactory.build(target_government=7, target_business=6, target_nonprofit=7)
    balanced = sector_mix(forum, {Sector.GOVERNMENT: 6, Sector.BUSINESS: 6, Sector.NONPROFIT: 8})
    assert not balanced.imbalanced and balanced.reasons == []
    no_business = sector_mix(forum, {Sector.GOVERNMENT: 7, Sector.NONPROFIT: 7})
    assert no_business.imbalanced
    (reason,) = no_business.reasons
    assert "Business sector" in reason and "no member" in reason
    assert [(r.sector, r.target, r.members, r.difference) for r in no_business.rows] == [
        ("government", 7, 7, 0), ("business", 6, 0, -6), ("nonprofit", 7, 7, 0),
    ]


# ---- the list


def test_staff_see_every_forum_with_members_mix_flag_and_next_meeting(client, forums_world):
    fw = forums_world
    meeting = f.MeetingFactory(
        committee=None, forum=fw.forum, title_en="Spring meeting", starts_at=timezone.now() + 5 * DAY
    )
    f.MeetingFactory(committee=None, forum=fw.forum, title_en="Later meeting", starts_at=timezone.now() + 40 * DAY)
    f.MeetingFactory(
        committee=None, forum=fw.forum, title_en="Cancelled one", starts_at=timezone.now() + 2 * DAY,
        status=MeetingStatus.CANCELLED,
    )
    client.force_login(fw.staff)
    response = client.get(url("forum_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Volunteer retention forum" in html and "Workplace volunteering forum" in html
    rows = {r.forum.pk: r for r in response.context["rows"]}
    row = rows[fw.forum.pk]
    assert row.members_count == 2  # the former member does not count
    assert "2 of 20" in html
    assert row.next_meeting == meeting  # the soonest scheduled one, not the cancelled one
    assert "Spring meeting" in html and "Later meeting" not in html
    # 1 government, 1 business, 0 nonprofit against 7/6/7: off balance, and the reasons are shown
    assert [(s.members, s.target) for s in row.mix.rows] == [(1, 7), (1, 6), (0, 7)]
    assert row.mix.imbalanced
    assert "Off balance" in html and "Nonprofit sector: no member, for a target of 7." in html


def test_a_partner_sees_only_their_forums(client, forums_world):
    fw = forums_world
    for who in (fw.he_member, fw.en_member, fw.colleague):
        client.force_login(who)
        lang = who.preferred_language
        response = client.get(url("forum_list", lang))
        assert response.status_code == 200
        assert [r.forum for r in response.context["rows"]] == [fw.forum], who
        assert "פורום התנדבות במקום העבודה" not in response.content.decode()
        assert "Workplace volunteering forum" not in response.content.decode()


@pytest.mark.parametrize("who", ["candidate", "volunteer", "former"])
def test_people_without_a_seat_see_no_forum(client, forums_world, who):
    person = getattr(forums_world, who)
    client.force_login(person)
    response = client.get(url("forum_list", person.preferred_language))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert forums_world.forum.name_en not in response.content.decode()


def test_a_balanced_forum_is_not_flagged(client, forums_world):
    fw = forums_world
    forum = f.ForumFactory(name_en="Balanced forum", target_government=3, target_business=3, target_nonprofit=3)
    seat(forum, Sector.GOVERNMENT, 3, start=1)
    seat(forum, Sector.BUSINESS, 2, start=4)
    seat(forum, Sector.NONPROFIT, 4, start=6)
    client.force_login(fw.staff)
    response = client.get(url("forum_list"))
    row = next(r for r in response.context["rows"] if r.forum == forum)
    assert not row.mix.imbalanced and row.members_count == 9


# ---- one forum


def test_a_member_reads_the_forums_page(client, forums_world):
    fw = forums_world
    past = f.MeetingFactory(
        committee=None, forum=fw.forum, title_en="Kick-off", starts_at=timezone.now() - 10 * DAY,
        status=MeetingStatus.PUBLISHED, summary_published_at=timezone.now() - 9 * DAY,
        survey_url="https://survey.example.org/kickoff",
    )
    booklet = f.MeetingAttachmentFactory(meeting=past, kind="booklet", title="Kick-off booklet")
    f.MeetingFactory(committee=None, forum=fw.forum, title_en="Next one", starts_at=timezone.now() + 3 * DAY)
    f.MeetingFactory(
        committee=None, forum=fw.forum, title_en="A draft", starts_at=timezone.now() + 4 * DAY,
        status=MeetingStatus.DRAFT,
    )
    client.force_login(fw.en_member)
    response = client.get(url("forum_detail", forum_pk=fw.forum.pk))
    assert response.status_code == 200
    html = response.content.decode()
    # members: person, organisation, sector, seat
    assert "Ann Miller" in html and "Teva Volunteers" in html and "Business sector" in html
    assert "שירה פרץ" in html and "Ministry of Welfare" in html
    assert "Fred Former" not in html  # former members are the backbone's to see
    # the mix: chart data and its table
    chart = json.loads(response.context["mix_chart"] and json.dumps(response.context["mix_chart"]))
    assert chart["type"] == "bar" and chart["labels"] == ["Government sector", "Business sector", "Nonprofit sector"]
    assert [d["data"] for d in chart["datasets"]] == [[7, 6, 7], [1, 1, 0]]
    assert 'id="chart-forum-mix-data"' in html and 'id="table-forum-mix"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/charts.js" in html
    # meetings and the published summary with its materials (downloaded through the view)
    assert "Next one" in html and "Kick-off" in html
    assert "A draft" not in html  # drafts are the backbone's
    assert url("forum_attachment_download", forum_pk=fw.forum.pk, pk=booklet.pk) in html
    assert "Kick-off booklet" in html and "https://survey.example.org/kickoff" in html
    assert "/media/" not in html
    # no management for members
    assert url("forum_member_add", forum_pk=fw.forum.pk) not in html
    assert url("forum_meeting_create", forum_pk=fw.forum.pk) not in html


def test_staff_see_management_links_and_former_members(client, forums_world):
    fw = forums_world
    client.force_login(fw.staff)
    response = client.get(url("forum_detail", forum_pk=fw.forum.pk))
    html = response.content.decode()
    assert url("forum_member_add", forum_pk=fw.forum.pk) in html
    assert url("forum_meeting_create", forum_pk=fw.forum.pk) in html
    assert url("forum_member_remove", forum_pk=fw.forum.pk, membership_pk=fw.en_seat.pk) in html
    assert "Fred Former" in html and "1 former member" in html


def test_a_partner_gets_404_for_another_organisations_forum(client, forums_world):
    fw = forums_world
    client.force_login(fw.en_member)
    assert client.get(url("forum_detail", forum_pk=fw.other_forum.pk)).status_code == 404
    assert client.get(url("forum_detail", forum_pk=999999)).status_code == 404


def test_a_full_forum_says_so_to_staff(client, forums_world):
    fw = forums_world
    seat(fw.forum, Sector.NONPROFIT, FORUM_MAX_MEMBERS - 2, start=3)
    client.force_login(fw.staff)
    html = client.get(url("forum_detail", forum_pk=fw.forum.pk)).content.decode()
    assert "20 of 20 seats taken" in html
    assert "The forum is full: all 20 seats are taken." in html


# ---- Hebrew


def test_forum_pages_in_hebrew_are_right_to_left(client, forums_world):
    fw = forums_world
    meeting = f.MeetingFactory(
        committee=None, forum=fw.forum, title_he="מפגש פתיחה", starts_at=timezone.now() + 3 * DAY
    )
    client.force_login(fw.he_member)
    for target in (
        url("forum_list", "he"),
        url("forum_detail", "he", forum_pk=fw.forum.pk),
        url("forum_meeting_detail", "he", forum_pk=fw.forum.pk, meeting_pk=meeting.pk),
    ):
        response = client.get(target)
        assert response.status_code == 200, target
        html = response.content.decode()
        assert '<html lang="he" dir="rtl">' in html, target
        assert "פורום שימור מתנדבים" in html  # the forum's Hebrew name
    # the chart is told to draw right to left
    response = client.get(url("forum_detail", "he", forum_pk=fw.forum.pk))
    assert response.context["mix_chart"]["rtl"] is True and response.context["mix_chart"]["locale"] == "he"


def test_hebrew_wording_of_the_forums_list(client, forums_world):
    """Needs the compiled Hebrew catalogue (/tmp/i18n/forums.json)."""
    client.force_login(forums_world.he_member)
    html = client.get(url("forum_list", "he")).content.decode()
    assert "הפורומים שלך" in html
    assert "לא מאוזן" in html


# ---- query bounds


def _forums(n):
    for i in range(n):
        forum = f.ForumFactory()
        seat(forum, [Sector.GOVERNMENT, Sector.BUSINESS, Sector.NONPROFIT][i % 3], 3)
        f.MeetingFactory(committee=None, forum=forum, starts_at=timezone.now() + (i + 1) * DAY)
        f.ForumMembershipFactory(  # a seat of the partner's organisation: the partner sees it too
            forum=forum, person=f.UserFactory(), organisation=forums_partner_org(), seat=4,
        )


def forums_partner_org():
    from partnerships.models import Organisation

    return Organisation.objects.get(name_en="Teva Volunteers")


def queries_of(client, target) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(target)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who,bound", [("staff", 5), ("en_member", 6)])
def test_the_forum_list_takes_the_same_queries_for_2_or_12_forums(client, forums_world, who, bound):
    client.force_login(getattr(forums_world, who))
    _forums(2)
    small = queries_of(client, url("forum_list"))
    _forums(10)
    large = queries_of(client, url("forum_list"))
    assert small == large <= bound
    rows = client.get(url("forum_list")).context["rows"]
    assert len(rows) == (14 if who == "staff" else 13)  # the partner: their own forum and the 12 of their organisation
    assert all(r.next_meeting is not None for r in rows if r.forum.name_en.startswith("Volunteering in"))


def test_the_forum_page_takes_the_same_queries_for_5_or_20_members(client, forums_world):
    forum = f.ForumFactory()
    for i in range(3):
        m = f.MeetingFactory(
            committee=None, forum=forum, starts_at=timezone.now() - (i + 1) * 10 * DAY,
            status=MeetingStatus.PUBLISHED, summary_published_at=timezone.now(),
        )
        f.MeetingAttachmentFactory(meeting=m, kind="slides")
    f.MeetingFactory(committee=None, forum=forum, starts_at=timezone.now() + DAY)
    client.force_login(forums_world.staff)
    target = url("forum_detail", forum_pk=forum.pk)
    seat(forum, Sector.GOVERNMENT, 3, start=1)
    seat(forum, Sector.BUSINESS, 2, start=4)
    small = queries_of(client, target)
    seat(forum, Sector.NONPROFIT, 15, start=6)
    f.ForumMembershipFactory(forum=forum, seat=None, left_on=datetime.date(2025, 6, 1))
    large = queries_of(client, target)
    assert small == large <= 8
    assert len(client.get(target).context["members"]) == 20


def test_a_members_forum_page_is_bounded_too(client, forums_world):
    fw = forums_world
    client.force_login(fw.en_member)
    target = url("forum_detail", forum_pk=fw.forum.pk)
    small = queries_of(client, target)
    seat(fw.forum, Sector.NONPROFIT, 15, start=3)
    large = queries_of(client, target)
    assert small == large <= 8
