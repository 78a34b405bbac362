"""The roster from a CSV file: a preview with every row's errors before anything is written,
an import in one step, and a re-import that updates rather than duplicates."""

import datetime
import html

import pytest
from django.urls import reverse

from council.models import Membership, Organization, Person
from minutes.drafting import services as drafting
from minutes.roster import services as roster
from tests.factories import BodyFactory, MembershipFactory, PersonFactory
from tests.files import upload

HEADER = "Name;Anrede;Titel;Gruppe;Funktion;Zugehörigkeit;Stimmrecht;Vertretung für;E-Mail"


def page(response) -> str:
    return html.unescape(response.content.decode())


def csv_text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def import_url(body) -> str:
    return reverse("minutes:roster_import", args=[body.pk])


def roster_of(body) -> list[tuple]:
    return list(
        Membership.objects.active()
        .filter(body=body)
        .exclude(role=Membership.Role.SECRETARIAT)
        .order_by("order")
        .values_list("person__family_name", "role", "voting_right")
    )


FORTY = [
    f"{given} {family};{address};;Stimmberechtigte Mitglieder;;{party};ja;;{given.lower()}.{family.lower()}@example.org"
    for given, family, address, party in [
        (f"Vorname{n}", f"Rat{n:02d}", "Frau" if n % 2 else "Herr", ("SPD", "CDU", "Grüne", "FDP")[n % 4])
        for n in range(1, 41)
    ]
]


def test_a_council_of_forty_is_set_up_with_one_preview_and_one_import(secretary_client, council):
    body = BodyFactory(name="Gemeinderat")
    MembershipFactory(body=body, person=council.people.secretary, role=Membership.Role.SECRETARIAT)
    text = csv_text("Klaus Behnck;Herr;;;Vorsitz;;ja;;k.behnck@example.org", *FORTY)

    preview = secretary_client.post(import_url(body), {"file": upload("rat.csv", text.encode("utf-8")), "preview": "1"})
    assert preview.status_code == 200
    assert "Der Import wird 41 hinzufügen, 0 ändern und 0 unverändert lassen." in " ".join(page(preview).split())
    assert Person.objects.filter(family_name__startswith="Rat").count() == 0  # nothing written yet
    assert preview.context["form"]["text"].value() == text  # the file's text, to be corrected or imported

    response = secretary_client.post(import_url(body), {"text": text, "import": "1"})
    assert response.status_code == 302
    assert roster_of(body)[0] == ("Behnck", "chair", True)
    assert len(roster_of(body)) == 41
    assert Membership.objects.get(body=body, person__family_name="Rat02").label == "Grüne"

    meeting = drafting.start_meeting(
        body,
        by=council.users.secretary,
        number=1,
        date=datetime.date.today(),
        chair=Person.objects.get(family_name="Behnck"),
    )
    assert meeting.attendances.filter(group__name="Stimmberechtigte Mitglieder").count() == 40


def test_the_preview_shows_each_rows_errors_and_writes_nothing(secretary_client, council):
    people, memberships = Person.objects.count(), Membership.objects.count()
    text = csv_text(
        "Anna Alpha;Frau;;Stimmberechtigte Mitglieder;;;ja;;keine-adresse",
        ";Herr;;Stimmberechtigte Mitglieder;;;ja;;",
        "Bernd Neu;Herr;;Zuschauer;;;vielleicht;;",
        "Carla Neu;Frau;;;;;;Niemand Bekanntes;",
        "Dora Neu;Frau;;;Kassenwart;;;;",
        "Dora Neu;Frau;;;;;;;",
        "Dora Neu;Frau;;;;;;;",
    )
    response = secretary_client.post(import_url(council.body), {"text": text, "preview": "1"})
    assert response.status_code == 400
    text_of = page(response)
    for message in (
        "„keine-adresse“ ist keine E-Mail-Adresse.",
        "Der Name fehlt.",
        "„Zuschauer“ ist keine Gruppe, die dieses Gremium kennt.",
        "„vielleicht“ ist kein Stimmrecht: schreiben Sie ja oder nein.",
        "„Niemand Bekanntes“ (Vertretung für) steht weder in der Datei noch auf der Mitgliederliste.",
        "„Kassenwart“ ist keine Funktion, die dieses Gremium kennt.",
        "Dora Neu steht schon in Zeile 7 mit dieser Funktion.",
    ):
        assert message in text_of
    assert "Importieren wie in der Vorschau" not in text_of
    rows = {row.line: row for row in response.context["preview"].rows}
    assert [line for line, row in sorted(rows.items()) if row.errors] == [2, 3, 4, 5, 6, 8]
    assert rows[7].errors == []
    assert (Person.objects.count(), Membership.objects.count()) == (people, memberships)

    refused = secretary_client.post(import_url(council.body), {"text": text, "import": "1"})
    assert refused.status_code == 400
    assert "Die Datei enthält Fehler; es wurde nichts importiert." in page(refused)
    assert (Person.objects.count(), Membership.objects.count()) == (people, memberships)


