"""The dashboard pages and their downloads: who may open them, what they show, in both languages."""

import csv
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.selectors.dashboard import cache as dashboard_cache
from partnerships.selectors.dashboard.tables import DASHBOARD_TABLES
from tests.partnerships.test_dashboard_figures import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_dashboards():
    """Each test computes its dashboards afresh (this process keeps rendered dashboards for a while)."""
    dashboard_cache.clear_local()
    yield
    dashboard_cache.clear_local()


def url(name, lang="en", *args, query=""):
    with translation.override(lang):
        return reverse(f"partnerships:{name}", args=args) + query


@pytest.fixture
def world(workspace):
    return build_world(workspace)


def dashboard_urls(w, lang="en"):
    """The dashboard and every export of it (in the reader's own language: others redirect there)."""
    pk = w.partnership.pk
    urls = [url("dashboard", lang, pk)]
    for table in DASHBOARD_TABLES:
        for fmt in ("csv", "xlsx"):
            urls.append(url("dashboard_export", lang, pk, table, fmt, query=f"?year={w.year}"))
    return urls


# ---- who may open what ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for address in [*dashboard_urls(world), url("staff_overview"), url("staff_overview_export", "en", "csv")]:
        response = client.get(address)
        assert response.status_code == 302, address
        assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("who", ["volunteer", "other_member", "former"])
def test_outsiders_get_404_on_the_dashboard_and_every_export(client, world, who):
    client.force_login(getattr(world, who))
    for address in dashboard_urls(world):
        assert client.get(address).status_code == 404, address


def test_a_member_reads_the_dashboard_and_every_export(client, world):
    client.force_login(world.member_israel)
    for address in dashboard_urls(world, "he"):
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize("who", ["chair", "member_diaspora", "sub_member", "pro_staff", "staff"])
def test_every_member_and_staff_read_the_dashboard(client, world, who):
    person = getattr(world, who)
    client.force_login(person)
    addresses = dashboard_urls(world, person.preferred_language)
    for address in (addresses[0], addresses[1], addresses[-1]):
        assert client.get(address).status_code == 200, address


def test_unknown_table_or_format_is_404(client, world):
    client.force_login(world.co_chair)
    pk = world.partnership.pk
    assert client.get(url("dashboard_export", "en", pk, "passwords", "csv")).status_code == 404
    assert client.get(url("dashboard_export", "en", pk, "participants", "pdf")).status_code == 404


