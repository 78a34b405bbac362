"""The seed protocol, loaded by load_demo, reads back in full — on screen and in the PDF."""

import io
import re

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from minutes.models import AgendaItem

from .seed import assert_in_order, read_seed

NON_PUBLIC_TITLE = "Vergabe der Fördermittel für Vereinsprojekte 2018"


def page_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(strong|em|span|a)\b[^>]*>", "", html)  # inline: no word break
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'")
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    """The PDF's extracted text, without running headers and footers."""
    reader = PdfReader(io.BytesIO(content))
    total = len(reader.pages)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        text = text.replace(f"Seite {number} von {total}", " ")
        text = text.replace("Integrationsbeirat Sitzung vom 20.07.2017", " ")
        pages.append(text)
    return " ".join(" ".join(pages).split())


@pytest.fixture
def seed():
    return read_seed()


def test_seed_reader_finds_the_whole_protocol(seed):
    # Guards the parser itself, so the tests below cannot pass on an empty list.
    assert len(seed.names) == 18 + 2 + 12 + 11 + 8
    assert len(seed.affiliations) == len(seed.names)
    assert len(seed.item_titles) == 4
    assert len(seed.openings) == 36


def test_meeting_page_reads_like_the_seed(client, demo, seed):
    response = client.get(demo.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    assert "Protokoll der Integrationsbeiratssitzung" in text
    assert "am Donnerstag, 20.07.2017, Kulturzentrum, kleiner Saal" in text
    assert "Dauer: von 17.30 bis 20.00 Uhr" in text
    assert "Öffentlich: von 17.30 bis 19.00 Uhr" in text
    assert "Erster Bürgermeister Konrad Seigfried" in text
    assert "Herr Manay (ab 17.45 Uhr)" in text
    assert_in_order(text, seed.names, "names")
    assert_in_order(text, seed.affiliations, "affiliations")
    assert_in_order(text, seed.item_titles, "agenda")
    # The agenda table comes first, then each item with its deliberation.
    deliberation = text[text.find("TOP 1 Bericht Projekt") :]
    assert_in_order(deliberation, seed.openings, "contributions")
    assert "Die Ausländerbehörde der Stadt Ludwigsburg 2017" in text
    assert "Seit Beginn gibt es 4350 Kundenkontakte, davon 2878 für die Ausländerbehörde (66%)" in text
    assert_in_order(text, ["Konrad Seigfried, Vorsitzender", "Anne Kathrin Müller, Geschäftsführung"], "signatures")


def test_lists_are_rendered_as_lists(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "<li>Steigerung der Mitarbeiter- und Kundenzufriedenheit</li>" in html
    assert '<ol class="paren">' in html
    assert "<li>Bildungsakteure, -angebote und -netzwerke identifizieren</li>" in html
    assert "<strong>Herr Seigfried</strong> eröffnet um 17.35 Uhr" in html


def test_pdf_holds_the_whole_seed_with_intact_words(client, demo, seed):
    response = client.get(f"{demo.get_absolute_url()}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "2017-07-20_Integrationsbeirat_Protokoll.pdf" in response["Content-Disposition"]
    content = response.content
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*3", xmp) and re.search(r"pdfaid:conformance[^A-Z]*A", xmp)  # PDF/A-3a
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)  # and PDF/UA-1 (veraPDF checks both: tests/record)
    assert catalog["/MarkInfo"]["/Marked"] and catalog["/StructTreeRoot"] and catalog["/Lang"] == "de"
    assert catalog["/OutputIntents"]
    text = pdf_text(content)
    assert_in_order(text, seed.names, "names")
    assert_in_order(text, seed.affiliations, "affiliations")
    assert_in_order(text, seed.item_titles, "agenda")
    deliberation = text[text.find("TOP 1 Bericht Projekt") :]
    assert_in_order(deliberation, seed.openings, "contributions")
    for word in ("4350", "2878", "66%", "18%", "Maier-Lidle", "Ausländerzentralregister"):
        assert word in text
    assert "Seite 1 von" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert_in_order(text, ["Konrad Seigfried, Vorsitzender", "Anne Kathrin Müller, Geschäftsführung"], "signatures")


def test_pdf_embeds_its_fonts(client, demo):
    reader = PdfReader(io.BytesIO(client.get(f"{demo.get_absolute_url()}pdf/").content))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":  # composite font: the descriptor sits on the descendant
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            fonts.append(
                (str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
            )
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("Source-Sans-3" in name for name, _ in fonts)


def test_anonymous_visitors_never_see_the_non_public_item(client, demo):
    assert AgendaItem.objects.filter(meeting=demo, public=False, title__contains=NON_PUBLIC_TITLE).exists()
    page = page_text(client.get(demo.get_absolute_url()))
    assert "Willkommensbesuche bei Neugeborenen" in page
    assert NON_PUBLIC_TITLE not in page
    assert "Demo-Inhalt" not in page
    pdf = pdf_text(client.get(f"{demo.get_absolute_url()}pdf/").content)
    assert "Willkommensbesuche bei Neugeborenen" in pdf
    assert NON_PUBLIC_TITLE not in pdf


def test_members_see_the_non_public_item_marked(client, demo):
    client.force_login(User.objects.get(username="mitglied"))
    text = page_text(client.get(demo.get_absolute_url()))
    assert NON_PUBLIC_TITLE in text
    assert "Nichtöffentlich" in text
    assert "15 Ja, 0 Nein, 2 Enthaltungen, 1 befangen – angenommen" in text
