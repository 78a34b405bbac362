"""The seed protocol “Integrationsbeirat, 20.07.2017” as plain Python data.

Transcribed from the reference protocol (seeds/integrationsbeirat-2017-07-20.md) so the
project never reads that file at runtime. The wording is kept exactly as printed,
including its typos (“Bildungskordinatorin”, “Glückwunschsreiben”).

People are referred to by the name the protocol prints (“Frau Duczkowska”); the full
names that the presenter lines give are in ``GIVEN_NAMES``. Contribution texts are the
project's light markup (CommonMark subset: paragraphs, “- ” lists, “1)” lists, **bold**)
without the leading bold speaker name, which the protocol adds when printing.

Item 5 and its decision are NOT in the original protocol: they are marked “[Demo-Inhalt]”
and only exist so the demo shows a non-public item and a vote.
"""

import datetime

# --------------------------------------------------------------------------- body

BODY = {
    "name": "Integrationsbeirat",
    "short_name": "IB",
    "classification": "Beirat",
    "protocol_title": "Protokoll der Integrationsbeiratssitzung",
    "signature_roles": ["chair", "management"],
}

# ------------------------------------------------------------------------- people

# Given names where the protocol prints them (presenter lines, chair, signatures).
GIVEN_NAMES = {
    "Herr Seigfried": "Konrad",
    "Frau Müller": "Anne Kathrin",
    "Herr Schindler": "Jürgen",
    "Frau Kiefer": "Elena",
    "Frau Stuber": "Nicole",
    "Frau Schmetz": "Renate",
    "Frau Holtzhausen": "Christa",
    "Frau Balles": "Serap",
    "Frau Rathert": "Jana-Louisa",
    "Frau Meier": "Elisabeth",
}

# ------------------------------------------------------------------ organisations

ASSOCIATION = "association"
PARTY = "party"
WELFARE = "welfare"
DEPARTMENT = "department"
OTHER = "other"

DEPARTMENT_BES = "Fachbereich Bürgerschaftliches Engagement und Soziales"

ORGANIZATIONS = {
    "Polnischer Kulturverein e.V.": ASSOCIATION,
    "IGL e.V.": ASSOCIATION,
    "DITIB e.V.": ASSOCIATION,
    "Alevitisches Kulturzentrum e.V.": ASSOCIATION,
    "SDI e.V.": ASSOCIATION,
    "Karadeniz Giresunlular BW e.V.": ASSOCIATION,
    "Haus der Integration e.V.": ASSOCIATION,
    "Kulturvereinigung der Tamilen e.V.": ASSOCIATION,
    "TIZ e.V.": ASSOCIATION,
    "A.P.I.D.L. e.V.": ASSOCIATION,
    "CDU": PARTY,
    "Grüne": PARTY,
    "SPD": PARTY,
    "Freie Wähler": PARTY,
    "ÖkoLinX": PARTY,
    "Diakonie": WELFARE,
    "Caritas": WELFARE,
    "AWO": WELFARE,
    "DRK": WELFARE,
    DEPARTMENT_BES: DEPARTMENT,
    "AG Interkulturelle Öffnung": OTHER,
}

# How a printed affiliation maps to (organisation, label) of a membership. Texts not
# listed here are an organisation's name as printed (organisation, no label).
AFFILIATION_PARTS = {
    "Vertreterin der LIGA – Diakonie": ("Diakonie", "Vertreterin der LIGA – Diakonie"),
    "Vertreterin der LIGA – Caritas": ("Caritas", "Vertreterin der LIGA – Caritas"),
    "Vertreterin der LIGA – AWO": ("AWO", "Vertreterin der LIGA – AWO"),
    "Vertreterin der LIGA – DRK": ("DRK", "Vertreterin der LIGA – DRK"),
    # Areas and experts sit for no organisation: the label is all there is.
    "Bereich Bildung für Eltern und Erwachsene": (None, "Bereich Bildung für Eltern und Erwachsene"),
    "Bereich interkultureller und interreligiöser Dialog": (
        None,
        "Bereich interkultureller und interreligiöser Dialog",
    ),
    "Bereich Spätaussiedler": (None, "Bereich Spätaussiedler"),
    "Bereich soziale Integration": (None, "Bereich soziale Integration"),
    "Bereich Wirtschaft": (None, "Bereich Wirtschaft"),
    "Bereich Bildung und Betreuung": (None, "Bereich Bildung und Betreuung"),
    "Bereich Neuzuwanderer": (None, "Bereich Neuzuwanderer"),
    "Expertin für Öffentlichkeitsarbeit": (None, "Expertin für Öffentlichkeitsarbeit"),
    "Experte für Asyl": (None, "Experte für Asyl"),
}