def test_a_file_without_a_name_column_is_refused_as_a_whole(secretary_client, council):
    response = secretary_client.post(import_url(council.body), {"text": "Wer;Was\nAnna;x\n", "preview": "1"})
    assert response.status_code == 400
    assert (
        "Die erste Zeile muss die Spalten benennen, mindestens „Name“ (oder „Nachname“). Gefunden: Wer, Was."
        in page(response)
    )


def test_reimporting_updates_rather_than_duplicates(council):
    body, by = council.body, council.users.secretary
    first = csv_text(
        "Karl Vogt;Herr;;;Vorsitz;;ja;;",
        "Anna Alpha;Frau;;Stimmberechtigte Mitglieder;;Turnverein 1861 e.V.;ja;;anna@example.org",
        "Bernd Beta;Herr;;Stimmberechtigte Mitglieder;;Bereich Wirtschaft;ja;;",
        "Gerda Gamma;Frau;;Stimmberechtigte Mitglieder;;CDU;ja;;",
        "Dieter Delta;Herr;;Beratende Mitglieder;;Seniorenrat;;;",
        "Eva Epsilon;Frau;;Verwaltung;;Fachbereich Sport;;;",
        "Gisela Gegner;Frau;;;Schriftführung;Fachbereich Sport;nein;;",
    )
    # The secretariat leaves the email of Frau Alpha (a member with a login) as it is ...
    assert roster.import_roster(body, first, by=by).updated == 0
    assert Person.objects.get(family_name="Alpha").email == ""
    result = roster.import_roster(body, first, by=council.users.superuser)
    # ... an administrator imports it. The fixture's roster was the same people: found by name,
    # nothing new; Frau Alpha got her email.
    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    assert Person.objects.filter(family_name="Alpha").count() == 1
    assert Membership.objects.get(body=body, person__family_name="Alpha").on_behalf_of == council.verein

    second = csv_text(
        "Karl Vogt;Herr;;;Vorsitz;;ja;;",
        "Anna Alpha;Frau;Dr.;Stimmberechtigte Mitglieder;;Turnverein 1861 e.V.;ja;;anna@example.org",
        "Bernd Beta;Herr;;Beratende Mitglieder;;Bereich Wirtschaft;;;",
        "Dieter Delta;Herr;;Beratende Mitglieder;;Seniorenrat;;Bernd Beta;",
        "Eva Epsilon;Frau;;Verwaltung;;Fachbereich Sport;;;",
        "Gisela Gegner;Frau;;;Schriftführung;Fachbereich Sport;nein;;",
        "Hanna Neu;Frau;;Stimmberechtigte Mitglieder;;SPD;ja;;hanna@example.org",
    )
    preview = roster.preview_roster(body, second, by=by)
    actions = {row.printed_name: (row.action, row.changes) for row in preview.rows}
    assert actions["Frau Dr. Anna Alpha"] == ("update", ["akademischer Titel"])
    assert actions["Herr Bernd Beta"] == ("update", ["Rolle", "Stimmrecht"])
    assert actions["Herr Dieter Delta"] == ("update", ["Stellvertretung von"])
    assert actions["Frau Hanna Neu"] == ("new", [])
    assert [m.person.family_name for m in preview.missing] == ["Gamma"]

    result = roster.import_roster(body, second, by=by, end_missing=True)
    assert (result.created, result.updated, result.unchanged, result.ended) == (1, 3, 3, 1)
    assert Person.objects.filter(family_name="Alpha").count() == 1
    assert Person.objects.get(family_name="Alpha").title == "Dr."
    assert roster_of(body) == [
        ("Vogt", "chair", True),
        ("Alpha", "member", True),
        ("Beta", "advisory", False),
        ("Delta", "advisory", False),
        ("Epsilon", "administration", False),
        ("Gegner", "minute_taker", False),
        ("Neu", "member", True),
    ]
    delta = Membership.objects.get(body=body, person__family_name="Delta", end_date__isnull=True)
    assert delta.deputy_of == Membership.objects.get(body=body, person__family_name="Beta", end_date__isnull=True)
    gamma = Membership.objects.get(body=body, person__family_name="Gamma")
    assert gamma.end_date == datetime.date.today() - datetime.timedelta(days=1)
    assert Membership.objects.filter(body=body, role=Membership.Role.SECRETARIAT, end_date__isnull=True).count() == 1

    again = roster.import_roster(body, second, by=by)  # the same file once more: nothing to do
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert Membership.objects.filter(body=body).count() == 10


