"""Benchmark the dashboards on full-scale demo data (PostgreSQL).

Uses its own database (p2g_bench_dashboard by default): creates it if missing, migrates it, and runs
``seed_demo --scale full`` only when it is not seeded yet (a few minutes; ``--reseed`` drops and
recreates it). The database is kept between runs. Then, in this process, with Django's test client
signed in (force_login) as the demo committee member (English), the demo chair (Hebrew) and the demo
staff user, it requests the pages in rounds (warm-up rounds, then ``--runs`` timed rounds; each round
requests every page once, so the machine's noise falls on all pages alike) and reports per page:

- p50 and p95 of the wall time in ms (the whole response, downloads read to the end),
- the ratio of its p95 to the p95 of the trivial baseline, the signed-in home page ``/en/``,
- the number of database queries of one request (CaptureQueriesContext),
- and (unless ``--no-compare-small``) the query count of the same page on a small-scale seed (a
  second database, p2g_bench_dashboard_small): a count that grows with the data is an N+1.

The pages:

- ``dashboard warm``: the member's partnership, this fiscal year, the same URL every round (served
  from the copy kept by partnerships/selectors/dashboard/cache.py after the first request);
- ``dashboard warm, cache off``: the same, computed and rendered every time (no kept copy): the
  figures' own speed, and the query count of a dashboard that is not in the cache;
- ``dashboard cold``: as staff, a different partnership *and* fiscal year in every round (the 46
  partnerships in turn, each with a year it has data for), so no request repeats an earlier one;
- ``dashboard /he/``: the chair's partnership in Hebrew (charts right to left);
- ``staff overview`` (this year, by name; a kept copy after the first request) and ``staff overview,
  cache off`` (last year, by approved amount, computed every time);
- the downloads: one dashboard table as XLSX and the overview as CSV.

Targets (issue 4 and the developers' guide): the warm dashboard's p95 <= 2x the baseline's p95; the
cold dashboard's p50 <= 150 ms; <= 15 queries per page, the same count at full scale as on the small
seed. A page answering anything but 200 is an ERROR.

    .venv/bin/python bench/bench_dashboard.py [--runs 50] [--warmup 5] [--reseed] [--no-fail]
        [--no-compare-small] [--scale full|small] [--only SUBSTRING] [--show-queries SUBSTRING]
        [--explain] [--server postgres://postgres@127.0.0.1:5432] [--name p2g_bench_dashboard]

The queries of every page that misses a target are printed (with ``--explain``, the plan of the slowest).
Exit status 0 when every page meets its targets (or with --no-fail), 1 otherwise.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_portal import (  # noqa: E402 - the portal benchmark's database and timing helpers
    database_ensure,
    explain_print,
    fetch,
    manage,
    normalise,
    percentile,
    query_ms,
    results_table,
)

ROOT = Path(__file__).resolve().parent.parent
MAX_RATIO = 2.0  # warm dashboard p95 against the baseline's p95
MAX_COLD_P50_MS = 150.0
MAX_QUERIES = 15
BASELINE = "home /en/ (baseline)"


def django_env(url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "CACHE_URL",
                                                                          "CELERY_BROKER_URL")}
    hosts = [h for h in env.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
    env.update({
        "DJANGO_SETTINGS_MODULE": "p2g.settings",
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": ",".join(dict.fromkeys([*hosts, "testserver"])),
        "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench_dashboard_static"),
    })
    return env


def prepare(server: str, name: str, scale: str, *, reseed: bool, quiet: bool = False) -> dict:
    url = f"{server.rstrip('/')}/{name}"
    env = django_env(url)
    database_ensure(server, name, recreate=reseed)
    started = time.monotonic()
    manage(["migrate", "--no-input", "-v0"], env)
    manage(["createcachetable", "-v0"], env)
    manage(["collectstatic", "--no-input", "-v0"], env)
    if not quiet:
        print(f"seed_demo --scale {scale} on {name} (skipped when already seeded)")
    output = manage(["seed_demo", "--scale", scale, "-v0"], env, echo=False)
    first = output.strip().splitlines()[0] if output.strip() else ""
    conn = psycopg2.connect(url)
    conn.autocommit = True  # VACUUM refuses a transaction; planner statistics for a fresh bulk load
    try:
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    if not quiet:
        print(f"    {first[:150]}")
        print(f"  database ready in {time.monotonic() - started:.1f} s")
    return env


# --- The pages ------------------------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    who: str
    urls: list  # one URL, or several to rotate through (the cold dashboard)
    target: str = ""  # "warm" (p95 <= 2x baseline), "cold" (p50 <= 150 ms) or "" (queries only)
    times: list = field(default_factory=list)
    status: int = 0
    queries: int | None = None
    captured: list = field(default_factory=list)
    small_queries: int | None = None
    small_captured: list = field(default_factory=list)
    counted_ms: float = 0.0
    note: str = ""
    turn: int = 0
    cache_off: bool = False  # request with P2G_DASHBOARD_CACHE_SECONDS = 0 (the figures computed every time)

    @property
    def url(self) -> str:
        return self.urls[0]

    def next_url(self) -> str:
        url = self.urls[self.turn % len(self.urls)]
        self.turn += 1
        return url


def pages_choose(runs: int, warmup: int):
    from django.urls import reverse
    from django.utils import translation

    from accounts.models import User
    from partnerships.models import Membership, Partnership
    from partnerships.permissions import current_q
    from partnerships.selectors.dashboard import current_fiscal_year, partnership_summary

    emails = {"member": "member@p2g.example", "hebrew": "chair@p2g.example", "staff": "staff@p2g.example"}
    people = {key: User.objects.filter(email=email).first() for key, email in emails.items()}
    for key, user in people.items():
        if user is None:
            raise SystemExit(f"No demo user {emails[key]}: is the database seeded?")

    def partnership_of(user):
        term = (Membership.objects.filter(current_q(), person=user, committee__kind="steering")
                .select_related("committee").first())
        if term is None:
            raise SystemExit(f"{user.email} sits on no steering committee")
        return term.committee.partnership_id

    year = current_fiscal_year()
    mine, chairs = partnership_of(people["member"]), partnership_of(people["hebrew"])
    with translation.override("en"):
        dashboard = reverse("partnerships:dashboard", args=[mine])
        overview = reverse("partnerships:staff_overview")
        # a different (partnership, year) in every request: the partnerships in turn, a new year each lap
        summaries = [(p.pk, partnership_summary(p).years) for p in Partnership.objects.order_by("pk")]
        needed, cold, seen, lap = runs + warmup + 2, [], set(), 0
        while len(cold) < needed and lap < 200:
            for index, (pk, years) in enumerate(summaries):
                pair = (pk, years[(index * 7 + lap * 3) % len(years)])
                if pair not in seen:
                    seen.add(pair)
                    cold.append(reverse("partnerships:dashboard", args=[pk]) + f"?year={pair[1]}")
            lap += 1
        export = reverse("partnerships:dashboard_export", args=[mine, "budget-by-program", "xlsx"])
        overview_export = reverse("partnerships:staff_overview_export", args=["csv"])
    with translation.override("he"):
        hebrew = reverse("partnerships:dashboard", args=[chairs])
    pages = [
        Page(BASELINE, "member", ["/en/"]),
        Page("dashboard warm", "member", [dashboard], target="warm", note=f"partnership #{mine}, {year}"),
        Page("dashboard warm, cache off", "member", [dashboard], cache_off=True,
             note="the same page computed and rendered every time (P2G_DASHBOARD_CACHE_SECONDS = 0)"),
        Page("dashboard cold", "staff", cold, target="cold",
             note="a different partnership and year in each request"),
        Page("dashboard /he/", "hebrew", [hebrew], target="warm", note=f"partnership #{chairs}, as the chair"),
        Page("staff overview", "staff", [overview]),
        Page("staff overview, cache off", "staff", [f"{overview}?sort=-approved&year={year - 1}"], cache_off=True,
             note="last year, by approved amount, computed every time"),
        Page("dashboard export .xlsx", "member", [f"{export}?year={year}"]),
        Page("overview export .csv", "staff", [f"{overview_export}?year={year}"]),
    ]
    return people, pages


def page_fetch(page: Page, clients: dict, url: str):
    if page.cache_off:
        from django.test.utils import override_settings

        with override_settings(P2G_DASHBOARD_CACHE_SECONDS=0):
            return fetch(clients[page.who], url)
    return fetch(clients[page.who], url)


def clients_make(people: dict) -> dict:
    from django.test import Client

    clients = {}
    for key, user in people.items():
        clients[key] = Client()
        clients[key].force_login(user)
    return clients


def queries_count(pages: list, clients: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as context:
            response = page_fetch(page, clients, page.url)
        page.counted_ms = (time.perf_counter() - started) * 1000
        page.status = response.status_code
        page.queries = len(context.captured_queries)
        page.captured = list(context.captured_queries)
        if response.status_code in (301, 302):
            page.note = (page.note + "; " if page.note else "") + f"redirects to {response.get('Location')}"


def measure(pages: list, clients: dict, warmup: int, runs: int) -> None:
    live = [p for p in pages if p.status == 200]
    for page in live:
        page.turn = 1  # the cold page's first URL was requested by queries_count
    for round_number in range(warmup + runs):
        for page in live:
            url = page.next_url()
            started = time.perf_counter()
            page_fetch(page, clients, url)
            elapsed = (time.perf_counter() - started) * 1000
            if round_number >= warmup:
                page.times.append(elapsed)


# --- The report -----------------------------------------------------------------------------------------------


def verdict(page: Page, base_p95: float | None) -> tuple[str, list[str]]:
    if page.status != 200:
        return "ERROR", [f"HTTP {page.status}"]
    reasons = []
    if page.target == "warm" and base_p95 and percentile(page.times, 0.95) / base_p95 > MAX_RATIO:
        reasons.append(f"p95 > {MAX_RATIO:g}x baseline")
    if page.target == "cold" and percentile(page.times, 0.5) > MAX_COLD_P50_MS:
        reasons.append(f"p50 > {MAX_COLD_P50_MS:g} ms")
    if page.queries > MAX_QUERIES:
        reasons.append(f"{page.queries} queries > {MAX_QUERIES}")
    if page.small_queries is not None and page.queries > page.small_queries:
        reasons.append(f"queries grow with data ({page.small_queries} -> {page.queries})")
    return ("FAIL" if reasons else "PASS"), reasons


def report(pages: list, runs: int, show: str | None, explain: bool) -> bool:
    base = next((p for p in pages if p.label == BASELINE), None)
    base_p95 = percentile(base.times, 0.95) if base and base.times else None
    failed, width, compare = results_table(pages, base_p95, verdict)
    if base_p95:
        print(f"\nTargets: the dashboards' (warm) p95 <= {MAX_RATIO:g}x the baseline's p95 ({base_p95:.1f} ms, so "
              f"<= {MAX_RATIO * base_p95:.1f} ms); the cold dashboard's p50 <= {MAX_COLD_P50_MS:g} ms; "
              f"<= {MAX_QUERIES} queries" + (", no more than on the small seed" if compare else "")
              + f"; {runs} timed runs per page.")
        for page in pages:
            if page.target and page.times:
                p50, p95 = percentile(page.times, 0.5), percentile(page.times, 0.95)
                if page.target == "warm":
                    print(f"  {page.label}: p95 / baseline p95 = {p95 / base_p95:.2f} (target <= {MAX_RATIO:g})")
                else:
                    print(f"  {page.label}: p50 / {MAX_COLD_P50_MS:g} ms = {p50 / MAX_COLD_P50_MS:.2f} (target <= 1)")
    notes = [p for p in pages if p.note]
    if notes:
        print("Subjects:")
        for page in notes:
            print(f"  {page.label:<{width}}  {page.url}  — {page.note}")
    for page in pages:
        outcome, _ = verdict(page, base_p95)
        if outcome in ("FAIL", "ERROR") or (show and show in page.label):
            queries_print(page, explain=explain)
    return failed


def queries_print(page: Page, *, explain: bool) -> None:
    sql_ms = sum(query_ms(q) for q in page.captured)
    print(f"\nQueries of {page.label} ({page.url}): {len(page.captured)}, "
          f"{sql_ms:.0f} ms in the database of that request's {page.counted_ms:.0f} ms")
    if page.small_queries is not None and len(page.captured) > page.small_queries:
        extra = Counter(normalise(q["sql"]) for q in page.captured) - Counter(page.small_captured)
        for text, times in extra.items():
            print(f"  not on the small seed ({times}x): {text[:300]}")
    slowest = max(page.captured, key=query_ms, default=None)
    for number, query in enumerate(page.captured, 1):
        flag = "  <- slowest" if query is slowest else ""
        print(f"  {number:>2}. {query_ms(query):7.1f} ms  {query['sql'][:300]}{flag}")
    if explain and slowest is not None:
        explain_print(slowest["sql"])


# --- Main -----------------------------------------------------------------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def small_counts(options) -> dict:
    """Query counts of every page on a small seed, from a child process (its own Django)."""
    command = [sys.executable, __file__, "--server", options.server, "--name", f"{options.name}_small",
               "--scale", "small", "--queries-only"]
    if options.reseed:
        command.append("--reseed")
    process = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if process.returncode:
        print(process.stdout)
        raise SystemExit("The small-seed query count failed")
    return json.loads(process.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--name", default="p2g_bench_dashboard")
    parser.add_argument("--scale", default="full", choices=("full", "small"),
                        help="the demo seed's scale (full by default; small for a quick try)")
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the database, then seed it")
    parser.add_argument("--runs", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first (default 5)")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a page misses a target")
    parser.add_argument("--no-compare-small", dest="compare_small", action="store_false",
                        help="skip the query counts on a small-scale seed")
    parser.add_argument("--only", help="measure only the pages whose label contains this (and the baseline)")
    parser.add_argument("--show-queries", metavar="SUBSTRING", help="print the queries of the pages matching this")
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE the slowest query of each page whose queries are printed")
    parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)  # for --compare-small
    options = parser.parse_args()
    if options.runs < 1 or options.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")

    url = f"{options.server.rstrip('/')}/{options.name}"
    env = prepare(options.server, options.name, options.scale, reseed=options.reseed, quiet=options.queries_only)
    django_setup(env)
    people, pages = pages_choose(options.runs, options.warmup)
    if options.only:
        pages = [p for p in pages if p.label == BASELINE or options.only in p.label]
    clients = clients_make(people)
    for page in pages:  # one request each first: the first request of a process pays for imports
        fetch(clients[page.who], page.urls[-1])
    queries_count(pages, clients)
    if options.queries_only:
        print(json.dumps({p.label: [normalise(q["sql"]) for q in p.captured] for p in pages}))
        return 0

    if options.compare_small and options.scale != "small":
        print("Query counts on a small seed (child process)…")
        small = small_counts(options)
        for page in pages:
            if page.label in small:
                page.small_captured = small[page.label]
                page.small_queries = len(page.small_captured)
    print(f"Database {url} (scale {options.scale})")
    print(f"Timing {len(pages)} pages: {options.warmup} warm-up + {options.runs} timed rounds…")
    started = time.monotonic()
    measure(pages, clients, options.warmup, options.runs)
    print(f"  done in {time.monotonic() - started:.1f} s")
    failed = report(pages, options.runs, options.show_queries, options.explain)
    if failed and not options.no_fail:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
