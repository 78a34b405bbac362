"""The public sees only what is public: crawl everything an anonymous visitor can reach."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.db import connection
from pypdf import PdfReader

from tests.conftest import MARKERS
from tests.files import attach, pdf_bytes

SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/i18n/")
MAX_PAGES = 400


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"a", "link"} and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.links.append(attrs.get("action") or "")


def response_text(response) -> str:
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() for page in reader.pages)
    if content_type.startswith("image/"):
        return ""
    return content.decode()


def search_results(html: str) -> str:
    """The result list of a search page (the part that comes from the database)."""
    start = html.find('id="h-results"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def crawl(client, start="/", seen: dict[str, str] | None = None) -> dict[str, str]:
    """Every same-site URL reachable by following links (and GET forms without input) from start."""
    seen = {} if seen is None else seen
    queue = [start]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            seen[url] = ""
            continue
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        text = response_text(response)
        # No cookie and no Vary: Cookie, so a cache may keep what the public reads — except on
        # a page with a form to send (login, Protokoll prüfen), which needs its CSRF cookie.
        if 'method="post"' not in text.split("<main", 1)[-1]:
            assert not response.cookies, f"{url} set the cookies {list(response.cookies)}"
            assert "Cookie" not in response.get("Vary", ""), f"{url} varies by cookie"
        seen[url] = text
        if response.get("Content-Type", "").startswith("text/html"):
            parser = LinkCollector()
            parser.feed(text)
            for href in parser.links:
                target = urldefrag(urljoin(url, href.replace("&amp;", "&"))).url
                parts = urlsplit(target)
                if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIP_PREFIXES):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if target not in seen:
                    queue.append(target)
    return seen


def test_anonymous_visitor_finds_no_marker_anywhere(client, city):
    # Attachments: a public one to find, and ones of a non-public item and of the draft
    # whose titles and texts hold markers.
    public_item = city.published.agenda_items.filter(public=True).first()
    reachable = attach(city.published, item=public_item, title="Haushaltsplan", content=pdf_bytes("Hallenbau 2018"))
    attach(
        city.published,
        item=city.published.agenda_items.get(public=False),
        title="Maulwurfsvertrag",
        content=pdf_bytes("Zitronenfalterabsprache"),
    )
    attach(city.draft, title="Quallenplanung", content=pdf_bytes("Kometenentwurf"))
    pages = crawl(client)
    # Searches an anonymous visitor could type, for every marker and its parts.
    for marker in MARKERS:
        for query in {marker, marker.lower(), marker[:8]}:
            crawl(client, f"/search/?q={query}", seen=pages)

    visited = set(pages)
    assert "/en/" in visited  # English pages are crawled too (the language link)
    # The crawl really reached every kind of page (otherwise it proves nothing).
    published, sport = city.published.pk, city.sport_meeting.pk
    assert f"/meetings/{published}/" in visited
    assert f"/meetings/{published}/pdf/" in visited
    assert f"/meetings/{sport}/pdf/" in visited
    assert f"/people/{city.member.pk}/" in visited
    assert f"/bodies/{city.beirat.pk}/feed/rss/" in visited
    assert f"/bodies/{city.beirat.pk}/feed/atom/" in visited
    assert "/meetings/calendar.ics" in visited
    assert f"/files/attachments/{reachable.pk}/" in visited
    assert "Hallenbau 2018" in pages[f"/files/attachments/{reachable.pk}/"]
    assert any(url.startswith("/search/?q=") for url in visited)
    # The crawl's searches really find things (German word forms on PostgreSQL only).
    word = "Zuschuss" if connection.vendor == "postgresql" else "Zuschüsse"
    crawl(client, f"/search/?q={word}", seen=pages)
    assert "<mark>Zuschüsse</mark>" in search_results(pages[f"/search/?q={word}"])
    # … and read what it fetched: the public PDF's text is there.
    assert "Zuschüsse der Stadt" in re.sub(r"\s+", " ", pages[f"/meetings/{published}/pdf/"])

    for url, text in pages.items():
        if url.startswith(("/search/", "/en/search/")):
            text = search_results(text)  # the form and title echo the query itself
        for marker in MARKERS:
            assert marker.lower() not in text.lower(), f"{marker!r} leaked on {url}"


def test_anonymous_visitor_cannot_open_drafts_or_the_non_public_part(client, city):
    assert client.get(f"/meetings/{city.draft.pk}/").status_code == 404
    assert client.get(f"/meetings/{city.draft.pk}/pdf/").status_code == 404
    assert client.get(f"/meetings/{city.upcoming.pk}/").status_code == 404
    assert client.get(f"/meetings/{city.published.pk}/pdf/nichtoeffentlich/").status_code == 404


def test_member_of_another_body_does_not_see_the_non_public_part(client, city):
    client.force_login(city.outsider.user)
    page = client.get(f"/meetings/{city.published.pk}/").content.decode()
    assert "Begrüßung" in page
    assert "Maulwurfsvertrag" not in page
    assert client.get(f"/meetings/{city.published.pk}/pdf/nichtoeffentlich/").status_code == 404
