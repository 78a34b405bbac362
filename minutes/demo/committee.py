"""A second demo protocol: a big city's committee, as such committees print theirs.

Invented (people, city, figures), written in the style of the published minutes of large
German cities' committees: one table per attendance group with a status column, council
titles (“Ratsherr”, “Ratsfrau”, “Sachkundige Bürgerin”, “Beigeordneter”), given names,
deputies printed at the member they sat for (“vertreten durch Ratsherrn …”, one deputy
sitting for two members one after the other), the opening formalities in the body's own
wording, agenda items with times, paragraphs without a speaker (“Fragen werden nicht
gestellt.”), a named vote and a member excluded for bias, and a non-public item.

``loader.load_committee`` builds it through the drafting services as the committee's
secretariat and puts it through the approval workflow (submitted, signed by chair and
minute-taker, published), like the seed protocol.
"""

import datetime

from .seed import bullets, paragraphs

BODY = {
    "name": "Ausschuss für Umwelt, Klima und Grün",
    "short_name": "AUKG",
    "classification": "Ausschuss",
    "protocol_title": "Niederschrift",
    "protocol_subtitle": "über die {number}. Sitzung des Ausschusses für Umwelt, Klima und Grün",
    "protocol_date_line": "Datum der Niederschrift: {protocol_date}",
    "preamble": (
        "{chair} eröffnet die Sitzung um {start} Uhr und begrüßt die Anwesenden. Sie stellt fest, dass mit "
        "Schreiben vom {invitation_date} {convened} eingeladen und die Sitzung am {public_notice_date} "
        "{public_notice} öffentlich bekannt gemacht wurde. Der Ausschuss ist mit {voting_present} von "
        "{voting_members} stimmberechtigten Mitgliedern {quorum}."
    ),
    "name_form_of_address": True,
    "name_council_title": True,
    "name_academic_title": True,
    "name_given_name": True,
    "attendance_layout": "by_group",
    "deputies_printed": "with_member",
    "named_votes_layout": "by_choice",
    "signature_roles": ["chair", "minute_taker"],
}

# (name, printed heading, votes, kind, on person pages)
GROUPS = [
    ("Stimmberechtigte Mitglieder", "", True, "members", True),
    ("Beratende Mitglieder", "", False, "advisory", True),
    ("Verwaltung", "", False, "administration", False),
    ("Gäste", "", False, "guests", True),
]

ORGANIZATIONS = {
    "CDU": "party",
    "SPD": "party",
    "Grüne": "party",
    "FDP": "party",
    "Die Linke": "party",
    "Seniorenvertretung der Stadt": "other",
    "Integrationsrat": "other",
    "Dezernat für Umwelt, Klima und Mobilität": "department",
    "Amt für Umwelt und Verbraucherschutz": "department",
    "Stadtwerke Rheinstadt GmbH": "other",
    "Rheinstädter Anzeiger": "other",
}

# key → (form of address, academic title, given name, family name, council title of the person)
PEOPLE = {
    "wallmeyer": ("Frau", "Dr.", "Ingrid", "Wallmeyer", "Ratsfrau"),
    "berendsen": ("Herr", "", "Klaus", "Berendsen", "Ratsherr"),
    "oettinger": ("Frau", "", "Sabine", "Oettinger", "Ratsfrau"),
    "fink": ("Herr", "", "Jürgen", "Fink", "Ratsherr"),
    "aydin": ("Frau", "", "Meral", "Aydın", "Ratsfrau"),
    "kessler": ("Herr", "", "Thomas", "Keßler", "Ratsherr"),
    "lindqvist": ("Frau", "", "Petra", "Lindqvist", "Ratsfrau"),
    "schulte": ("Herr", "", "Marco", "Schulte-Bräuning", "Ratsherr"),
    "petersen": ("Frau", "", "Hanna", "Petersen", "Ratsfrau"),
    "ambrosius": ("Herr", "Dr.", "Felix", "Ambrosius", "Ratsherr"),
    "sander": ("Frau", "", "Birgit", "Sander", "Ratsfrau"),
    "talhoff": ("Herr", "", "Erwin", "Talhoff", ""),
    "graf": ("Frau", "", "Leonie", "Graf", ""),
    "hoffmann": ("Herr", "", "Dirk", "Hoffmann", "Ratsherr"),
    "schreiber": ("Frau", "", "Nadine", "Schreiber", ""),
    "kaya": ("Herr", "", "Ümit", "Kaya", ""),
    "brueckner": ("Frau", "", "Gerda", "Brückner", ""),
    "rauch": ("Herr", "Dr.", "Stefan", "Rauch", ""),
    "moeller": ("Frau", "", "Andrea", "Möller", ""),
    "brandt": ("Herr", "", "Tobias", "Brandt", ""),
    "weidner": ("Frau", "Dr.", "Johanna", "Weidner", ""),
}

