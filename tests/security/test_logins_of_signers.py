"""The integrator's finding on issue 9: the secretariat could create a login — choosing its
email, so getting the link to set its password — for someone who signs protocols, and then
sign in their name. A signer's login and its email are for administrators (and the person)
only; nor can the secretariat make someone whose login it created a signer afterwards.
"""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from council.models import Membership
from minutes.drafting import services as drafting
from minutes.exceptions import DraftingError
from minutes.roster import services as roster
from tests.factories import PersonFactory

User = get_user_model()
HEADER = "Name;Anrede;Titel;Gruppe;Funktion;Zugehörigkeit;Stimmrecht;Vertretung für;E-Mail"


def page(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def create_login(client, body, person, username="uebernahme"):
    return client.post(
        reverse("minutes:roster_login", args=[body.pk, person.pk]),
        {"username": username, "email": "sekretariat-privat@example.org"},
    )


@pytest.fixture
def staff_secretary(council):
    """The council's secretariat, with the admin's permissions for the registry and the protocols."""
    user = council.users.secretary
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["minutes", "council"]))
    return user


def with_login(person, username: str):
    person.user = User.objects.create_user(username, f"{username}@example.org", "x")
    person.save()
    return person


def members_sign(body):
    body.signature_roles = [*body.signature_roles, "member"]
    body.save()


@pytest.mark.parametrize("who", ["gamma", "beta"])  # voting members, where a “member” line names them
def test_the_secretariat_cannot_create_the_login_of_a_member_who_may_sign(secretary_client, council, who):
    members_sign(council.body)
    person = getattr(council.people, who)
    response = create_login(secretary_client, council.body, person)
    assert response.status_code == 403
    assert not User.objects.filter(username="uebernahme").exists()
    person.refresh_from_db()
    assert person.user is None
    listing = page(secretary_client.get(reverse("minutes:roster", args=[council.body.pk])))
    assert (
        f"{person.addressed_name} darf Protokolle unterschreiben: nur ein Administrator legt das Login an, "
        "damit niemand sonst in ihrem oder seinem Namen unterschreiben kann." in listing
    )


def test_where_members_do_not_sign_the_secretariat_hands_members_their_logins(secretary_client, council):
    """Only the functions sign this council's protocols (chair, management): its members'
    logins are the secretariat's to create (minutes.roster), and no line any member signs can
    be added but by an administrator."""
    gamma = council.people.gamma
    assert not gamma.may_sign()
    assert create_login(secretary_client, council.body, gamma).status_code == 302
    assert User.objects.get(username="uebernahme").person == gamma


def test_only_an_administrator_adds_a_line_any_member_signs(secretary_client, council, meeting):
    with pytest.raises(DraftingError, match="Die Mitglieder dieses Gremiums unterschreiben seine Protokolle nicht"):
        drafting.add_signature_line(meeting, by=council.users.secretary, role="member")
    response = secretary_client.post(
        reverse("minutes:workspace_signature_line_add", args=[meeting.pk]), {"role": "member", "person": ""}
    )
    assert response.status_code == 400
    assert "Die Mitglieder dieses Gremiums unterschreiben seine Protokolle nicht" in page(response)
    assert not meeting.signature_lines.filter(role="member").exists()
    assert not council.people.gamma.may_sign()

    drafting.add_signature_line(meeting, by=council.users.superuser, role="member")
    assert council.people.gamma.may_sign()  # now every voting member signs: their logins are the admin's
    assert create_login(secretary_client, council.body, council.people.gamma).status_code == 403
    drafting.add_signature_line(meeting, by=council.users.secretary, role="member")  # and lines like it


def test_nor_of_someone_a_signature_line_names(secretary_client, council, meeting):
    """An advisory member holds no signing function, but a line naming them makes them a signer."""
    delta = council.people.delta
    drafting.add_signature_line(meeting, by=council.users.superuser, role="member", person=delta)
    assert create_login(secretary_client, council.body, delta).status_code == 403
    assert not User.objects.filter(username="uebernahme").exists()


def test_an_administrator_still_creates_a_signers_login(client, council):
    client.force_login(council.users.superuser)
    assert create_login(client, council.body, council.people.gamma, username="ggamma").status_code == 302
    assert User.objects.get(username="ggamma").person == council.people.gamma


def test_the_secretariat_still_creates_logins_for_who_cannot_sign(secretary_client, council):
    assert create_login(secretary_client, council.body, council.people.delta).status_code == 302
    assert User.objects.get(username="uebernahme").person == council.people.delta


