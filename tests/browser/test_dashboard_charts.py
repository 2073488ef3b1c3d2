"""In Chromium: the dashboard's charts are drawn under the real Content-Security-Policy (no inline
script), right to left in Hebrew, each with its table; both languages pass the WCAG 2.1 AA checks."""

import re

import pytest
from django.test import Client

from partnerships.selectors.dashboard import cache as dashboard_cache
from tests.partnerships.test_dashboard_figures import build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

CHARTS = ("budget-by-category", "budget-by-source", "budget-by-program", "personal-share", "participants",
          "volunteer-hours")


@pytest.fixture(autouse=True)
def _no_kept_dashboards():
    dashboard_cache.clear_local()
    yield
    dashboard_cache.clear_local()


def session_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def chart_state(page) -> dict:
    """What Chart.js made of each canvas: its direction settings and how many points it drew."""
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('canvas[data-chart]')).map((canvas) => {
            const chart = window.Chart && window.Chart.getChart(canvas);
            return [canvas.id, chart ? {
                reverse: chart.options.scales.x.reverse,
                yPosition: chart.options.scales.y.position,
                legendRtl: chart.options.plugins.legend.rtl,
                tooltipDirection: chart.options.plugins.tooltip.textDirection,
                points: chart.data.datasets.reduce((n, d) => n + d.data.length, 0),
                width: canvas.width,
            } : null];
        }))"""
    )


@pytest.mark.parametrize("lang", ["en", "he"])
def test_charts_are_drawn_under_the_csp_and_read_in_the_page_direction(
    browser, live_server, workspace, lang  # noqa: F811 - fixtures imported above
):
    w = build_world(workspace)
    reader = w.chair if lang == "he" else w.co_chair
    # A context that keeps the site's Content-Security-Policy (page_in bypasses it for axe-core).
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(live_server, reader)])
    page = context.new_page()
    violations, errors = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/{lang}/partnerships/{w.partnership.pk}/?year={w.year}")
    page.evaluate("() => document.addEventListener('securitypolicyviolation', (e) => window.__csp = e.violatedDirective)")
    page.wait_for_function("() => document.querySelectorAll('canvas[data-chart]').length > 0 && window.Chart")
    page.wait_for_load_state("networkidle")
    violations.append(page.evaluate("() => window.__csp || null"))
    state = chart_state(page)
    context.close()

    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    assert violations == [None]
    assert set(state) == {f"chart-{key}" for key in CHARTS}
    rtl = lang == "he"
    for canvas, chart in state.items():
        assert chart is not None, f"{canvas} was not drawn"
        assert chart["points"] > 0 and chart["width"] > 0
        assert chart["reverse"] is rtl
        assert chart["yPosition"] == ("right" if rtl else "left")
        assert chart["legendRtl"] is rtl and chart["tooltipDirection"] == ("rtl" if rtl else "ltr")


def test_dashboard_and_overview_are_accessible(page_in, assert_accessible, live_server, workspace):  # noqa: F811
    w = build_world(workspace)
    page = page_in()
    page.context.add_cookies([session_cookie(live_server, w.chair)])
    page.goto(f"/he/partnerships/{w.partnership.pk}/")
    page.wait_for_function("() => document.querySelectorAll('canvas[data-chart]').length > 0")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page, context="dashboard in Hebrew")

    page = page_in()
    page.context.add_cookies([session_cookie(live_server, w.co_chair)])
    page.goto(f"/en/partnerships/{w.partnership.pk}/")
    assert_accessible(page, context="dashboard in English")
    # Each chart's figures are in the table it points to.
    for key in CHARTS:
        canvas = page.locator(f"#chart-{key}")
        assert canvas.get_attribute("role") == "img"
        table = page.locator(f"#{canvas.get_attribute('aria-describedby')}")
        assert table.locator("caption").count() == 1 and table.locator("th[scope=col]").count() >= 2

    page = page_in()
    page.context.add_cookies([session_cookie(live_server, w.staff)])
    page.goto("/en/partnerships/?sort=-approved")
    assert_accessible(page, context="staff overview")
    page.get_by_role("link", name=re.compile(r"^Approved amount")).click()
    page.wait_for_url(re.compile(r"sort=approved$"))
    assert page.locator("th[aria-sort=ascending]").count() == 1
    page.get_by_role("link", name=str(w.partnership.name)).click()
    page.wait_for_url(re.compile(rf"/en/partnerships/{w.partnership.pk}/\?year=\d+$"))
