"""Benchmark the volunteer portal pages on full-scale demo data (PostgreSQL).

Uses its own database (p2g_bench_portal by default): creates it if missing, migrates it, and runs
``seed_demo --scale full`` only when it is not seeded yet (about two minutes; ``--reseed`` drops and
recreates it). The database is kept between runs. Then, in this process, with Django's test client
signed in (force_login) as the demo volunteer, the demo coordinator and the demo chair (who reads
Hebrew), it requests every page in rounds (warm-up rounds, then ``--runs`` timed rounds; each round
requests every page once, so the machine's noise falls on all pages alike) and reports per page:

- p50 and p95 of the wall time in ms (the whole response, streamed bodies read to the end),
- the ratio of its p95 to the p95 of the trivial baseline, the signed-in home page ``/en/``,
- the number of database queries of one request (CaptureQueriesContext),
- and (unless ``--no-compare-small``) the query count of the same page on a small-scale
  seed (a second database, p2g_bench_portal_small): a count that grows with the data is an N+1.

Targets (developers' guide): p95 <= 4x the baseline's p95; <= 15 queries per page, the same count
at 10x the data. A page answering anything but 200 is an ERROR; 501 (not written yet) is SKIP.

    .venv/bin/python bench/bench_portal.py [--runs 50] [--warmup 5] [--reseed] [--no-fail]
        [--no-compare-small] [--only SUBSTRING] [--show-queries SUBSTRING] [--explain]
        [--server postgres://postgres@127.0.0.1:5432] [--name p2g_bench_portal]

The queries of every page that misses a target are printed (with ``--explain``, the plan of the slowest).

Exit status 0 when every page meets both targets (or with --no-fail), 1 otherwise.
"""

import argparse
import datetime
import gc
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
MAX_RATIO = 4.0
MAX_QUERIES = 15
BASELINE = "home /en/ (baseline)"


# --- The database: create, migrate, seed (in child processes, as bench_seed.py does) ------------------------


def admin_connection(server: str):
    url = urlparse(server)
    conn = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username or "postgres",
                            password=url.password or None, dbname="postgres")
    conn.autocommit = True
    return conn


def database_ensure(server: str, name: str, *, recreate: bool) -> None:
    conn = admin_connection(server)  # autocommit: CREATE/DROP DATABASE refuse a transaction
    try:
        with conn.cursor() as cursor:
            if recreate:
                print(f"Dropping database {name}")
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                print(f"Creating database {name}")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def django_env(url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "CACHE_URL",
                                                                          "CELERY_BROKER_URL")}
    hosts = [h for h in env.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
    env.update({
        "DJANGO_SETTINGS_MODULE": "p2g.settings",
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": ",".join(dict.fromkeys([*hosts, "testserver"])),
        # DEBUG off serves static files through the manifest: collected into a folder of our own.
        "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench_portal_static"),
    })
    return env


def manage(args: list[str], env: dict, *, echo: bool = True) -> str:
    process = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if echo and process.stdout.strip():
        print("\n".join("    " + line for line in process.stdout.rstrip().splitlines()))
    if process.returncode:
        if not echo:
            print(process.stdout)
        raise SystemExit(f"manage.py {' '.join(args)} failed with exit status {process.returncode}")
    return process.stdout


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
    # A fresh bulk load has no planner statistics (autovacuum has not run yet): without them PostgreSQL
    # picks plans no running site would get. VACUUM ANALYZE is what autovacuum would do.
    conn = psycopg2.connect(url)
    conn.autocommit = True  # VACUUM refuses a transaction
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
    who: str  # key of the client: volunteer, coordinator, hebrew, anonymous
    url: str
    times: list = field(default_factory=list)
    status: int = 0
    queries: int | None = None
    captured: list = field(default_factory=list)
    small_queries: int | None = None
    small_captured: list = field(default_factory=list)  # normalised SQL of the small seed's request
    counted_ms: float = 0.0  # wall time of the request whose queries were captured
    note: str = ""


