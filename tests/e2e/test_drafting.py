"""Browser tests of the drafting workspace (Playwright on the system Chromium, live_server).

Screenshots of failing tests land in test-results/ (pytest-playwright's
``--screenshot only-on-failure``) and are kept as CI artefacts.
"""

import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from minutes.drafting import services as drafting
from minutes.models import Attendance, Contribution, Meeting

TOP2_TITLE = "Willkommensbesuche bei Neugeborenen nach §2 KKG – Vorstellung der „Hallo Baby Tasche“"
BULLETED = (
    "schildert den Ablauf der Besuche:\n\n"
    "- Glückwunschschreiben mit Antwortpostkarte\n"
    "- Hausbesuch zwischen der 4. und der 6. Lebenswoche\n"
    "- Übergabe der Hallo-Baby-Tasche"
)


def log_in(page: Page, base_url: str, username: str = "sekretariat") -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def row(page: Page, name: str):
    return page.locator(f'li[data-person="{name}"]')


def add_presenter(page: Page, person: str, role: str) -> None:
    page.locator("summary", has_text="Berichterstattung hinzufügen").click()
    page.get_by_label("Person", exact=True).select_option(label=person)
    page.locator("#presenters input[name=role]").fill(role)
    page.get_by_role("button", name="Berichterstattung eintragen").click()
    expect(page.locator("#presenters li", has_text=person)).to_be_visible()


def add_contribution(page: Page, speaker: str, text: str) -> None:
    before = page.locator("article[id^=contribution-]").count()
    page.locator("#new-contribution input[name=speaker_name]").fill(speaker)
    page.locator("#new-contribution textarea[name=text]").fill(text)
    page.get_by_role("button", name="Wortbeitrag speichern").click()
    expect(page.locator("article[id^=contribution-]")).to_have_count(before + 1)


