"""The admin follows the drafting rules: a body's secretariat edits its drafts, nobody else's."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from council.models import Body, Membership, Person
from minutes.models import Meeting


@pytest.fixture
def other_secretary(draft_demo):
    """Staff with every minutes permission, but the secretariat of another body."""
    body = Body.objects.create(name="Sportausschuss")
    user = User.objects.create_user("sport", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="minutes"))
    person = Person.objects.create(form_of_address="Frau", family_name="Sport", user=user)
    Membership.objects.create(body=body, person=person, role=Membership.Role.SECRETARIAT)
    return user


def test_the_body_secretariat_edits_its_draft_in_the_admin(client, draft_demo):
    client.force_login(User.objects.get(username="sekretariat"))
    response = client.get(reverse("admin:minutes_meeting_change", args=[draft_demo.pk]))
    assert response.status_code == 200
    assert 'name="_save"' in response.content.decode()


def test_staff_of_another_body_neither_see_nor_edit_its_drafts_in_the_admin(client, draft_demo, other_secretary):
    client.force_login(other_secretary)
    assert client.get(reverse("admin:minutes_meeting_changelist")).context["cl"].result_count == 0
    assert client.get(reverse("admin:minutes_meeting_change", args=[draft_demo.pk])).status_code == 404  # not theirs
    item = draft_demo.agenda_items.first()
    response = client.post(reverse("admin:minutes_agendaitem_change", args=[item.pk]), {"title": "Übernommen"})
    assert response.status_code in (302, 403, 404)
    item.refresh_from_db()
    assert item.title != "Übernommen"
    assert Meeting.objects.get(pk=draft_demo.pk).agenda_items.filter(title="Übernommen").count() == 0
    assert client.get(reverse("admin:minutes_contribution_changelist")).context["cl"].result_count == 0
