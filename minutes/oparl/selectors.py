"""What the OParl interface serves: exactly what an anonymous reader of the portal sees.

Published meetings only, their public agenda items only, public papers, and people who a
published protocol names. Each queryset carries ``oparl_modified``: the latest change of
the object or of an object embedded in it (OParl 1.1: an object's ``modified`` changes
when an embedded object changes), which the ``modified_since`` filters read.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import DateTimeField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from council.models import Body, LegislativeTerm, Location, Membership, Organization, Person
from minutes.models import (
    AgendaItem,
    Attachment,
    Consultation,
    Contribution,
    Decision,
    File,
    Meeting,
    Paper,
    ProtocolDocument,
    ProtocolEvent,
)
from minutes.portal.selectors import people_in_protocols

EPOCH = Value("1970-01-01T00:00:00Z", output_field=DateTimeField())

# Roles of a membership that are a seat in the body, not staff work for it.
SEATS = (Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR, Membership.Role.MEMBER, Membership.Role.ADVISORY)


def _latest(rows: QuerySet, field: str) -> Coalesce:
    """The latest ``field`` of ``rows`` (correlated to the outer row), or the epoch."""
    return Coalesce(Subquery(rows.order_by(f"-{field}").values(field)[:1]), EPOCH)


def meetings() -> QuerySet[Meeting]:
    published = Meeting.objects.filter(status=Meeting.Status.PUBLISHED)
    meeting = OuterRef("pk")
    return published.select_related("body", "place").annotate(
        oparl_modified=Greatest(
            "modified",
            Coalesce("place__modified", EPOCH),
            _latest(ProtocolEvent.objects.filter(meeting=meeting), "created"),
            _latest(AgendaItem.objects.filter(meeting=meeting), "modified"),
            _latest(Decision.objects.filter(item__meeting=meeting), "modified"),
            _latest(Contribution.objects.filter(item__meeting=meeting), "modified"),
            _latest(Attachment.objects.filter(meeting=meeting), "modified"),
            _latest(Consultation.objects.filter(item__meeting=meeting), "modified"),
        )
    )


def agenda_items() -> QuerySet[AgendaItem]:
    item = OuterRef("pk")
    return (
        AgendaItem.objects.filter(public=True, meeting__status=Meeting.Status.PUBLISHED)
        .select_related("meeting")
        .annotate(
            oparl_modified=Greatest(
                "modified",
                _latest(Decision.objects.filter(item=item), "modified"),
                _latest(Contribution.objects.filter(item=item), "modified"),
                _latest(Attachment.objects.filter(item=item), "modified"),
                _latest(Consultation.objects.filter(item=item), "modified"),
            )
        )
    )


def consultations() -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(
            paper__public=True, item__public=True, item__meeting__status=Meeting.Status.PUBLISHED
        )
        .select_related("paper", "item__meeting__body")
        .annotate(oparl_modified=F("modified"))
    )


def papers() -> QuerySet[Paper]:
    paper = OuterRef("pk")
    return Paper.objects.public().annotate(
        oparl_modified=Greatest("modified", _latest(Consultation.objects.filter(paper=paper), "modified"))
    )


def attachments() -> QuerySet[Attachment]:
    """Attachments of published protocols: of the whole protocol or of a public item."""
    return Attachment.objects.filter(meeting__status=Meeting.Status.PUBLISHED).filter(
        Q(item__isnull=True) | Q(item__public=True)
    )


def files() -> QuerySet[File]:
    """Stored files that a public paper or a public attachment holds."""
    shown = (
        Q(pk__in=attachments().values("file"))
        | Q(pk__in=Paper.objects.public().values("main_file"))
        | Q(pk__in=Paper.auxiliary_files.through.objects.filter(paper__public=True).values("file"))
    )
    return File.objects.filter(shown).defer("text").annotate(oparl_modified=F("created"))


def protocol_documents() -> QuerySet[ProtocolDocument]:
    """The frozen public part of every published protocol (the non-public part is for members)."""
    return (
        ProtocolDocument.objects.filter(
            meeting__status=Meeting.Status.PUBLISHED, variant=ProtocolDocument.Variant.PUBLIC
        )
        .defer("pdf", "html", "data")
        .select_related("meeting")
        .annotate(oparl_modified=F("created"))
    )


def people() -> QuerySet[Person]:
    person = OuterRef("pk")
    return people_in_protocols(AnonymousUser()).annotate(
        oparl_modified=Greatest("modified", _latest(memberships().filter(person=person), "modified"))
    )


def memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(role__in=SEATS, person__in=people_in_protocols(AnonymousUser())).annotate(
        oparl_modified=F("modified")
    )


def bodies() -> QuerySet[Body]:
    """The council's bodies (Gremien): OParl organisations of the one OParl body, the city."""
    return Body.objects.annotate(oparl_modified=F("modified"))


def organizations() -> QuerySet[Organization]:
    return Organization.objects.annotate(oparl_modified=F("modified"))


def legislative_terms() -> QuerySet[LegislativeTerm]:
    return LegislativeTerm.objects.annotate(oparl_modified=F("modified"))


def locations() -> QuerySet[Location]:
    return Location.objects.annotate(oparl_modified=F("modified"))