def test_a_person_is_found_by_email_even_under_a_new_name(council):
    body, by = council.body, council.users.secretary
    Person.objects.filter(pk=council.people.alpha.pk).update(email="anna@example.org")
    text = "Vorname;Nachname;E-Mail;Gruppe\nAnna;Alpha-Berg;ANNA@example.org;Mitglieder\n"
    preview = roster.preview_roster(body, text, by=by)
    row = preview.rows[0]
    assert row.person == council.people.alpha
    assert row.changes == ["Nachname"]
    roster.import_roster(body, text, by=by)
    council.people.alpha.refresh_from_db()
    assert council.people.alpha.family_name == "Alpha-Berg"


def test_excel_files_in_windows_1252_with_semicolons_are_read(secretary_client, council):
    text = "Name;Gruppe;Zugehörigkeit\r\nJürgen Schäfer;Stimmberechtigte Mitglieder;Bürgerliste\r\n"
    response = secretary_client.post(
        import_url(council.body), {"file": upload("liste.csv", text.encode("cp1252")), "preview": "1"}
    )
    assert response.status_code == 200
    row = response.context["preview"].rows[0]
    assert (row.given_name, row.family_name, row.affiliation) == ("Jürgen", "Schäfer", "Bürgerliste")


@pytest.mark.parametrize(
    "name, parts",
    [
        ("Dr. Klaus Behnck", ("", "Dr.", "Klaus", "Behnck")),
        ("Herr Prof. Dr. Klaus Behnck", ("Herr", "Prof. Dr.", "Klaus", "Behnck")),
        ("Behnck, Klaus", ("", "", "Klaus", "Behnck")),
        ("Ursula von der Leyen", ("", "", "Ursula", "von der Leyen")),
        ("Maria de la Cruz", ("", "", "Maria", "de la Cruz")),
    ],
)
def test_names_are_split_as_people_write_them(name, parts):
    split = roster._split_name(name)
    assert (split["form_of_address"], split["title"], split["given_name"], split["family_name"]) == parts


def test_an_organisation_of_the_registry_is_linked_by_its_name(council):
    Organization.objects.create(name="Sozialverband VdK", short_name="VdK")
    roster.import_roster(council.body, "Name;Zugehörigkeit\nVera Verband;VdK\n", by=council.users.secretary)
    membership = Membership.objects.get(person__family_name="Verband")
    assert (membership.on_behalf_of.name, membership.label, membership.affiliation) == (
        "Sozialverband VdK",
        "",
        "Sozialverband VdK",
    )


