"""Forms of the drafting workspace (crispy-forms, Bootstrap 5).

Forms validate what a user typed and say what is wrong next to the field. The rules of a
draft (numbers, votes, times) are the services' own (``services.validate_…``): a form
calls them for an early message, and the services check again when they write.
"""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from council.models import Organization, Person
from council.names import PrintedNames
from minutes import files
from minutes.drafting import selectors, services, speakers
from minutes.exceptions import DraftingError, UploadRefused
from minutes.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Consultation,
    Contribution,
    Decision,
    Figure,
    Meeting,
    MinuteTaker,
    Paper,
    SignatureLine,
    Vote,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def add_drafting_error(form: forms.Form, error: DraftingError) -> None:
    """Show a rule's message next to the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class RevisionForm(forms.ModelForm):
    """Carries the revision the user started from, for the optimistic concurrency check."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision
        # Django mirrors a TextField's max_length as the textarea's maxlength, and browsers
        # then cut pasted text silently. The length is checked on the server instead, where
        # an over-long text comes back whole with an error message.
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.pop("maxlength", None)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class MeetingFactsMixin:
    def clean(self):
        cleaned = super().clean()
        times = (cleaned.get(name) for name in ("start_time", "end_time", "public_start_time", "public_end_time"))
        for error in services.meeting_time_errors(*times):
            add_drafting_error(self, error)
        return cleaned

    def clean_number(self):
        number = self.cleaned_data["number"]
        try:
            services.validate_meeting_number(self.body, number, meeting=self.instance)
        except DraftingError as error:
            raise forms.ValidationError(error.message) from None
        return number


MEETING_FIELDS = [
    "number",
    "date",
    "title",
    "start_time",
    "end_time",
    "public_start_time",
    "public_end_time",
    "building",
    "room",
    "chair",
    "chair_function",
    "invitation_date",
    "duly_convened",
    "public_notice_date",
    "public_notice",
    "quorum_stated",
]
MEETING_WIDGETS = {
    "date": DATE,
    "invitation_date": DATE,
    "public_notice_date": DATE,
    "start_time": TIME,
    "end_time": TIME,
    "public_start_time": TIME,
    "public_end_time": TIME,
    "protocol_date": DATE,
}


