"""The portal in a real browser: axe-core finds no serious or critical WCAG 2.1 AA violations,
and the language switch and keyboard work."""

import json

from playwright.sync_api import expect

# Loaded from the site's static files, as the Content-Security-Policy allows scripts only from there.
AXE = "/static/vendor/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    origin = "/".join(page.url.split("/")[:3])
    page.add_script_tag(url=origin + AXE)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_TAGS,
    )


def assert_accessible(page):
    expect(page.locator("main#main")).to_be_visible()
    assert page.locator("h1").count() == 1
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=2, ensure_ascii=False)


def test_portal_pages_have_no_serious_accessibility_violations(transactional_db, live_server, page, city):
    urls = {
        "home": "/",
        "protocol": city.published.get_absolute_url(),
        "list": f"/meetings/?body={city.beirat.pk}",
        "search results": "/search/?q=Zuschuss",
        "check a protocol": "/pruefen/",
        "person": f"/people/{city.member.pk}/",
    }
    for url in urls.values():
        page.goto(live_server.url + url)
        assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Frau Duczkowska (Olga Duczkowska)")


def test_members_protocol_page_with_non_public_part_is_accessible(transactional_db, live_server, page, city):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Benutzername").fill("mitglied")
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(live_server.url + city.published.get_absolute_url())
    expect(page.get_by_role("heading", name="Nichtöffentlicher Teil")).to_be_visible()
    assert_accessible(page)


def test_visitor_switches_to_english_and_it_is_remembered(transactional_db, live_server, page, city):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Nächste Sitzungen")).to_be_visible()
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Next meetings")).to_be_visible()
    page.get_by_role("link", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the minutes")
    assert page.locator("html").get_attribute("lang") == "en"


def test_keyboard_user_reaches_the_content_first(transactional_db, live_server, page, city):
    page.goto(live_server.url + "/", wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/#main")


def test_a_protocol_in_tables_per_group_with_a_named_vote_is_accessible(live_server, page, demo):
    from minutes.models import Meeting

    committee = Meeting.objects.get(body__name="Ausschuss für Umwelt, Klima und Grün", number=14)
    page.goto(live_server.url + committee.get_absolute_url())
    expect(page.get_by_role("heading", name="Stimmberechtigte Mitglieder")).to_be_visible()
    expect(page.locator(".named-votes")).to_have_count(2)
    assert_accessible(page)
