"""In the browser: attendance in one screen — a body whose attendance starts “not recorded”,
each click changes its row without a page load, many rows marked at once, a row's forms
loaded when it is opened, and the completeness check naming whoever is still unrecorded."""

from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect

from council.models import Body
from minutes.drafting import services as drafting
from minutes.models import Attendance


def log_in(page: Page, base_url: str, next_url: str) -> None:
    page.goto(f"{base_url}/login/?next={next_url}")
    page.fill("input[name=username]", "sekretariat")
    page.fill("input[name=password]", "demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def row(page: Page, name: str):
    return page.locator(f'li[data-person="{name}"]')


def test_attendance_is_recorded_in_one_screen_without_page_loads(page: Page, live_server, demo):
    body = demo.body
    body.initial_attendance = Body.InitialAttendance.UNRECORDED
    body.save()
    secretary = User.objects.get(username="sekretariat")
    meeting = drafting.start_meeting(body, by=secretary, number=3, date=demo.date, chair=demo.chair)
    log_in(page, live_server.url, reverse("minutes:workspace_attendance", args=[meeting.pk]))
    expect(row(page, "Herr Manay").locator(".status-badge")).to_have_text("Nicht erfasst")

    loads = []
    page.on("load", lambda _page: loads.append(page.url))

    # One click per person, the row changes in place and keeps the focus.
    manay = row(page, "Herr Manay")
    manay.get_by_role("button", name="Anwesend", exact=True).click()
    expect(row(page, "Herr Manay").locator(".status-badge")).to_have_count(0)
    expect(row(page, "Herr Manay").get_by_role("button", name="Anwesend", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(row(page, "Herr Manay").get_by_role("button", name="Anwesend", exact=True)).to_be_focused()
    row(page, "Herr Gündüz").get_by_role("button", name="Entschuldigt").click()
    expect(row(page, "Herr Gündüz").locator(".status-badge")).to_have_text("Entschuldigt")

    # Many at once: select all, then two exceptions.
    page.get_by_role("button", name="Alle / keine auswählen").click()
    row(page, "Herr Gündüz").get_by_role("checkbox").uncheck()
    page.locator("#mark").get_by_role("button", name="Anwesend", exact=True).click()
    expect(page.locator("#attendance-notes")).to_contain_text("als Anwesend markiert")
    expect(page.locator("#attendance-list .status-badge", has_text="Nicht erfasst")).to_have_count(0)
    expect(row(page, "Herr Gündüz").locator(".status-badge")).to_have_text("Entschuldigt")
    assert loads == [], f"page loads: {loads}"

    # A row's forms arrive when it is opened.
    manay = row(page, "Herr Manay")
    manay.locator("summary").click()
    manay.get_by_label("Gekommen").fill("17:45")
    manay.get_by_role("button", name="Speichern").click()
    expect(row(page, "Herr Manay")).to_contain_text("ab 17.45 Uhr")

    statuses = dict(meeting.attendances.values_list("person__family_name", "status"))
    assert statuses["Gündüz"] == Attendance.Status.EXCUSED
    assert set(statuses.values()) == {Attendance.Status.PRESENT, Attendance.Status.EXCUSED}
    assert meeting.attendances.get(person__family_name="Manay").arrival.strftime("%H:%M") == "17:45"


def test_the_freigabe_tab_names_whoever_is_still_unrecorded(page: Page, live_server, demo):
    body = demo.body
    body.initial_attendance = Body.InitialAttendance.UNRECORDED
    body.save()
    secretary = User.objects.get(username="sekretariat")
    meeting = drafting.start_meeting(body, by=secretary, number=3, date=demo.date, chair=demo.chair)
    log_in(page, live_server.url, reverse("minutes:workspace_approval", args=[meeting.pk]))
    problems = page.locator(".completeness-problems")
    expect(problems).to_contain_text("Herr Manay ist noch nicht erfasst")
    problems.locator("li", has_text="Herr Manay ist noch nicht erfasst").get_by_role("link").click()
    expect(row(page, "Herr Manay")).to_be_visible()
    row(page, "Herr Manay").get_by_role("button", name="Nicht anwesend").click()
    expect(row(page, "Herr Manay").locator(".status-badge")).to_have_text("Nicht anwesend")
    page.get_by_role("link", name="Freigabe", exact=True).click()
    expect(problems).not_to_contain_text("Herr Manay")


def test_a_status_click_on_a_row_someone_else_saved_shows_their_save(page: Page, live_server, demo):
    secretary = User.objects.get(username="sekretariat")
    meeting = drafting.start_meeting(demo.body, by=secretary, number=3, date=demo.date, chair=demo.chair)
    log_in(page, live_server.url, reverse("minutes:workspace_attendance", args=[meeting.pk]))
    manay = meeting.attendances.get(person__family_name="Manay")
    drafting.save_attendance(manay, by=secretary, revision=manay.revision, status=Attendance.Status.ABSENT)

    row(page, "Herr Manay").get_by_role("button", name="Entschuldigt").click()
    conflict = row(page, "Herr Manay").locator("#conflict")
    expect(conflict).to_contain_text("Jemand anderes hat dies inzwischen gespeichert.")
    expect(conflict.locator("[data-conflict=theirs]")).to_contain_text("Nicht anwesend")
    manay.refresh_from_db()
    assert manay.status == Attendance.Status.ABSENT


def test_the_new_working_pages_have_no_serious_accessibility_violations(page: Page, live_server, demo):
    from tests.e2e.test_portal_a11y import axe_violations

    secretary = User.objects.get(username="sekretariat")
    meeting = drafting.start_meeting(demo.body, by=secretary, number=3, date=demo.date, chair=demo.chair)
    log_in(page, live_server.url, reverse("minutes:workspace_attendance", args=[meeting.pk]))
    row(page, "Herr Manay").locator("summary").click()
    expect(row(page, "Herr Manay").get_by_label("Gekommen")).to_be_visible()
    pages = {"attendance": None, "approval tab": reverse("minutes:workspace_approval", args=[meeting.pk])}
    for name, url in pages.items():
        if url:
            page.goto(live_server.url + url)
        serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
        assert not serious, (name, serious)
    page.goto(live_server.url + reverse("minutes:workspace_agenda", args=[meeting.pk]))
    page.locator("#paste").get_by_label("Tagesordnung als Text").fill(
        "1. Begrüßung\nNichtöffentlicher Teil\n2. Personal"
    )
    page.locator("#paste").get_by_role("button", name="Vorschau").click()
    expect(page.locator("table.agenda-preview")).to_be_visible()
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, ("agenda preview", serious)
