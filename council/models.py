"""The council's registry: bodies, organisations, people and their memberships.

Names follow OParl 1.1 (Body, Organization, Person, Membership) so that a later
OParl interface stays a thin serializer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import wording


class Body(models.Model):
    """A council or advisory council (Gremium) whose meetings are minuted."""

    class SignatureRole(models.TextChoices):
        """The functions a signature line may stand for; each is also a Membership.Role, and
        whoever holds it in the body on the meeting's date may sign such a line."""

        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        MANAGEMENT = "management", _("Management")
        MINUTE_TAKER = "minute_taker", _("Minute-taker")
        MEMBER = "member", _("Member")

    class AttendanceLayout(models.TextChoices):
        BY_STATUS = "by_status", _("Lists per status: participants (by group), excused, absent, guests")
        BY_GROUP = "by_group", _("One table per group with a status column")

    class InitialAttendance(models.TextChoices):
        PRESENT = "present", _("Everyone present")
        UNRECORDED = "unrecorded", _("Not recorded: each person is marked present, excused or absent")

    class DeputiesPrinted(models.TextChoices):
        WITH_DEPUTY = "with_deputy", _("The deputy “in Vertretung für …”; the member under their own status")
        WITH_MEMBER = "with_member", _("The member “vertreten durch …”; the deputy not listed separately")
        DEPUTY_ONLY = "deputy_only", _("Only the deputy “in Vertretung für …”; the member left out")

    class NamedVotesLayout(models.TextChoices):
        BY_CHOICE = "by_choice", _("Names per choice: “Ja: …; Nein: …”")
        TABLE = "table", _("A table: name and vote")

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
        validators=[wording.validate_title],
        help_text=_(
            "Heading of its protocols, e.g. “Protokoll der Integrationsbeiratssitzung” or “Niederschrift über "
            "die {number}. Sitzung des Integrationsrates”. Placeholders: {body}, {number}, {date}, {year}."
        ),
    )
    protocol_subtitle = models.CharField(
        _("protocol subtitle"),
        max_length=300,
        blank=True,
        validators=[wording.validate_title],
        help_text=_("A line under the heading, e.g. “{number}. Sitzung des Integrationsrates”; same placeholders."),
    )
    protocol_date_line = models.CharField(
        _("protocol date line"),
        max_length=200,
        blank=True,
        default="{protocol_date}",
        validators=[wording.validate_date_line],
        help_text=_(
            "How the date of the protocol is printed, e.g. “Datum des Protokolls: {protocol_date}”; "
            "{protocol_date} alone prints the date without a label."
        ),
    )
    preamble = models.TextField(
        _("preamble"),
        blank=True,
        max_length=5000,
        validators=[wording.validate_preamble],
        help_text=_(
            "The opening formalities in the body's wording, printed before the agenda, e.g. “{chair} eröffnet die "
            "Sitzung, stellt fest, dass {convened} eingeladen wurde, und stellt die Beschlussfähigkeit fest: "
            "{voting_present} von {voting_members} stimmberechtigten Mitgliedern sind anwesend.” Placeholders: "
            "{body}, {number}, {date}, {year}, {weekday}, {start}, {location}, {chair}, {chair_function}, "
            "{invitation_date}, {convened}, {public_notice_date}, {public_notice}, {quorum}, {voting_present}, "
            "{voting_members}. Empty: no preamble."
        ),
    )
    signature_roles = models.JSONField(
        _("signature lines"),
        default=list,
        blank=True,
        help_text=_("Who signs its protocols, in printed order (chair, management, minute-taker, member)."),
    )
    signers_need_second_factor = models.BooleanField(
        _("signing needs a second factor"),
        default=False,
        help_text=_(
            "Signers confirm their signature with their password and a code from their authenticator app "
            "(or a recovery code); they set the app up under “Two-factor authentication”."
        ),
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
    # How its protocols print names (council.names.NameFormat).
    name_form_of_address = models.BooleanField(
        _("names: form of address"), default=True, help_text=_("“Frau Duczkowska”, “Herr Fink”.")
    )
    name_council_title = models.BooleanField(
        _("names: council title"),
        default=False,
        help_text=_("The council title instead of the form of address where a person has one: “Ratsherr Fink”."),
    )
    name_academic_title = models.BooleanField(_("names: academic title"), default=True, help_text=_("“Frau Dr. Roth”."))
    name_given_name = models.BooleanField(
        _("names: given name"), default=False, help_text=_("“Herr Klaus Behnck” instead of “Herr Behnck”.")
    )
    attendance_layout = models.CharField(
        _("attendance layout"), max_length=20, choices=AttendanceLayout.choices, default=AttendanceLayout.BY_STATUS
    )
    deputies_printed = models.CharField(
        _("deputies printed"), max_length=20, choices=DeputiesPrinted.choices, default=DeputiesPrinted.WITH_DEPUTY
    )
    named_votes_layout = models.CharField(
        _("named votes printed"), max_length=20, choices=NamedVotesLayout.choices, default=NamedVotesLayout.BY_CHOICE
    )
    initial_attendance = models.CharField(
        _("attendance starts as"),
        max_length=20,
        choices=InitialAttendance.choices,
        default=InitialAttendance.PRESENT,
        help_text=_(
            "How a new meeting's attendance list starts. “Not recorded”: the completeness check lists "
            "everyone still unrecorded, so nobody is recorded as present by oversight."
        ),
    )
    agenda_approves_last_protocol = models.BooleanField(
        _("agenda item: approval of the last protocol"),
        default=False,
        help_text=_("A new meeting's agenda starts with the item “Genehmigung des Protokolls der letzten Sitzung”."),
    )
    publish_on_signing = models.BooleanField(
        _("publish on signing"),
        default=False,
        help_text=_(
            "Publish a protocol as soon as its last signature is given; otherwise the secretariat publishes it."
        ),
    )
    print_item_times = models.BooleanField(
        _("print item times"),
        default=False,
        help_text=_("Print under each item when it was called and closed (as recorded, e.g. in live mode)."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def signs_with_members(self) -> bool:
        """Whether any member of the body may sign its protocols: its signature lines include
        “member”, or an administrator gave a protocol of it a line any member signs."""
        if self.SignatureRole.MEMBER in (self.signature_roles or []):
            return True
        return (
            self.pk is not None
            and self.meetings.filter(
                signature_lines__role=self.SignatureRole.MEMBER, signature_lines__person__isnull=True
            ).exists()
        )

    def role_signs(self, role: str) -> bool:
        """Whether holding ``role`` in this body lets one sign its protocols: a function
        (chair, deputy chair, management, minute-taker) always; plain membership only where
        the members sign (signs_with_members) — elsewhere the secretariat hands members their
        logins (minutes.roster)."""
        if role == self.SignatureRole.MEMBER:
            return self.signs_with_members()
        return role in self.SignatureRole.values


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
    council_title = models.CharField(
        _("council title"),
        max_length=100,
        blank=True,
        help_text=_(
            "As bodies that print council titles name the person: “Ratsherr”, “Ratsfrau”, “Stadträtin”. "
            "A membership's own council title (e.g. “Bürgermeisterin” as chair) takes precedence in its body."
        ),
    )
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

    def holds_signing_function(self, *, besides=None) -> bool:
        """Whether the person holds or held, in any body, a role that signs that body's protocols
        (Body.role_signs) — ``besides`` one membership left out: whoever controls their login
        could sign in their name, so only an administrator creates or changes it (their email
        included)."""
        if self.pk is None:
            return False
        memberships = self.memberships.filter(role__in=Body.SignatureRole.values).select_related("body")
        if besides is not None and besides.pk is not None:
            memberships = memberships.exclude(pk=besides.pk)
        return any(membership.body.role_signs(membership.role) for membership in memberships)

    def may_sign(self) -> bool:
        """A signing function, or a signature line of a protocol naming them (minutes.SignatureLine)."""
        return self.holds_signing_function() or (self.pk is not None and self.signature_lines.exists())

    @property
    def titled_name(self) -> str:
        """“Ratsherr Fink”, “Frau Duczkowska” — the council title where the person has one
        (person pages and lists across bodies)."""
        lead = self.council_title or self.form_of_address
        return " ".join(part for part in (lead, self.title, self.family_name) if part)


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
    function = models.CharField(
        _("function as signed"),
        max_length=200,
        blank=True,
        help_text=_(
            "How a signature names this function, e.g. “Vorsitzender”; empty: the role (“Vorsitz”). "
            "Printed when this person signs a protocol of the body."
        ),
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
    council_title = models.CharField(
        _("council title"),
        max_length=100,
        blank=True,
        help_text=_("In this body, instead of the person's own: e.g. “Bürgermeisterin” as chair."),
    )
    group = models.ForeignKey(
        "AttendanceGroup",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("attendance group"),
        help_text=_("Where the attendance list puts the person; empty: by role and voting right."),
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


class AttendanceGroup(models.Model):
    """A group of a body's attendance list, printed under its own heading: “Stimmberechtigte
    Mitglieder”, “Beratende Mitglieder”, “Verwaltung”, “Presse”, “Gäste”.

    ``votes`` says whether those present in the group vote (quorum, votes, named votes);
    ``kind`` which roster roles a new meeting puts here and where guests go
    (council.groups). A body without groups gets the default four (``groups.DEFAULTS``).
    """

    class Kind(models.TextChoices):
        MEMBERS = "members", _("Members")
        ADVISORY = "advisory", _("Advisory members")
        ADMINISTRATION = "administration", _("Administration")
        GUESTS = "guests", _("Guests")

    body = models.ForeignKey(Body, models.CASCADE, related_name="attendance_groups", verbose_name=_("body"))
    name = models.CharField(_("name"), max_length=100)
    heading = models.CharField(
        _("printed heading"), max_length=200, blank=True, help_text=_("Printed above the group; empty: its name.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    votes = models.BooleanField(_("votes"), default=False, help_text=_("Those present in this group vote."))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.MEMBERS,
        help_text=_(
            "Which roster roles a new meeting lists here (members, advisory members, administration); "
            "guests are added to the guests group and printed after the members."
        ),
    )
    on_person_pages = models.BooleanField(
        _("on person pages"),
        default=True,
        help_text=_(
            "People listed in this group get a public person page. Off e.g. for the administration: staff "
            "appear there only where they spoke, presented, chaired or kept the minutes."
        ),
    )

    class Meta:
        verbose_name = _("attendance group")
        verbose_name_plural = _("attendance groups")
        ordering = ["body", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="attendance_group_name_per_body")]

    def __str__(self):
        return self.name

    @property
    def printed_heading(self) -> str:
        return self.heading or self.name


class LegislativeTerm(models.Model):
    """A Wahlperiode of the city council, as OParl's LegislativeTerm."""

    name = models.CharField(_("name"), max_length=200, help_text=_("For example “Wahlperiode 2014–2020”."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="legislative_term_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class Location(models.Model):
    """A place where meetings are held, or that a paper is about, as OParl's Location."""

    description = models.CharField(_("description"), max_length=300, help_text=_("For example “Rathaus, Saal 1”."))
    street_address = models.CharField(_("street and house number"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["description"]

    def __str__(self):
        return self.description


class TextBlock(models.Model):
    """A recurring phrase of a body's protocols (Textbaustein), inserted into a contribution or
    resolution from a list in the workspace: “Die Niederschrift wird ohne Änderungen genehmigt.”"""

    body = models.ForeignKey(Body, models.CASCADE, related_name="text_blocks", verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=100, help_text=_("As listed in the workspace."))
    text = models.TextField(_("text"), max_length=5000, help_text=_("Inserted where the cursor is."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("text block")
        verbose_name_plural = _("text blocks")

    def __str__(self):
        return self.title
