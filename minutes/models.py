"""A meeting and its protocol: attendance, agenda, deliberation, decisions, signatures."""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history import register as register_history

from council import wording
from council.models import AttendanceGroup, Body, Location, Organization, Person

from . import lock
from .exceptions import ProtocolLocked
from .markup import escape_markup


def _meetings_editable_or_refuse(meeting_ids: Iterable) -> None:
    """Refuse (ProtocolLocked) if any of these meetings has left the draft state —
    unless the workflow services opened the lock for their own writes (lock.unlocked)."""
    if lock.is_open():
        return
    ids = {pk for pk in meeting_ids if pk is not None}
    if ids and Meeting.objects.filter(pk__in=ids).exclude(status=Meeting.Status.DRAFT).exists():
        raise ProtocolLocked()


class ProtocolContentQuerySet(models.QuerySet):
    """Bulk writes refuse to touch a protocol that has left the draft state (see lock.py)."""

    def _ensure_editable(self):
        _meetings_editable_or_refuse(self.order_by().values_list(self.model.meeting_id_lookup(), flat=True).distinct())

    def update(self, **kwargs):
        if self.model.meeting_path == "" and "status" in kwargs:
            lock.ensure_status_change_allowed()
        self._ensure_editable()
        return super().update(**kwargs)

    def delete(self):
        self._ensure_editable()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _meetings_editable_or_refuse(self.model.meeting_ids_of(objs))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        _meetings_editable_or_refuse(self.model.meeting_ids_of(objs))
        return super().bulk_update(objs, *args, **kwargs)

    def of_meeting(self, meeting):
        """The rows that belong to ``meeting`` (a Meeting or its pk)."""
        return self.filter(**{self.model.meeting_id_lookup(): getattr(meeting, "pk", meeting)})


class ProtocolContent(models.Model):
    """A row that belongs to a protocol: it cannot be written once the protocol left the draft.

    ``meeting_path`` is the one place that says which meeting a row belongs to, as a
    lookup: "" for the meeting itself, "meeting", "item__meeting", … The model guards
    below, the admin, the workspace and the database triggers (lock.install_triggers)
    all derive from it, so a new content model is guarded everywhere by subclassing this.
    """

    meeting_path = "meeting"

    objects = ProtocolContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _meetings_editable_or_refuse(self.meeting_ids_of([self]))
        if self.meeting_path == "" and self._status_changes():
            lock.ensure_status_change_allowed()  # only the workflow services move a protocol
        super().save(*args, **kwargs)

    def _status_changes(self) -> bool:
        if self.pk is None:
            return self.status != type(self)._meta.get_field("status").default
        return type(self).objects.filter(pk=self.pk).exclude(status=self.status).exists()

    def delete(self, *args, **kwargs):
        _meetings_editable_or_refuse(self.meeting_ids_of([self]))
        return super().delete(*args, **kwargs)

    @classmethod
    def meeting_id_lookup(cls) -> str:
        """The lookup of the meeting's id from this model: "pk", "meeting_id", "item__meeting_id"."""
        return f"{cls.meeting_path}_id" if cls.meeting_path else "pk"

    @classmethod
    def meeting_ids_of(cls, rows) -> set:
        """The ids of the meetings these (possibly unsaved) rows belong to, in at most one query
        (none where the rows hold their parents already, as the drafting services' rows do)."""
        if cls.meeting_path == "":
            return {row.pk for row in rows if row.pk}
        first, _, rest = cls.meeting_path.partition("__")
        field = cls._meta.get_field(first)
        if not rest:
            return {getattr(row, field.attname) for row in rows}
        ids, parent_ids = set(), set()
        for row in rows:
            parent = getattr(row, first) if field.is_cached(row) else None
            if parent is not None and parent.pk == getattr(row, field.attname):
                ids |= type(parent).meeting_ids_of([parent])  # e.g. contribution.item.meeting_id
            else:
                parent_ids.add(getattr(row, field.attname))
        if parent_ids:
            ids |= set(field.related_model.objects.filter(pk__in=parent_ids).values_list(f"{rest}_id", flat=True))
        return ids

    @property
    def protocol_meeting(self) -> "Meeting":
        """The meeting this row belongs to."""
        obj = self
        for name in self.meeting_path.split("__") if self.meeting_path else []:
            obj = getattr(obj, name)
        return obj

    @classmethod
    def meeting_chain(cls) -> list[tuple[str, str]]:
        """How the database gets from a row to its meeting id: [(table, column), …], each
        column read from the row that the previous one points to (for the lock triggers)."""
        chain, model = [], cls
        for name in cls.meeting_path.split("__"):
            field = model._meta.get_field(name)
            chain.append((model._meta.db_table, field.column))
            model = field.related_model
        return chain


