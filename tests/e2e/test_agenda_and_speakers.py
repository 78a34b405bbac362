"""In the browser: the agenda pasted from the invitation (preview, then create), the previous
meeting's agenda taken over, and a refused speaker offered the step that helps."""

import datetime

from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect

from minutes.drafting import services as drafting
from minutes.models import Attendance, Meeting

INVITATION = """Tagesordnung
1. Begrüßung
2. Bericht der Verwaltung über die
   Willkommensbesuche
2.1 Rückfragen
Nichtöffentlicher Teil
3. Personalangelegenheiten"""


def log_in(page: Page, base_url: str, next_url: str) -> None:
    page.goto(f"{base_url}/login/?next={next_url}")
    page.fill("input[name=username]", "sekretariat")
    page.fill("input[name=password]", "demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_the_agenda_is_pasted_previewed_created_and_taken_over_next_time(page: Page, live_server, demo):
    secretary = User.objects.get(username="sekretariat")
    last = Meeting.objects.filter(body=demo.body).order_by("-date").first().date
    meeting = drafting.start_meeting(
        demo.body, by=secretary, number=3, date=last + datetime.timedelta(days=7), chair=demo.chair
    )
    log_in(page, live_server.url, reverse("minutes:workspace_agenda", args=[meeting.pk]))

    paste = page.locator("#paste")
    paste.get_by_label("Tagesordnung als Text").fill(INVITATION)
    paste.get_by_role("button", name="Vorschau").click()
    preview = page.locator("table.agenda-preview")
    expect(preview.locator("tbody tr")).to_have_count(4)
    expect(preview).to_contain_text("Bericht der Verwaltung über die Willkommensbesuche")
    expect(preview.locator("tbody tr").nth(3)).to_contain_text("nichtöffentlich")
    assert not meeting.agenda_items.exists()  # nothing before confirming

    page.get_by_role("button", name="Punkte anlegen").click()
    expect(page.get_by_role("alert").first).to_contain_text("4 Punkte angelegt.")
    assert list(meeting.agenda_items.values_list("number", "public")) == [
        ("1", True),
        ("2", True),
        ("2.1", True),
        ("3", False),
    ]

    # The next meeting takes it over in two clicks.
    later = drafting.start_meeting(
        demo.body, by=secretary, number=4, date=demo.date.replace(year=2018), chair=demo.chair
    )
    page.goto(f"{live_server.url}{reverse('minutes:workspace_agenda', args=[later.pk])}")
    page.get_by_role("button", name="Tagesordnung der Sitzung 3").click()
    expect(page.locator("table.agenda-preview tbody tr")).to_have_count(4)
    page.get_by_role("button", name="Punkte anlegen").click()
    expect(page.get_by_role("link", name="Personalangelegenheiten")).to_be_visible()
    assert later.agenda_items.count() == 4


def test_an_excused_speaker_is_marked_present_and_the_text_is_kept(page: Page, live_server, demo):
    secretary = User.objects.get(username="sekretariat")
    meeting = drafting.start_meeting(demo.body, by=secretary, number=3, date=demo.date, chair=demo.chair)
    item = drafting.add_agenda_item(meeting, by=secretary, number="1", title="Bericht")
    manay = meeting.attendances.get(person__family_name="Manay")
    drafting.save_attendance(manay, by=secretary, revision=manay.revision, status=Attendance.Status.EXCUSED)
    log_in(page, live_server.url, reverse("minutes:workspace_item", args=[item.pk]))

    form = page.locator("#new-contribution")
    form.locator("input[name=speaker_name]").fill("Herr Manay")
    form.locator("textarea[name=text]").fill("berichtet über den Stand.")
    form.get_by_role("button", name="Wortbeitrag speichern").click()
    offer = page.locator(".speaker-offer")
    expect(offer).to_contain_text("Herr Manay ist als entschuldigt eingetragen")
    offer.get_by_role("button", name="Herr Manay als anwesend eintragen und speichern").click()
    expect(page.locator("article[id^=contribution-]")).to_contain_text("berichtet über den Stand.")
    manay.refresh_from_db()
    assert manay.status == Attendance.Status.PRESENT

    # Someone not on the list: added as a guest in the same step.
    form = page.locator("#new-contribution")
    form.locator("input[name=speaker_name]").fill("Frau Dr. Neuhaus")
    form.locator("textarea[name=text]").fill("stellt das Projekt vor.")
    form.get_by_role("button", name="Wortbeitrag speichern").click()
    page.locator(".speaker-offer").get_by_role(
        "button", name="„Frau Dr. Neuhaus“ als Gast hinzufügen und speichern"
    ).click()
    expect(page.locator("article[id^=contribution-]").last).to_contain_text("stellt das Projekt vor.")
    assert meeting.attendances.filter(person__family_name="Neuhaus", group__kind="guests").exists()