class StartMeetingForm(MeetingFactsMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = MEETING_WIDGETS

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["chair"].queryset = selectors.roster_people(body)
        self.fields["date"].widget.attrs["autofocus"] = True


class MeetingForm(MeetingFactsMixin, RevisionForm):
    class Meta:
        model = Meeting
        fields = [*MEETING_FIELDS, "protocol_date"]
        widgets = MEETING_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = self.instance.body
        self.fields["chair"].queryset = selectors.roster_people(self.body)


class AttendanceForm(RevisionForm):
    """Arrival, departure, group and affiliation of one row, with the revision it was opened at."""

    class Meta:
        model = Attendance
        fields = ["group", "affiliation", "arrival", "departure"]
        widgets = {"arrival": TIME, "departure": TIME}

    def __init__(self, *args, groups=None, **kwargs):
        """``groups``: the body's attendance groups, loaded once when a page shows a form per row."""
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        field.queryset = self.instance.meeting.body.attendance_groups.all()
        if groups is not None:  # the same choices for every row, without a query per row
            field.choices = [(g.pk, field.label_from_instance(g)) for g in groups]

    def clean(self):
        cleaned = super().clean()
        try:
            services.validate_attendance_times(cleaned.get("arrival"), cleaned.get("departure"))
        except DraftingError as error:
            add_drafting_error(self, error)
        return cleaned


class StatusForm(forms.Form):
    """One click on a status button: the status and the revision the page showed."""

    status = forms.ChoiceField(choices=Attendance.Status.choices)
    revision = forms.IntegerField(min_value=1, required=False)


class DeputyForm(forms.Form):
    """A deputy sits for a member, for the whole meeting or a period: ``person`` is the deputy
    (left out where the form hangs at the deputy's row)."""

    person = forms.ModelChoiceField(Person.objects.none(), label=_("deputy"))
    member = forms.ModelChoiceField(Person.objects.none(), label=_("sits for"))
    start = forms.TimeField(label=_("from"), required=False, widget=TIME, help_text=_("Empty: from the arrival."))
    end = forms.TimeField(label=_("until"), required=False, widget=TIME, help_text=_("Empty: until the departure."))

    def __init__(self, *args, meeting, deputy: Attendance | None = None, roster=None, **kwargs):
        kwargs.setdefault("auto_id", "deputy_%s")  # the attendance page also has the guest's "person"
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        names = PrintedNames(meeting.body, meeting.date)
        people = list(roster) if roster is not None else list(selectors.roster_people(meeting.body))
        choices = [(p.pk, names(p)) for p in people]
        for name in ("person", "member"):
            self.fields[name].queryset = selectors.roster_people(meeting.body)
            self.fields[name].choices = [("", "---------"), *choices]
        self.fields["person"].help_text = _("Registered deputies of the body are on its roster.")
        if deputy is not None:
            del self.fields["person"]
            self.deputy = deputy

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The deputation cannot end before it starts."))
        return cleaned


class GuestForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.order_by("family_name", "given_name"),
        required=False,
        label=_("Known person"),
    )
    form_of_address = forms.CharField(label=_("form of address"), max_length=20, required=False)
    title = forms.CharField(label=_("academic title"), max_length=50, required=False)
    given_name = forms.CharField(label=_("given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("family name"), max_length=100, required=False)
    organization = forms.ModelChoiceField(
        Organization.objects.all(),
        required=False,
        label=_("or an organisation attending as such"),
        help_text=_("Listed by its name, not as a person."),
    )
    new_organization = forms.CharField(label=_("or a new organisation"), max_length=200, required=False)
    affiliation = forms.CharField(
        label=_("role or organisation as printed"),
        max_length=200,
        required=False,
        help_text=_("For example “Deutscher Kinderschutzbund, Ortsverband Ludwigsburg”."),
    )

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "guest_%s")
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["person"].queryset = selectors.possible_guests(meeting)
        self.fields["organization"].queryset = selectors.possible_guest_organizations(meeting)

    def clean(self):
        cleaned = super().clean()
        new = any(cleaned.get(name) for name in ("form_of_address", "title", "given_name", "family_name"))
        chosen = [
            bool(cleaned.get("person")),
            new,
            bool(cleaned.get("organization")),
            bool(cleaned.get("new_organization")),
        ]
        if sum(chosen) > 1:
            raise forms.ValidationError(
                _("Choose one: a known person, a new person, an organisation or a new organisation.")
            )
        if not any(chosen) or (new and not cleaned.get("family_name")):
            self.add_error(
                "family_name",
                _("Choose a known person or organisation, or enter at least the family name of a new person."),
            )
        return cleaned

    def new_person(self) -> dict | None:
        if self.cleaned_data.get("person"):
            return None
        return {name: self.cleaned_data[name] for name in ("form_of_address", "title", "given_name", "family_name")}


class AgendaItemForm(RevisionForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "public", "without_discussion", "start_time", "end_time"]
        widgets = {"start_time": TIME, "end_time": TIME}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting or self.instance.meeting
        if not self.instance.pk:
            del self.fields["revision"]
        self.fields["number"].widget.attrs["size"] = 6

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        try:
            services.validate_item_number(self.meeting, number, item=self.instance)
        except DraftingError as error:
            raise forms.ValidationError(error.message) from None
        return number

    def clean(self):
        cleaned = super().clean()
        try:
            services.validate_item_times(cleaned.get("start_time"), cleaned.get("end_time"))
        except DraftingError as error:
            add_drafting_error(self, error)
        return cleaned


class AgendaPasteForm(forms.Form):
    """An agenda as text: pasted from the invitation, or the previous meeting's to adapt."""

    text = forms.CharField(
        label=_("Agenda as text"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One item per line, starting with its number: “1. Begrüßung”, “4.1 Bericht”, “TOP 5: Anfragen”. "
            "A line “Nichtöffentlicher Teil” makes the following items non-public, as does “(nichtöffentlich)” "
            "after a title."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)  # checked on the server, the text comes back

    def clean_text(self):
        # Browsers post a textarea's lines with CRLF: the same text as the one previewed.
        return "\n".join(self.cleaned_data["text"].splitlines())


class PresenterForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.order_by("family_name", "given_name"), required=False, label=_("person")
    )
    organization = forms.ModelChoiceField(Organization.objects.all(), required=False, label=_("or organisation"))
    form_of_address = forms.CharField(label=_("form of address"), max_length=20, required=False)
    given_name = forms.CharField(label=_("given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("or new person: family name"), max_length=100, required=False)
    role = forms.CharField(
        label=_("role"),
        max_length=300,
        required=False,
        help_text=_("For example “Leitung Fachbereich Bildung und Familie”."),
    )

    def clean(self):
        cleaned = super().clean()
        chosen = [bool(cleaned.get("person")), bool(cleaned.get("organization")), bool(cleaned.get("family_name"))]
        if sum(chosen) == 0:
            raise forms.ValidationError(_("Choose a person or an organisation, or enter a new person."))
        if sum(chosen) > 1:
            raise forms.ValidationError(_("Choose only one: a person, an organisation or a new person."))
        return cleaned

    def new_person(self) -> dict | None:
        if not self.cleaned_data.get("family_name"):
            return None
        return {name: self.cleaned_data[name] for name in ("form_of_address", "given_name", "family_name")}


def speaker_choices(meeting: Meeting) -> dict[str, Person]:
    """Who may speak (selectors.people_who_may_speak), by the label the speaker field offers:
    the name as the body prints it, with the full name where two are printed alike."""
    names = PrintedNames(meeting.body, meeting.date)
    by_name: dict[str, list[Person]] = {}
    for person in selectors.people_who_may_speak(meeting):
        by_name.setdefault(names(person), []).append(person)
    labels = {}
    for name, persons in by_name.items():
        for person in persons:
            labels[name if len(persons) == 1 else f"{name} ({person.full_name})"] = person
    return dict(sorted(labels.items(), key=lambda pair: (pair[1].family_name, pair[0])))


class ContributionForm(RevisionForm):
    speaker_name = forms.CharField(
        label=_("speaker"),
        max_length=200,
        required=False,
        help_text=_(
            "Start typing a name from the attendance list. Leave it empty for a paragraph without a speaker "
            "(“Fragen werden nicht gestellt.”)."
        ),
    )

    class Meta:
        model = Contribution
        fields = ["speaker_name", "text", "speaker_prefix"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "text": _(
                "Reported speech. An empty line starts a new paragraph; “- ” starts a bullet, "
                "“1.” a numbered list; **bold**."
            )
        }

    def __init__(self, *args, meeting, **kwargs):
        # Own ids: the item page shows this form next to the decision form, and both have a
        # "text" (a label must point to its own field).
        kwargs.setdefault("auto_id", "contribution_%s")
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.speakers = speaker_choices(meeting)
        self.speaker_offer = None
        if not self.instance.pk:
            del self.fields["revision"]
        elif not self.is_bound and self.instance.speaker_id:
            label = next((k for k, p in self.speakers.items() if p.pk == self.instance.speaker_id), None)
            self.initial["speaker_name"] = label or self.instance.speaker.addressed_name
        self.fields["speaker_name"].widget.attrs.update({"list": "speakers", "autocomplete": "off", "autofocus": True})

    def clean_speaker_name(self):
        typed = " ".join(self.cleaned_data["speaker_name"].split())
        if not typed or typed in self.speakers:
            return typed
        wanted = typed.casefold()
        matches = {
            person.pk: label
            for label, person in self.speakers.items()
            if wanted in {label.casefold(), person.addressed_name.casefold(), person.full_name.casefold()}
        }
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Several people match “%(name)s”: choose one from the list."), params={"name": typed}
            )
        if not matches:
            # Says why, and offers the step that helps (a button of this form: speakers.py).
            self.speaker_offer = speakers.speaker_offer(self.meeting, typed)
            raise forms.ValidationError(self.speaker_offer.message)
        return next(iter(matches.values()))

    def clean(self):
        cleaned = super().clean()
        if "speaker_name" in cleaned:
            try:
                services.validate_contribution(self.speaker_id(), cleaned.get("speaker_prefix") or "")
            except DraftingError as error:
                add_drafting_error(self, error)
        return cleaned

    def speaker_id(self) -> int | None:
        speaker = self.speakers.get(self.cleaned_data.get("speaker_name") or "")
        return speaker.pk if speaker else None

    def changes(self) -> dict:
        return {
            "speaker": self.speakers.get(self.cleaned_data["speaker_name"]),
            "speaker_prefix": self.cleaned_data["speaker_prefix"],
            "text": self.cleaned_data["text"],
        }


class SpeakerRequestForm(forms.Form):
    """Live mode: who asked to speak at the item, with a quick note (later their contribution)."""

    speaker_name = ContributionForm.base_fields["speaker_name"]
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Key words now; “Save as contribution” makes it the text of their contribution."),
    )

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("auto_id", "queue_%s")
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.speakers = speaker_choices(meeting)
        self.fields["speaker_name"].widget.attrs.update({"list": "speakers", "autocomplete": "off"})
        self.fields["speaker_name"].widget.attrs.pop("autofocus", None)
        # as RevisionForm: the length is checked on the server, where a long note comes back whole
        self.fields["note"].widget.attrs.pop("maxlength", None)

    # The same names as a contribution's speaker, with the same messages.
    clean_speaker_name = ContributionForm.clean_speaker_name

    def speaker(self) -> Person | None:
        return self.speakers.get(self.cleaned_data["speaker_name"])


class LiveTimeForm(forms.Form):
    """Live mode: a one-click time (now) for an item or an attendance row, at the revision shown."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    event = forms.ChoiceField(choices=[(name, name) for name in ("call", "close", "arrival", "departure")])


class DecisionForm(RevisionForm):
    class Meta:
        model = Decision
        fields = ["text", "result", "votes_yes", "votes_no", "votes_abstain", "votes_biased", "paper"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, item: AgendaItem | None = None, **kwargs):
        kwargs.setdefault("auto_id", "decision_%s")  # see ContributionForm
        super().__init__(*args, **kwargs)
        self.item = item or self.instance.item
        if not self.instance.pk:
            del self.fields["revision"]

    def clean(self):
        cleaned = super().clean()
        votes = services.Votes.of(cleaned)
        decision = Decision(pk=self.instance.pk, item=self.item, **{n: cleaned.get(n) for n in services.VOTE_FIELDS})
        for rule in (
            lambda: services.validate_votes(self.item, votes),
            lambda: services.validate_result(cleaned.get("result"), votes),
            lambda: services.validate_named_counts(decision),
        ):
            try:
                rule()
            except DraftingError as error:
                add_drafting_error(self, error)
        return cleaned


# --- Minute-takers --------------------------------------------------------------------------


class NewMinuteTakerForm(forms.Form):
    """A minute-taker from the body's roster, or a new person."""

    person = forms.ModelChoiceField(Person.objects.none(), required=False, label=_("person from the roster"))
    form_of_address = forms.CharField(label=_("form of address"), max_length=20, required=False)
    title = forms.CharField(label=_("academic title"), max_length=50, required=False)
    given_name = forms.CharField(label=_("given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("family name"), max_length=100, required=False)
    affiliation = forms.CharField(
        label=_("affiliation as printed"),
        max_length=200,
        required=False,
        help_text=_("For example “Fachbereich Bildung und Familie”. Empty: as on the roster."),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["person"].queryset = selectors.roster_people(meeting.body).exclude(
            pk__in=meeting.minute_takers.values("person")
        )

    def clean(self):
        cleaned = super().clean()
        new = any(cleaned.get(name) for name in ("form_of_address", "title", "given_name", "family_name"))
        if cleaned.get("person") and new:
            raise forms.ValidationError(_("Choose a person from the roster or enter a new one, not both."))
        if not cleaned.get("person") and not cleaned.get("family_name"):
            self.add_error(
                "family_name", _("Choose a person from the roster, or enter at least the family name of a new one.")
            )
        return cleaned

    def new_person(self) -> dict | None:
        if self.cleaned_data.get("person"):
            return None
        return {name: self.cleaned_data[name] for name in ("form_of_address", "title", "given_name", "family_name")}

    def printed_affiliation(self) -> str:
        """As typed, or the person's affiliation on the body's roster."""
        typed = self.cleaned_data["affiliation"].strip()
        person = self.cleaned_data.get("person")
        if typed or person is None:
            return typed
        return selectors.roster_affiliation(self.meeting.body, person, self.meeting.date)


class MinuteTakerForm(RevisionForm):
    class Meta:
        model = MinuteTaker
        fields = ["person", "affiliation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance.meeting
        self.fields["person"].queryset = selectors.roster_people(meeting.body, including=self.instance.person_id)

    def clean_person(self):
        person = self.cleaned_data["person"]
        try:
            services.validate_minute_taker(self.instance.meeting_id, person, taker=self.instance)
        except DraftingError as error:
            raise forms.ValidationError(error.message) from None
        return person


# --- Figures and attachments -----------------------------------------------------------------


class UploadField(forms.FileField):
    """A file input whose upload is checked (and, for images, re-encoded) by ``clean_upload``
    (minutes/files.py); cleaned_data holds the files.CleanFile."""

    def __init__(self, *, clean_upload, accept: str, **kwargs):
        super().__init__(**kwargs)
        self.clean_upload = clean_upload
        self.widget.attrs["accept"] = accept

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        try:
            return self.clean_upload(upload)
        except UploadRefused as refusal:
            raise forms.ValidationError(refusal.message) from None


IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp"
CHOOSE_AGAIN = _("Choose the file again: a browser does not keep it after an error.")


class UploadForm(forms.Form):
    def choose_again_note(self) -> str | None:
        """What to say when the form comes back with errors but the file itself was fine."""
        if self.errors and "file" not in self.errors and "image" not in self.errors:
            return CHOOSE_AGAIN
        return None


class NewFigureForm(UploadForm):
    image = UploadField(
        clean_upload=files.clean_image,
        accept=IMAGE_ACCEPT,
        label=_("image"),
        help_text=_("PNG, JPEG, GIF or WebP."),
    )
    caption = forms.CharField(label=_("caption"), max_length=300)
    description = forms.CharField(
        label=_("text alternative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    after = forms.ModelChoiceField(
        Contribution.objects.none(),
        required=False,
        label=_("placed after"),
        empty_label=_("before the first contribution"),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].queryset = item.contributions.select_related("speaker")
        self.fields["after"].label_from_instance = str
        self.fields["image"].help_text = format_limits(self.fields["image"].help_text, pixels=True)


class FigureForm(forms.ModelForm):
    class Meta:
        model = Figure
        fields = ["caption", "description", "after"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].queryset = self.instance.item.contributions.select_related("speaker")
        self.fields["after"].empty_label = _("before the first contribution")

    def clean_after(self):
        after = self.cleaned_data["after"]
        try:
            services.validate_figure_place(self.instance.item_id, after.pk if after else None)
        except DraftingError as error:
            raise forms.ValidationError(error.message) from None
        return after

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def format_limits(text, *, pixels: bool = False) -> str:
    """A help text with the upload limits of this installation (settings)."""
    limits = _("At most %(size)s.") % {"size": filesizeformat(settings.UPLOAD_MAX_BYTES)}
    if pixels:
        limits = _("At most %(size)s and %(pixels)s megapixels.") % {
            "size": filesizeformat(settings.UPLOAD_MAX_BYTES),
            "pixels": files.megapixels_limit(),
        }
    return f"{text} {limits}"


class NewAttachmentForm(UploadForm):
    file = UploadField(
        clean_upload=files.clean_attachment,
        accept="application/pdf,.pdf," + IMAGE_ACCEPT,
        label=_("file"),
        help_text=_("A PDF or an image (PNG, JPEG, GIF, WebP)."),
    )
    title = forms.CharField(
        label=_("title"), max_length=300, required=False, help_text=_("As printed. Empty: the file's name.")
    )
    item = forms.ModelChoiceField(
        AgendaItem.objects.none(), required=False, label=_("agenda item"), empty_label=_("the whole protocol")
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.agenda_items.all()
        self.fields["file"].help_text = format_limits(self.fields["file"].help_text)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not cleaned.get("title"):
            cleaned["title"] = upload.file_name.rsplit(".", 1)[0]
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "item")}


class AttachmentForm(RevisionForm):
    class Meta:
        model = Attachment
        fields = ["title", "item"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = self.instance.meeting.agenda_items.all()
        self.fields["item"].empty_label = _("the whole protocol")


class NamedVoteForm(forms.Form):
    """A named vote: one choice per member who held a vote at the item (minutes.presence),
    “did not vote” for those who did not. The decision's counts follow from it."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, decision: Decision, voters: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        names = PrintedNames(decision.item.meeting.body, decision.item.meeting.date)
        stored = dict(decision.named_votes.values_list("person_id", "choice"))
        self.voters = list(voters) + [p for p in Person.objects.filter(pk__in=stored) if p not in voters]
        if not self.is_bound:
            self.initial["revision"] = decision.revision
        choices = [("", _("did not vote")), *Vote.Choice.choices]
        for person in self.voters:
            name = f"vote_{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=names(person), choices=choices, required=False, widget=forms.RadioSelect
            )
            self.initial.setdefault(name, stored.get(person.pk, ""))

    def votes(self) -> dict[int, str]:
        return {
            person.pk: self.cleaned_data[f"vote_{person.pk}"]
            for person in self.voters
            if self.cleaned_data.get(f"vote_{person.pk}")
        }

    def rows(self):
        """(person, bound field) per voter, for the template's table."""
        return [(person, self[f"vote_{person.pk}"]) for person in self.voters]


class SignatureLineForm(forms.ModelForm):
    """A new signature line: a function, and optionally the one person of the roster who signs it."""

    class Meta:
        model = SignatureLine
        fields = ["role", "person"]

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.user = user
        self.fields["person"].queryset = selectors.roster_people(meeting.body)
        self.fields["person"].empty_label = _("whoever holds the function")

    def clean(self):
        cleaned = super().clean()
        line = SignatureLine(meeting=self.meeting, role=cleaned.get("role") or "", person=cleaned.get("person"))
        try:
            services.validate_signer(line, self.user)
        except DraftingError as error:
            add_drafting_error(self, error)
        return cleaned


# --- Papers (Drucksachen, Vorlagen) ---------------------------------------------------------


class PaperForm(forms.ModelForm):
    class Meta:
        model = Paper
        fields = ["reference", "name", "paper_type", "date", "public"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class NewPaperForm(PaperForm):
    main_file = UploadField(
        clean_upload=files.clean_attachment,
        accept="application/pdf,.pdf," + IMAGE_ACCEPT,
        label=_("main document"),
        required=False,
        help_text=_("A PDF or an image (PNG, JPEG, GIF, WebP). Its text is found by the search."),
    )

    class Meta(PaperForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["main_file"].help_text = format_limits(self.fields["main_file"].help_text)


class ConsultationForm(forms.Form):
    paper = forms.ModelChoiceField(Paper.objects.order_by("-date", "reference"), label=_("paper"))
    role = forms.ChoiceField(choices=Consultation.Role.choices, label=_("role"), initial=Consultation.Role.DECISION)
    authoritative = forms.BooleanField(
        required=False,
        label=_("authoritative"),
        help_text=_("This deliberation takes the final decision on the paper."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "consultation_%s")  # the item page's presenter form has a "role" too
        super().__init__(*args, **kwargs)