class MeetingQuerySet(ProtocolContentQuerySet):
    def with_protocol(self):
        """Everything the protocol page prints, in a fixed number of queries."""
        return self.select_related("body", "chair").prefetch_related(
            models.Prefetch("minute_takers", queryset=MinuteTaker.objects.select_related("person")),
            models.Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person", "organization", "group").prefetch_related(
                    models.Prefetch("deputations", queryset=Deputation.objects.select_related("member"))
                ),
            ),
            models.Prefetch("signature_lines", queryset=SignatureLine.objects.select_related("person")),
        )


class Meeting(ProtocolContent):
    """One sitting of a body (never “session”: that is request.session)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        SIGNED = "signed", _("Signed")
        PUBLISHED = "published", _("Published")

    body = models.ForeignKey(Body, models.PROTECT, related_name="meetings", verbose_name=_("body"))
    number = models.PositiveIntegerField(_("number"), help_text=_("Running number of the meeting in this body."))
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("Empty: the body's protocol title."))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start"), null=True, blank=True)
    end_time = models.TimeField(_("end"), null=True, blank=True)
    public_start_time = models.TimeField(_("public part from"), null=True, blank=True)
    public_end_time = models.TimeField(_("public part until"), null=True, blank=True)
    building = models.CharField(_("building"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    place = models.ForeignKey(
        Location,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("location"),
        help_text=_("The place as a location of the register (for open data); building and room are printed."),
    )
    chair = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="chaired_meetings", verbose_name=_("chair")
    )
    chair_function = models.CharField(
        _("function of the chair"), max_length=200, blank=True, help_text=_("For example “Erster Bürgermeister”.")
    )
    protocol_date = models.DateField(_("date of the protocol"), null=True, blank=True)
    # The opening formalities, printed in the body's wording (Body.preamble).
    invitation_date = models.DateField(_("date of the invitation"), null=True, blank=True)
    duly_convened = models.BooleanField(
        _("properly invited"), null=True, blank=True, help_text=_("Ordnungsgemäß geladen, as the chair states it.")
    )
    public_notice_date = models.DateField(_("date of the public notice"), null=True, blank=True)
    public_notice = models.CharField(
        _("public notice"),
        max_length=200,
        blank=True,
        help_text=_("Where the meeting was announced, e.g. “im Amtsblatt Nr. 9”."),
    )
    quorum_stated = models.BooleanField(
        _("quorum"), null=True, blank=True, help_text=_("Beschlussfähig, as the chair states it.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    # Counts saves: a form carries the revision it was opened with, and a save from an older
    # one is refused as an edit conflict (minutes/drafting/services.py). Agenda items,
    # contributions and decisions have their own.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    corrects = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The signed protocol this one corrects (Berichtigung)."),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True, editable=False)
    # The printed “Fassung”: 1 for the protocol, 2 for its first correction, … (``revision``
    # above only counts saves, for the edit-conflict check).
    edition = models.PositiveIntegerField(_("edition"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    meeting_path = ""

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-number"]
        indexes = [
            # Newest first: the lists, the home page's latest per body, the feeds.
            models.Index(models.F("date").desc(), models.F("number").desc(), name="meeting_newest"),
            models.Index("body", models.F("date").desc(), models.F("number").desc(), name="meeting_newest_per_body"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"], condition=Q(corrects__isnull=True), name="meeting_number_per_body"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.body} – {self.number}. {_('meeting')} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("minutes:meeting_detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The protocol's heading: its own title, or the body's (with its placeholders filled)."""
        return self.title or self.fill_wording(self.body.protocol_title) or str(self.body)

    @property
    def subtitle(self) -> str:
        return self.fill_wording(self.body.protocol_subtitle)

    @property
    def protocol_date_line(self) -> str:
        """“12.08.2017”, or as the body labels it: “Datum des Protokolls: 12.08.2017”."""
        if not self.protocol_date:
            return ""
        return self.fill_wording(self.body.protocol_date_line or "{protocol_date}")

    def fill_wording(self, text: str) -> str:
        """A heading of the body's (council.wording) with this meeting's number and dates."""
        values = {
            "body": self.body.name,
            "number": str(self.number),
            "date": formats.date_format(self.date, "SHORT_DATE_FORMAT"),
            "year": str(self.date.year),
            "protocol_date": formats.date_format(self.protocol_date, "SHORT_DATE_FORMAT")
            if self.protocol_date
            else None,
        }
        return wording.fill(text, values, missing=lambda name: "")

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.building, self.room) if part)