def pages_choose():
    """The subjects (people, opportunity, shift, year) and the list of pages, read from the seeded world."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from accounts.models import User
    from volunteers import permissions
    from volunteers.models import (
        HoursLog,
        HoursStatus,
        Shift,
        ShiftStatus,
        SignUp,
        SignUpStatus,
        VolunteerProfile,
    )

    emails = {"volunteer": "volunteer@p2g.example", "coordinator": "member@p2g.example",
              "hebrew": "chair@p2g.example"}
    people = {key: User.objects.filter(email=email).first() for key, email in emails.items()}
    for key in ("volunteer", "coordinator"):
        if people[key] is None:
            raise SystemExit(f"No demo user {emails[key]}: is the database seeded?")
    if people["hebrew"] is None or people["hebrew"].preferred_language != "he":
        people["hebrew"] = (User.objects.filter(preferred_language="he", is_staff=False,
                                                volunteerprofile__onboarded_at__isnull=False).order_by("pk").first())
    volunteer, coordinator = people["volunteer"], people["coordinator"]
    now = timezone.now()
    today = timezone.localdate()

    upcoming = Shift.objects.filter(status=ShiftStatus.SCHEDULED, starts_at__gt=now, opportunity__is_published=True)
    mine = (upcoming.filter(signups__volunteer=volunteer,
                            signups__status__in=(SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED))
            .order_by("starts_at").first())
    if mine is not None:
        opportunity_id, why = mine.opportunity_id, "the demo volunteer's next shift"
    else:
        busiest = (upcoming.values("opportunity_id").annotate(n=Count("pk")).order_by("-n", "opportunity_id").first())
        opportunity_id, why = (busiest or {}).get("opportunity_id", 0), "most upcoming shifts"
    upcoming_count = upcoming.filter(opportunity_id=opportunity_id).count()

    roster = (Shift.objects.filter(opportunity__program__in=permissions.coordinated_programs(coordinator))
              .annotate(n=Count("signups", filter=~Q(signups__status=SignUpStatus.CANCELLED)))
              .filter(n__gt=0).order_by("-n", "-starts_at").first())
    latest_hours = (HoursLog.objects.filter(volunteer=volunteer, status=HoursStatus.APPROVED)
                    .order_by("-date").values_list("date", flat=True).first())
    year = latest_hours.year if latest_hours else today.year
    token = (VolunteerProfile.objects.filter(user=volunteer).values_list("calendar_token", flat=True).first()
             or "missing")
    title = (upcoming.filter(opportunity_id=opportunity_id).values_list("opportunity__title_en", flat=True).first()
             or "volunteer")
    word = max(re.findall(r"[A-Za-z]{4,}", title) or ["volunteer"], key=len)
    dates = {"date_from": (today + datetime.timedelta(days=7)).isoformat(),
             "date_to": (today + datetime.timedelta(days=60)).isoformat()}
    listing = "/en/opportunities/"
    pages = [
        Page(BASELINE, "volunteer", "/en/"),
        Page("opportunities", "volunteer", listing),
        Page("opportunities ?q+dates", "volunteer", f"{listing}?{urlencode({'q': word, **dates})}",
             note=f"q={word}"),
        Page("opportunities ?page=5", "volunteer", f"{listing}?page=5"),
        Page("opportunities /he/", "hebrew" if people["hebrew"] else "anonymous", "/he/opportunities/",
             note="as " + (people["hebrew"].email if people["hebrew"] else "anonymous")),
        Page("opportunity detail", "volunteer", f"/en/opportunities/{opportunity_id}/",
             note=f"#{opportunity_id}, {upcoming_count} upcoming shifts ({why})"),
        Page("me/schedule", "volunteer", "/en/me/schedule/"),
        Page("me/hours", "volunteer", "/en/me/hours/"),
        Page("me/calendar", "volunteer", "/en/me/calendar/"),
        Page("calendar feed .ics", "anonymous", f"/calendar/{token}.ics"),
        Page(f"me/hours/certificate/{year}", "volunteer", f"/en/me/hours/certificate/{year}/"),
        Page("coordinate", "coordinator", "/en/coordinate/"),
    ]
    if roster is not None:
        pages += [
            Page("coordinate shift roster", "coordinator", f"/en/coordinate/shifts/{roster.pk}/",
                 note=f"shift #{roster.pk}, {roster.n} sign-ups"),
            Page("roster.csv", "coordinator", f"/en/coordinate/shifts/{roster.pk}/roster.csv"),
        ]
    pages += [
        Page("coordinate/hours", "coordinator", "/en/coordinate/hours/"),
        Page("hours export.xlsx", "coordinator", "/en/coordinate/hours/export.xlsx"),
    ]
    facts = {
        "volunteer": f"{volunteer.email} (#{volunteer.pk}, {SignUp.objects.filter(volunteer=volunteer).count()} "
                     f"sign-ups, {HoursLog.objects.filter(volunteer=volunteer).count()} hours entries)",
        "coordinator": f"{coordinator.email} ({permissions.coordinated_programs(coordinator).count()} programs, "
                       f"{HoursLog.objects.filter(program__in=permissions.coordinated_programs(coordinator)).count()}"
                       " hours entries in them)",
    }
    return people, pages, facts


def clients_make(people: dict) -> dict:
    from django.test import Client

    clients = {"anonymous": Client()}
    for key, user in people.items():
        if user is not None:
            clients[key] = Client()
            clients[key].force_login(user)
    return clients


def fetch(client, url: str):
    response = client.get(url)
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 - read the body, as a server would
    response.close()
    return response


def normalise(sql_text: str) -> str:
    """A query with its literal values blanked, to spot the same query run again and again (N+1)."""
    text = re.sub(r"'(?:[^']|'')*'", "?", sql_text)
    text = re.sub(r"\b\d+(?:\.\d+)?\b", "?", text)
    return re.sub(r"\(\?(?:, \?)+\)", "(?…)", text)


def queries_count(pages: list, clients: dict) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as context:
            response = fetch(clients[page.who], page.url)
        page.counted_ms = (time.perf_counter() - started) * 1000
        page.status = response.status_code
        page.queries = len(context.captured_queries)
        page.captured = list(context.captured_queries)
        if response.status_code in (301, 302):
            page.note = (page.note + "; " if page.note else "") + f"redirects to {response.get('Location')}"


def measure(pages: list, clients: dict, warmup: int, runs: int) -> None:
    live = [p for p in pages if p.status == 200]
    for round_number in range(warmup + runs):
        if round_number == warmup:
            # As a web worker does (p2g/wsgi.py): what is loaded and warmed up stays out of the collector's
            # sight, so one full collection does not decide a page's p95.
            gc.collect()
            gc.freeze()
        for page in live:
            started = time.perf_counter()
            fetch(clients[page.who], page.url)
            elapsed = (time.perf_counter() - started) * 1000
            if round_number >= warmup:
                page.times.append(elapsed)


def percentile(values: list, fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction  # linear interpolation between the closest ranks
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- The report -----------------------------------------------------------------------------------------------


def verdict(page: Page, base_p95: float | None) -> tuple[str, list[str]]:
    if page.status == 501:
        return "SKIP", ["not written yet (501)"]
    if page.status != 200:
        return "ERROR", [f"HTTP {page.status}"]
    reasons = []
    if base_p95 and percentile(page.times, 0.95) / base_p95 > MAX_RATIO:
        reasons.append(f"p95 > {MAX_RATIO:g}x baseline")
    if page.queries > MAX_QUERIES:
        reasons.append(f"{page.queries} queries > {MAX_QUERIES}")
    if page.small_queries is not None and page.queries > page.small_queries:
        reasons.append(f"queries grow with data ({page.small_queries} -> {page.queries})")
    return ("FAIL" if reasons else "PASS"), reasons


def results_table(pages: list, base_p95: float | None, verdict) -> tuple[bool, int, bool]:
    """Print one line per page (timings, ratio to the baseline, queries, verdict).

    Returns (some page failed, the label column's width, small-seed counts were compared). The
    dashboard benchmark prints its table with this too, with its own ``verdict``.
    """
    compare = any(p.small_queries is not None for p in pages)
    width = max(len(p.label) for p in pages)
    head = f"{'page':<{width}}  {'p50 ms':>7}  {'p95 ms':>7}  {'x base':>6}  {'queries':>7}"
    head += f"  {'small':>5}" if compare else ""
    print(f"\n{head}  verdict")
    print("-" * (len(head) + 10))
    failed = False
    for page in pages:
        outcome, reasons = verdict(page, base_p95)
        failed |= outcome in ("FAIL", "ERROR")
        if page.times:
            p50, p95 = percentile(page.times, 0.5), percentile(page.times, 0.95)
            ratio = f"{p95 / base_p95:6.2f}" if base_p95 else f"{'-':>6}"
            timing = f"{p50:7.1f}  {p95:7.1f}  {ratio}"
        else:
            timing = f"{'-':>7}  {'-':>7}  {'-':>6}"
        line = f"{page.label:<{width}}  {timing}  {page.queries if page.queries is not None else '-':>7}"
        if compare:
            line += f"  {page.small_queries if page.small_queries is not None else '-':>5}"
        line += f"  {outcome}" + (f" ({'; '.join(reasons)})" if reasons and outcome != "PASS" else "")
        print(line)
    return failed, width, compare


def report(pages: list, runs: int, show: str | None, explain: bool) -> bool:
    base = next((p for p in pages if p.label == BASELINE), None)
    base_p95 = percentile(base.times, 0.95) if base and base.times else None
    failed, width, compare = results_table(pages, base_p95, verdict)
    print(f"\nTargets: p95 <= {MAX_RATIO:g}x the baseline's p95 ({base_p95:.1f} ms), <= {MAX_QUERIES} queries"
          + (", no more queries than on the small seed" if compare else "") + f"; {runs} timed runs per page."
          if base_p95 else "\nNo baseline timing.")
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


def query_ms(query: dict) -> float:
    return float(query.get("time") or 0) * 1000


def queries_print(page: Page, *, explain: bool) -> None:
    sql_ms = sum(query_ms(q) for q in page.captured)
    print(f"\nQueries of {page.label} ({page.url}): {len(page.captured)}, "
          f"{sql_ms:.0f} ms in the database of that request's {page.counted_ms:.0f} ms")
    if page.small_queries is not None and len(page.captured) > page.small_queries:
        extra = Counter(normalise(q["sql"]) for q in page.captured) - Counter(page.small_captured)
        for text, times in extra.items():
            print(f"  not on the small seed ({times}x): {text[:300]}")
    repeated = Counter(normalise(q["sql"]) for q in page.captured)
    for text, times in repeated.most_common():
        if times > 1:
            print(f"  {times}x the same query: {text[:300]}")
    slowest = max(page.captured, key=query_ms, default=None)
    for number, query in enumerate(page.captured, 1):
        flag = "  <- slowest" if query is slowest else ""
        print(f"  {number:>2}. {query_ms(query):7.1f} ms  {query['sql'][:300]}{flag}")
    if explain and slowest is not None:
        explain_print(slowest["sql"])


def explain_print(sql_text: str) -> None:
    """EXPLAIN ANALYZE of a captured query (a server-side cursor's DECLARE is unwrapped first)."""
    from django.db import connection

    statement = re.sub(r"^DECLARE .*? CURSOR (?:WITH(?:OUT)? HOLD )?FOR ", "", sql_text, flags=re.S)
    if not statement.lstrip().upper().startswith("SELECT"):
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.replace("%", "%%"))
        print("  EXPLAIN ANALYZE of the slowest:")
        print("\n".join("    " + row[0] for row in cursor.fetchall()))


# --- Main -----------------------------------------------------------------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def page_key(page: Page) -> str:
    """The page's name without the parts that differ between two seeds (the certificate's year)."""
    return re.sub(r"/certificate/\d+$", "/certificate/<year>", page.label)


def small_counts(options, script: str = __file__) -> dict:
    """Query counts of every page on a small seed, from a child process (its own Django) running ``script``."""
    command = [sys.executable, script, "--server", options.server, "--name", f"{options.name}_small",
               "--scale", "small", "--queries-only"]
    if options.reseed:
        command.append("--reseed")
    process = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if process.returncode:
        print(process.stdout)
        raise SystemExit("The small-seed query count failed")
    return json.loads(process.stdout.strip().splitlines()[-1])


def run_pages_benchmark(*, description: str, name: str, runs: int, warmup: int, choose, key, script: str) -> int:
    """Parse the options, prepare the database, count queries (here and on the small seed), time, report.

    ``choose()`` returns (people, pages, facts) from the seeded world; ``key(page)`` names a page the same
    on both seeds; ``script`` is the benchmark run again, on the small seed, for its query counts.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--name", default=name)
    parser.add_argument("--scale", default="full", help=argparse.SUPPRESS)
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the database, then seed it")
    parser.add_argument("--runs", type=int, default=runs, help=f"timed requests per page (default {runs})")
    parser.add_argument("--warmup", type=int, default=warmup, help=f"untimed requests per page first (default {warmup})")
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
    people, pages, facts = choose()
    if options.only:
        pages = [p for p in pages if p.label == BASELINE or options.only in p.label]
    clients = clients_make(people)
    for page in pages:  # one request each first: the first request of a process pays for imports
        fetch(clients[page.who], page.url)
    queries_count(pages, clients)
    if options.queries_only:
        print(json.dumps({key(p): [normalise(q["sql"]) for q in p.captured] for p in pages}))
        return 0

    if options.compare_small:
        print("Query counts on a small seed (child process)…")
        small = small_counts(options, script)
        for page in pages:
            if key(page) in small:
                page.small_captured = small[key(page)]
                page.small_queries = len(page.small_captured)
    print(f"Database {url}")
    for label, text in facts.items():
        print(f"  {label}: {text}")
    print(f"Timing {len(pages)} pages: {options.warmup} warm-up + {options.runs} timed rounds…")
    started = time.monotonic()
    measure(pages, clients, options.warmup, options.runs)
    print(f"  done in {time.monotonic() - started:.1f} s")
    failed = report(pages, options.runs, options.show_queries, options.explain)
    if failed and not options.no_fail:
        return 1
    return 0


def main() -> int:
    return run_pages_benchmark(description=__doc__.splitlines()[0], name="p2g_bench_portal", runs=50, warmup=5,
                               choose=pages_choose, key=page_key, script=__file__)


if __name__ == "__main__":
    sys.exit(main())
