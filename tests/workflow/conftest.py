"""Fixtures for the approval workflow: the demo people as logins with email addresses."""

import pytest
from django.contrib.auth import get_user_model

from minutes.approval import services
from minutes.models import Meeting

PASSWORD = "demo"


def _user(username):
    user = get_user_model().objects.get(username=username)
    user.email = f"{username}@example.org"
    user.save()
    return user


@pytest.fixture
def secretariat(draft_demo):
    return _user("sekretariat")


@pytest.fixture
def chair(draft_demo):
    return _user("vorsitz")


@pytest.fixture
def manager(draft_demo):
    return _user("geschaeftsfuehrung")


@pytest.fixture
def member(draft_demo):
    return _user("mitglied")


@pytest.fixture
def superuser(draft_demo):
    return _user("admin")


def line_of(meeting: Meeting, user):
    return meeting.signature_lines.get(person__user=user)


@pytest.fixture
def submitted(draft_demo, secretariat):
    return services.submit_for_approval(draft_demo, by=secretariat)


@pytest.fixture
def signed(submitted, chair, manager):
    """The seed protocol signed by chair and management: frozen, not yet published."""
    services.sign(submitted, by=chair, line=line_of(submitted, chair), password=PASSWORD)
    meeting = services.sign(submitted, by=manager, line=line_of(submitted, manager), password=PASSWORD)
    assert meeting.status == Meeting.Status.SIGNED
    return meeting
