"""Deleted objects that the OParl interface served keep their address, as tombstones.

OParl 1.1 wants a deleted object to answer ``deleted: true`` rather than vanish, so that
the portals and apps that mirror the data learn of the deletion. The objects themselves
are deleted as before (the registry, the drafting services and the admin stay as they
are); a row of ``Tombstone`` is written for each, whatever deleted it, including the
rows a cascade takes with it. Connected in minutes/apps.py.
"""

from django.db.models.signals import post_delete
from django.utils import timezone

from council.models import Body, LegislativeTerm, Location, Membership, Organization, Person
from minutes.models import AgendaItem, Consultation, File, Meeting, Paper, ProtocolDocument, Tombstone

KINDS = {
    Body: "Gremium",
    Organization: "Organization",
    Person: "Person",
    Membership: "Membership",
    Meeting: "Meeting",
    AgendaItem: "AgendaItem",
    Paper: "Paper",
    Consultation: "Consultation",
    File: "File",
    ProtocolDocument: "Protocol",
    Location: "Location",
    LegislativeTerm: "LegislativeTerm",
}


def _was_served(instance) -> bool:
    """Protocol content was served only once published (and a published protocol is not
    deleted but corrected); a draft's rows leave nothing behind."""
    if not isinstance(instance, (Meeting, AgendaItem, Consultation)):
        return True
    try:
        return instance.protocol_meeting.status == Meeting.Status.PUBLISHED
    except Meeting.DoesNotExist:
        return False


def bury(sender, instance, **kwargs):
    """Keep the deleted object's kind and id; the objects that embedded it change with it."""
    if not _was_served(instance):
        return
    Tombstone.objects.update_or_create(
        kind=KINDS[sender], object_id=instance.pk, defaults={"created": getattr(instance, "created", None)}
    )
    now = timezone.now()
    if sender is Membership:
        Person.objects.filter(pk=instance.person_id).update(modified=now)
    elif sender is Consultation:
        Paper.objects.filter(pk=instance.paper_id).update(modified=now)
    elif sender is LegislativeTerm:
        Body.objects.filter(pk=Body.objects.order_by("pk").values("pk")[:1]).update(modified=now)


def connect() -> None:
    for model in KINDS:
        post_delete.connect(bury, sender=model, dispatch_uid=f"oparl_tombstone_{model.__name__}")