class MinuteTaker(ProtocolContent):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="minute_takers", verbose_name=_("meeting"))
    order = models.PositiveIntegerField(_("order"), default=0)
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("person"))
    affiliation = models.CharField(_("affiliation as printed"), max_length=200, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        verbose_name = _("minute-taker")
        verbose_name_plural = _("minute-takers")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="minute_taker_order_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "person"], name="minute_taker_once_per_meeting"),
        ]

    def __str__(self):
        return self.person.addressed_name


class Attendance(ProtocolContent):
    """One row of a meeting's attendance list: a person (or an organisation attending as
    such), their group and status, arrival and departure, and whom they sit for.

    ``deputations`` (Deputation) say for which members the row's person sits, and when; a
    row with deputations votes only while one of them lasts (minutes.presence).
    """

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")
        UNRECORDED = "unrecorded", _("Not recorded")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendances", verbose_name=_("meeting"))
    order = models.PositiveIntegerField(_("order"), default=0)
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="attendances", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("organisation"),
        help_text=_("An organisation attending as such (instead of a person), e.g. a press office."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    group = models.ForeignKey(AttendanceGroup, models.PROTECT, related_name="attendances", verbose_name=_("group"))
    affiliation = models.CharField(
        _("affiliation as printed"),
        max_length=200,
        blank=True,
        help_text=_("Kept with the meeting so later changes to a membership do not rewrite old protocols."),
    )
    arrival = models.TimeField(_("arrival"), null=True, blank=True, help_text=_("Only when later than the start."))
    departure = models.TimeField(_("departure"), null=True, blank=True, help_text=_("Only when earlier than the end."))
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "organization"], name="attendance_organization_once"),
            models.UniqueConstraint(fields=["meeting", "order"], name="attendance_order_per_meeting"),
            models.CheckConstraint(
                condition=Q(departure__isnull=True) | Q(arrival__isnull=True) | Q(departure__gte=models.F("arrival")),
                name="attendance_leaves_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, organization__isnull=True)
                | Q(person__isnull=True, organization__isnull=False),
                name="attendance_is_a_person_or_an_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def name(self) -> str:
        """The person's name (form of address and family name) or the organisation's."""
        if self.person_id:
            return self.person.addressed_name
        return self.organization.name if self.organization_id else ""


class Deputation(ProtocolContent):
    """A deputy sits for a member (“in Vertretung für …”), for the whole meeting or a period.

    One deputy may sit for different members in different periods of one meeting, so the
    deputy's attendance row has one Deputation per member and period. ``start``/``end``
    empty: from the deputy's arrival / until their departure.
    """

    deputy = models.ForeignKey(Attendance, models.CASCADE, related_name="deputations", verbose_name=_("deputy"))
    member = models.ForeignKey(
        Person, models.PROTECT, related_name="deputised_by", verbose_name=_("member represented")
    )
    start = models.TimeField(_("from"), null=True, blank=True)
    end = models.TimeField(_("until"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    meeting_path = "deputy__meeting"

    class Meta:
        verbose_name = _("deputation")
        verbose_name_plural = _("deputations")
        ordering = [models.F("start").asc(nulls_first=True), "pk"]  # no start: from the beginning
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="deputation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.deputy.name} → {self.member.addressed_name}"


class AgendaItemQuerySet(ProtocolContentQuerySet):
    def public(self):
        return self.filter(public=True)


class AgendaItem(ProtocolContent):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda_items", verbose_name=_("meeting"))
    number = models.CharField(_("number"), max_length=20, help_text=_("As printed: “1”, “4.1”."))
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=500)
    public = models.BooleanField(_("public"), default=True)
    without_discussion = models.BooleanField(
        _("without discussion"),
        default=False,
        help_text=_("The item was called but not discussed; the protocol needs no contribution for it."),
    )
    start_time = models.TimeField(
        _("called at"),
        null=True,
        blank=True,
        help_text=_("Where recorded: who was present at the item's votes follows from it and the arrival times."),
    )
    end_time = models.TimeField(_("closed at"), null=True, blank=True, help_text=_("When the item's votes were taken."))
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number_per_meeting"),
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_per_meeting"),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="agenda_item_closes_after_call",
            ),
        ]

    def __str__(self):
        return f"TOP {self.number}: {self.title}"