def pdf_text(path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


def test_secretary_drafts_a_meeting_and_finds_her_text_in_the_pdf(page: Page, live_server, demo):
    log_in(page, live_server.url)
    page.get_by_role("link", name="Entwürfe").click()
    page.get_by_role("link", name="Sitzung anlegen: Integrationsbeirat").click()
    # prefilled from the seed meeting and the roster
    expect(page.locator("input[name=number]")).to_have_value("3")  # the demo has meetings 1 and 2
    expect(page.locator("input[name=building]")).to_have_value(demo.building)
    page.get_by_role("button", name="Sitzung anlegen").click()

    # attendance: two excused, one late, one guest
    expect(page.get_by_role("heading", name="Protokoll der Integrationsbeiratssitzung")).to_be_visible()
    for name in ("Herr Gündüz", "Frau Üstü"):
        row(page, name).get_by_role("button", name="Entschuldigt").click()
        expect(row(page, name).locator(".badge.text-bg-warning")).to_have_text("Entschuldigt")
    manay = row(page, "Herr Manay")
    manay.locator("summary", has_text="Ankunft").click()
    manay.get_by_label("Gekommen").fill("17:45")
    manay.get_by_role("button", name="Speichern").click()
    expect(row(page, "Herr Manay")).to_contain_text("ab 17.45 Uhr")

    guests = page.locator("#guests")
    guests.get_by_label("Anrede").fill("Herr")
    guests.get_by_label("Vorname").fill("Jonas")
    guests.get_by_label("Nachname").fill("Neumann")
    guests.get_by_label("Funktion oder Organisation wie gedruckt").fill("Elternbeirat Kita Sonnenschein")
    guests.get_by_role("button", name="Gast hinzufügen").click()
    expect(row(page, "Herr Neumann")).to_contain_text("Elternbeirat Kita Sonnenschein")

    # agenda: TOP 2 of the seed with its presenters
    page.get_by_role("link", name="Tagesordnung und Beratung").click()
    page.locator("input[name=number]").fill("2")
    page.locator("input[name=title]").fill(TOP2_TITLE)
    page.get_by_role("button", name="Punkt hinzufügen").click()
    expect(page.get_by_role("heading", name=f"TOP 2: {TOP2_TITLE}")).to_be_visible()
    add_presenter(page, "Renate Schmetz", "Leitung Fachbereich Bildung und Familie")
    add_presenter(page, "Christa Holtzhausen", "Deutscher Kinderschutzbund, Ortsverband Ludwigsburg")
    add_presenter(page, "Serap Balles", "Deutscher Kinderschutzbund, Ortsverband Ludwigsburg")

    # deliberation: speakers typed, one contribution with a bulleted list
    add_contribution(page, "Frau Schmetz", "stellt das Projekt „Hallo Baby“ vor.")
    add_contribution(page, "Herr Seigfried", "ergänzt, dass ein Zwischenbericht im nächsten Jahr folgt.")
    add_contribution(page, "Frau Schmetz", BULLETED)
    add_contribution(page, "Herr Neumann", "regt an, die Karten in den Kitas auszulegen.")
    add_contribution(page, "", "Weitere Wortmeldungen liegen nicht vor.")  # a paragraph without a speaker

    # leaving with unsaved text asks first; staying keeps the text
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#new-contribution textarea[name=text]").fill("Noch nicht gespeichert")
    with page.expect_event("dialog") as dialog_info:
        page.get_by_role("link", name="Anwesenheit").click()
    assert dialog_info.value.type == "beforeunload"
    expect(page.locator("#new-contribution textarea[name=text]")).to_have_value("Noch nicht gespeichert")
    # … and if the page goes away anyway (a reload, a server error), the text can be restored:
    # from the server's autosaved draft if it was sent before, else from this browser
    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    restore = page.get_by_role("button", name="Ungespeicherten Text aus diesem Browser wiederherstellen")
    if restore.count():
        restore.click()
    expect(page.locator("#new-contribution textarea[name=text]")).to_have_value("Noch nicht gespeichert")
    page.locator("#new-contribution textarea[name=text]").fill("")
    expect(page.locator("article li", has_text="Hausbesuch zwischen der 4. und der 6. Lebenswoche")).to_be_visible()

    page.locator("summary", has_text="Beschluss erfassen").click()
    decision = page.locator("#decisions form")
    decision.locator("textarea[name=text]").fill("Der Integrationsbeirat wirbt für die Willkommensbesuche.")
    decision.locator("input[name=votes_yes]").fill("12")
    decision.locator("input[name=votes_no]").fill("0")
    decision.locator("input[name=votes_abstain]").fill("1")
    decision.get_by_role("button", name="Beschluss speichern").click()
    expect(page.locator("#decisions article")).to_contain_text("Ja 12")

    # preview: the protocol as it will be printed
    with page.context.expect_page() as preview_info:
        page.get_by_role("link", name="Vorschau", exact=True).click()
    preview = preview_info.value
    expect(preview.locator("main")).to_contain_text(TOP2_TITLE)
    expect(preview.locator("main")).to_contain_text("Herr Manay")
    expect(preview.locator("main li", has_text="Übergabe der Hallo-Baby-Tasche")).to_be_visible()
    preview.close()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    text = pdf_text(download_info.value.path())
    assert "Willkommensbesuche bei Neugeborenen" in text
    assert "Hausbesuch zwischen der 4. und der 6. Lebenswoche" in text
    assert "regt an, die Karten in den Kitas auszulegen." in text
    assert "Der Integrationsbeirat wirbt für die Willkommensbesuche." in text
    assert "auszulegen. Weitere Wortmeldungen liegen nicht vor." in text

    meeting = Meeting.objects.get(body=demo.body, number=3)
    assert meeting.attendances.get(person__family_name="Manay").arrival.strftime("%H:%M") == "17:45"
    assert meeting.attendances.filter(status=Attendance.Status.EXCUSED).count() == 2


def test_second_save_of_the_same_contribution_sees_the_conflict(browser, live_server, demo):
    from django.contrib.auth.models import User

    secretary = User.objects.get(username="sekretariat")
    meeting = drafting.start_meeting(demo.body, by=secretary, number=3, date=demo.date, chair=demo.chair)
    item = drafting.add_agenda_item(meeting, by=secretary, number="1", title="Begrüßung")
    speaker = meeting.chair
    contribution = drafting.add_contribution(item, by=secretary, speaker=speaker, text="eröffnet die Sitzung.")
    url = f"{live_server.url}/workspace/contributions/{contribution.pk}/"

    first_context, second_context = browser.new_context(), browser.new_context()
    try:
        first, second = first_context.new_page(), second_context.new_page()
        for page in (first, second):
            log_in(page, live_server.url)
            page.goto(url)
            expect(page.locator("textarea[name=text]")).to_have_value("eröffnet die Sitzung.")

        first.locator("textarea[name=text]").fill("eröffnet um 17.35 Uhr die Sitzung. (Fenster eins)")
        second.locator("textarea[name=text]").fill("eröffnet die Sitzung und begrüßt alle. (Fenster zwei)")
        first.get_by_role("button", name="Wortbeitrag speichern").click()
        expect(first.locator(f"#contribution-{contribution.pk}")).to_contain_text("(Fenster eins)")

        second.get_by_role("button", name="Wortbeitrag speichern").click()
        conflict = second.locator("#conflict")
        expect(conflict).to_contain_text("Jemand anderes hat dies inzwischen gespeichert.")
        expect(conflict.locator("[data-conflict=theirs]")).to_contain_text("(Fenster eins)")
        expect(second.locator("textarea[name=text]")).to_have_value(
            "eröffnet die Sitzung und begrüßt alle. (Fenster zwei)"
        )
    finally:
        first_context.close()
        second_context.close()

    contribution = Contribution.objects.get(pk=contribution.pk)
    assert contribution.text == "eröffnet um 17.35 Uhr die Sitzung. (Fenster eins)"


def test_two_secretaries_on_the_attendance_page_see_each_others_saves(browser, live_server, demo):
    """Issue 9, finding 8: the second save no longer reverts the first one's arrival time."""
    from django.contrib.auth.models import User

    secretary = User.objects.get(username="sekretariat")
    meeting = drafting.start_meeting(demo.body, by=secretary, number=3, date=demo.date, chair=demo.chair)
    url = f"{live_server.url}/workspace/meetings/{meeting.pk}/attendance/"

    first_context, second_context = browser.new_context(), browser.new_context()
    try:
        first, second = first_context.new_page(), second_context.new_page()
        for page in (first, second):
            log_in(page, live_server.url)
            page.goto(url)
            row(page, "Herr Manay").locator("summary", has_text="Ankunft").click()

        row(first, "Herr Manay").get_by_label("Gekommen").fill("17:45")
        row(first, "Herr Manay").get_by_role("button", name="Speichern").click()
        expect(row(first, "Herr Manay")).to_contain_text("ab 17.45 Uhr")

        row(second, "Herr Manay").get_by_label("Gegangen").fill("19:00")
        row(second, "Herr Manay").get_by_role("button", name="Speichern").click()
        conflict = row(second, "Herr Manay").locator("#conflict")
        expect(conflict).to_contain_text("Jemand anderes hat dies inzwischen gespeichert.")
        expect(conflict.locator("[data-conflict=theirs]")).to_contain_text("17.45")
        expect(row(second, "Herr Manay").get_by_label("Gegangen")).to_have_value("19:00")
    finally:
        first_context.close()
        second_context.close()

    manay = meeting.attendances.get(person__family_name="Manay")
    assert (manay.arrival.strftime("%H:%M"), manay.departure) == ("17:45", None)
