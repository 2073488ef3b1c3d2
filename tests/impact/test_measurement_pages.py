"""Shared measurement's pages: what each viewer sees, the charts and their tables, exports, staff forms."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from programs.models import Indicator, IndicatorDirection, IndicatorTarget
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en", query=""):
    with translation.override(lang):
        return reverse(f"impact:{name}", args=args) + query


def page(client, user, name, *args, query=""):
    client.force_login(user)
    response = client.get(url(name, *args, lang=user.preferred_language, query=query))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The text of each cell of a table's body and foot, row by row."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = table[table.index("<tbody"):]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def main_of(html: str) -> str:
    """The page's own content, without the site's navigation."""
    return html[html.index("<main"):html.index("</main>")]


def chart_of(html: str, key: str) -> dict:
    data = re.search(rf'<script id="chart-{key}-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(data.group(1))


def number(text: str) -> Decimal | None:
    text = text.replace(",", "").replace("%", "").strip()
    return None if text in ("", "—") else Decimal(text)


# ---- the national view ------------------------------------------------------------------------------


def test_partners_see_every_forums_totals_and_no_organisations_figure(client, measure_world):
    mw = measure_world
    html = page(client, mw.other_contact, "indicator_list")
    for text in ("Volunteer retention forum", "Workplace volunteering forum", "Active volunteers", "13,086",
                 "On track", "Behind target", "Volunteer turnover"):
        assert text in html, text
    for figure in ("4,321", "8,765", "3,000", "2,500"):  # welfare's and teva's own figures
        assert figure not in html
    assert "Twinned schools" not in html  # a partnership's indicator: staff only here
    assert "every partner sees these totals" in html  # the page says who sees what


def test_staff_also_see_the_partnerships_indicators(client, measure_world):
    mw = measure_world
    html = page(client, mw.staff, "indicator_list")
    assert "Twinned schools" in html
    assert "Denver – Ashkelon" in html
    assert url("indicator_create") in html


def test_staff_read_the_partnerships_indicators_in_one_table_grouped_by_partnership(client, measure_world):
    """One row per indicator under its partnership's name, with how many are on track; each row links to the
    indicator's page, where its chart and years are (and the partnership's dashboard has its charts)."""
    mw = measure_world
    f.IndicatorTargetFactory(indicator=mw.partnership_indicator, period=mw.year, target_value=Decimal("6"))
    html = page(client, mw.staff, "indicator_list")
    table = re.search(r'<table[^>]*id="table-partnerships".*?</table>', html, re.S).group(0)
    heading = re.search(rf'<th scope="rowgroup"[^>]*id="group-partnership-{mw.partnership.pk}">(.*?)</th>', table, re.S)
    assert re.sub(r"<[^>]+>", "", heading.group(1)).split() == "Denver – Ashkelon 1 of 1 indicator on track".split()
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    assert headers[5:8] == [f"Target for {mw.year}", "Latest figure", "Year of the figure"]
    assert "Organisations reporting" not in headers
    row = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table.split("</tr>")[-2])]
    assert row[0] == "Twinned schools" and row[5:8] == ["6", "7", str(mw.last_year)] and row[-1] == "On track"
    assert f'href="{url("indicator_detail", mw.partnership_indicator.pk)}"' in table
    assert 'id="chart-partnerships-data"' not in html


def test_the_national_view_reads_names_in_the_other_language_when_one_is_missing(client, measure_world):
    mw = measure_world
    mw.down.name_he = ""
    mw.down.save()
    html = page(client, mw.he_contact, "indicator_list")
    names = [row[0] for row in table_rows(html, f"table-forum-{mw.forum.pk}")]
    assert sorted(names) == sorted(["Volunteer turnover", "מתנדבים פעילים"])


def test_the_year_can_be_chosen_and_nonsense_falls_back_to_this_year(client, measure_world):
    mw = measure_world
    html = page(client, mw.en_contact, "indicator_list", query=f"?year={mw.last_year}")
    assert table_rows(html, f"table-forum-{mw.forum.pk}")[0][5:8] == ["6,000", "5,500", str(mw.last_year)]
    html = page(client, mw.en_contact, "indicator_list", query="?year=<script>")
    assert f"Targets of {mw.year}" in html


def test_the_forum_of_the_viewers_organisation_is_marked(client, measure_world):
    mw = measure_world
    html = page(client, mw.other_contact, "indicator_list")
    section = html[html.index(f'id="group-forum-{mw.other_forum.pk}"'):]
    assert "Your forum" in section[:300]
    section = html[html.index(f'id="group-forum-{mw.forum.pk}"'):]
    assert "Your forum" not in section[:300]


def test_national_chart_shows_the_progress_column_of_its_table(client, measure_world):
    mw = measure_world
    html = page(client, mw.staff, "indicator_list")
    key = f"forum-{mw.forum.pk}"
    chart = chart_of(html, key)
    rows = table_rows(html, f"table-{key}")
    assert chart["labels"] == [row[0] for row in rows]
    assert [Decimal(str(v)) for v in chart["datasets"][0]["data"]] == [number(row[9]) for row in rows]


# ---- one indicator -----------------------------------------------------------------------------------


def test_chart_of_an_indicator_has_the_figures_of_its_table(client, measure_world):
    mw = measure_world
    html = page(client, mw.en_contact, "indicator_detail", mw.up.pk)
    chart = chart_of(html, "years")
    rows = table_rows(html, "table-years")
    assert chart["type"] == "line"
    assert chart["labels"] == [str(y) for y in range(mw.year - 3, mw.year + 1)]
    assert [row[0].split(" ")[0] for row in rows] == chart["labels"]
    target, total = chart["datasets"]
    assert [target["label"], total["label"]] == ["Target", "Total"]
    as_numbers = [None if v is None else Decimal(str(v)) for v in target["data"]]
    assert as_numbers == [number(row[1]) for row in rows]
    as_numbers = [None if v is None else Decimal(str(v)) for v in total["data"]]
    assert as_numbers == [number(row[2]) for row in rows]
    assert as_numbers == [Decimal("2000"), None, Decimal("5500"), Decimal("13086")]


def test_an_organisation_sees_its_own_figures_and_never_anothers(client, measure_world):
    mw = measure_world
    html = page(client, mw.en_contact, "indicator_detail", mw.up.pk)
    assert table_rows(html, "table-organisations") == [["Ministry of Welfare", "3,000", "4,321"]]
    assert "Teva Volunteers" not in html
    assert "8,765" not in html and "2,500" not in html
    assert "13,086" in html  # the total everybody sees
    assert url("report_list") in main_of(html)  # and where to report welfare's figures

    html = page(client, mw.he_contact, "indicator_detail", mw.up.pk)
    assert table_rows(html, "table-organisations") == [["מתנדבי טבע", "2,500", "8,765"]]
    assert "4,321" not in html and "משרד הרווחה" not in html


def test_another_forums_partner_sees_the_totals_but_no_organisation(client, measure_world):
    mw = measure_world
    html = page(client, mw.other_contact, "indicator_detail", mw.up.pk)
    assert "13,086" in html
    for hidden in ("Ministry of Welfare", "Teva Volunteers", "4,321", "8,765", 'id="organisations"'):
        assert hidden not in html
    assert url("report_list") not in main_of(html)  # their organisation reports nothing here


def test_a_seat_holder_who_is_no_contact_is_offered_no_report_link(client, measure_world):
    """``mw.seat_only`` reads the national view and the indicator, but reports for no organisation."""
    mw = measure_world
    for name, args in (("indicator_list", ()), ("indicator_detail", (mw.up.pk,))):
        html = page(client, mw.seat_only, name, *args)
        assert "13,086" in html  # the totals are theirs to read
        assert url("report_list") not in main_of(html), name


def test_staff_define_another_indicator_of_a_forum_from_its_section(client, measure_world):
    mw = measure_world
    html = page(client, mw.staff, "indicator_list")
    link = url("indicator_create") + f"?forum={mw.forum.pk}"
    assert re.search(rf'href="{re.escape(link)}">Define another indicator for this forum<span class="visually-hidden">: '
                     rf'Volunteer retention forum</span>', html)


def test_an_averaged_indicator_says_its_total_is_an_average(client, measure_world):
    from programs.models import IndicatorAggregation

    mw = measure_world
    mw.down.aggregation = IndicatorAggregation.AVERAGE
    mw.down.save()
    html = page(client, mw.en_contact, "indicator_detail", mw.down.pk)
    assert "The total of a year is the average of the figures" in html
    html = page(client, mw.en_contact, "indicator_detail", mw.up.pk)
    assert "The total of a year is the sum of the figures" in html


def test_staff_see_every_organisation_with_who_has_not_reported(client, measure_world):
    mw = measure_world
    late = f.OrganisationFactory(name_en="Late Reporters", name_he="מדווחים באיחור")
    f.ForumMembershipFactory(forum=mw.forum, organisation=late, seat=9)
    html = page(client, mw.staff, "indicator_detail", mw.up.pk)
    assert table_rows(html, "table-organisations") == [
        ["Late Reporters", "—", "—"],
        ["Ministry of Welfare", "3,000", "4,321"],
        ["Teva Volunteers", "2,500", "8,765"],
        ["Total", "5,500", "13,086"],
    ]


def test_a_partnerships_indicator_is_for_staff_only(client, measure_world):
    mw = measure_world
    client.force_login(mw.en_contact)
    assert client.get(url("indicator_detail", mw.partnership_indicator.pk)).status_code == 404
    html = page(client, mw.staff, "indicator_detail", mw.partnership_indicator.pk)
    assert "Twinned schools" in html
    assert url("indicator_figure", mw.partnership_indicator.pk, mw.last_year) in html


# ---- exports -------------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_is_the_table_of_the_page(client, measure_world):
    mw = measure_world
    client.force_login(mw.en_contact)
    rows = _csv(client.get(url("indicator_export", mw.up.pk, "years", "csv")))
    assert rows[0] == ["Year", "Target", "Total", "Organisations reporting", "Progress", "Status"]
    assert rows[-2:] == [
        [str(mw.last_year), "6000.00", "5500.00", "2", "87.5", "Behind target"],
        [str(mw.year), "12000.00", "13086.00", "2", "110.9", "On track"],
    ]
    rows = _csv(client.get(url("indicator_export", mw.up.pk, "organisations", "csv")))
    assert rows == [["Organisation", str(mw.last_year), str(mw.year)], ["Ministry of Welfare", "3000.00", "4321.00"]]


def test_the_csv_cannot_run_a_formula(client, measure_world):
    mw = measure_world
    evil = f.OrganisationFactory(name_en='=HYPERLINK("http://evil.example","x")', name_he="-2+3")
    f.ForumMembershipFactory(forum=mw.forum, organisation=evil, seat=10)
    client.force_login(mw.staff)
    rows = _csv(client.get(url("indicator_export", mw.up.pk, "organisations", "csv")))
    assert ["'=HYPERLINK(\"http://evil.example\",\"x\")", "", ""] in rows


def test_an_unknown_table_or_format_is_not_found(client, measure_world):
    mw = measure_world
    client.force_login(mw.staff)
    assert client.get(url("indicator_export", mw.up.pk, "secrets", "csv")).status_code == 404
    assert client.get(url("indicator_export", mw.up.pk, "years", "pdf")).status_code == 404


# ---- Hebrew ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["indicator_list", "indicator_detail", "report_list", "report_edit"])
def test_hebrew_pages_read_right_to_left(client, measure_world, name):
    mw = measure_world
    args = {"indicator_detail": [mw.up.pk], "report_edit": [mw.teva.pk, mw.up.pk, mw.year]}.get(name, [])
    html = page(client, mw.he_contact, name, *args)
    assert '<html lang="he" dir="rtl">' in html
    assert "מתנדבים פעילים" in html  # the indicator's Hebrew name


def test_hebrew_charts_and_tables_are_in_hebrew(client, measure_world):
    mw = measure_world
    html = page(client, mw.he_contact, "indicator_detail", mw.up.pk)
    chart = chart_of(html, "years")
    assert chart["rtl"] is True and chart["locale"] == "he"
    assert "בהתאם ליעד" in html  # "On track" (translated once the catalogue is compiled)
    html = page(client, mw.he_contact, "indicator_list")
    assert "פורום שימור מתנדבים" in html and "מדד" in html


# ---- staff define indicators and targets --------------------------------------------------------------------


def _indicator_data(mw, **changes):
    data = {
        "owner": f"forum:{mw.forum.pk}", "name_en": "Volunteer hours", "name_he": "שעות התנדבות",
        "description_en": "", "description_he": "", "unit_en": "hours", "unit_he": "שעות",
        "direction": IndicatorDirection.INCREASE, "baseline_value": "1,500.5", "baseline_year": str(mw.year - 2),
    }
    data.update(changes)
    return data


def test_staff_define_an_indicator_and_its_targets(client, measure_world):
    mw = measure_world
    client.force_login(mw.staff)
    response = client.post(url("indicator_create"), _indicator_data(mw))
    indicator = Indicator.objects.get(name_en="Volunteer hours")
    assert response.status_code == 302
    assert response["Location"] == url("indicator_detail", indicator.pk) + "#targets"
    assert (indicator.forum, indicator.name_he, indicator.baseline_value) == (mw.forum, "שעות התנדבות", Decimal("1500.5"))

    response = client.post(url("indicator_target_set", indicator.pk), {"period": mw.year, "target_value": "2000"})
    assert response.status_code == 302
    client.post(url("indicator_target_set", indicator.pk), {"period": mw.year, "target_value": "2500.25"})
    assert list(indicator.targets.values_list("period", "target_value")) == [(mw.year, Decimal("2500.25"))]

    client.post(url("indicator_target_delete", indicator.pk, mw.year))
    assert not indicator.targets.exists()


def test_a_bad_target_reshows_the_form_with_the_reason(client, measure_world):
    mw = measure_world
    client.force_login(mw.staff)
    response = client.post(url("indicator_target_set", mw.up.pk), {"period": mw.year - 3, "target_value": "12,5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write decimals with a point" in html  # "12,5" is not a number here (a comma groups thousands)
    assert 'value="12,5"' in html
    response = client.post(url("indicator_target_set", mw.up.pk), {"period": mw.year - 3, "target_value": "5"})
    assert "A target is for a year after the baseline&#x27;s" in response.content.decode()
    assert IndicatorTarget.objects.filter(indicator=mw.up).count() == 2


def test_hebrew_staff_get_their_errors_in_hebrew(client, measure_world):
    mw = measure_world
    staff = f.StaffFactory(preferred_language="he")
    f.VolunteerProfileFactory(user=staff)
    client.force_login(staff)
    response = client.post(url("indicator_create", lang="he"), _indicator_data(mw, baseline_value="אלף"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "נא להזין מספר." in html  # Django's own "Enter a number."
    assert 'value="אלף"' in html and 'value="Volunteer hours"' in html  # the form keeps what was typed
    assert not Indicator.objects.filter(name_en="Volunteer hours").exists()


def test_an_indicator_with_figures_stays_with_its_forum(client, measure_world):
    mw = measure_world
    client.force_login(mw.staff)
    data = _indicator_data(mw, owner=f"forum:{mw.other_forum.pk}", name_en="Active volunteers",
                           baseline_year=str(mw.year - 3))
    response = client.post(url("indicator_edit", mw.up.pk), data)
    assert response.status_code == 200
    assert "it stays with its forum or partnership" in response.content.decode()
    mw.up.refresh_from_db()
    assert mw.up.forum == mw.forum

    data = _indicator_data(mw, name_en="Active volunteers (people)", baseline_year=str(mw.year - 3))
    assert client.post(url("indicator_edit", mw.up.pk), data).status_code == 302
    mw.up.refresh_from_db()
    assert (mw.up.name_en, mw.up.baseline_value) == ("Active volunteers (people)", Decimal("1500.5"))


def test_the_baseline_year_stays_before_the_targets_and_figures(client, measure_world):
    mw = measure_world
    client.force_login(mw.staff)
    data = _indicator_data(mw, name_en="Active volunteers", baseline_year=str(mw.last_year))
    response = client.post(url("indicator_edit", mw.up.pk), data)
    assert response.status_code == 200
    assert "its baseline year must come before it" in response.content.decode()


def test_partners_cannot_define_or_change_indicators(client, measure_world):
    mw = measure_world
    client.force_login(mw.en_contact)
    assert client.get(url("indicator_create")).status_code == 403
    assert client.post(url("indicator_create"), _indicator_data(mw)).status_code == 403
    assert client.post(url("indicator_edit", mw.up.pk), _indicator_data(mw)).status_code == 403
    assert client.post(url("indicator_target_set", mw.up.pk), {"period": mw.year, "target_value": "1"}).status_code == 403
    assert client.post(url("indicator_target_delete", mw.up.pk, mw.year)).status_code == 403
    assert not Indicator.objects.filter(name_en="Volunteer hours").exists()
    assert mw.up.targets.count() == 2


def test_hebrew_wording_of_the_national_view(client, measure_world):
    """Passes once the Hebrew catalogue holds this area's strings (/tmp/i18n/measurement.json)."""
    mw = measure_world
    html = page(client, mw.he_contact, "indicator_list")
    assert "מערך מדידה משותף: התמונה הארצית" in html
    assert "מי רואה מה: כל השותפים רואים את הסכומים האלה." in html
    assert "הפורום שלך" in html