# --------------------------------------------------------------------- attendance
# The protocol prints a block of names followed by a block of affiliations in the same
# order; they are paired by position here.

PRESENT_NAMES = [
    "Frau Duczkowska",
    "Herr Gündüz",
    "Frau Üstü",
    "Herr Soylu",
    "Herr Suresh",
    "Herr Vlaicu",
    "Frau Shoaleh",
    "Frau Topalidou",
    "Frau Dogan",
    "Herr Manay",
    "Frau Maier-Lidle",
    "Frau Miller",
    "Frau Gür",
    "Frau Seyfang",
    "Herr Kasdorf",
    "Herr Henning",
    "Frau Müller",
    "Frau Gegner",
]
PRESENT_AFFILIATIONS = [
    "Polnischer Kulturverein e.V.",
    "IGL e.V.",
    "Bereich Bildung für Eltern und Erwachsene",
    "Bereich interkultureller und interreligiöser Dialog",
    "Bereich interkultureller und interreligiöser Dialog",
    "Bereich Spätaussiedler",
    "Bereich soziale Integration",
    "Bereich soziale Integration",
    "Bereich Wirtschaft",
    "Bereich Wirtschaft",
    "Vertreterin der LIGA – Diakonie",
    "Vertreterin der LIGA – Caritas",
    "Vertreterin der LIGA – AWO",
    "CDU",
    "Grüne",
    DEPARTMENT_BES,
    DEPARTMENT_BES,
    DEPARTMENT_BES,
]
# “Herr Manay (ab 17.45 Uhr)”
ARRIVALS = {"Herr Manay": datetime.time(17, 45)}

MINUTE_TAKER_NAMES = ["Frau Gegner", "Frau Remmel"]
MINUTE_TAKER_AFFILIATIONS = [DEPARTMENT_BES, DEPARTMENT_BES]

EXCUSED_NAMES = [
    "Herr Ercan",
    "Herr Cam",
    "Herr Saritarla",
    "Frau Yavuz",
    "Frau Kaplan",
    "Frau Ehret",
    "Frau Zeljko",
    "Frau Salzer",
    "Frau Klett-Heuchert",
    "Herr Daferner",
    "Frau Orzechowski",
    "Frau Wanigesinghe",
]
EXCUSED_AFFILIATIONS = [
    "DITIB e.V.",
    "Alevitisches Kulturzentrum e.V.",
    "SDI e.V.",
    "Karadeniz Giresunlular BW e.V.",
    "Bereich Bildung und Betreuung",
    "Bereich Bildung für Eltern und Erwachsene",
    "Bereich Neuzuwanderer",
    "Vertreterin der LIGA – DRK",
    "Grüne",
    "SPD",
    "SPD",
    "Expertin für Öffentlichkeitsarbeit",
]

# “Nicht anwesend” comes in two blocks (5 + 6) in the protocol, kept in that order.
ABSENT_NAMES = [
    "Herr Berk",
    "Herr Selvaratnam",
    "Frau Deniz",
    "Herr Mbongompasi",
    "Frau Erdem",
    "Frau Schell",
    "Frau Enache",
    "Frau Traub",
    "Frau Moersch",
    "Herr Kube",
    "Herr Tesfazghi",
]
ABSENT_AFFILIATIONS = [
    "Haus der Integration e.V.",
    "Kulturvereinigung der Tamilen e.V.",
    "TIZ e.V.",
    "A.P.I.D.L. e.V.",
    "Bereich Bildung und Betreuung",
    "Bereich Spätaussiedler",
    "Bereich Neuzuwanderer",
    "CDU",
    "Freie Wähler",
    "ÖkoLinX",
    "Experte für Asyl",
]

GUEST_NAMES = [
    "Herr Schindler",
    "Frau Kiefer",
    "Frau Stuber",
    "Frau Schmetz",
    "Frau Holtzhausen",
    "Frau Balles",
    "Frau Rathert",
    "Frau Meier",
]
GUEST_AFFILIATIONS = [
    "Leitung Fachbereich Bürgerdienste",
    "Ausländerbehörde",
    "Ausländerbehörde",
    "Leitung Fachbereich Bildung und Familie",
    "Deutscher Kinderschutzbund, Ortsverband Ludwigsburg",
    "Deutscher Kinderschutzbund, Ortsverband Ludwigsburg",
    "Bildungskordinatorin, Fachbereich Bildung und Familie",
    "Projektleitung im Ludwigsburg Museum",
]

# ---------------------------------------------------------------------- memberships
# Members are everyone listed under Teilnehmende / Entschuldigt / Nicht anwesend, in
# that order, except those with a special role below. Guests are not members.

