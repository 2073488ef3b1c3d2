"""The Committee tab: roster, past members, ending-soon flags, balance warnings, forms, history, exports,
in English and Hebrew, and bounded query counts."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from communities.models import Side
from partnerships.models import Committee, Membership, MembershipRole
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def roster_url(w, lang="en"):
    return url("partnerships:committee", lang, partnership_pk=w.partnership.pk)


def page(response):
    """The page's HTML (status 200)."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def body(response):
    """The workspace's content only (without the header naming the viewer)."""
    return page(response).split('class="workspace-body"', 1)[1]


# ---- reading


def test_members_read_the_roster_without_edit_controls(client, workspace):
    w = workspace
    client.force_login(w.member_diaspora)
    html = body(client.get(roster_url(w)))
    for name in ("נועה כהן", "Rachel Goldberg", "David Stein", "יוסי לוי", "מיכל אברהם"):
        assert name in html
    assert "Michael Rosen" not in html  # a past member is on the other tab
    assert "Professional staff" in html
    assert "At least 3 members present, with at least one from each side." in html
    assert "Education subcommittee" in html
    assert url("partnerships:committee_detail", partnership_pk=w.partnership.pk, committee_pk=w.sub.pk) in html
    # read-only: no link to a change and no form to post
    assert "Add a member" not in html
    assert f"/memberships/{w.member_israel_term.pk}/end/" not in html
    assert f"/memberships/{w.member_israel_term.pk}/history/" in html
    assert 'method="post"' not in html


def test_managers_see_the_edit_controls(client, workspace):
    w = workspace
    client.force_login(w.co_chair)
    html = page(client.get(roster_url(w)))
    assert url("partnerships:committee_member_add", partnership_pk=w.partnership.pk, committee_pk=w.steering.pk) in html
    assert f"/memberships/{w.member_israel_term.pk}/end/" in html
    assert f"/memberships/{w.member_israel_term.pk}/role/" in html
    assert url("partnerships:subcommittee_create", partnership_pk=w.partnership.pk) in html


def test_past_members_are_listed_with_their_reason(client, workspace):
    w = workspace
    w.former_term.ended_reason = "Moved to Boston"
    w.former_term.save()
    client.force_login(w.member_diaspora)
    html = body(client.get(roster_url(w) + "?show=past"))
    assert "Michael Rosen" in html and "Moved to Boston" in html
    assert "David Stein" not in html
    assert "Past members (1)" in page(client.get(roster_url(w)))


def test_terms_ending_soon_are_flagged_with_their_date(client, workspace, settings):
    w = workspace
    settings.P2G_TERM_ENDING_SOON_DAYS = 90
    soon = w.today + 30 * DAY
    w.member_israel_term.term_end = soon
    w.member_israel_term.save()
    w.member_diaspora_term.term_end = w.today + 200 * DAY
    w.member_diaspora_term.save()
    client.force_login(w.member_diaspora)
    html = body(client.get(roster_url(w)))
    assert "One term ends within the next 90 days:" in html
    assert f'datetime="{soon.isoformat()}"' in html
    assert html.count("Term ends soon") == 1
    notice = html.split("committee-ending-soon")[1].split("</div>")[0]
    assert "יוסי לוי" in notice and "David Stein" not in notice


def test_a_term_starting_later_is_listed_apart_and_not_counted(client, workspace):
    w = workspace
    f.MembershipFactory(committee=w.steering, person=w.volunteer, side=Side.ISRAEL, term_start=w.today + 20 * DAY)
    client.force_login(w.co_chair)
    html = page(client.get(roster_url(w)))
    assert "Terms starting later" in html and "Daniel Levin" in html.split("Terms starting later", 1)[1]


def test_the_balance_warning_shows_on_the_page(client, workspace):
    w = workspace
    client.force_login(w.member_diaspora)
    assert "committee-balance-warning" not in page(client.get(roster_url(w)))
    for person in (f.UserFactory(), f.UserFactory()):
        f.MembershipFactory(committee=w.steering, person=person, side=Side.DIASPORA, term_start=w.today)
    html = page(client.get(roster_url(w)))
    assert "committee-balance-warning" in html
    assert "the Israel side holds 33% of the voting members, less than the 40% expected" in html