class Presenter(ProtocolContent):
    """Who presents an item: a person with their role, or a group such as “AG Interkulturelle Öffnung”."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="presenters", verbose_name=_("agenda item"))
    order = models.PositiveIntegerField(_("order"), default=0)
    person = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="presentations", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=300, blank=True)

    meeting_path = "item__meeting"

    class Meta:
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="presenter_order_per_item"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False), name="presenter_is_someone"
            ),
        ]

    def __str__(self):
        return ", ".join(part for part in (self.name, self.role) if part)

    @property
    def name(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.organization.name if self.organization_id else ""


class Contribution(ProtocolContent):
    """What one speaker said under an item, in reported speech.

    The text is light markup (paragraphs, “- ” bullets, “1.”/“1)” numbered lists, **bold**),
    rendered safely: raw HTML typed by a user is shown as text, never executed.
    """

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="contributions", verbose_name=_("agenda item"))
    order = models.PositiveIntegerField(_("order"), default=0)
    speaker = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="contributions", verbose_name=_("speaker")
    )
    speaker_prefix = models.CharField(
        _("words before the speaker"),
        max_length=200,
        blank=True,
        help_text=_(
            "Rarely needed: “Die Bildungskoordinatorin” in “Die Bildungskoordinatorin Frau Rathert stellt sich vor.”"
        ),
    )
    text = models.TextField(_("text"), max_length=50_000)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    meeting_path = "item__meeting"

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "order"], name="contribution_order_per_item")]

    def __str__(self):
        speaker = self.speaker.addressed_name if self.speaker_id else _("(no speaker)")
        return f"{speaker}: {self.text[:60]}"

    def as_markup(self, speaker_name: str | None = None) -> str:
        """The text as printed: the speaker's name (``speaker_name``, as the body prints it;
        default: form of address and family name) in bold at the start, or after the prefix.
        Without a speaker, the text alone: a narrative paragraph (“Fragen werden nicht gestellt.”)."""
        if not self.speaker_id:
            return self.text
        lead = f"**{escape_markup(speaker_name or self.speaker.addressed_name)}**"
        if self.speaker_prefix:
            lead = f"{self.speaker_prefix} {lead}"
        glue = "" if self.text[:1] in {",", ".", ":", ";", ""} else " "
        return f"{lead}{glue}{self.text}"


class Decision(ProtocolContent):
    class Result(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        NOTED = "noted", _("Taken note of")
        DEFERRED = "deferred", _("Deferred")

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="decisions", verbose_name=_("agenda item"))
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("resolution text"), max_length=20_000)
    votes_yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    votes_biased = models.PositiveIntegerField(
        _("excluded for bias"),
        null=True,
        blank=True,
        help_text=_("Members who did not vote because of bias (befangen)."),
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, default=Result.ACCEPTED)
    paper = models.ForeignKey(
        "Paper",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("paper"),
        help_text=_("The paper (Vorlage) this resolution decides."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    meeting_path = "item__meeting"

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="decision_order_per_item"),
            models.CheckConstraint(
                condition=(
                    (Q(votes_yes__isnull=True) | Q(votes_yes__gte=0))
                    & (Q(votes_no__isnull=True) | Q(votes_no__gte=0))
                    & (Q(votes_abstain__isnull=True) | Q(votes_abstain__gte=0))
                    & (Q(votes_biased__isnull=True) | Q(votes_biased__gte=0))
                ),
                name="decision_votes_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.get_result_display()}: {self.text[:60]}"

    @property
    def has_votes(self) -> bool:
        return any(v is not None for v in (self.votes_yes, self.votes_no, self.votes_abstain, self.votes_biased))


class Vote(ProtocolContent):
    """One member's vote in a named vote (namentliche Abstimmung) on a decision.

    Where a decision has named votes, its counts are theirs (the drafting services keep
    both equal), and every voter held a vote at the item (minutes.presence).
    """

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstention")
        BIASED = "biased", _("Excluded for bias")

    decision = models.ForeignKey(Decision, models.CASCADE, related_name="named_votes", verbose_name=_("decision"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="votes", verbose_name=_("voter"))
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    meeting_path = "decision__item__meeting"

    class Meta:
        verbose_name = _("named vote")
        verbose_name_plural = _("named votes")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "person"], name="one_named_vote_per_voter")]

    def __str__(self):
        return f"{self.person.addressed_name}: {self.get_choice_display()}"


class SpeakerRequest(ProtocolContent):
    """A request to speak at an item, taken down in the room (live mode): the queue in the order
    of requests, each with a quick note that becomes a contribution afterwards.

    Never printed, but part of the draft's working material: locked with the protocol like
    its content (written by the drafting services only)."""

    meeting_path = "item__meeting"
    working_material = True  # not copied into a correction

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="speaker_requests", verbose_name=_("agenda item"))
    speaker = models.ForeignKey(
        "council.Person", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("speaker")
    )
    note = models.TextField(_("note"), blank=True, max_length=50_000)
    created = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("request to speak")
        verbose_name_plural = _("requests to speak")

    def __str__(self):
        return str(self.speaker or _("Without a speaker"))


class ContributionDraft(ProtocolContent):
    """What someone is typing into a contribution form, autosaved on the server every few
    seconds: one per person, item and contribution (none: the form for a new one). It is never
    written into the contribution — only the ordinary save does that, with its revision
    check — so a draft cannot overwrite what someone else saved; it comes back into the form
    when its author opens the page again, and goes when the contribution is saved."""

    meeting_path = "item__meeting"
    working_material = True  # not copied into a correction

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="+", verbose_name=_("agenda item"))
    contribution = models.ForeignKey(
        Contribution, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("contribution")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("author"))
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=50_000)
    speaker_prefix = models.CharField(_("words before the speaker"), max_length=200, blank=True)
    base_revision = models.PositiveIntegerField(_("revision it started from"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("contribution draft")
        verbose_name_plural = _("contribution drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "author", "contribution"], name="one_draft_per_form", nulls_distinct=False
            )
        ]

    def __str__(self):
        return f"{self.author} – {self.item}"


class Figure(ProtocolContent):
    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="figures", verbose_name=_("agenda item"))
    order = models.PositiveIntegerField(_("order"), default=0)
    after = models.ForeignKey(
        Contribution,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="figures_after",
        verbose_name=_("placed after"),
        help_text=_("The contribution the figure follows; empty: before the first."),
    )
    # Stored under the checksum of its re-encoded pixels (minutes/files.py) and served only
    # through minutes/portal/files.py, with the visibility of its item and protocol.
    image = models.ImageField(_("image"), upload_to="figures/", blank=True, max_length=255)
    caption = models.CharField(_("caption"), max_length=300)
    description = models.TextField(
        _("text alternative"), blank=True, help_text=_("What the image shows, for readers who cannot see it.")
    )

    meeting_path = "item__meeting"

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "order"], name="figure_order_per_item")]

    def __str__(self):
        return self.caption


class File(models.Model):
    """A stored document or image, named after OParl's File (name, fileName, mimeType, size,
    sha512Checksum, text), so that an OParl interface can serve it as it is.

    Written once by minutes/files.py from an upload that was checked (a PDF is a PDF; an
    image is re-encoded, so that only its pixels survive) and never changed afterwards:
    PostgreSQL refuses every UPDATE (triggers.py), and a file that a protocol refers to
    cannot be deleted. It is served only through views that check who may see what it
    belongs to (minutes/portal/files.py), never from a public /media/ location.
    """

    name = models.CharField(_("name"), max_length=300, help_text=_("What the file is, e.g. “Haushaltsplan 2024”."))
    file_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("MIME type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sha512 = models.CharField(_("SHA-512"), max_length=128)
    text = models.TextField(_("extracted text"), blank=True, help_text=_("The text of a PDF, for search."))
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The date of the document, if it has one."))
    content = models.FileField(_("content"), upload_to="files/", max_length=255)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["pk"]

    def __str__(self):
        return self.file_name

    @property
    def is_pdf(self) -> bool:
        return self.mime_type == "application/pdf"


class Attachment(ProtocolContent):
    """An Anlage of the protocol: “Anlage 1: Haushaltsplan”, a PDF or an image.

    Numbered per meeting (``order`` is the printed number, 1, 2, 3 … with no gaps), listed
    at its agenda item, if it has one, and at the end of the protocol. It can be read by
    whoever may read its item; an attachment of the whole protocol by whoever may read the
    protocol (a confidential one belongs to a non-public item). Its file is frozen with
    the protocol: listed with its checksums and embedded in the PDF/A-3.
    """

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attachments", verbose_name=_("meeting"))
    item = models.ForeignKey(
        AgendaItem,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("agenda item"),
        help_text=_("Empty: an attachment of the whole protocol."),
    )
    order = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300, help_text=_("As printed: “Haushaltsplan 2024”."))
    file = models.ForeignKey(File, models.PROTECT, related_name="attachments", verbose_name=_("file"))
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="attachment_number_per_meeting")]

    def __str__(self):
        return f"{_('Attachment')} {self.order}: {self.title}"

    def get_absolute_url(self):
        return reverse("minutes:attachment", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Who may read it: an item's attachment as its item; one of the whole protocol as the protocol."""
        return self.item.public if self.item_id else True


class PaperQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)


class Paper(models.Model):
    """A Drucksache or Vorlage: a document a body deliberates on, as OParl's Paper.

    Papers are not protocol content (they exist before the meeting and outlive it); an
    agenda item deliberates on them through a Consultation, and a decision names the paper
    it decides. Written only by minutes/drafting/papers.py.
    """

    reference = models.CharField(
        _("reference"), max_length=50, unique=True, help_text=_("The paper's number, e.g. “0815/2017”.")
    )
    name = models.CharField(_("title"), max_length=500)
    paper_type = models.CharField(
        _("paper type"), max_length=100, blank=True, help_text=_("For example “Beschlussvorlage”, “Antrag”.")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Only public papers are shown to citizens and published as open data.")
    )
    originator_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="papers", verbose_name=_("originating organisations")
    )
    originator_persons = models.ManyToManyField(
        Person, blank=True, related_name="papers", verbose_name=_("originating persons")
    )
    main_file = models.ForeignKey(
        File, models.PROTECT, null=True, blank=True, related_name="main_file_of", verbose_name=_("main file")
    )
    auxiliary_files = models.ManyToManyField(
        File, blank=True, related_name="auxiliary_file_of", verbose_name=_("auxiliary files")
    )
    related_papers = models.ManyToManyField("self", blank=True, verbose_name=_("related papers"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-date", "reference"]

    def __str__(self):
        return f"{self.reference} {self.name}"


class Consultation(ProtocolContent):
    """A paper on an agenda item, with the role the deliberation plays for it."""

    class Role(models.TextChoices):
        PRELIMINARY = "Vorberatung", _("Preliminary deliberation")
        DECISION = "Beschlussfassung", _("Decision")
        NOTICE = "Kenntnisnahme", _("For information")

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="consultations", verbose_name=_("agenda item"))
    paper = models.ForeignKey(Paper, models.PROTECT, related_name="consultations", verbose_name=_("paper"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.DECISION)
    authoritative = models.BooleanField(
        _("authoritative"), default=False, help_text=_("This deliberation takes the final decision on the paper.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    meeting_path = "item__meeting"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["item", "paper"], name="paper_once_per_item")]

    def __str__(self):
        return f"{self.paper.reference} ({self.get_role_display()})"


class SignatureLine(ProtocolContent):
    """A line of the signature block: a function of the body (“chair”), and optionally the one
    person who signs it (“Konrad Seigfried”).

    It holds no printed text: who signed and as what is taken from the signer's own records
    (Person, Membership) when they sign (Signature.name, .function); before that the block
    prints the named person and their function, or the function alone (minutes/protocol.py).
    Only the named person signs a line that names one; anyone who holds the function in the
    body on the meeting's date signs one that does not (access.signing_refusal).
    """

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="signature_lines", verbose_name=_("meeting"))
    order = models.PositiveIntegerField(_("order"), default=0)
    role = models.CharField(_("function"), max_length=20, choices=Body.SignatureRole.choices)
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="signature_lines",
        verbose_name=_("person"),
        help_text=_("Only this person signs the line. Empty: whoever holds the function on the meeting's date."),
    )

    class Meta:
        verbose_name = _("signature line")
        verbose_name_plural = _("signature lines")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="signature_line_order_per_meeting")]

    def __str__(self):
        function = self.get_role_display()
        return f"{self.person.full_name}, {function}" if self.person_id else str(function)