CHAIR = "Herr Seigfried"
MANAGEMENT = "Frau Müller"
MINUTE_TAKERS = ["Frau Gegner", "Frau Remmel"]
SECRETARIAT = "Frau Gegner"

# ------------------------------------------------------------------------ meeting

MEETING = {
    "number": 1,  # the protocol prints no number
    "title": "",  # the body's protocol title
    "date": datetime.date(2017, 7, 20),
    "start_time": datetime.time(17, 30),
    "end_time": datetime.time(20, 0),
    "public_start_time": datetime.time(17, 30),
    "public_end_time": datetime.time(19, 0),
    "building": "Kulturzentrum",
    "room": "kleiner Saal",
    "chair_function": "Erster Bürgermeister",
    "protocol_date": datetime.date(2017, 8, 12),
}

# (person, function): “Konrad Seigfried, Vorsitzender” and “Anne Kathrin Müller, Geschäftsführung”
# — the names come from the people, the functions from their memberships (FUNCTIONS_AS_SIGNED).
SIGNATURE_LINES = [
    ("Herr Seigfried", "chair"),
    ("Frau Müller", "management"),
]
FUNCTIONS_AS_SIGNED = {"Herr Seigfried": "Vorsitzender", "Frau Müller": "Geschäftsführung"}

# ----------------------------------------------------------------------- markup


def paragraphs(*blocks: str) -> str:
    """Blocks (paragraphs, lists) separated by a blank line."""
    return "\n\n".join(blocks)


def bullets(*lines: str) -> str:
    return "\n".join(f"- {line}" for line in lines)


def numbered(*lines: str) -> str:
    """A tight “1)” list."""
    return "\n".join(f"{n}) {line}" for n, line in enumerate(lines, start=1))


def numbered_sections(*sections: tuple[str, str]) -> str:
    """A “1)” list whose items are a heading line and a paragraph (indented 3 spaces)."""
    return "\n\n".join(f"{n}) {heading}\n\n   {body}" for n, (heading, body) in enumerate(sections, start=1))


def contribution(speaker, text, prefix=""):
    return {"speaker": speaker, "prefix": prefix, "text": text}


# ------------------------------------------------------------------------- agenda
# Each item: number, title, public, presenters [(person or None, organisation or None,
# role)], contributions, figures, decisions.

FIGURE_ORGANIGRAM = {
    "after": 8,  # the 8th contribution of TOP 1: “Herr Schindler stellt abschließend …”
    "caption": "Die Ausländerbehörde der Stadt Ludwigsburg 2017",
    "description": (
        "Platzhalter für das Organigramm der Ausländerbehörde; das Originalbild liegt dem Protokoll nicht bei."
    ),
    "file_name": "organigramm-auslaenderbehoerde-2017.png",
    "placeholder_text": "Organigramm (Platzhalter – im Quelltext nicht enthalten)",
}