def test_the_subcommittee_page_has_the_same_roster(client, workspace):
    w = workspace
    client.force_login(w.member_diaspora)
    html = page(client.get(url("partnerships:committee_detail", partnership_pk=w.partnership.pk,
                               committee_pk=w.sub.pk)))
    assert "Education subcommittee" in html and "Sarah Klein" in html and "דוד מזרחי" in html
    assert "Balance between the sides" in html
    # the steering committee's own id leads to the Committee tab
    response = client.get(url("partnerships:committee_detail", partnership_pk=w.partnership.pk,
                              committee_pk=w.steering.pk))
    assert response.status_code == 302 and response["Location"] == roster_url(w)


def test_the_hebrew_page_reads_right_to_left(client, workspace):
    w = workspace
    client.force_login(w.member_israel)
    html = page(client.get(roster_url(w, "he")))
    assert 'dir="rtl"' in html and 'lang="he"' in html
    assert "יושב/ת ראש" in html and "התפוצות" in html and "אנשי מקצוע" in html
    assert "ועדת ההיגוי של ספרינגפילד – גליל עליון" in html  # the committee's Hebrew name
    assert "Diaspora</td>" not in html


def test_the_history_page_shows_who_changed_what(client, workspace):
    from partnerships.services import membership as services

    w = workspace
    services.membership_end(membership=w.member_israel_term, term_end=w.today, reason="Resigned", by=w.co_chair)
    client.force_login(w.member_diaspora)
    html = page(client.get(url("partnerships:membership_history", partnership_pk=w.partnership.pk,
                               membership_pk=w.member_israel_term.pk)))
    assert "Rachel Goldberg" in html  # who ended it
    assert "Term ended" in html and "Resigned" in html
    assert "/end/" not in html  # members read only


# ---- changing