# The roster: (person, role, voting right, organisation, label, council title in this body,
# deputy of (person key), group name). Sachkundige Bürgerinnen und Bürger vote in a committee
# of a large city; their council title is the committee membership's.
MEMBERSHIPS = [
    ("wallmeyer", "chair", True, "Grüne", "", "", None, None),
    ("berendsen", "member", True, "CDU", "", "", None, None),
    ("oettinger", "member", True, "CDU", "", "", None, None),
    ("fink", "member", True, "CDU", "", "", None, None),
    ("aydin", "member", True, "SPD", "", "", None, None),
    ("kessler", "member", True, "SPD", "", "", None, None),
    ("lindqvist", "member", True, "SPD", "", "", None, None),
    ("schulte", "member", True, "Grüne", "", "", None, None),
    ("petersen", "member", True, "Grüne", "", "", None, None),
    ("ambrosius", "member", True, "FDP", "", "", None, None),
    ("sander", "member", True, "Die Linke", "", "", None, None),
    ("talhoff", "member", True, "CDU", "", "Sachkundiger Bürger", None, None),
    ("graf", "member", True, "Grüne", "", "Sachkundige Bürgerin", None, None),
    # Registered deputies: listed only when they attend.
    ("hoffmann", "member", True, "CDU", "", "", "fink", None),
    ("schreiber", "member", True, "SPD", "", "Sachkundige Bürgerin", "lindqvist", None),
    ("kaya", "advisory", False, "Integrationsrat", "", "", None, None),
    ("brueckner", "advisory", False, "Seniorenvertretung der Stadt", "", "", None, None),
    ("rauch", "administration", False, "Dezernat für Umwelt, Klima und Mobilität", "", "Beigeordneter", None, None),
    (
        "moeller",
        "administration",
        False,
        "Amt für Umwelt und Verbraucherschutz",
        "Leiterin des Amtes für Umwelt",
        "",
        None,
        None,
    ),  # fmt: skip
    ("brandt", "minute_taker", False, "Amt für Umwelt und Verbraucherschutz", "", "", None, None),
    ("brandt", "secretariat", False, "Amt für Umwelt und Verbraucherschutz", "", "", None, None),
]

USERS = [
    ("umwelt-sekretariat", "brandt", "Sekretariat des Umweltausschusses (Herr Brandt, Schriftführer)"),
    ("umwelt-vorsitz", "wallmeyer", "Vorsitz des Umweltausschusses (Ratsfrau Dr. Wallmeyer)"),
    ("umwelt-mitglied", "berendsen", "Mitglied des Umweltausschusses (Ratsherr Berendsen)"),
]
SECRETARIAT_USER = "umwelt-sekretariat"
SIGNERS = ["umwelt-vorsitz", "umwelt-sekretariat"]