TOP_1 = {
    "number": "1",
    "title": "Bericht Projekt „Stärkung der Handlungsfähigkeit“ und Ausblick Veränderungen Bürgerdienste",
    "public": True,
    "presenters": [
        ("Herr Schindler", None, "Leitung Fachbereich Bürgerdienste"),
        ("Frau Kiefer", None, "Ausländerbehörde"),
        ("Frau Stuber", None, "Ausländerbehörde"),
        (None, "AG Interkulturelle Öffnung", ""),
    ],
    "contributions": [
        contribution(
            "Herr Seigfried",
            "eröffnet um 17.35 Uhr die Sitzung und begrüßt alle Teilnehmenden. "
            "Anträge zur Änderung der Tagesordnung liegen keine vor.",
        ),
        contribution(
            "Herr Schindler",
            paragraphs(
                "berichtet, dass die Ausschreibung des Förderprojektes „Stärkung der Handlungsfähigkeit von "
                "Ausländerbehörden und die Definition der Ziele im Dezember 2015 erfolgten. "
                "Folgende Ziele wurden definiert:",
                bullets(
                    "Steigerung der Mitarbeiter- und Kundenzufriedenheit",
                    "Erhöhung der Attraktivität des Arbeitsplatzes",
                    "Verbesserung der internen und externen Vernetzungsstrukturen",
                ),
                "Die Idee für das Projekt ist im Rahmen einer Arbeitsgruppe bei einem Klausurtag zur "
                "interkulturellen Öffnung der Verwaltung entstanden. Eine wichtige Komponente bei diesem "
                "Projekt war neben der Beteiligung von Mitarbeitern, das Einholen von Meinungen externer "
                "Teilnehmer. Durch das Büro für Integration und Migration ist so der Kontakt zur AG "
                "Interkulturelle Öffnung des Integrationsbeirats entstanden. Herr Schindler berichtet, dass "
                "die Kommunikation und Zusammenarbeit im Team sehr positiv war.",
            ),
        ),
        contribution(
            "Frau Kiefer",
            "berichtet, dass im Januar 2017 der ServicePoint der Ausländerbehörde eröffnet wurde. Dieser dient "
            "der Terminvereinbarung, ersten Auskünften zu ausländerrechtlichen Fragen sowie der Ausgabe von "
            "Anträgen und Formularen. Seit Beginn gibt es 4350 Kundenkontakte, davon 2878 für die "
            "Ausländerbehörde (66%) und 763 für das Bürgerbüro (18%).",
        ),
        contribution(
            "Frau Stuber",
            paragraphs(
                "berichtet über das Projekt aus der Mitarbeitersicht. Das Projekt hat die Möglichkeit geboten, "
                "aktiv an seiner Gestaltung mitzuarbeiten und Ideen/Vorschläge einzubringen. Im Rahmen des "
                "Projektes wurden in Orientierung an die Ziele drei Gruppen gebildet, die sich mit folgenden "
                "Themen beschäftigt haben:",
                numbered_sections(
                    (
                        "Digitalisierung in der Ausländerbehörde",
                        "Das Aktuelle Papier-Aktensystem nimmt sehr viel Platz im Raum ein und erschwert das "
                        "gezielte Auffinden von Akten. Daher soll eine elektronische Ausländerakte eingeführt "
                        "werden. Im Moment läuft der Digitalisierungsprozess der Akten. Das angestrebte "
                        "Enddatum soll Ende des Jahres sein.",
                    ),
                    (
                        "Einheitliche Arbeitsweise",
                        "Für eine einheitliche Arbeitsweise sollen die Teamstrukturen verändert werden.",
                    ),
                    (
                        "Servicepoint",
                        "Anlaufstelle, zu der auch Personen ohne Termin gehen können.",
                    ),
                ),
            ),
        ),
        contribution(
            "Herr Schindler",
            paragraphs(
                "berichtet, dass Hospitationen von Mitgliedern des IB im Servicepoint geplant sind.",
                "Er erklärt, dass die elektronische Ausländerakte zunächst der Optimierung der internen "
                "Prozesse dient und nach außen vorerst keine Wirkung hat.",
            ),
        ),
        contribution(
            "Herr Seigfried",
            "hebt hervor, dass das Projekt dazu dient Mitarbeiter und Ausländer zu unterstützen und "
            "Arbeitsbedingungen zu verbessern.",
        ),
        contribution(
            "Frau Shoaleh",
            ", Mitglied der IKÖ-AG empfindet die Teilnahme an diesem Prozess als sehr tolle Möglichkeit. Der "
            "Wunsch der Gruppe sich in Verwaltungsthemen einzubringen bestand und wurde mit diesem Projekt "
            "erfüllt. Die Kooperation beschreibt sie insgesamt als sehr positiv.",
        ),
        contribution(
            "Herr Schindler",
            "stellt abschließend die neue Teamstruktur der Ausländerbehörde vor.",
        ),
        contribution(
            "Herr Suresh",
            "erkundigt sich, welche Personen auf diese Akten zugreifen können und ob von Ausländern mehr "
            "Informationen erhoben werden als von deutschen Mitbürgern.",
        ),
        contribution(
            "Herr Schindler",
            "erklärt, dass die Datensicherheit gewährleistet ist nur denjenigen zugänglich gemacht werden, die "
            "die Daten für Ihre Arbeit benötigen. Er ergänzt, dass bei der Datenerhebung kein Unterschied "
            "zwischen Ausländern und Deutschen gemacht wird. Die Datensätze werden angelegt und im "
            "Ausländerzentralregister gespeichert. Die Daten der in Ludwigsburg wohnenden Ausländer können "
            "lediglich von der Ausländerbehörde in Ludwigsburg eingesehen werden.",
        ),
        contribution(
            "Herr Manay",
            "berichtet von einem privaten Fall. **Herr Seigfried** betont, dass private Fälle im IB nicht "
            "besprochen werden können. **Herr Schindler** bietet daher an, hierfür einen separaten Termin zu "
            "vereinbaren.",
        ),
        contribution(
            "Frau Maier-Lidle",
            "erkundigt sich bei Frau Shoaleh nach erkennbaren Verbesserungen durch das Projekt.",
        ),
        contribution(
            "Frau Shoaleh",
            "beschreibt die IKÖ-Gruppe als gute Mischung. Sie selbst hat sowohl ehrenamtlich, als auch beruflich "
            "mit der Ausländerbehörde zu tun. Als positiv nimmt sie die Freundlichkeit, die Terminvereinbarung "
            "wahr. Außerdem wird das Thema Interkulturelle Kompetenz vorangebracht.",
        ),
        contribution(
            "Frau Maier-Lidle",
            "selbst hat bereits positive Rückmeldungen zum Service Point bekommen.",
        ),
        contribution(
            "Herr Seigfried",
            "ergänzt, dass in Aus- und Fortbildung investiert wurde. Trotz des restriktiven Ausländerrechts, das "
            "häufig mit negativen Entscheidungen verbunden ist, müssen die Mitarbeitenden kundenorientiert "
            "arbeiten.",
        ),
    ],
    "figures": [FIGURE_ORGANIGRAM],
    "decisions": [],
}