def test_the_name_of_someone_of_another_body_stays_as_it_is(council):
    other = BodyFactory(name="Jugendhilfeausschuss")
    MembershipFactory(body=other, person=council.people.beta)
    preview = roster.preview_roster(council.body, "Name;Titel\nBernd Beta;Dr.\n", by=council.users.secretary)
    row = preview.rows[0]
    assert row.person == council.people.beta
    assert "Herr Beta gehört auch zu Jugendhilfeausschuss" in row.warnings[0]
    roster.import_roster(council.body, "Name;Titel\nBernd Beta;Dr.\n", by=council.users.secretary)
    council.people.beta.refresh_from_db()
    assert council.people.beta.title == ""


def test_only_the_secretariat_of_the_body_imports(client, council):
    other_body = BodyFactory(name="Kulturausschuss")
    stranger = PersonFactory(family_name="Fremd", login="kultur")
    MembershipFactory(body=other_body, person=stranger, role=Membership.Role.SECRETARIAT)
    for user in (council.users.member, council.users.chair, stranger.user):
        client.force_login(user)
        assert client.get(import_url(council.body)).status_code == 403
        response = client.post(import_url(council.body), {"text": "Name\nEindringling\n", "import": "1"})
        assert response.status_code == 403
        assert client.get(reverse("minutes:roster", args=[council.body.pk])).status_code == 403
    client.logout()
    assert client.get(import_url(council.body)).status_code == 302
    assert not Person.objects.filter(family_name="Eindringling").exists()


def test_the_workspace_links_to_the_roster_which_lists_the_members(secretary_client, council):
    home = page(secretary_client.get(reverse("minutes:workspace_home")))
    assert reverse("minutes:roster", args=[council.body.pk]) in home
    listing = page(secretary_client.get(reverse("minutes:roster", args=[council.body.pk])))
    assert "Frau Alpha" in listing and "Turnverein 1861 e.V." in listing
    assert "Herr Früher" not in listing  # a former member


def test_an_import_neither_finds_nor_reveals_people_of_other_bodies(council):
    other = BodyFactory(name="Jugendhilfeausschuss")
    stranger = PersonFactory(given_name="Olga", family_name="Ost", email="olga@example.org")
    MembershipFactory(body=other, person=stranger)
    text = "Name;E-Mail\nOlga Ost;olga@example.org\n"
    row = roster.preview_roster(council.body, text, by=council.users.secretary).rows[0]
    assert (row.person, row.action, row.warnings) == (None, "new", [])
    roster.import_roster(council.body, text, by=council.users.secretary)
    assert Person.objects.filter(family_name="Ost").count() == 2
    assert not stranger.memberships.filter(body=council.body).exists()


def test_the_group_column_names_the_bodys_own_attendance_groups(council):
    from council.groups import attendance_groups
    from council.models import AttendanceGroup

    body, by = council.body, council.users.secretary
    attendance_groups(body)  # the defaults, then one of the body's own
    press = AttendanceGroup.objects.create(body=body, name="Presse", heading="Vertreter der Presse", order=5)
    text = csv_text(
        "Petra Presse;Frau;;Vertreter der Presse;;Stadtanzeiger;;;",
        "Otto Unbekannt;Herr;;Zaungäste;;;;;",
    )
    preview = roster.preview_roster(body, text, by=by)
    assert preview.rows[1].errors == [
        "„Zaungäste“ ist keine Gruppe, die dieses Gremium kennt. Bekannt sind: Stimmberechtigte Mitglieder, "
        "Beratende Mitglieder, Verwaltung, Presse."
    ]
    roster.import_roster(body, csv_text("Petra Presse;Frau;;Presse;;Stadtanzeiger;;;"), by=by)
    membership = Membership.objects.get(body=body, person__family_name="Presse")
    assert (membership.group, membership.role, membership.voting_right) == (press, "member", False)
    # A meeting lists her there, and she holds no vote.
    meeting = drafting.start_meeting(body, by=by, number=8, date=datetime.date.today())
    assert meeting.attendances.get(person__family_name="Presse").group == press
    assert drafting.voting_members_present(meeting) == 3
