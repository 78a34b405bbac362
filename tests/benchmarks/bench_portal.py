"""Benchmark the portal at 1/10 and at full size of a large city — a measurement, not a test.

    .venv/bin/python tests/benchmarks/bench_portal.py                 # scales 0.1 and 1.0
    .venv/bin/python tests/benchmarks/bench_portal.py --scales 0.1    # quick look

Uses DATABASE_URL if set (it then ADDS synthetic bodies to that database and removes
them again with --replace on the next run: never point it at production), otherwise a
throwaway PostgreSQL like the tests. For each scale it runs generate_large_city, then
requests each page (one warm-up, then --repeat times, median), counts its queries and
shows whether the search plan uses the GIN index. It prints a Markdown table with the
full/tenth ratio.
"""

import argparse
import atexit
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def setup_database() -> None:
    if os.environ.get("DATABASE_URL"):
        return
    from tests import postgres

    atexit.register(postgres._stop_postgres)
    os.environ["DATABASE_URL"] = postgres._start_postgres()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
    # DEBUG stays on (no collected static manifest needed); the test client's host is allowed.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from council.models import Body, Person
    from minutes.models import Contribution, Meeting
    from minutes.portal.search import search_contributions

    call_command("migrate", verbosity=0)
    results: dict[float, dict[str, tuple[float, int]]] = {}
    facts: dict[float, dict[str, str]] = {}
    for scale in args.scales:
        started = time.perf_counter()
        call_command("generate_large_city", scale=scale, replace=True, verbosity=0)
        generated = time.perf_counter() - started
        body = Body.objects.filter(classification="SYNTHETIC").order_by("pk").first()
        meeting = Meeting.objects.filter(body=body).order_by("-date").first()
        person = Person.objects.filter(memberships__body=body).order_by("pk")[1]
        pages = {
            "home": "/",
            "list (all)": "/meetings/",
            "list (body, year)": f"/meetings/?body={body.pk}&year=2019",
            "list (page 50)": "/meetings/?page=50",
            "protocol": meeting.get_absolute_url(),
            "search 'Zuschuss'": "/search/?q=Zuschuss",
            "search 'Friedhofsgebühren'": "/search/?q=Friedhofsgebühren",
            "search 'Sondernutzungserlaubnis' (rare)": "/search/?q=Sondernutzungserlaubnis",
            "search + filters": f"/search/?q=Zuschüsse&body={body.pk}&year=2019",
            "person": f"/people/{person.pk}/",
            "RSS feed": f"/bodies/{body.pk}/feed/rss/",
        }
        client = Client()
        measured = {}
        for name, url in pages.items():
            assert client.get(url).status_code == 200, url  # warm-up
            timings = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    client.get(url)
                    timings.append(time.perf_counter() - start)
            measured[name] = (statistics.median(timings) * 1000, len(queries))
        results[scale] = measured

        from django.contrib.auth.models import AnonymousUser

        sql, params = search_contributions(AnonymousUser(), "Sondernutzungserlaubnis").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        facts[scale] = {
            "protocols": str(Meeting.objects.filter(body__classification="SYNTHETIC").count()),
            "contributions": str(Contribution.objects.filter(item__meeting__body__classification="SYNTHETIC").count()),
            "generated in": f"{generated:.0f} s",
            "matches 'Zuschuss' (common)": str(search_contributions(AnonymousUser(), "Zuschuss").count()),
            "matches 'Sondernutzungserlaubnis' (rare)": str(
                search_contributions(AnonymousUser(), "Sondernutzungserlaubnis").count()
            ),
            "search uses GIN index": "yes" if "contribution_text_search" in plan else "NO",
        }

    print(f"\nPostgreSQL {connection.pg_version // 10000}, median of {args.repeat} requests (Django test client)\n")
    header = "| page | " + " | ".join(f"scale {s}: ms (queries)" for s in args.scales)
    if len(args.scales) > 1:
        header += f" | ratio {args.scales[-1]}/{args.scales[0]}"
    print(header + " |")
    print("|" + "---|" * (header.count("|")))
    for name in results[args.scales[0]]:
        cells = [f"{results[s][name][0]:.0f} ({results[s][name][1]})" for s in args.scales]
        if len(args.scales) > 1:
            cells.append(f"{results[args.scales[-1]][name][0] / results[args.scales[0]][name][0]:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    for key in facts[args.scales[0]]:
        print(
            f"| {key} | " + " | ".join(facts[s][key] for s in args.scales) + (" | |" if len(args.scales) > 1 else " |")
        )


if __name__ == "__main__":
    main()