TOP_2 = {
    "number": "2",
    "title": "Willkommensbesuche bei Neugeborenen nach §2 KKG – Vorstellung der „Hallo Baby Tasche“",
    "public": True,
    "presenters": [
        ("Frau Schmetz", None, "Leitung Fachbereich Bildung und Familie"),
        ("Frau Holtzhausen", None, "Deutscher Kinderschutzbund, Ortsverband Ludwigsburg"),
        ("Frau Balles", None, "Deutscher Kinderschutzbund, Ortsverband Ludwigsburg"),
    ],
    "contributions": [
        contribution(
            "Frau Schmetz",
            "stellt das Projekt „Hallo Baby“ vor. Dieses resultierte aus dem Gesetz zur Kooperation und "
            "Information im Kinderschutz. Demnach sind kreisfreie Städte und Landkreise aufgefordert, Familien "
            "mit Neugeborenen umfassend über Unterstützungsangebote zu informieren. Im Landkreis Ludwigsburg "
            "wurde die Variante gewählt, dass jede Kommune dies örtlich angepasst nach eigenen Vorstellungen "
            "organisiert. Der Ausschuss für Bildung, Soziales und Sport (BSS) des Gemeinderats hat im September "
            "2015 beschlossen, die Aufgabe in gemeinsamer Trägerschaft mit dem Kinderschutzbund wahrzunehmen.",
        ),
        contribution(
            "Herr Seigfried",
            "ergänzt hierzu, dass die Vielzahl an Angeboten überwiegend von Familien der Mittelschicht "
            "angenommen wird. Ziel ist mit diesem Projekt möglichst alle zu erreichen. Er bittet dafür zu "
            "werben.",
        ),
        contribution(
            "Frau Balles",
            ", Mitarbeiterin des Kinderschutzbundes erklärt, dass der Kinderschutzbund nach dem "
            "Subsidiaritätsprinzip arbeitet. Bereits seit 2008 ist er Träger von „Wie schön, dass du geboren "
            "bist“ und hat dadurch ein großes Netzwerk und viel Erfahrung. Sie betont, dass es sich bei den "
            "Willkommensbesuchen um ein freiwilliges Angebot handelt. Der Besuch ist absolut freiwillig und "
            "geschieht nur auf Wunsch der Eltern.",
        ),
        contribution(
            "Frau Schmetz",
            "schildert zunächst den Ablauf der Besuche. Nach der Geburt eines Kindes in Ludwigsburg erhalten "
            "Eltern zusammen mit einem Glückwunschsreiben vom Oberbürgermeister eine Antwortpostkarte und eine "
            "Informationsbroschüre. Die Eltern können sich danach telefonisch oder postalisch für einen "
            "Hausbesuch anmelden. Anschließend erfolgt der ca. 1,5 stündige Hausbesuch zwischen der 4. und der "
            "6. Lebenswoche mit Übergabe der „Hallo Baby!-Tasche. Bei diesem Termin wird die aktuelle Situation "
            "der Familie erfasst und Informationen rund um das Kind gegeben.",
        ),
        contribution(
            "Frau Schmetz",
            "bemerkt, dass aufgrund der Freiwilligkeit der Besuche der Zugang zu einigen Familien schwierig ist. "
            "Umso wichtiger sind Multiplikatorinnen und Multiplikatoren. Sie bittet daher auch den IB Werbung für "
            "die Willkommensbesuche zu machen.",
        ),
        contribution(
            "Frau Topalidou",
            "erkundigt sich, ob es sich bei den Hausbesuchen um ehrenamtliche Personen handelt.",
        ),
        contribution(
            "Frau Balles",
            "erklärt, dass die Hausbesuche ausschließlich von qualifizierten hauptamtlichen Fachkräften "
            "durchgeführt werden. Zudem sind je nach Unterstützungsbedarf zwei oder drei Besuche bei den "
            "Familien möglich.",
        ),
        contribution(
            "Frau Üstü",
            "regt eine Tasche für angehende Mütter an, sodass diese auch etwas für sich bekommen und nicht nur "
            "Geschenke für die Kinder.",
        ),
        contribution(
            "Frau Duczkowska",
            "schlägt eine Kooperation mit Vereinen und anderen Organisationen vor, um das Angebot auch an "
            "Menschen mit weniger guten Deutschkenntnissen zu vermitteln.",
        ),
        contribution(
            "Frau Schmetz",
            "berichtet, dass die Karte aktuell nur in deutscher Sprache vorliegt, aber eine Erweiterung der "
            "Sprachen geplant ist.",
        ),
        contribution(
            "Frau Seyfang",
            "regt an, die Karten auf Entbindungsstationen und im Klinikum auszulegen.",
        ),
        contribution(
            "Herr Seigfried",
            "sieht dies skeptisch, da das Angebot nur für in Ludwigsburg wohnende Kinder besteht. Dies kann zu "
            "Missverständnissen und Enttäuschung führen. Herr Seigfried merkt an, dass ein Zwischenbericht über "
            "den Erfolg der Maßnahme im nächsten Jahr folgt.",
        ),
    ],
    "figures": [],
    "decisions": [],
}