MEETING = {
    "number": 14,
    "date": datetime.date(2024, 3, 14),
    "start_time": datetime.time(17, 0),
    "end_time": datetime.time(19, 15),
    "public_start_time": datetime.time(17, 0),
    "public_end_time": datetime.time(18, 45),
    "building": "Rathaus",
    "room": "Ratssaal",
    "chair_function": "Ausschussvorsitzende",
    "protocol_date": datetime.date(2024, 3, 28),
    "invitation_date": datetime.date(2024, 3, 1),
    "duly_convened": True,
    "public_notice_date": datetime.date(2024, 3, 6),
    "public_notice": "im Amtsblatt der Stadt Rheinstadt Nr. 10",
    "quorum_stated": True,
}

# Attendance as it was: (person, changes); everyone else of the roster was there throughout.
ATTENDANCE = [
    ("oettinger", {"departure": datetime.time(18, 10)}),
    ("fink", {"arrival": datetime.time(18, 10)}),
    ("lindqvist", {"status": "excused"}),
    ("sander", {"status": "excused"}),
]
# (deputy, member, from, until): Ratsherr Hoffmann sits for Ratsherr Fink until Fink arrives,
# then for Ratsfrau Oettinger, who leaves at the same time.
DEPUTIES = [
    ("hoffmann", "fink", None, datetime.time(18, 10)),
    ("hoffmann", "oettinger", datetime.time(18, 10), None),
    ("schreiber", "lindqvist", None, None),
]
# (person or None, organisation or None, affiliation as printed)
GUESTS = [
    ("weidner", None, "Stadtwerke Rheinstadt GmbH, Leitung Wärmewende"),
    (None, "Rheinstädter Anzeiger", "Presse"),
]
# Their functions as their signatures print them (Membership.function of the chair and the minute-taker).
SIGNATURE_FUNCTIONS = {"wallmeyer": "Ausschussvorsitzende", "brandt": "Schriftführer"}


def said(speaker, text):
    """A contribution: speaker key (None: a paragraph without a speaker) and text."""
    return {"speaker": speaker, "text": text}


