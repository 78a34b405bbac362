"""Writing without friction (issue 12), in the browser: contributions and decisions are saved
and edited in place without a page load, the keyboard goes speaker → text → save → next
speaker, previous/next item links; and the same forms still work without JavaScript."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from minutes.models import Contribution, Decision


def log_in(page: Page, live_server, username: str = "sekretariat") -> None:
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def count_page_loads(page: Page) -> list:
    loads = []
    page.on("load", lambda _page: loads.append(1))
    return loads


def test_contributions_are_written_with_the_keyboard_without_a_page_load(page: Page, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    before = item.contributions.count()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    loads = count_page_loads(page)
    speaker = page.locator("#new-contribution input[name=speaker_name]")
    expect(speaker).to_be_focused()
    for name, text in (("Herr Seigfried", "eröffnet die Aussprache."), ("Frau Müller", "ergänzt den Bericht.")):
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        expect(page.locator("#new-contribution textarea")).to_be_focused()
        page.keyboard.type(text)
        page.keyboard.press("Control+Enter")
        expect(page.locator("#deliberation article").last).to_contain_text(text)
        expect(page.get_by_role("status")).to_have_text("Wortbeitrag gespeichert.")
        expect(speaker).to_be_focused()
        expect(speaker).to_have_value("")
    assert loads == []
    assert item.contributions.count() == before + 2
    assert item.contributions.last().text == "ergänzt den Bericht."

    # an unknown speaker comes back in place, with the typed text and the reason next to the field
    page.keyboard.type("Herr Unbekannt")
    page.keyboard.press("Tab")
    page.keyboard.type("sagt etwas.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#new-contribution .invalid-feedback")).to_contain_text("nicht auf der Anwesenheitsliste")
    expect(page.locator("#new-contribution textarea")).to_have_value("sagt etwas.")
    expect(speaker).to_be_focused()
    assert loads == []
    assert item.contributions.count() == before + 2


def test_a_contribution_and_a_decision_are_edited_and_added_in_place(page: Page, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    contribution = item.contributions.first()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    loads = count_page_loads(page)

    article = page.locator(f"#contribution-{contribution.pk}")
    article.get_by_role("link", name="Bearbeiten").click()
    expect(article.get_by_role("heading", name="Wortbeitrag bearbeiten")).to_be_visible()
    article.locator("textarea").fill("berichtet, nun in place geändert.")
    article.get_by_role("button", name="Wortbeitrag speichern").click()
    expect(page.locator(f"article#contribution-{contribution.pk}")).to_contain_text("nun in place geändert")
    assert Contribution.objects.get(pk=contribution.pk).text == "berichtet, nun in place geändert."

    decisions = page.locator("#decisions")
    decisions.locator("summary", has_text="Beschluss erfassen").click()
    decisions.get_by_label("Beschlusstext").fill("Der Beirat nimmt den Bericht zur Kenntnis.")
    decisions.get_by_label("Ja", exact=True).fill("5")
    decisions.get_by_label("Nein", exact=True).fill("0")
    decisions.get_by_label("Enthaltungen").fill("1")
    decisions.get_by_label("Enthaltungen").press("Control+Enter")
    expect(page.locator("#decisions article").last).to_contain_text("Der Beirat nimmt den Bericht zur Kenntnis.")
    expect(page.locator("#decisions [role=status]")).to_have_text("Beschluss gespeichert.")
    assert loads == []
    assert Decision.objects.filter(item=item, text="Der Beirat nimmt den Bericht zur Kenntnis.").exists()


def test_previous_and_next_item_links_walk_the_agenda(page: Page, live_server, draft_demo):
    items = list(draft_demo.agenda_items.all())
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[items[0].pk]))
    expect(page.get_by_role("link", name=re.compile("^Vorheriger Punkt"))).to_have_count(0)
    page.get_by_role("link", name=f"Nächster Punkt: TOP {items[1].number} ›").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(items[1].title)
    page.get_by_role("link", name=f"‹ Vorheriger Punkt: TOP {items[0].number}").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(items[0].title)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[items[-1].pk]))
    expect(page.get_by_role("link", name=re.compile("^Nächster Punkt"))).to_have_count(0)


def test_without_javascript_a_contribution_is_saved_by_an_ordinary_post(browser, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    before = item.contributions.count()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    page.locator("#new-contribution input[name=speaker_name]").fill("Herr Seigfried")
    page.locator("#new-contribution textarea").fill("schließt die Aussprache.")
    with page.expect_navigation():
        page.get_by_role("button", name="Wortbeitrag speichern").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success")).first).to_contain_text("gespeichert")
    expect(page.locator("#deliberation article").last).to_contain_text("schließt die Aussprache.")
    assert item.contributions.count() == before + 1
    context.close()
