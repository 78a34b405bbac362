"""A login for a person of the roster in one step, with a link to set the password by email."""

import html
import re

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from council.models import Membership
from tests.factories import BodyFactory, MembershipFactory, PersonFactory

User = get_user_model()


def page(response) -> str:
    return html.unescape(response.content.decode())


def login_url(body, person) -> str:
    return reverse("minutes:roster_login", args=[body.pk, person.pk])


def create(client, body, person, **data):
    data = {"username": "gamma", "email": "gerda.gamma@example.org", **data}
    return client.post(login_url(body, person), data)


def the_link(message) -> str:
    return re.search(r"https?://\S+/password/set/\S+/", message.body).group(0)


def test_the_secretariat_creates_a_login_and_the_person_sets_the_password(
    secretary_client, council, django_capture_on_commit_callbacks
):
    delta = council.people.delta  # an advisory member: signs nothing
    form = secretary_client.get(login_url(council.body, delta))
    assert form.context["form"].initial["username"] == "ddelta"

    with django_capture_on_commit_callbacks(execute=True):
        response = create(
            secretary_client,
            council.body,
            delta,
            username="delta",
            email="dieter.delta@example.org",
            secretariat="on",
        )
    assert response.status_code == 302
    user = User.objects.get(username="delta")
    delta.refresh_from_db()
    assert delta.user == user and delta.email == user.email == "dieter.delta@example.org"
    assert not user.has_usable_password()  # nobody knows a password yet
    assert Membership.objects.active().filter(body=council.body, person=delta, role="secretariat").exists()
    listing = page(secretary_client.get(reverse("minutes:roster", args=[council.body.pk])))
    assert "Login „delta“ für Herr Delta angelegt." in listing
    assert LogEntry.objects.get(object_id=str(user.pk)).user == council.users.secretary

    message = mail.outbox[-1]
    assert message.to == ["dieter.delta@example.org"]
    assert message.subject == "Ihr Login für Ratsprotokoll"
    assert "Ihr Login-Name: delta" in message.body
    link = the_link(message)

    person = Client()
    form = person.get(link, follow=True)
    assert "Ihr Login-Name ist „delta“." in page(form)
    done = person.post(
        form.redirect_chain[-1][0], {"new_password1": "Wasserball-1861", "new_password2": "Wasserball-1861"}
    )
    assert done.status_code == 302
    # (the login page, not Client.login: django-axes wants the request)
    logged_in = person.post(reverse("login"), {"username": "delta", "password": "Wasserball-1861"})
    assert logged_in.status_code == 302
    assert person.get(reverse("minutes:workspace_home")).status_code == 200  # a secretariat login
    again = Client().get(link, follow=True)
    assert "Dieser Link kann nicht mehr verwendet werden" in page(again)


def test_a_login_for_someone_who_also_belongs_to_another_body_is_for_an_administrator(
    secretary_client, council, client
):
    other = BodyFactory(name="Jugendhilfeausschuss")
    MembershipFactory(body=other, person=council.people.beta)
    response = create(secretary_client, council.body, council.people.beta, username="beta")
    assert response.status_code == 403
    assert not User.objects.filter(username="beta").exists()
    listing = page(secretary_client.get(reverse("minutes:roster", args=[council.body.pk])))
    assert "Herr Beta gehört auch zu Jugendhilfeausschuss: ein Administrator legt das Login an." in listing

    client.force_login(council.users.superuser)
    assert create(client, council.body, council.people.beta, username="beta").status_code == 302
    assert User.objects.get(username="beta").person == council.people.beta


def test_only_the_secretariat_of_the_body_creates_logins(client, council):
    stranger_body = BodyFactory(name="Kulturausschuss")
    stranger = PersonFactory(family_name="Fremd", login="kultur")
    MembershipFactory(body=stranger_body, person=stranger, role=Membership.Role.SECRETARIAT)
    for user in (council.users.member, council.users.chair, stranger.user):
        client.force_login(user)
        assert create(client, council.body, council.people.delta).status_code == 403
    assert not User.objects.filter(username="gamma").exists()


def test_nobody_outside_the_current_roster_gets_a_login_here(secretary_client, council):
    assert create(secretary_client, council.body, council.people.former, username="frueher").status_code == 403
    outsider = PersonFactory(family_name="Außenstehend")
    assert create(secretary_client, council.body, outsider, username="aussen").status_code == 404
    assert not User.objects.filter(username__in=["frueher", "aussen"]).exists()


def test_bad_input_comes_back_with_a_message_and_the_typed_values(secretary_client, council):
    response = create(
        secretary_client, council.body, council.people.delta, username="vorsitz", email="gerda@example.org"
    )
    assert response.status_code == 400
    assert "Der Login-Name „vorsitz“ ist vergeben." in page(response)
    assert 'value="gerda@example.org"' in page(response)
    response = create(secretary_client, council.body, council.people.delta, email="")
    assert response.status_code == 400
    assert not User.objects.filter(username="gamma").exists()


def test_a_person_with_a_login_gets_a_new_link_instead(secretary_client, council, django_capture_on_commit_callbacks):
    alpha = council.people.alpha
    alpha.user.email = "anna@example.org"
    alpha.user.save()
    assert create(secretary_client, council.body, alpha, username="zweites").status_code == 302
    assert not User.objects.filter(username="zweites").exists()  # still one login
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(reverse("minutes:roster_password_link", args=[council.body.pk, alpha.pk]))
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["anna@example.org"]
    assert "/password/set/" in the_link(mail.outbox[-1])