TOP_3 = {
    "number": "3",
    "title": "Vorstellung der Bildungskordinatorin",
    "public": True,
    "presenters": [
        ("Frau Rathert", None, "Bildungskordinatorin, Fachbereich Bildung und Familie"),
    ],
    "contributions": [
        # The whole item is one contribution: it opens with “Die Bildungskordinatorin
        # **Frau Rathert** stellt sich vor.” and no other paragraph starts with a speaker.
        contribution(
            "Frau Rathert",
            paragraphs(
                "stellt sich vor. Sie informiert, dass sie den Master „Interkulturalität und Integration“ in "
                "Schwäbisch Gmünd studiert hat. Ihre Stelle wird über „KoKo“ (Kommunale Koordinierung der "
                "Bildungsangebote für Neuzugewanderte) für 2 Jahre vollfinanziert.",
                "Im Landkreis Ludwigsburg gibt es aktuell 3 Bildungskoordinatoren mit je 100 % bis Ende Februar 2019.:",
                bullets(
                    "Jana Rathert für die Stadt Ludwigsburg (seit 15.05.2017)",
                    "Lars Bayer für Remseck und Tamm (seit 15.05.2017)",
                    "Rasha Odeh für den Landkreis (seit 01.07.2017)",
                ),
                "Fachliche Unterstützung und bundesweite Vernetzung sind über Fachtage und Workshops der "
                "Transferinitiative Kommunales Bildungsmanagement gewährleistet.",
                "Zielgruppe sind Neuzugewanderte, sprich alle aus dem Ausland nach Ludwigsburg Gezogene. Es gibt "
                "keine Beschränkung nach Alter Herkunftsland oder Aufenthaltsstatus.",
                "Frau Rathert berichtet, dass im Jahr 2016 rund 50 % der Zuzüge aus EU-Ländern (Bsp. Rumänien, "
                "Italien, Kroatien) kamen. Rund 30 % zogen aus Flüchtlingsregionen (Bsp. Syrien, Irak, "
                "Afghanistan) zu. Rund 20 % aus anderen Ländern. Dies verdeutlicht, dass die Hintergründe und "
                "Voraussetzungen sehr breit gefächert sind.",
                "Ihre Grundaufgabe ist, Bildungsangebote für Neuzugewanderte zu strukturieren, aufeinander "
                "abzustimmen und zu vernetzen. Dies soll in 5 Schritten erfolgen:",
                numbered(
                    "Bildungsakteure, -angebote und -netzwerke identifizieren",
                    "Bildungslandschaft abbilden und Infos verfügbar machen",
                    "Bedarfe in Angebotsstruktur und/oder Vernetzung der Bildungsakteure ableiten",
                    "ggf. bei der Entwicklung von neuen Angeboten unterstützen",
                    "Verstetigung und Verschriftlichung der Ergebnisse",
                ),
                "Im Moment befindet sie sich im 1. Schritt. Um mit bereits vorhandenen Angeboten keine "
                "Doppelstrukturen aufzubauen, wurden bereits Kontakte zur Sprachförderung, KiFa, "
                "Jugendförderung und dem FB 17 hergestellt. Mit dem Büro für Integration und Migration wurde "
                "ein regelmäßiger Jour Fixe vereinbart.",
            ),
            prefix="Die Bildungskordinatorin",
        ),
    ],
    "figures": [],
    "decisions": [],
}

