"""The council's registry: bodies, organisations, people and their memberships.

Names follow OParl 1.1 (Body, Organization, Person, Membership) so that a later
OParl interface stays a thin serializer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Body(models.Model):
    """A council or advisory council (Gremium) whose meetings are minuted."""

    class SignatureRole(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MANAGEMENT = "management", _("Management")
        MINUTE_TAKER = "minute_taker", _("Minute-taker")
        MEMBER = "member", _("Member")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    classification = models.CharField(
        _("classification"),
        max_length=100,
        blank=True,
        help_text=_("For example “Beirat”, “Ausschuss”, “Gemeinderat”."),
    )
    protocol_title = models.CharField(
        _("protocol title"),
        max_length=200,
        blank=True,
        help_text=_("Heading of its protocols, e.g. “Protokoll der Integrationsbeiratssitzung”."),
    )
    signature_roles = models.JSONField(
        _("signature lines"),
        default=list,
        blank=True,
        help_text=_("Who signs its protocols, in printed order (chair, management, minute-taker, member)."),
    )
    # What a protocol must contain before it may be submitted for approval. The defaults
    # follow what German municipal codes (e.g. GemO BW §38) require of a Niederschrift.
    check_chair = models.BooleanField(_("check: chair set"), default=True)
    check_attendance = models.BooleanField(_("check: attendance recorded"), default=True)
    check_absences = models.BooleanField(
        _("check: every member in the attendance list"),
        default=True,
        help_text=_("Every member of the body is listed as present, excused or absent."),
    )
    check_item_content = models.BooleanField(
        _("check: every item has content"),
        default=True,
        help_text=_("Every agenda item has a contribution or a decision, or is marked “without discussion”."),
    )
    check_votes = models.BooleanField(
        _("check: every resolution has its vote"),
        default=True,
        help_text=_("Accepted and rejected resolutions state yes, no and abstentions."),
    )
    check_signers = models.BooleanField(
        _("check: signers attended"),
        default=True,
        help_text=_("Everyone who signs attended the meeting or holds the signing function in the body."),
    )
    publish_on_signing = models.BooleanField(
        _("publish on signing"),
        default=False,
        help_text=_(
            "Publish a protocol as soon as its last signature is given; otherwise the secretariat publishes it."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organization(models.Model):
    """Who a member sits for: an association, a party, a welfare association, a department."""

    class Type(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        PARTY = "party", _("Party or faction")
        WELFARE = "welfare", _("Welfare association")
        DEPARTMENT = "department", _("City department")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    organization_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.OTHER)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(models.Model):
    form_of_address = models.CharField(
        _("form of address"), max_length=20, blank=True, help_text=_("“Frau”, “Herr”, or empty.")
    )
    title = models.CharField(_("academic title"), max_length=50, blank=True, help_text=_("For example “Dr.”"))
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Where a login created for this person sends its link to set the password."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]

    def __str__(self):
        return self.full_name or self.addressed_name

    @property
    def full_name(self) -> str:
        """“Jürgen Schindler”, “Dr. Eva Roth” — as in presenter lists and signatures."""
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)

    @property
    def addressed_name(self) -> str:
        """“Frau Duczkowska”, “Herr Dr. Roth” — as in attendance lists and speakers."""
        return " ".join(part for part in (self.form_of_address, self.title, self.family_name) if part)

    @property
    def addressed_name_accusative(self) -> str:
        """“in Vertretung für Herrn Hechler”: German declines “Herr” after “für”."""
        form = "Herrn" if self.form_of_address == "Herr" else self.form_of_address
        return " ".join(part for part in (form, self.title, self.family_name) if part)


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        MEMBER = "member", _("Member")
        ADVISORY = "advisory", _("Advisory member")
        ADMINISTRATION = "administration", _("Administration")
        MINUTE_TAKER = "minute_taker", _("Minute-taker")
        MANAGEMENT = "management", _("Management")
        SECRETARIAT = "secretariat", _("Secretariat")

    body = models.ForeignKey(Body, models.CASCADE, related_name="memberships", verbose_name=_("body"))
    person = models.ForeignKey(Person, models.CASCADE, related_name="memberships", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting_right = models.BooleanField(_("voting right"), default=True)
    on_behalf_of = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("on behalf of"),
    )
    label = models.CharField(
        _("affiliation label"),
        max_length=200,
        blank=True,
        help_text=_("Printed instead of the organisation, e.g. “Bereich Wirtschaft”."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    deputy_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
        verbose_name=_("deputy of"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "order", "person__family_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.body} ({self.get_role_display()})"

    @property
    def affiliation(self) -> str:
        """What the attendance list prints next to the name."""
        if self.label:
            return self.label
        return self.on_behalf_of.name if self.on_behalf_of_id else ""
