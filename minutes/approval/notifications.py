"""Emails about a protocol's progress, through Django's mail (console backend by default).

submitted → the signers; changes requested → the secretariat; signed (and waiting to be
published) → the secretariat; published → the body's members. Only people with a login and
an email address are written to; each gets their own message, so nobody sees the others'
addresses.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from minutes import access
from minutes.approval.selectors import last_change_requests, signers
from minutes.models import Meeting


def _addresses(users) -> list[str]:
    return sorted({user.email for user in users if user.email and user.is_active})


def _send(users, subject: str, text: str) -> list[str]:
    """Write to each user with an address; return the addresses written to."""
    addresses = _addresses(users)
    messages = [EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    if messages:
        get_connection().send_messages(messages)
    return addresses


def _link(meeting: Meeting, name: str = "minutes:meeting_detail") -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse(name, args=[meeting.pk])


def signer_addresses(meeting: Meeting) -> list[str]:
    """Where submitted() writes to: the signers' addresses (empty if nobody has one)."""
    return _addresses(signers(meeting))


def submitted(meeting: Meeting) -> list[str]:
    users = signers(meeting)
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            users,
            _("Protocol to sign: %(meeting)s") % {"meeting": meeting},
            _("The protocol “%(meeting)s” was submitted for approval. Please review and sign it:\n%(link)s")
            % {"meeting": meeting, "link": _link(meeting, "minutes:approval_review")},
        )


def changes_requested(meeting: Meeting) -> list[str]:
    users = access.secretariat_users(meeting.body)
    requests = last_change_requests(meeting)
    comments = [f"TOP {e.item.number}: {e.comment}" for e in requests.items] if requests else []
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Changes were requested to the protocol “%(meeting)s”.") % {"meeting": meeting}
        if requests and requests.general.comment:
            text += "\n\n" + requests.general.comment
        if comments:
            text += "\n\n" + "\n".join(comments)
        text += "\n\n" + _link(meeting, "minutes:approval_review")
        return _send(users, _("Changes requested: %(meeting)s") % {"meeting": meeting}, text)


def signed(meeting: Meeting) -> list[str]:
    """The last signature is in and the protocol waits to be published: tell the secretariat."""
    users = access.secretariat_users(meeting.body)
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            users,
            _("Signed, to be published: %(meeting)s") % {"meeting": meeting},
            _("All signatures of the protocol “%(meeting)s” are given. Please publish it:\n%(link)s")
            % {"meeting": meeting, "link": _link(meeting, "minutes:approval_review")},
        )


def published(meeting: Meeting) -> list[str]:
    users = access.member_users(meeting.body)
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            users,
            _("Protocol published: %(meeting)s") % {"meeting": meeting},
            _("The protocol “%(meeting)s” is signed and published:\n%(link)s")
            % {"meeting": meeting, "link": _link(meeting)},
        )