TOP_4 = {
    "number": "4",
    "title": "Haus der Kulturen – Vorschau und Rückschau",
    "public": True,
    "presenters": [
        ("Frau Meier", None, "Projektleitung im Ludwigsburg Museum"),
        ("Frau Müller", None, "Integrationsbeauftragte"),
    ],
    "contributions": [
        contribution(
            "Frau Meier",
            # One paragraph: the protocol's “Die meisten” / “Angebote …” split is a page break.
            "berichtet, dass die Kooperation des MIK mit dem Büro für Integration und Migration dazu beitragen "
            "sollte, das Museum als einen offenen Ort der Begegnung und des Austausches bekannt zu machen. Die "
            "meisten Angebote im Museum sind kostenlos. Ebenfalls gibt es Angebote für Kinder, wie z.B. "
            "Begleitbögen, die es ermöglichen das Museum aktiv zu erkunden.",
        ),
        contribution(
            "Frau Müller",
            paragraphs(
                "erklärt, dass die Veranstaltungsreihe „Haus der Kulturen“ ursprünglich als plastisches Haus der "
                "Vereine angedacht war. Nach der Zukunftskonferenz hat sich dann das Konzept „Haus der Kulturen“ "
                "herausgebildet. Ziele der Veranstaltungsreihe sind:",
                bullets(
                    "Darstellung der Vielfalt der Ludwigsburger Vereine und des bürgerschaftlichen Engagements",
                    "Niedrigschwellige Möglichkeit für die Darstellung für Öffentlichkeitsarbeit für Vereine",
                    "Kooperationen zwischen Vereinen anbahnen",
                    "Präsentation des Museums als offener Ort der Begegnung und des Austauschs innerhalb der Stadt",
                    "Kontakte für eine weitere Zusammenarbeit knüpfen",
                    "Eventuelle Hemmschwellen vor der Institution „Museum“ abbauen",
                ),
                "Frau Müller gibt einen Rückblick zur Veranstaltungsreihe. 2015 wurde das Haus der Kulturen im "
                "Rahmenprogramm der Ausstellung „Transkulturalität“ gestartet. 2017 wurden 3 Veranstaltungen mit "
                "19 Vereinen, Gemeinden und Initiativen organisiert:",
                bullets(
                    "21.05.2017 Aktiv in der Entwicklungszusammenarbeit Schwerpunkt Afrika, Fair Trade mit der "
                    "Koordinierungsstelle kommunale Entwicklungszusammenarbeit",
                    "18.06.2017 Global bewegt, lokal engagiert – neue Initiativen in Ludwigsburg",
                    "16.07.2017 Ludwigsburg steht zusammen – Ludwigsburger Erklärungen für Gemeinsamkeit und Dialog",
                ),
            ),
        ),
        contribution(
            "Frau Müller",
            "berichtet, dass 2018 die Reihe mit voraussichtlich drei Veranstaltungen (Mai- Juli) fortgesetzt "
            "wird. Ideen für das Motto und zu den Vereinen können gerne eingebracht werden.",
        ),
        contribution(
            "Frau Meier",
            "weist darauf hin, dass es erneut kostenlose Führungen durch die Dauerausstellung und "
            "Sonderausstellungen gibt. Auch Gutscheine für Gruppenführungen und Kinderprogramme können "
            "ausgestellt werden. Für individuelle Angebote nach Absprache ist das Museum offen.",
        ),
        contribution(
            "Herr Soylu",
            "erkundigt sich, ob Räume des Museums bzw. der Innenhof auch von Vereinen für Veranstaltungen "
            "gemietet werden können. **Frau Meier** sagt, dass diesem prinzipiell nichts entgegensteht und man "
            "sich bei Bedarf gerne an sie wenden kann.",
        ),
        contribution(
            "Herr Seigfried",
            "sieht diese Kooperation als Möglichkeit zur Öffnung des MIK und um neue Zielgruppen zu erschließen. "
            "Somit ist es eine fruchtbare Zusammenarbeit für beide Seiten.",
        ),
        contribution(
            "Herr Suresh",
            "regt an, eine Ausstellung mit Objekten, die Menschen mit Migrationshintergrund gerne mit der "
            "Öffentlichkeit teilen und dem Museum zur Verfügung stellen möchten, zu organisieren.",
        ),
        contribution(
            "Frau Meier",
            "sagt, dass eine Objektausstellung unter dem Titel „Hin und Weg“ im Rahmen des 300-jährigen "
            "Stadtjubiläums bereits für das nächste Jahr geplant ist. Diese wird Exponate beinhalten, die das "
            "Leben in Ludwigsburg auf vielfältige Weise widerspiegeln.",
        ),
    ],
    "figures": [],
    "decisions": [],
}

