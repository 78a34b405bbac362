"""How fast the secretariat enters a meeting — a measurement, not a test (issue 12).

    .venv/bin/python tests/benchmarks/bench_clerk.py            # prints a Markdown table
    .venv/bin/python tests/benchmarks/bench_clerk.py --headed   # watch it (needs a display)

Starts its own server: ``manage.py runserver`` (DEBUG on, as ``make run``) on a fresh SQLite
file in a temporary folder with the demo loaded, and drives the system Chromium with
Playwright as the demo login ``sekretariat``. It enters the same meeting every time:

- the meeting is created (“Sitzung anlegen”);
- 4 attendance changes: two members excused, a late arrival, an early departure;
- an agenda of 10 items, then the deliberation: 25 contributions (each with a speaker,
  three without) and 3 decisions with votes.

It counts what a person would do: **clicks** (a click on a link, a button, a summary, a
field to put the cursor there; filling a field that already has the cursor costs no click),
**keys** (Tab, a keyboard shortcut), **full page loads** (the browser's ``load`` events:
each form post answered by a redirect and a new page counts once), **bytes** received
(headers and bodies of every response) and the **wall time** of the whole entry (machine
speed, no thinking time). Logging in is not counted.

Where the workspace offers a faster way, the script takes it (and still works without it):
the agenda pasted from the invitation (one field, preview, confirmation), the Tab key from the
speaker to the text, Ctrl+Enter to save in place, a “next item” link, the one-click arrival and
departure at the current time. So the same script measures the code
before and after a change of the user interface; README.md (“Für das Sekretariat”) has both.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import Error

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

ITEMS = [
    "Genehmigung der Niederschrift der letzten Sitzung",
    "Bericht der Verwaltung",
    "Willkommensbesuche bei Neugeborenen",
    "Interkulturelle Woche",
    "Sprachkurse für Eltern",
    "Haushalt des Integrationsbeirats",
    "Bericht aus den Arbeitsgruppen",
    "Integrationspreis",
    "Termine",
    "Verschiedenes",
]
# contributions per item (25 in all) and the items with a decision (by index)
CONTRIBUTIONS_PER_ITEM = [1, 4, 4, 3, 3, 3, 2, 2, 2, 1]
DECISION_ITEMS = {0, 5, 7}
SPEAKERS = ["Herr Seigfried", "Frau Duczkowska", "Herr Soylu", "Frau Müller", "Herr Kasdorf", ""]
EXCUSED = ["Herr Gündüz", "Frau Üstü"]
ARRIVES_LATE = "Herr Manay"
LEAVES_EARLY = "Frau Seyfang"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """runserver on its own SQLite file with the demo, in a temporary folder."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "PROTOCOL_FILES_ROOT": str(folder / "protocol-files"),
            "CACHE_DIR": str(folder / "cache"),
            "DEBUG": "true",
        }
        self.env.pop("REDIS_URL", None)
        self.process = None

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def start(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage("load_demo")
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urlopen(self.url + "/login/", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("runserver did not answer within 60 s")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)


@dataclass
class Counts:
    clicks: int = 0
    keys: int = 0
    loads: int = 0
    bytes: int = 0
    seconds: float = 0.0


class Clerk:
    """The secretariat at the keyboard: every click and key counted."""

    def __init__(self, page, counts: Counts):
        self.page = page
        self.counts = counts
        page.on("load", lambda _page: self._loaded())
        page.on("requestfinished", self._received)
        page.on("dialog", lambda dialog: dialog.accept())
        self.counting = False

    def _loaded(self):
        if self.counting:
            self.counts.loads += 1

    def _received(self, request):
        if not self.counting:
            return
        try:
            sizes = request.sizes()
        except Error:  # the browser closed meanwhile
            return
        self.counts.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def click(self, locator) -> None:
        self.counts.clicks += 1
        locator.click()

    def press(self, key: str) -> None:
        self.counts.keys += 1
        self.page.keyboard.press(key)

    def focused(self, locator) -> bool:
        return locator.count() == 1 and locator.evaluate("el => el === document.activeElement")

    def fill(self, locator, text: str, *, tab: bool = False) -> None:
        """Type into a field: with Tab first if asked; a click only if the cursor is elsewhere."""
        if tab:
            self.press("Tab")
        if not self.focused(locator):
            self.click(locator)
        locator.fill(text)

    def select(self, locator, label: str) -> None:
        self.counts.clicks += 1
        locator.select_option(label=label)

    def wait_idle(self) -> None:
        self.page.wait_for_load_state("load")


def log_in(page, url: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", "sekretariat")
    page.fill("input[name=password]", "demo")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("button", name="Abmelden").wait_for()


def attendance_changes(clerk: Clerk, *, live: bool) -> None:
    """Two excused on the attendance page; the late arrival and the early departure there too,
    unless the item page has a live mode (then during the deliberation, at the current time)."""
    page = clerk.page
    for name in EXCUSED:
        row = page.locator(f'li[data-person="{name}"]')
        clerk.click(row.get_by_role("button", name="Entschuldigt"))
        row.locator(".badge", has_text="Entschuldigt").wait_for()
    if live:
        return
    for name, label, time_text in ((ARRIVES_LATE, "Gekommen", "17:45"), (LEAVES_EARLY, "Gegangen", "19:10")):
        row = page.locator(f'li[data-person="{name}"]')
        clerk.click(row.locator("summary", has_text="Ankunft"))
        clerk.fill(row.get_by_label(label), time_text)
        clerk.click(row.get_by_role("button", name="Speichern", exact=True))
        page.locator(f'li[data-person="{name}"] .badge.text-bg-info').wait_for()


def add_items(clerk: Clerk) -> None:
    page = clerk.page
    clerk.click(page.get_by_role("link", name="Tagesordnung und Beratung"))
    paste = page.locator("#paste textarea")
    if paste.count():  # the agenda pasted from the invitation: one field, a preview, a confirmation
        clerk.fill(paste, "\n".join(f"{number}. {title}" for number, title in enumerate(ITEMS, start=1)))
        clerk.click(page.locator("#paste").get_by_role("button", name="Vorschau", exact=True))
        clerk.click(page.locator("#paste").get_by_role("button", name="Punkte anlegen"))
        page.get_by_role("link", name=ITEMS[-1]).wait_for()
        return
    for title in ITEMS:
        clerk.fill(page.locator("input[name=title]"), title)
        clerk.click(page.get_by_role("button", name="Punkt hinzufügen"))
        page.get_by_role("heading", name=re.compile(re.escape(title))).wait_for()
        clerk.click(page.get_by_role("link", name="← Tagesordnung"))
        page.get_by_role("heading", name="Tagesordnung", exact=True).wait_for()


def add_contribution(clerk: Clerk, speaker: str, text: str) -> None:
    page = clerk.page
    form = page.locator("#new-contribution form")
    articles = page.locator("article[id^=contribution-]")
    before = articles.count()
    clerk.fill(form.locator("input[name$=speaker_name]"), speaker)
    clerk.fill(form.locator("textarea"), text, tab=True)
    if form.get_attribute("data-save-key"):  # the enhanced form saves in place with Ctrl+Enter
        clerk.press("Control+Enter")
    else:
        clerk.click(form.get_by_role("button", name="Wortbeitrag speichern"))
    page.wait_for_function("n => document.querySelectorAll('article[id^=contribution-]').length === n", arg=before + 1)


def add_decision(clerk: Clerk, number: int) -> None:
    page = clerk.page
    section = page.locator("#decisions")
    before = section.locator("article[id^=decision-]").count()
    clerk.click(section.locator("summary", has_text="Beschluss erfassen"))
    form = section.locator("form").last
    clerk.fill(form.locator("textarea[name$=text]"), f"Der Integrationsbeirat beschließt Vorlage {number}.")
    clerk.fill(form.locator("input[name$=votes_yes]"), "9", tab=True)
    clerk.fill(form.locator("input[name$=votes_no]"), "1", tab=True)
    clerk.fill(form.locator("input[name$=votes_abstain]"), "2", tab=True)
    if form.get_attribute("data-save-key"):
        clerk.press("Control+Enter")
    else:
        clerk.click(form.get_by_role("button", name="Beschluss speichern"))
    page.wait_for_function(
        "n => document.querySelectorAll('#decisions article[id^=decision-]').length === n", arg=before + 1
    )


def live_arrival_or_departure(clerk: Clerk, name: str, label: str) -> None:
    """Live mode: one click at the current time (the list opened once)."""
    page = clerk.page
    arrivals = page.locator("#live details", has_text="Kommen und Gehen")
    if arrivals.get_attribute("open") is None:
        clerk.click(arrivals.locator("summary"))
    row = page.locator(f'#live li[data-person="{name}"]')
    clerk.click(row.get_by_role("button", name=f"{label} jetzt"))
    page.locator(f'#live li[data-person="{name}"] .badge', has_text="ab " if label == "Gekommen" else "bis ").wait_for()


def deliberation(clerk: Clerk, *, live: bool) -> None:
    page = clerk.page
    clerk.click(page.get_by_role("link", name=ITEMS[0]))
    for index, title in enumerate(ITEMS):
        page.get_by_role("heading", name=re.compile(re.escape(title))).wait_for()
        if live and index == 2:
            live_arrival_or_departure(clerk, ARRIVES_LATE, "Gekommen")
        if live and index == 7:
            live_arrival_or_departure(clerk, LEAVES_EARLY, "Gegangen")
        for n in range(CONTRIBUTIONS_PER_ITEM[index]):
            speaker = SPEAKERS[(index + n) % len(SPEAKERS)]
            add_contribution(
                clerk, speaker, f"{'berichtet' if speaker else 'Es wird'} zu Punkt {index + 1}, Teil {n + 1}."
            )
        if index in DECISION_ITEMS:
            add_decision(clerk, index + 1)
        if index == len(ITEMS) - 1:
            break
        following = page.get_by_role("link", name=re.compile("^Nächster Punkt"))
        if following.count():
            clerk.click(following)
        else:
            clerk.click(page.get_by_role("link", name="← Tagesordnung"))
            clerk.click(page.get_by_role("link", name=ITEMS[index + 1]))


def enter_meeting(clerk: Clerk, url: str) -> None:
    page = clerk.page
    # Whether the workspace has a live mode (a POST-only URL answers GET with 405), not counted.
    live = page.request.get(f"{url}/workspace/items/0/live/").status == 405
    page.goto(f"{url}/workspace/")
    clerk.counting = True
    start = time.perf_counter()
    clerk.click(page.get_by_role("link", name="Sitzung anlegen: Integrationsbeirat"))
    clerk.click(page.get_by_role("button", name="Sitzung anlegen"))
    page.locator("li[data-person]").first.wait_for()
    attendance_changes(clerk, live=live)
    add_items(clerk)
    deliberation(clerk, live=live)
    clerk.wait_idle()
    clerk.counts.seconds = time.perf_counter() - start
    clerk.counting = False


def check_saved(server: Server) -> str:
    """What the database holds for the new meeting: the entry must have reached it."""
    return (
        server.manage(
            "shell",
            "-c",
            "from minutes.models import Meeting, Contribution, Decision, Attendance;"
            "m = Meeting.objects.filter(body__name__icontains='Integrationsbeirat').order_by('-number').first();"
            "print(m.agenda_items.count(), Contribution.objects.filter(item__meeting=m).count(),"
            " Decision.objects.filter(item__meeting=m).count(),"
            " m.attendances.exclude(status='present').count(),"
            " m.attendances.filter(arrival__isnull=False).count()"
            " + m.attendances.filter(departure__isnull=False).count())",
        )
        .strip()
        .splitlines()[-1]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--headed", action="store_true")
    parser.add_argument(
        "--label",
        default=subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-clerk-") as folder:
        server = Server(Path(folder))
        server.start()
        try:
            counts = Counts()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=not args.headed)
                page = browser.new_page(locale="de-DE")
                page.set_default_timeout(15_000)
                log_in(page, server.url)
                enter_meeting(Clerk(page, counts), server.url)
                browser.close()
            saved = check_saved(server)
        finally:
            server.stop()
    expected = f"{len(ITEMS)} {sum(CONTRIBUTIONS_PER_ITEM)} {len(DECISION_ITEMS)} {len(EXCUSED)} 2"
    if saved != expected:
        sys.exit(f"The database holds {saved!r} (items, contributions, decisions, excused, times), not {expected!r}.")
    print("| version | clicks | keys | full page loads | bytes received | wall time |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| {args.label} | {counts.clicks} | {counts.keys} | {counts.loads} | "
        f"{counts.bytes / 1024:,.0f} KiB | {counts.seconds:.1f} s |"
    )


if __name__ == "__main__":
    main()