def test_a_member_cannot_use_their_partnership_to_read_another(client, world):
    client.force_login(world.other_member)
    response = client.get(url("dashboard_export", "en", world.other.pk, "participants", "csv",
                              query=f"?year={world.year}"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Employment hub" not in text and "School twinning," not in text  # only its own programs


@pytest.mark.parametrize("who", ["volunteer", "other_member", "former"])
def test_staff_overview_refuses_non_staff(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(url("staff_overview"))
    if who == "other_member":
        # a committee member is sent to their own partnership instead
        assert response.status_code == 302 and response["Location"] == url("my_partnerships")
    else:
        assert response.status_code == 403
    for fmt in ("csv", "xlsx"):
        assert client.get(url("staff_overview_export", "en", fmt)).status_code == 403


def test_a_chair_opening_the_overview_lands_on_their_dashboard(client, world):
    client.force_login(world.chair)  # reads Hebrew
    response = client.get(url("staff_overview", "he"), follow=True)
    assert response.redirect_chain[-1][0] == url("dashboard", "he", world.partnership.pk)


# ---- what the pages show -------------------------------------------------------------------------------------


def chart_specs(html: str) -> dict:
    return {
        m.group(1): json.loads(m.group(2))
        for m in re.finditer(r'<script id="(chart-[\w-]+-data)" type="application/json">(.*?)</script>', html, re.S)
    }


def test_the_dashboard_in_english_shows_the_years_figures(client, world):
    client.force_login(world.co_chair)
    html = client.get(url("dashboard", "en", world.partnership.pk, query=f"?year={world.year}")).content.decode()
    assert 'dir="ltr"' in html
    assert f"Budget of {world.year} by category" in html
    assert "30,000" in html and "19,000" in html and "8,000" in html  # totals in US dollars
    assert "No exchange rate is known for ARS" in html
    assert "68.4%" in html and "33.3%" in html  # the personal share, this year and last
    assert "On track" in html and "Behind target" in html and "No target for this year" in html
    assert "Book the hall" in html and "Send the minutes" in html
    assert "Meeting 0" in html and "Meeting 5" not in html  # the next five meetings only
    # every chart: a canvas named for screen readers, pointing to its table, drawn from JSON (no inline code)
    specs = chart_specs(html)
    assert set(specs) == {f"chart-{k}-data" for k in (
        "budget-by-category", "budget-by-source", "budget-by-program", "personal-share", "participants",
        "volunteer-hours")}
    for key in ("budget-by-category", "participants", "personal-share"):
        canvas = re.search(rf'<canvas id="chart-{key}"[^>]*>', html).group(0)
        assert 'role="img"' in canvas and "aria-label=" in canvas
        assert f'aria-describedby="table-{key}"' in canvas and 'data-rtl="false"' in canvas
        assert f'id="table-{key}"' in html
    assert specs["chart-personal-share-data"]["datasets"][0]["data"] == [33.3, 68.4]
    assert specs["chart-participants-data"]["rtl"] is False
    assert '<th scope="col"' in html and "<caption>" in html
    assert "onclick" not in html and "<script>" not in html  # the CSP allows no inline script
    assert "/static/vendor/chartjs/chart.umd.min.js" in html and "/static/js/charts.js" in html


def test_the_dashboard_in_hebrew_reads_right_to_left(client, world):
    client.force_login(world.chair)
    html = client.get(url("dashboard", "he", world.partnership.pk)).content.decode()
    assert 'dir="rtl"' in html and 'lang="he"' in html
    assert "תאומות בתי ספר" in html  # the program's Hebrew name
    assert "19,000" in html and "19000" not in html.split("<main")[1]  # thousands grouped in Hebrew too
    specs = chart_specs(html)
    assert specs and all(spec["rtl"] is True and spec["locale"] == "he" for spec in specs.values())
    assert 'data-rtl="true"' in html


def test_links_to_meetings_and_action_items(client, world):
    client.force_login(world.member_diaspora)
    html = client.get(url("dashboard", "en", world.partnership.pk)).content.decode()
    first = world.meetings[0]
    assert f'href="{url("meeting_detail", "en", world.partnership.pk, first.pk)}"' in html
    try:
        item_url = url("action_item_detail", "en", world.partnership.pk, world.overdue_open.pk)
    except Exception:  # noqa: BLE001 - the actions area may not have its page yet: the title is plain text
        item_url = None
    if item_url:
        assert f'href="{item_url}"' in html


def test_the_year_can_be_chosen_and_a_bad_year_is_no_error(client, world):
    client.force_login(world.co_chair)
    last_year = client.get(url("dashboard", "en", world.partnership.pk, query=f"?year={world.year - 1}"))
    assert f'<option value="{world.year - 1}" selected>' in last_year.content.decode()
    for bad in ("abc", "1800", "99999999999999999999", "%00"):
        response = client.get(url("dashboard", "en", world.partnership.pk, query=f"?year={bad}"))
        assert response.status_code == 200
        assert f'<option value="{world.year}" selected>' in response.content.decode()


# ---- exports ---------------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_exports_have_headers_in_the_active_language_and_typed_figures(client, world):
    client.force_login(world.co_chair)  # reads English
    pk = world.partnership.pk
    english = read_csv(client.get(url("dashboard_export", "en", pk, "participants", "csv", query=f"?year={world.year}")))
    assert english[0] == ["Program", "Participants from the Diaspora", "Participants from Israel", "All participants"]
    assert ["Employment hub", "0", "40", "40"] in english and ["School twinning", "15", "27", "42"] in english

    client.force_login(world.chair)  # reads Hebrew
    response = client.get(url("dashboard_export", "he", pk, "budget-by-category", "xlsx", query=f"?year={world.year}"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    with translation.override("he"):
        from django.utils.translation import gettext

        assert rows[0][0] == gettext("Category")
    assert re.search("[\u0590-\u05FF]", rows[0][0])  # a Hebrew heading, not the English one
    assert sheet.sheet_view.rightToLeft is True
    amounts = {row[0]: row[1:] for row in rows[1:]}
    assert len(amounts) == 2 and all(isinstance(v, (int, float)) for row in amounts.values() for v in row)
    assert sorted(float(row[1]) for row in amounts.values()) == [6000.0, 13000.0]


def test_overview_page_and_export_for_staff(client, world):
    client.force_login(world.staff)
    html = client.get(url("staff_overview", "en", query=f"?year={world.year}&sort=-approved")).content.decode()
    assert html.index(str(world.partnership.name)) < html.index(str(world.other.name))
    assert 'aria-sort="descending"' in html
    assert f'href="{url("dashboard", "en", world.partnership.pk)}?year={world.year}"' in html
    assert "Total: 2 partnerships" in html
    rows = read_csv(client.get(url("staff_overview_export", "en", "csv", query=f"?year={world.year}&sort=name")))
    assert rows[0][0] == "Partnership" and len(rows) == 3
    assert [r[0] for r in rows[1:]] == sorted([str(world.partnership.name), str(world.other.name)], key=str.casefold)


@pytest.mark.parametrize("sort", ["bogus", "-", "name,approved", "__class__", "' OR 1=1 --", "-next_meeting"])
def test_overview_bad_sort_is_the_default_order_not_an_error(client, world, sort):
    client.force_login(world.staff)
    response = client.get(url("staff_overview"), {"year": world.year, "sort": sort})
    assert response.status_code == 200


def test_overview_in_hebrew(client, world):
    world.staff.preferred_language = "he"
    world.staff.save(update_fields=["preferred_language"])
    client.force_login(world.staff)
    html = client.get(url("staff_overview", "he")).content.decode()
    assert 'dir="rtl"' in html and "ספרינגפילד – גליל עליון" in html