AGENDA = [
    {
        "number": "1",
        "title": "Genehmigung der Niederschrift über die 13. Sitzung vom 01.02.2024",
        "start": datetime.time(17, 5),
        "end": datetime.time(17, 7),
        "contributions": [said(None, "Änderungswünsche zur Niederschrift werden nicht vorgebracht.")],
        "decisions": [
            {
                "text": "Die Niederschrift über die 13. Sitzung vom 01.02.2024 wird genehmigt.",
                "result": "accepted",
                "votes_yes": 11,
                "votes_no": 0,
                "votes_abstain": 1,
            }
        ],
    },
    {
        "number": "2",
        "title": "Einwohnerfragestunde",
        "start": datetime.time(17, 7),
        "end": datetime.time(17, 8),
        "contributions": [said(None, "Fragen werden nicht gestellt.")],
    },
    {
        "number": "3",
        "title": "Kommunale Wärmeplanung – Zwischenbericht der Stadtwerke (Vorlage 0377/2024)",
        "start": datetime.time(17, 8),
        "end": datetime.time(17, 55),
        "presenters": [
            ("weidner", "Stadtwerke Rheinstadt GmbH, Leitung Wärmewende"),
            ("rauch", "Beigeordneter für Umwelt, Klima und Mobilität"),
        ],
        "contributions": [
            said(
                "weidner",
                paragraphs(
                    "stellt den Stand der kommunalen Wärmeplanung vor. Die Bestands- und Potenzialanalyse ist "
                    "abgeschlossen; sie zeigt, dass rund 38 % des Wärmebedarfs der Stadt in Gebieten liegen, die "
                    "sich für ein Wärmenetz eignen. Als nächste Schritte sind vorgesehen:",
                    bullets(
                        "Festlegung der Eignungsgebiete für Wärmenetze bis Herbst 2024",
                        "Machbarkeitsstudie für die Nutzung der Abwärme des Klärwerks Nord",
                        "Beteiligung der Öffentlichkeit in vier Stadtteilforen",
                    ),
                    "Der Entwurf des Wärmeplans soll dem Ausschuss im ersten Quartal 2025 vorgelegt werden.",
                ),
            ),
            said(
                "berendsen",
                "erkundigt sich, wie Eigentümerinnen und Eigentümer in Gebieten ohne Wärmenetz beraten werden.",
            ),
            said(
                "rauch",
                "erläutert, dass die Energieberatung der Verbraucherzentrale ab April zusätzliche Sprechstunden in "
                "den Bezirksrathäusern anbietet. Die Stadtwerke stellen eine Karte der voraussichtlichen "
                "Versorgungsgebiete ins Internet, sobald der Rat die Eignungsgebiete beschlossen hat.",
            ),
            said(
                "petersen",
                "regt an, die Stadtteilforen auch in einfacher Sprache und mit Übersetzung anzubieten.",
            ),
            said("weidner", "sagt zu, dies mit dem Integrationsrat abzustimmen."),
        ],
        "decisions": [
            {
                "text": "Der Ausschuss nimmt den Zwischenbericht zur kommunalen Wärmeplanung zur Kenntnis.",
                "result": "noted",
            }
        ],
    },
    {
        "number": "4",
        "title": "Änderung der Baumschutzsatzung (Vorlage 0412/2024)",
        "start": datetime.time(18, 0),
        "end": datetime.time(18, 30),
        "presenters": [("moeller", "Amt für Umwelt und Verbraucherschutz")],
        "contributions": [
            said(
                "moeller",
                "erläutert die Vorlage. Künftig sollen Bäume ab einem Stammumfang von 80 cm (bisher 100 cm) "
                "geschützt sein; für Ersatzpflanzungen gilt ein einheitlicher Schlüssel nach dem Stammumfang "
                "des gefällten Baumes.",
            ),
            said(
                "berendsen",
                "hält die Absenkung für eine zu große Belastung privater Grundstückseigentümer und kündigt die "
                "Ablehnung durch die CDU-Fraktion an.",
            ),
            said(
                "schulte",
                "verweist auf die Hitzeaktionsplanung der Stadt und beantragt namentliche Abstimmung.",
            ),
            said(
                None,
                "Der Antrag auf namentliche Abstimmung wird von mehr als einem Fünftel der Mitglieder unterstützt.",
            ),
        ],
        "decisions": [
            {
                "text": (
                    "Der Ausschuss empfiehlt dem Rat, die Änderung der Baumschutzsatzung in der Fassung der "
                    "Vorlage 0412/2024 zu beschließen."
                ),
                "result": "accepted",
                # Named vote (namentliche Abstimmung): the counts follow from it.
                "named": {
                    "yes": ["wallmeyer", "aydin", "kessler", "schreiber", "schulte", "petersen", "graf"],
                    "no": ["berendsen", "hoffmann", "fink", "talhoff"],
                    "abstain": ["ambrosius"],
                },
            }
        ],
    },
    {
        "number": "5",
        "title": "Zuschuss für das Projekt „Essbare Stadt“ des Stadtgarten e.V. (Vorlage 0398/2024)",
        "start": datetime.time(18, 30),
        "end": datetime.time(18, 40),
        "contributions": [
            said(
                "petersen",
                "erklärt sich für befangen, da sie dem Vorstand des Stadtgarten e.V. angehört, und nimmt an "
                "Beratung und Abstimmung nicht teil.",
            ),
            said(None, "Wortmeldungen liegen nicht vor."),
        ],
        "decisions": [
            {
                "text": (
                    "Der Ausschuss bewilligt dem Stadtgarten e.V. für das Projekt „Essbare Stadt“ einen Zuschuss "
                    "von 12.500 € aus dem Budget für Stadtgrün 2024."
                ),
                "result": "accepted",
                "named": {
                    "yes": [
                        "wallmeyer",
                        "berendsen",
                        "hoffmann",
                        "fink",
                        "aydin",
                        "kessler",
                        "schreiber",
                        "schulte",
                        "ambrosius",
                        "talhoff",
                        "graf",
                    ],  # fmt: skip
                    "biased": ["petersen"],
                },
            }
        ],
    },
    {
        "number": "6",
        "title": "Mitteilungen der Verwaltung",
        "start": datetime.time(18, 40),
        "end": datetime.time(18, 45),
        "contributions": [
            said(
                "rauch",
                "teilt mit, dass die Pflanzsaison 2023/24 mit 412 neu gepflanzten Straßenbäumen abgeschlossen "
                "wurde, 57 mehr als im Vorjahr.",
            ),
            said(None, "Weitere Mitteilungen liegen nicht vor."),
        ],
    },
    {
        "number": "7",
        "title": "Vergabe der Grünflächenpflege im Stadtbezirk Nord 2024–2026",
        "public": False,
        "start": datetime.time(18, 50),
        "end": datetime.time(19, 10),
        "contributions": [
            said(
                "moeller",
                "stellt das Ergebnis der Ausschreibung vor. Von vier Angeboten ist das der Firma Grünwerk "
                "Rheinstadt GmbH das wirtschaftlichste.",
            ),
            said("ambrosius", "fragt nach den Referenzen des Unternehmens."),
            said(
                "moeller", "antwortet, dass die Firma seit 2019 Flächen im Stadtbezirk Süd ohne Beanstandungen pflegt."
            ),
        ],
        "decisions": [
            {
                "text": (
                    "Der Ausschuss beschließt, die Grünflächenpflege im Stadtbezirk Nord für die Jahre 2024 bis "
                    "2026 an die Grünwerk Rheinstadt GmbH zu vergeben."
                ),
                "result": "accepted",
                "votes_yes": 12,
                "votes_no": 0,
                "votes_abstain": 0,
            }
        ],
    },
]

