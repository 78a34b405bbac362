"""Every kind of PDF the app writes passes veraPDF as PDF/A-3a and PDF/UA-1."""

import io
import re

from django.contrib.auth import get_user_model
from pypdf import PdfReader

from council.models import Body
from minutes import files, seal
from minutes.drafting import services as drafting
from minutes.models import Meeting, ProtocolDocument
from minutes.pdf import render_protocol_pdf
from minutes.protocol import build_protocol, build_signed_protocol, non_public_part, public_part
from minutes.record import AssociatedFile
from tests.files import pdf_bytes, png_bytes, upload

from .conftest import sign_demo
from .verapdf import validate


def _pdfs(demo, letters) -> dict[str, bytes]:
    stored = {d.variant: bytes(d.pdf) for d in ProtocolDocument.objects.filter(meeting=demo)}
    signed = build_signed_protocol(demo, include_non_public=True)
    draft = Meeting.objects.get(body=demo.body, number=2)
    # The draft carries attachments (Anlagen): a PDF at an item and an image of the whole protocol.
    secretariat = get_user_model().objects.get(username="sekretariat")
    plan = files.clean_attachment(upload("Haushaltsplan.pdf", pdf_bytes("Haushaltsplan 2018")))
    drafting.add_attachment(draft, by=secretariat, upload=plan, title="Haushaltsplan", item=draft.agenda_items.first())
    drafting.add_attachment(
        draft, by=secretariat, upload=files.clean_attachment(upload("Foto.png", png_bytes())), title="Foto"
    )
    unsigned_public = render_protocol_pdf(public_part(signed))
    agenda = AssociatedFile(
        name="Anlage_1_Teilnehmerliste.csv",
        content="Name;Verein\nIşılar Güneş-Öztürk;Verein Işılar\n".encode(),
        mime_type="text/csv",
        relationship="Supplement",
        description="Anlage 1: Teilnehmerliste",
    )
    return {
        "signed public part, PAdES B-T, with a figure": stored["public"],
        "signed non-public part, PAdES B-T": stored["non_public"],
        "signed public part without PAdES": unsigned_public,
        "signed non-public part without PAdES": render_protocol_pdf(non_public_part(signed)),
        "signed public part, PAdES B-B (no timestamp)": _sign_without_timestamp(unsigned_public),
        "draft, public part, with a PDF and an image attached": render_protocol_pdf(
            public_part(build_protocol(draft.pk, include_non_public=True))
        ),
        "draft with all items (export --with-non-public)": render_protocol_pdf(
            build_protocol(draft.pk, include_non_public=True)
        ),
        "draft in many scripts, with an attachment": render_protocol_pdf(
            build_protocol(letters.pk, include_non_public=True), attachments=[agenda]
        ),
        **_committee_pdfs(),
    }


def _committee_pdfs() -> dict[str, bytes]:
    """The demo committee's protocol: a table per group with a status column, deputies
    “vertreten durch”, paragraphs without a speaker, named votes as lists and as a table."""
    committee = Meeting.objects.get(body__name="Ausschuss für Umwelt, Klima und Grün", number=14)
    pdfs = {"committee, tables per group, named votes by choice": render_protocol_pdf(
        build_protocol(committee.pk, include_non_public=True)
    )}  # fmt: skip
    Body.objects.filter(pk=committee.body_id).update(named_votes_layout=Body.NamedVotesLayout.TABLE)
    pdfs["committee, named votes as a table"] = render_protocol_pdf(
        public_part(build_protocol(committee.pk, include_non_public=True))
    )
    return pdfs


def _sign_without_timestamp(pdf: bytes) -> bytes:
    from django.conf import settings

    url, settings.SIGNING_TSA_URL = settings.SIGNING_TSA_URL, ""
    try:
        return seal.sign(pdf)
    finally:
        settings.SIGNING_TSA_URL = url


def test_every_kind_of_pdf_passes_pdf_a_3a_and_pdf_ua_1(sealing_key, timestamp_authority, draft_demo, letters):
    demo = sign_demo(draft_demo)  # frozen with this test's seal and timestamp authority
    pdfs = _pdfs(demo, letters)
    # The fixtures made what the names say.
    stored = ProtocolDocument.objects.get(meeting=demo, variant="public")
    assert stored.pades_signed and timestamp_authority, "the demo was sealed with a timestamp"
    images = [
        xobject
        for page in PdfReader(io.BytesIO(bytes(stored.pdf))).pages
        for xobject in page["/Resources"].get("/XObject", {}).values()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]
    assert images and all(image.get_object().get("/Interpolate") is not True for image in images)
    for name, pdf in pdfs.items():
        xmp = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert re.search(r"pdfaid:part(=\"|>)3", xmp) and re.search(r"pdfaid:conformance(=\"|>)A", xmp), name
        assert re.search(r"pdfuaid:part(=\"|>)1", xmp), name

    results = validate(pdfs)

    failures = {name: flavours for name, flavours in results.items() if any(flavours.values())}
    assert not failures, "\n".join(
        f"{name} [{flavour}]: {rule}" for name, flavours in failures.items() for flavour, rules in flavours.items()
        for rule in rules
    )  # fmt: skip


def test_verapdf_notices_what_the_issue_reported(letters):
    """The validator really looks: an untagged PDF/A-3b of the same protocol fails both profiles."""
    from weasyprint import HTML

    pdf = HTML(string="<html><body><p>Işılar</p><img src='x.png'></body></html>").write_pdf(pdf_variant="pdf/a-3b")
    results = validate({"untagged": pdf})["untagged"]
    assert any(rule.startswith("6.6.4-3") or rule.startswith("6.7.3.3-1") for rule in results["3a"])
    assert any(rule.startswith("7.1-") for rule in results["ua1"])


def _structure(pdf: bytes) -> list:
    """Every structure element of the PDF's tag tree, in document order."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(element):
        element = element.get_object()
        if not hasattr(element, "get") or "/S" not in element:
            return
        found.append(element)
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    for kid in root["/K"] if isinstance(root["/K"], list) else [root["/K"]]:
        walk(kid)
    return found


def test_the_signed_pdf_is_tagged_for_screen_readers(demo):
    from minutes.models import Figure

    pdf = bytes(ProtocolDocument.objects.get(meeting=demo, variant="public").pdf)
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Protokoll der Integrationsbeiratssitzung 20.07.2017"
    elements = _structure(pdf)
    tags = [str(element["/S"]) for element in elements]
    assert tags.count("/H1") == 1
    public_items = demo.agenda_items.filter(public=True).count()
    assert tags.count("/H2") >= public_items + 3  # chair, participants, agenda … and one per TOP
    for tag in ("/Table", "/THead", "/TH", "/TD", "/L", "/LI", "/Lbl", "/LBody", "/Figure", "/Caption"):
        assert tag in tags, tag
    # Attendance rows have their name as row header; the agenda its column headers.
    assert sum(1 for element in elements if element["/S"] == "/TH") > demo.attendances.count() // 2
    figure = Figure.objects.get(item__meeting=demo)
    [alt] = [str(element["/Alt"]) for element in elements if element["/S"] == "/Figure"]
    assert figure.description and alt == figure.description
