"""Every letter of every name: rendered with a real glyph on the page and in the PDF."""

import io

from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from minutes.pdf import render_protocol_pdf
from minutes.protocol import build_protocol

from .conftest import PEOPLE, TEXT
from .glyphs import embedded_characters

FONT_FOLDER = settings.BASE_DIR / "static" / "vendor" / "fonts" / "source-sans-3"


def _characters(*texts: str) -> set[str]:
    return {char for text in texts for char in text if not char.isspace()}


EXPECTED = _characters(*(f"{f} {g} {n}" for f, g, n in PEOPLE), TEXT)


def test_the_test_text_covers_the_scripts_of_the_issue():
    # Latin Extended-A/B, Vietnamese, Greek, Cyrillic, quotes and dashes, €, §
    for char in "şğıŁŻźřŠťșțĐđễẵΑλέОльгаЩ„“”‚‘–—€§":
        assert char in EXPECTED, char


def test_every_character_has_a_real_glyph_in_the_embedded_fonts(letters):
    pdf = render_protocol_pdf(build_protocol(letters.pk, include_non_public=True))
    drawn, missing = embedded_characters(pdf)
    assert not missing, missing
    assert drawn >= EXPECTED, sorted(EXPECTED - drawn)
    # And the text layer says the same (the names come out whole when the text is copied).
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for form, _given, family in PEOPLE:
        assert f"{form} {family}" in text, family
    assert "„Integration vor Ort“" in text and "1.250 €" in text and "§ 45" in text


def test_every_character_is_in_every_style_of_the_page_font():
    """The page uses the same vendored files as the PDF: each style has a glyph for each letter."""
    files = sorted(FONT_FOLDER.glob("*.woff2"))
    assert len(files) == 5
    for path in files:
        cmap = TTFont(path).getBestCmap()
        missing = sorted(char for char in EXPECTED if ord(char) not in cmap)
        assert not missing, f"{path.name} lacks {missing}"
    css = (FONT_FOLDER / "fonts.css").read_text()
    assert "unicode-range:" not in css  # one complete file per style, nothing left to chance


def test_the_page_shows_the_names(client, letters, django_user_model):
    # A draft: a superuser sees it.
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    page = client.get(letters.get_absolute_url()).content.decode()
    for form, _given, family in PEOPLE:
        assert f"{form} {family}" in page