# ------------------------------------------------------------------ approval workflow
# Written only by minutes/approval/services.py.


class ProtocolEvent(models.Model):
    """One step in a protocol's life, shown as its timeline: who did what, when, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for approval")
        COMMENTED = "commented", _("Commented on an item")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        SIGNED = "signed", _("Signed")
        FROZEN = "frozen", _("Frozen: documents stored")
        PUBLISHED = "published", _("Published")
        CORRECTION_STARTED = "correction_started", _("Correction started")
        SIGNING_FAILED = "signing_failed", _("Signing refused: wrong password or code")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="events", verbose_name=_("meeting"))
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    item = models.ForeignKey(
        AgendaItem, models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("agenda item")
    )
    comment = models.TextField(_("comment"), blank=True, max_length=10_000)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("protocol event")
        verbose_name_plural = _("protocol events")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created:%d.%m.%Y %H:%M})"


class Signature(models.Model):
    """One signer's signature on one signature line, given after confirming their password."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="signatures", verbose_name=_("meeting"))
    line = models.ForeignKey(SignatureLine, models.PROTECT, related_name="signatures", verbose_name=_("signature line"))
    role = models.CharField(_("signs as"), max_length=20, choices=Body.SignatureRole.choices, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="protocol_signatures", verbose_name=_("signer")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="signatures", verbose_name=_("person"))
    name = models.CharField(_("name as printed"), max_length=200)
    function = models.CharField(_("function as printed"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["line__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["line"], name="one_signature_per_line")]

    def __str__(self):
        return f"{self.name}, {self.function} ({self.signed_at:%d.%m.%Y %H:%M})"


class ProtocolDocument(models.Model):
    """The frozen protocol: rendered once at the last signature and served byte for byte ever after.

    Field names follow OParl's File (fileName, mimeType, size, sha512Checksum).
    """

    class Variant(models.TextChoices):
        PUBLIC = "public", _("Public part")
        NON_PUBLIC = "non_public", _("Non-public part (members)")

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="documents", verbose_name=_("meeting"))
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices, editable=False)
    html = models.TextField(_("protocol HTML"), editable=False)
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64, editable=False)
    pdf = models.BinaryField(_("PDF/A-3a"), editable=False)
    file_name = models.CharField(_("file name"), max_length=255, editable=False)
    mime_type = models.CharField(_("MIME type"), max_length=100, default="application/pdf", editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, editable=False)
    sha512 = models.CharField(_("SHA-512 of the PDF"), max_length=128, editable=False)
    pades_signed = models.BooleanField(_("PAdES signature"), default=False, editable=False)
    # The structured data embedded in the PDF (minutes/record.py), kept beside it for download;
    # empty for documents frozen before the PDF carried it.
    data = models.TextField(_("structured data (JSON)"), blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("protocol document")
        verbose_name_plural = _("protocol documents")
        ordering = ["meeting", "variant"]
        constraints = [models.UniqueConstraint(fields=["meeting", "variant"], name="one_document_per_variant")]

    def __str__(self):
        return self.file_name


class ArchiveLogEntry(models.Model):
    """One frozen document in the archive's append-only log, chained to the entry before it.

    ``entry_hash`` is the SHA-256 of this entry's fields and the previous entry's hash, so
    no entry can be changed, removed or slipped in without breaking every hash after it;
    the head of the chain is public (the “Protokoll prüfen” page), so anyone can pin it.
    Written only by ``minutes.approval.archive.freeze``; the lock triggers refuse any
    other write. The entry does not point to the document row (it must outlive a deleted
    document to report it), only names it by meeting and variant.
    """

    sequence = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    meeting_id = models.BigIntegerField(_("meeting"), editable=False)
    variant = models.CharField(_("variant"), max_length=10, editable=False)
    file_name = models.CharField(_("file name"), max_length=255, editable=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, editable=False)
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64, editable=False)
    created = models.DateTimeField(_("frozen at"), editable=False)
    previous_hash = models.CharField(_("hash of the previous entry"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash of this entry"), max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("archive log entry")
        verbose_name_plural = _("archive log")
        ordering = ["sequence"]

    def __str__(self):
        return f"{self.sequence}: {self.file_name} ({self.entry_hash[:12]}…)"


# ------------------------------------------------------------------ search


class SearchEntry(models.Model):
    """One searchable text, with what decides who may find it — kept by PostgreSQL.

    Database triggers (migrations ``0009_search_entry`` and ``0017_search_items_decisions_papers``)
    write a row for every contribution, agenda-item title, resolution and paper, and keep
    its meeting's date, body and state and its item's public flag in step, so a search
    reads this one table: it filters who may see a hit and orders candidates by date
    without joining the meetings and items of every match. ``kind`` says what the row
    stands for (``object_id`` is that object's key). A paper belongs to no meeting: its
    row has no meeting and body, and is ``published`` and ``public`` as the paper is; its
    document holds its reference, title and type and the text of its files.

    The German tsvector ``document`` and its GIN index are columns of the table, not model
    fields: SQLite (the local trial) has no tsvector. There the table stays empty and the
    search reads the objects themselves (minutes/portal/search.py).
    """

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        ITEM = "item", _("Agenda item")
        DECISION = "decision", _("Resolution")
        PAPER = "paper", _("Paper")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object"))
    # No foreign-key constraints: the rows follow their objects through the triggers, and
    # deleting a meeting must not wait for (or cascade through) its search rows.
    meeting = models.ForeignKey(
        Meeting, models.DO_NOTHING, db_constraint=False, null=True, related_name="+", verbose_name=_("meeting")
    )
    item = models.ForeignKey(
        AgendaItem,
        models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    body = models.ForeignKey(
        Body, models.DO_NOTHING, db_constraint=False, null=True, related_name="+", verbose_name=_("body")
    )
    date = models.DateField(_("date"))
    published = models.BooleanField(_("published"))
    public = models.BooleanField(_("public"))
    speaker = models.ForeignKey(
        Person, models.DO_NOTHING, db_constraint=False, null=True, related_name="+", verbose_name=_("speaker")
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_object")]
        indexes = [
            # The newest candidates first: a common word stops after the first thousand.
            models.Index(models.F("date").desc(), models.F("id").desc(), name="search_entry_newest"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


# ------------------------------------------------------------------ open data (OParl)


class Tombstone(models.Model):
    """What remains of a deleted object that the OParl interface served: its kind and id,
    so that its address answers ``deleted: true`` and clients that mirror the data delete
    it too (OParl 1.1, section “Gelöschte Objekte”). Written by minutes/oparl/tombstones.py."""

    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.BigIntegerField(_("object"))
    created = models.DateTimeField(_("created"), null=True)
    deleted = models.DateTimeField(_("deleted"), auto_now_add=True)

    class Meta:
        verbose_name = _("deleted object")
        verbose_name_plural = _("deleted objects")
        ordering = ["deleted", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_tombstone_per_object")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class ImportedObject(models.Model):
    """Where an object came from: its OParl id at the endpoint it was imported from, so that
    a second import updates it instead of duplicating it (minutes/oparl/importer.py)."""

    oparl_id = models.URLField(_("OParl id"), max_length=500, unique=True)
    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.BigIntegerField(_("object"))
    modified = models.CharField(_("modified at the source"), max_length=40, blank=True)
    imported = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported object")
        verbose_name_plural = _("imported objects")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_origin_per_object")]

    def __str__(self):
        return self.oparl_id


# Every change to a protocol's content is recorded — who, when, what before and after —
# by django-simple-history; the secretariat reads it on the meeting's history page.
# Registered here rather than as fields so the models above stay as they are.
for _model in (Meeting, AgendaItem, Contribution, Decision, Attachment, Consultation):
    register_history(_model, excluded_fields=["modified"])  # the history has its own date
register_history(Attendance)
register_history(MinuteTaker)
for _model in (Deputation, Vote):
    register_history(_model, excluded_fields=["created"])

# Rows that PostgreSQL's own triggers write, derived from other tables (copying or locking
# them like protocol content would be wrong: they follow the rows they are made from).
DERIVED_MODELS = (SearchEntry,)

# Rows that never change once written (the lock triggers refuse every write to them
# outside the workflow services; triggers.py).
FROZEN_MODELS = (Signature, ProtocolDocument, ArchiveLogEntry)
# Rows that are written once and never changed, but may be deleted while nothing refers
# to them (the lock triggers refuse every UPDATE; triggers.py).
IMMUTABLE_MODELS = (File,)