# Not in the original protocol: the meeting ran until 20.00 but was public only until
# 19.00, so the demo shows what a non-public item with a vote looks like.
TOP_5_DEMO = {
    "number": "5",
    "title": "[Demo-Inhalt] Nichtöffentlich: Vergabe der Fördermittel für Vereinsprojekte 2018",
    "public": False,
    "presenters": [],
    "contributions": [
        contribution(
            "Herr Seigfried",
            "[Demo-Inhalt, nicht im Originalprotokoll] erläutert die Anträge der Vereine auf Projektförderung. "
            "Die Beratung ist nichtöffentlich.",
        ),
    ],
    "figures": [],
    "decisions": [
        {
            "text": "[Demo-Inhalt] Der Integrationsbeirat empfiehlt, die Fördermittel wie vorgeschlagen zu vergeben.",
            "votes_yes": 15,
            "votes_no": 0,
            "votes_abstain": 2,
            "votes_biased": 1,
            "result": "accepted",
        },
    ],
}

AGENDA = [TOP_1, TOP_2, TOP_3, TOP_4, TOP_5_DEMO]

# ------------------------------------------------------------------- demo logins
# username → (person as printed or None, description); password “demo” for all.

DEMO_PASSWORD = "demo"
DEMO_USERS = [
    ("sekretariat", "Frau Gegner", "Sekretariat (Frau Gegner)"),
    ("vorsitz", "Herr Seigfried", "Vorsitz (Herr Seigfried)"),
    ("geschaeftsfuehrung", "Frau Müller", "Geschäftsführung (Frau Müller), unterschreibt mit dem Vorsitz"),
    ("mitglied", "Frau Duczkowska", "Mitglied (Frau Duczkowska)"),
    ("admin", None, "Administration (Superuser)"),
]
SUPERUSERS = {"admin"}

# ------------------------------------------------------------ second meeting (demo)
# Not from the original protocol: a later meeting left as a draft, so the secretariat
# and the chair can try the approval workflow. Everything in it is marked demo content.

SECOND_MEETING = {
    "number": 2,
    "title": "",
    "date": datetime.date(2017, 10, 19),
    "start_time": datetime.time(17, 30),
    "end_time": datetime.time(19, 30),
    "public_start_time": datetime.time(17, 30),
    "public_end_time": datetime.time(19, 30),
    "building": "Kulturzentrum",
    "room": "kleiner Saal",
    "chair_function": "Erster Bürgermeister",
    "protocol_date": datetime.date(2017, 11, 2),
}
# Everyone of the roster attends except these (excused).
SECOND_MEETING_EXCUSED = ["Herr Ercan", "Frau Kaplan", "Herr Berk"]
SECOND_MEETING_AGENDA = [
    {
        "number": "1",
        "title": "Begrüßung und Genehmigung der Tagesordnung",
        "contributions": [
            (
                "Herr Seigfried",
                "[Demo-Inhalt] begrüßt die Anwesenden und stellt die Beschlussfähigkeit fest. Die Tagesordnung "
                "wird ohne Änderungen angenommen.",
            ),
        ],
    },
    {
        "number": "2",
        "title": "[Demo-Inhalt] Bericht aus dem Büro für Integration und Migration",
        "contributions": [
            (
                "Frau Müller",
                "[Demo-Inhalt] berichtet über die Planungen für die Interkulturelle Woche:\n\n"
                "- Eröffnung im Kulturzentrum\n- Tag der offenen Moscheen\n- Lesungen in der Stadtbibliothek",
            ),
            ("Herr Soylu", "[Demo-Inhalt] fragt, ob sich Vereine noch mit eigenen Veranstaltungen beteiligen können."),
        ],
    },
    {
        "number": "3",
        "title": "[Demo-Inhalt] Termine 2018",
        "contributions": [
            ("Frau Gegner", "[Demo-Inhalt] stellt die Sitzungstermine für das Jahr 2018 vor."),
        ],
    },
    {"number": "4", "title": "Verschiedenes", "contributions": [], "without_discussion": True},
]

# An attachment (Anlage) of meeting 2, to try the attachments on: a placeholder image of the
# whole protocol, drawn like the seed's figure.
SECOND_MEETING_ATTACHMENTS = [
    {
        "title": "Sitzordnung im kleinen Saal [Demo-Inhalt]",
        "file_name": "Sitzordnung.png",
        "placeholder_text": "Sitzordnung (Platzhalter – Demo-Inhalt)",
    },
]
