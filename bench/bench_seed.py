"""Benchmark ``manage.py seed_demo --scale full`` on a fresh PostgreSQL database.

Creates its own throwaway database (p2g_bench_seed by default), migrates it, runs the full seed, runs it a
second time (it must report "already seeded" and change nothing), checks a few figures of the world, prints
wall time and peak memory against the targets (at most 5 minutes, at most 2 GB) and drops the database.

    .venv/bin/python bench/bench_seed.py [--server postgres://postgres@127.0.0.1:5432] [--name p2g_bench_seed] [--keep]

Exit status 0 when both targets are met and the checks pass, 1 otherwise.
"""

import argparse
import datetime
import os
import resource
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 300
TARGET_RSS_BYTES = 2 * 1024**3


def admin_connection(server: str):
    url = urlparse(server)
    conn = psycopg2.connect(host=url.hostname, port=url.port or 5432, user=url.username or "postgres",
                            password=url.password or None, dbname="postgres")
    conn.autocommit = True
    return conn


def recreate(server: str, name: str, drop_only: bool = False) -> None:
    conn = admin_connection(server)  # not `with conn`: that would open a transaction, and DROP DATABASE refuses one
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if not drop_only:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def manage(args: list[str], env: dict) -> tuple[float, int, str]:
    """Run a manage.py command; return its wall time, its own peak RSS in bytes and its output."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:  # progress lines as they come
        print("    " + line.rstrip())
        output.append(line)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - started
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed with exit status {process.returncode}")
    return elapsed, usage.ru_maxrss * 1024, "".join(output)  # ru_maxrss is in KiB on Linux


def figures(url: str) -> dict:
    queries = {
        "partnerships": "SELECT count(*) FROM partnerships_partnership",
        "communities": "SELECT count(*) FROM communities_community",
        "committee bodies": "SELECT count(*) FROM partnerships_committee",
        "committee memberships": "SELECT count(*) FROM partnerships_membership",
        "fiscal years": "SELECT count(DISTINCT fiscal_year) FROM programs_budgetallocation",
        "volunteers": "SELECT count(*) FROM volunteers_volunteerprofile",
        "latest fiscal year": "SELECT max(fiscal_year) FROM programs_budgetallocation",
        "participants that year": "SELECT coalesce(sum(participants_diaspora + participants_israel), 0) "
                                  "FROM programs_activity WHERE extract(year FROM date) = "
                                  "(SELECT max(fiscal_year) FROM programs_budgetallocation)",
        "shifts": "SELECT count(*) FROM volunteers_shift",
        "sign-ups": "SELECT count(*) FROM volunteers_signup",
        "hours entries": "SELECT count(*) FROM volunteers_hourslog",
    }
    parsed = urlparse(url)
    with psycopg2.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                          password=parsed.password or None, dbname=parsed.path.lstrip("/")) as conn:
        with conn.cursor() as cursor:
            result = {}
            for label, query in queries.items():
                cursor.execute(query)
                result[label] = cursor.fetchone()[0]
    conn.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--name", default="p2g_bench_seed")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args()
    url = f"{options.server.rstrip('/')}/{options.name}"
    env = {**os.environ, "DATABASE_URL": url}

    print(f"Fresh database {options.name}")
    recreate(options.server, options.name)
    try:
        migrate_seconds, _, _ = manage(["migrate", "--no-input", "-v0"], env)
        print(f"  migrated in {migrate_seconds:.1f} s")
        print("seed_demo --scale full")
        seconds, rss, _ = manage(["seed_demo", "--scale", "full"], env)
        children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        print("seed_demo --scale full, a second time")
        again_seconds, _, again_output = manage(["seed_demo", "--scale", "full"], env)
        world = figures(url)
    finally:
        if not options.keep:
            recreate(options.server, options.name, drop_only=True)

    print("\nThe world:")
    for label, value in world.items():
        print(f"  {label:<24} {value:>10,}" if label != "latest fiscal year" else f"  {label:<24} {value:>10}")
    year = datetime.datetime.now(tz=zoneinfo.ZoneInfo("Asia/Jerusalem")).year
    checks = {
        "wall time <= 5 min": seconds <= TARGET_SECONDS,
        "peak RSS <= 2 GB": rss <= TARGET_RSS_BYTES,
        "second run reports already seeded": "Already seeded" in again_output,
        "46 partnerships": world["partnerships"] == 46,
        "400,000 participants in the latest fiscal year": world["participants that year"] == 400_000
        and world["latest fiscal year"] == year,
        "30 fiscal years": world["fiscal years"] == year - 1997 + 1,
    }
    print("\nResults:")
    print(f"  wall time        {seconds:8.1f} s   (target <= {TARGET_SECONDS} s)")
    print(f"  peak RSS (seed)  {rss / 1024**2:8.0f} MiB (target <= {TARGET_RSS_BYTES // 1024**2} MiB)")
    print(f"  peak RSS (RUSAGE_CHILDREN, migrate and seed) {children_rss / 1024**2:.0f} MiB")
    print(f"  second run       {again_seconds:8.1f} s")
    for label, ok in checks.items():
        print(f"  [{'ok' if ok else 'FAIL'}] {label}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