def test_adding_a_member_through_the_form(client, workspace):
    w = workspace
    client.force_login(w.co_chair)
    response = client.post(
        url("partnerships:committee_member_add", partnership_pk=w.partnership.pk, committee_pk=w.steering.pk),
        {"email": w.volunteer.email, "preferred_language": "en", "role": "member", "side": "israel",
         "term_start": w.today.isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == roster_url(w)
    term = Membership.objects.get(person=w.volunteer)
    assert term.side == "israel" and term.history.get().history_user == w.co_chair
    assert "Daniel Levin was added to the committee." in page(client.get(roster_url(w)))


def test_an_overlapping_term_reshows_the_form_filled_with_the_models_message(client, workspace):
    w = workspace
    client.force_login(w.co_chair)
    response = client.post(
        url("partnerships:committee_member_add", partnership_pk=w.partnership.pk, committee_pk=w.steering.pk),
        {"email": w.member_diaspora.email, "full_name": "", "preferred_language": "en", "role": "member",
         "side": "diaspora", "term_start": (w.today + 5 * DAY).isoformat()},
    )
    html = page(response)
    assert "overlaps these dates" in html
    assert f'value="{w.member_diaspora.email}"' in html
    assert f'value="{(w.today + 5 * DAY).isoformat()}"' in html


def test_a_new_email_without_a_name_reshows_the_form_in_hebrew(client, workspace):
    w = workspace
    client.force_login(w.chair)
    response = client.post(
        url("partnerships:committee_member_add", "he", partnership_pk=w.partnership.pk, committee_pk=w.steering.pk),
        {"email": "nobody@example.org", "preferred_language": "he", "role": "member", "side": "israel",
         "term_start": "not a date"},
    )
    html = page(response)
    assert 'dir="rtl"' in html
    assert 'value="nobody@example.org"' in html
    assert not Membership.objects.filter(person__email="nobody@example.org").exists()
    response = client.post(
        url("partnerships:committee_member_add", partnership_pk=w.partnership.pk, committee_pk=w.steering.pk),
        {"email": "nobody@example.org", "preferred_language": "he", "role": "member", "side": "israel",
         "term_start": w.today.isoformat()},
    )
    html = page(response)
    assert "enter the person&#x27;s full name" in html
    assert 'value="nobody@example.org"' in html


def test_inviting_through_the_form_sends_the_email(client, workspace, mailoutbox, django_capture_on_commit_callbacks):
    w = workspace
    client.force_login(w.co_chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("partnerships:committee_member_add", partnership_pk=w.partnership.pk, committee_pk=w.steering.pk),
            {"email": "shira@example.org", "full_name": "שירה פרץ", "preferred_language": "he", "role": "member",
             "side": "israel", "term_start": w.today.isoformat()},
        )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["shira@example.org"] and "/he/accounts/password/reset/key/" in message.body
    client.force_login(w.co_chair)
    html = page(client.get(roster_url(w)))
    assert "Invitation not yet accepted" in html and "Send the invitation again" in html


def test_ending_a_term_through_the_form(client, workspace):
    w = workspace
    end_url = url("partnerships:membership_end", partnership_pk=w.partnership.pk,
                  membership_pk=w.member_israel_term.pk)
    client.force_login(w.co_chair)
    html = page(client.get(end_url))
    assert f'value="{w.today.isoformat()}"' in html  # today by default
    html = page(client.post(end_url, {"term_end": w.today.isoformat(), "reason": ""}))
    assert "This field is required." in html
    response = client.post(end_url, {"term_end": w.today.isoformat(), "reason": "Term completed"})
    assert response.status_code == 302
    w.member_israel_term.refresh_from_db()
    assert w.member_israel_term.term_end == w.today and w.member_israel_term.ended_reason == "Term completed"


def test_changing_a_role_through_the_form(client, workspace):
    w = workspace
    role_url = url("partnerships:membership_change_role", partnership_pk=w.partnership.pk,
                   membership_pk=w.member_diaspora_term.pk)
    client.force_login(w.co_chair)  # professional staff and chairs manage
    html = page(client.get(role_url))
    assert '<option value="member"' not in html  # the current role is not offered
    html = page(client.post(role_url, {"role": "co_chair", "starts_on": w.member_diaspora_term.term_start.isoformat()}))
    assert "must start after the current term began" in html
    response = client.post(role_url, {"role": "co_chair", "starts_on": w.today.isoformat(), "reason": "Elected"})
    assert response.status_code == 302
    terms = Membership.objects.filter(person=w.member_diaspora, committee=w.steering).order_by("term_start")
    assert [t.role for t in terms] == ["member", "co_chair"]


def test_creating_a_subcommittee_and_editing_it(client, workspace):
    w = workspace
    client.force_login(w.co_chair)
    create_url = url("partnerships:subcommittee_create", partnership_pk=w.partnership.pk)
    html = page(client.post(create_url, {"name_he": "ועדת תרבות", "name_en": "", "quorum_min_members": "3"}))
    assert 'value="ועדת תרבות"' in html and "This field is required." in html
    response = client.post(create_url, {"name_he": "ועדת תרבות", "name_en": "Culture", "mandate_en": "Arts",
                                        "quorum_min_members": "3", "quorum_needs_both_sides": "on"})
    sub = Committee.objects.get(name_en="Culture")
    assert response.status_code == 302 and response["Location"] == url(
        "partnerships:committee_detail", partnership_pk=w.partnership.pk, committee_pk=sub.pk)
    edit_url = url("partnerships:committee_edit", partnership_pk=w.partnership.pk, committee_pk=sub.pk)
    assert 'value="Culture"' in page(client.get(edit_url))
    response = client.post(edit_url, {"name_he": "ועדת תרבות", "name_en": "Culture and arts",
                                      "quorum_min_members": "2"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.name_en == "Culture and arts" and sub.quorum_min_members == 2 and not sub.quorum_needs_both_sides


def test_a_subcommittee_chair_manages_their_subcommittee_only(client, workspace):
    w = workspace
    client.force_login(w.sub_chair)
    pk = w.partnership.pk
    response = client.post(
        url("partnerships:committee_member_add", partnership_pk=pk, committee_pk=w.sub.pk),
        {"email": w.member_israel.email, "preferred_language": "en", "role": "member", "side": "israel",
         "term_start": w.today.isoformat()},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(committee=w.sub, person=w.member_israel).exists()
    assert client.get(url("partnerships:committee_edit", partnership_pk=pk, committee_pk=w.sub.pk)).status_code == 200
    sub_html = page(client.get(url("partnerships:committee_detail", partnership_pk=pk, committee_pk=w.sub.pk)))
    assert f"/memberships/{w.sub_member_term.pk}/end/" in sub_html
    # …and nothing of the steering committee
    steering_html = page(client.get(roster_url(w)))
    assert "Add a member" not in steering_html and "/end/" not in steering_html
    for name, kwargs in (
        ("committee_member_add", {"committee_pk": w.steering.pk}),
        ("committee_edit", {"committee_pk": w.steering.pk}),
        ("subcommittee_create", {}),
        ("membership_end", {"membership_pk": w.member_israel_term.pk}),
        ("membership_change_role", {"membership_pk": w.member_israel_term.pk}),
    ):
        assert client.get(url(f"partnerships:{name}", partnership_pk=pk, **kwargs)).status_code == 403, name
        assert client.post(url(f"partnerships:{name}", partnership_pk=pk, **kwargs), {}).status_code == 403, name


# ---- export


def test_the_roster_exports_as_csv_and_xlsx(client, workspace):
    w = workspace
    w.sub_member.preferred_language = "en"
    w.sub_member.save()
    client.force_login(w.sub_member)  # every member reads, subcommittee members too
    response = client.get(url("partnerships:committee_export", partnership_pk=w.partnership.pk,
                              committee_pk=w.steering.pk, fmt="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Name", "Email", "Side", "Role"]
    names = {r[0] for r in rows[1:]}
    assert {"נועה כהן", "Rachel Goldberg", "David Stein", "יוסי לוי", "מיכל אברהם"} == names
    past = client.get(url("partnerships:committee_export", partnership_pk=w.partnership.pk,
                          committee_pk=w.steering.pk, fmt="csv") + "?show=past").content.decode("utf-8-sig")
    assert "Michael Rosen" in past and "David Stein" not in past
    xlsx = client.get(url("partnerships:committee_export", partnership_pk=w.partnership.pk,
                          committee_pk=w.sub.pk, fmt="xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url("partnerships:committee_export", partnership_pk=w.partnership.pk,
                          committee_pk=w.sub.pk, fmt="pdf")).status_code == 404


# ---- query counts


def _grow(w, n):
    """n more current members on each committee, and n past ones, with their people."""
    for i in range(n):
        side = Side.DIASPORA if i % 2 else Side.ISRAEL
        for committee in (w.steering, w.sub):
            f.MembershipFactory(committee=committee, person=f.UserFactory(), side=side, term_start=w.today - 10 * DAY,
                                term_end=w.today + (i * 7) * DAY)
            f.MembershipFactory(committee=committee, person=f.UserFactory(), side=side,
                                term_start=w.today - 400 * DAY, term_end=w.today - 20 * DAY, ended_reason="Done")
    for _ in range(n // 4):
        sub = f.SubcommitteeFactory(partnership=w.partnership)
        f.MembershipFactory(committee=sub, person=f.UserFactory(), role=MembershipRole.CHAIR,
                            term_start=w.today - DAY)


def _pages(w):
    pk = w.partnership.pk
    term = w.member_israel_term.pk
    return [
        roster_url(w),
        roster_url(w) + "?show=past",
        url("partnerships:committee_detail", partnership_pk=pk, committee_pk=w.sub.pk),
        url("partnerships:membership_history", partnership_pk=pk, membership_pk=term),
        url("partnerships:committee_export", partnership_pk=pk, committee_pk=w.steering.pk, fmt="csv"),
        url("partnerships:committee_export", partnership_pk=pk, committee_pk=w.steering.pk, fmt="xlsx") + "?show=all",
        url("partnerships:committee_member_add", partnership_pk=pk, committee_pk=w.steering.pk),
    ]


@pytest.mark.parametrize("size", [2, 20])
def test_query_counts_do_not_grow_with_the_roster(client, workspace, django_assert_max_num_queries, size):
    w = workspace
    _grow(w, size)
    client.force_login(w.co_chair)
    for address in _pages(w):
        client.get(address)  # warm the session and caches
        with django_assert_max_num_queries(15):
            assert client.get(address).status_code == 200, address


def test_query_counts_are_equal_on_small_and_ten_times_larger_rosters(client, workspace):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = workspace
    client.force_login(w.co_chair)

    def counts():
        found = []
        for address in _pages(w):
            client.get(address)
            with CaptureQueriesContext(connection) as ctx:
                client.get(address)
            found.append(len(ctx.captured_queries))
        return found

    _grow(w, 2)
    small = counts()
    _grow(w, 18)
    assert counts() == small
