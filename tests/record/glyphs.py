"""Which characters of a PDF have no real glyph in the font embedded for them.

Reads each composite font of the PDF: its ToUnicode map (which code stands for which
text), its CIDToGIDMap and its embedded font program (with fontTools). A character is
missing when its code maps to glyph 0 (.notdef), to a glyph the embedded program does not
have, or to an empty glyph while the character is not a space.
"""

import io
import re

from fontTools.ttLib import TTFont
from pypdf import PdfReader

BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def _text(hex_value: bytes) -> str:
    return bytes.fromhex(hex_value.decode()).decode("utf-16-be")


def _to_unicode(cmap: bytes) -> dict[int, str]:
    codes = {}
    for block in BFCHAR.findall(cmap):
        values = HEX.findall(block)
        for code, text in zip(values[::2], values[1::2], strict=True):
            codes[int(code, 16)] = _text(text)
    for block in BFRANGE.findall(cmap):
        values = HEX.findall(block)
        for start, end, text in zip(values[::3], values[1::3], values[2::3], strict=True):
            first = _text(text)
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                codes[code] = first[:-1] + chr(ord(first[-1]) + offset)
    return codes


def _glyph_is_drawn(font: TTFont, gid: int) -> bool:
    order = font.getGlyphOrder()
    if gid <= 0 or gid >= len(order):
        return False
    name = order[gid]
    if "glyf" in font:
        glyph = font["glyf"][name]
        return glyph.numberOfContours != 0
    charstrings = font["CFF "].cff.topDictIndex[0].CharStrings
    return charstrings[name].calcBounds(charstrings) is not None


def embedded_characters(pdf: bytes) -> tuple[set[str], dict[str, str]]:
    """(every character drawn with a real glyph, {character: why it has none})."""
    drawn, missing = set(), {}
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts[font.indirect_reference.idnum if hasattr(font, "indirect_reference") else id(font)] = font
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] == "/Type0", f"unexpected font type {font['/Subtype']}"
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        name = str(descendant["/BaseFont"])
        if program is None:
            missing["*"] = f"{name} is not embedded"
            continue
        embedded = TTFont(io.BytesIO(program.get_object().get_data()))
        cid_to_gid = descendant.get("/CIDToGIDMap", "/Identity")
        gid_map = None
        if cid_to_gid != "/Identity":
            data = cid_to_gid.get_object().get_data()
            gid_map = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
        for code, text in _to_unicode(font["/ToUnicode"].get_object().get_data()).items():
            gid = code if gid_map is None else (gid_map[code] if code < len(gid_map) else 0)
            if text.isspace() or _glyph_is_drawn(embedded, gid):
                drawn.update(text)
            else:
                for char in text:
                    missing[char] = f"{name}: code {code} → glyph {gid} draws nothing"
    return drawn, missing