# ------------------------------------------------------------ papers (open data)
# The papers (Vorlagen) the agenda names, with their consultation at the item and the
# paper the decision decides; each with a main document, a PDF whose text the search finds.
LEGISLATIVE_TERM = {
    "name": "Wahlperiode 2019–2024",
    "start_date": datetime.date(2019, 7, 1),
    "end_date": datetime.date(2024, 6, 30),
}
LOCATION = {
    "description": "Rathaus, Ratssaal",
    "street_address": "Marktplatz 1",
    "room": "Ratssaal",
    "postal_code": "12345",
    "locality": "Rheinstadt",
}
PAPERS = [
    {
        "reference": "0377/2024",
        "name": "Kommunale Wärmeplanung – Zwischenbericht der Stadtwerke",
        "paper_type": "Mitteilungsvorlage",
        "date": datetime.date(2024, 2, 20),
        "item": "3",
        "role": "Kenntnisnahme",
        "authoritative": True,
        "text": "Zwischenbericht zur kommunalen Wärmeplanung: Bestandsanalyse und Potenzialanalyse der Wärmenetze.",
    },
    {
        "reference": "0412/2024",
        "name": "Änderung der Baumschutzsatzung",
        "paper_type": "Beschlussvorlage",
        "date": datetime.date(2024, 2, 27),
        "item": "4",
        "role": "Vorberatung",
        "authoritative": False,
        "text": "Entwurf der geänderten Baumschutzsatzung: Schutz ab 80 cm Stammumfang, Ersatzpflanzungen.",
    },
    {
        "reference": "0398/2024",
        "name": "Zuschuss für das Projekt „Essbare Stadt“ des Stadtgarten e.V.",
        "paper_type": "Beschlussvorlage",
        "date": datetime.date(2024, 2, 22),
        "item": "5",
        "role": "Beschlussfassung",
        "authoritative": True,
        "text": (
            "Haushaltsüberschreitungen sind nicht zu erwarten: der Zuschuss wird aus dem Budget des Umweltamts gedeckt."
        ),
    },
]