def test_a_signers_email_is_read_only_for_the_secretariat_in_the_admin(client, council, staff_secretary):
    members_sign(council.body)
    client.force_login(staff_secretary)
    gamma = council.people.gamma
    form = client.get(reverse("admin:council_person_change", args=[gamma.pk])).content.decode()
    assert 'name="email"' not in form  # shown, not editable
    delta = council.people.delta  # no login, signs nothing: the secretariat keeps the address
    form = client.get(reverse("admin:council_person_change", args=[delta.pk])).content.decode()
    assert 'name="email"' in form
    client.force_login(council.users.superuser)
    assert 'name="email"' in client.get(reverse("admin:council_person_change", args=[gamma.pk])).content.decode()


def test_the_secretariat_cannot_make_the_login_it_created_a_signer_in_the_admin(
    client, council, staff_secretary, secretary_client
):
    delta = council.people.delta
    assert create_login(secretary_client, council.body, delta).status_code == 302
    client.force_login(staff_secretary)
    response = client.post(
        reverse("admin:council_membership_add"),
        {"body": council.body.pk, "person": delta.pk, "role": "chair", "order": 9, "voting_right": "on"},
    )
    assert response.status_code == 200
    assert (
        "Herr Delta hat ein Login, aber noch keine Funktion, die Protokolle unterschreibt: nur ein Administrator "
        "gibt ihr oder ihm diese Funktion." in page(response)
    )
    assert not Membership.objects.filter(person=delta, role="chair").exists()


def test_nor_through_the_roster_import(council):
    members_sign(council.body)
    delta = with_login(council.people.delta, "delta")
    text = f"{HEADER}\nDieter Delta;Herr;;Stimmberechtigte Mitglieder;;Seniorenrat;ja;;\n"
    preview = roster.preview_roster(council.body, text, by=council.users.secretary)
    assert any("Herr Delta hat ein Login, aber noch keine Funktion" in error for error in preview.rows[0].errors)
    assert not Membership.objects.filter(person=delta, role="member").exists()


def test_the_roster_import_leaves_a_signers_email_as_it_is(council):
    chair = council.people.chair
    chair.email = "k.vogt@example.org"
    chair.save()
    text = f"{HEADER}\nKarl Vogt;Herr;;;Vorsitz;;ja;;sekretariat-privat@example.org\n"
    preview = roster.preview_roster(council.body, text, by=council.users.secretary)
    assert any("ihre oder seine E-Mail-Adresse bleibt" in warning for warning in preview.rows[0].warnings)
    roster.import_roster(council.body, text, by=council.users.secretary)
    chair.refresh_from_db()
    assert chair.email == "k.vogt@example.org"
    roster.import_roster(council.body, text, by=council.users.superuser)  # an administrator may
    chair.refresh_from_db()
    assert chair.email == "sekretariat-privat@example.org"


def test_the_secretariat_cannot_name_a_login_without_a_signing_function_to_sign(council, meeting):
    members_sign(council.body)
    secretary = council.users.secretary
    delta = with_login(council.people.delta, "delta")
    with pytest.raises(DraftingError, match="hat ein Login, aber keine Funktion"):
        drafting.add_signature_line(meeting, by=secretary, role="member", person=delta)
    with pytest.raises(DraftingError, match="hat ein Login, aber keine Funktion"):
        drafting.save_meeting(meeting, by=secretary, revision=meeting.revision, chair=delta)  # the chair's line
    assert not meeting.signature_lines.filter(person=delta).exists()
    # Someone holding a signing function (here: any voting member) may be named; an administrator may name anyone.
    drafting.add_signature_line(meeting, by=secretary, role="member", person=council.people.alpha)
    drafting.add_signature_line(meeting, by=council.users.superuser, role="member", person=delta)


def test_the_workspace_says_so_and_keeps_the_choice(secretary_client, council, meeting):
    delta = with_login(council.people.delta, "delta")
    response = secretary_client.post(
        reverse("minutes:workspace_signature_line_add", args=[meeting.pk]), {"role": "member", "person": delta.pk}
    )
    assert response.status_code == 400
    assert "Herr Delta hat ein Login, aber keine Funktion, die Protokolle unterschreibt" in page(response)
    assert not meeting.signature_lines.filter(person=delta).exists()


def test_a_person_who_signed_before_keeps_signing_functions_from_the_past(council):
    """A function held once (a former chair) still signs protocols of its time: still a signer."""
    former = PersonFactory(family_name="Altvorsitz")
    Membership.objects.create(
        body=council.body,
        person=former,
        role="chair",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    assert former.may_sign()
