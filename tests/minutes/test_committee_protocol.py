"""The demo committee's protocol (minutes.demo.committee) reads as such committees print
theirs — on the page, in the PDF and in the portal — after load_demo signed and published it."""

import io

import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from council.models import Body
from minutes.models import Deputation, Meeting, Vote

from .seed import assert_in_order
from .test_seed_protocol import page_text

BODY = "Ausschuss für Umwelt, Klima und Grün"


@pytest.fixture
def committee(demo) -> Meeting:
    return Meeting.objects.get(body__name=BODY, number=14)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    total = len(reader.pages)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text().replace(f"Seite {number} von {total}", " ")
        pages.append(text.replace(f"{BODY} Sitzung vom 14.03.2024", " "))
    return " ".join(" ".join(pages).split())


# What the committee prints, in order: heading, attendance per group with a status column
# (deputies at the member they sat for), minute-taker, the preamble, the items.
PRINTED = [
    "Niederschrift",
    "über die 14. Sitzung des Ausschusses für Umwelt, Klima und Grün",
    "Datum der Niederschrift: 28.03.2024",
    "am Donnerstag, 14.03.2024, Rathaus, Ratssaal",
    "Stimmberechtigte Mitglieder",
    "Ratsherr Klaus Berendsen CDU anwesend",
    "Ratsfrau Sabine Oettinger (bis 18.10 Uhr) CDU anwesend, vertreten durch Ratsherrn Dirk Hoffmann ab 18.10 Uhr",
    "Ratsherr Jürgen Fink (ab 18.10 Uhr) CDU anwesend, vertreten durch Ratsherrn Dirk Hoffmann bis 18.10 Uhr",
    "Ratsfrau Petra Lindqvist SPD vertreten durch Sachkundige Bürgerin Nadine Schreiber",
    "Ratsfrau Birgit Sander Die Linke entschuldigt",
    "Sachkundiger Bürger Erwin Talhoff CDU anwesend",
    "Beratende Mitglieder",
    "Herr Ümit Kaya Integrationsrat anwesend",
    "Verwaltung",
    "Beigeordneter Dr. Stefan Rauch Dezernat für Umwelt, Klima und Mobilität anwesend",
    "Gäste",
    "Frau Dr. Johanna Weidner Stadtwerke Rheinstadt GmbH, Leitung Wärmewende",
    "Rheinstädter Anzeiger Presse",
    "Schriftführung",
    "Herr Tobias Brandt Amt für Umwelt und Verbraucherschutz",
    "Ratsfrau Dr. Ingrid Wallmeyer eröffnet die Sitzung um 17.00 Uhr und begrüßt die Anwesenden. Sie stellt fest, "
    "dass mit Schreiben vom 01.03.2024 ordnungsgemäß eingeladen und die Sitzung am 06.03.2024 im Amtsblatt der Stadt "
    "Rheinstadt Nr. 10 öffentlich bekannt gemacht wurde. Der Ausschuss ist mit 12 von 13 stimmberechtigten "
    "Mitgliedern beschlussfähig.",
    "TOP 2 Einwohnerfragestunde öffentlich Fragen werden nicht gestellt.",
    "Ratsherr Klaus Berendsen erkundigt sich",
    "Abstimmung: 7 Ja, 4 Nein, 1 Enthaltung – angenommen",
    "Namentliche Abstimmung:",
    "Ja: Ratsfrau Dr. Ingrid Wallmeyer, Ratsfrau Meral Aydın, Ratsherr Thomas Keßler, Sachkundige Bürgerin Nadine "
    "Schreiber",
    "Nein: Ratsherr Klaus Berendsen, Ratsherr Dirk Hoffmann, Ratsherr Jürgen Fink, Sachkundiger Bürger Erwin Talhoff",
    "Enthaltung: Ratsherr Dr. Felix Ambrosius",
    "Abstimmung: 11 Ja, 0 Nein, 0 Enthaltungen, 1 befangen – angenommen",
    "Befangen: Ratsfrau Hanna Petersen",
    "Weitere Mitteilungen liegen nicht vor.",
    "Dr. Ingrid Wallmeyer, Ausschussvorsitzende",
    "Tobias Brandt, Schriftführer",
]


def test_the_committee_protocol_is_signed_and_published_by_load_demo(committee):
    assert committee.status == Meeting.Status.PUBLISHED
    assert committee.documents.count() == 2  # public and non-public part, frozen
    assert Deputation.objects.filter(deputy__meeting=committee).count() == 3
    assert Vote.objects.filter(decision__item__meeting=committee).count() == 24


def test_the_page_prints_it_as_the_committee_does(client, committee):
    text = page_text(client.get(committee.get_absolute_url()))
    assert_in_order(text, PRINTED, "committee page")
    # The deputy is printed at the members he sat for, not as a row of his own; the
    # secretariat's person once, under “Schriftführung”.
    assert "Ratsherr Dirk Hoffmann CDU" not in text
    assert text.count("Herr Tobias Brandt") == 1
    # The non-public item is not for everyone.
    assert "Grünflächenpflege" not in text


def test_the_pdf_prints_it_alike(client, committee):
    response = client.get(f"{committee.get_absolute_url()}pdf/")
    assert response.status_code == 200
    assert_in_order(pdf_text(response.content), PRINTED, "committee PDF")


def test_members_of_the_committee_read_its_non_public_item(client, committee):
    client.force_login(User.objects.get(username="umwelt-mitglied"))
    text = page_text(client.get(committee.get_absolute_url()))
    assert "Vergabe der Grünflächenpflege im Stadtbezirk Nord 2024–2026" in text
    assert "Abstimmung: 12 Ja, 0 Nein, 0 Enthaltungen – angenommen" in text


def test_the_committee_is_in_the_portal(client, committee):
    body = Body.objects.get(name=BODY)
    listing = page_text(client.get(f"/meetings/?body={body.pk}"))
    assert "Niederschrift" in listing and "14.03.2024" in listing
    results = page_text(client.get("/search/?q=Wärmenetz"))
    assert "Ratsherr Klaus Berendsen" in results and "Frau Dr. Johanna Weidner" in results  # the speakers as printed
    # A person page shows what they said as the committee printed it.
    behnck = committee.attendances.get(person__family_name="Berendsen").person
    person = page_text(client.get(f"/people/{behnck.pk}/"))
    assert person.startswith("Ratsherr Berendsen") or "Ratsherr Berendsen (Klaus Berendsen)" in person
    assert "Ratsherr Klaus Berendsen erkundigt sich" in person
