"""Admin for meetings and their protocols: a whole protocol can be entered from the meeting page down.

The admin writes a draft's content the way the workspace does: through the drafting
services (lock, rules, revision, history user). Its forms ask the services' rules for a
message next to the field, and a row with a revision carries the one it was opened with,
so a stale admin save is refused as an edit conflict like a stale workspace save.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.forms.models import BaseInlineFormSet, construct_instance
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from council.models import AttendanceGroup
from minutes import files
from minutes.access import drafting_bodies, is_editable, may_draft
from minutes.drafting import services
from minutes.drafting.forms import add_drafting_error
from minutes.exceptions import DraftingError, EditConflict, UploadRefused
from minutes.history import field_display
from minutes.models import (
    AgendaItem,
    Attendance,
    Contribution,
    Decision,
    Deputation,
    Figure,
    Meeting,
    MinuteTaker,
    Presenter,
    SignatureLine,
)


class ContentAdminForm(forms.ModelForm):
    """A row of a protocol in the admin: the drafting rules (services.validate) give their
    message next to the field before anything is written — the workspace's messages.
    ``acting_user`` (set by the admin) is who saves: nobody names themselves to sign."""

    acting_user = None

    def clean(self):
        cleaned = super().clean()
        if self._errors or (self.instance.pk and not self.has_changed()):
            return cleaned  # a row left as it was is not written, so not checked either
        row = copy.copy(self.instance)
        construct_instance(self, row)  # the row as it would be saved
        try:
            services.validate(row, by=self.acting_user)
        except DraftingError as error:
            # Before the model's own checks: a number clash is reported once, in these words.
            add_drafting_error(self, error)
        return cleaned


class RevisionAdminForm(ContentAdminForm):
    """A row with a revision carries the one it was opened with (hidden); a save after someone
    else's is refused as a conflict that names what they saved, like in the workspace."""

    opened_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["opened_revision"] = self.instance.revision

    def has_changed(self):
        """Whether the user changed the row (a newer revision alone is not a change of theirs)."""
        return any(name != "opened_revision" for name in self.changed_data)

    def clean(self):
        cleaned = super().clean()
        if "opened_revision" not in cleaned or not self.instance.pk or not self.has_changed():
            return cleaned
        if cleaned["opened_revision"] is None:  # e.g. a page opened before the admin carried it
            self.add_error(None, _("This page does not say which state it was opened at: check it and save again."))
            self._rebind_revision(self.instance.revision)
            return cleaned
        try:
            services.validate_revision(self.instance, cleaned["opened_revision"])
        except EditConflict as conflict:
            theirs = [
                _("Saved by someone else – %(field)s: %(value)s")
                % {"field": self.fields[name].label, "value": field_display(conflict.current, name)}
                for name in changed_model_fields(self)
                if name in cleaned and field_display(conflict.current, name) != _typed_display(self, name)
            ]
            self.add_error(None, [conflict.message, *theirs])
            self._rebind_revision(conflict.current.revision)
        return cleaned

    def _rebind_revision(self, revision: int) -> None:
        """Saving again, after reading what is stored now, is a conscious overwrite."""
        data = self.data.copy()
        data[self.add_prefix("opened_revision")] = revision
        self.data = data


def _typed_display(form: forms.ModelForm, name: str) -> str:
    row = copy.copy(form.instance)
    construct_instance(form, row, fields=[name])
    return field_display(row, name)


def changed_model_fields(form: forms.ModelForm) -> list[str]:
    """The model fields a user changed in an admin form (not the revision it was opened with)."""
    names = {field.name for field in form._meta.model._meta.concrete_fields if field.editable}
    return [name for name in form.changed_data if name in names]


def _changes(form: forms.ModelForm) -> dict:
    return {name: getattr(form.instance, name) for name in changed_model_fields(form)}


def _revision(form: forms.ModelForm) -> int | None:
    return form.cleaned_data.get("opened_revision")


class ContentInlineFormSet(BaseInlineFormSet):
    """Each row knows its parent while it is validated — also a parent being added on the
    same page — so the rules that need the meeting (votes) can answer early."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        setattr(form.instance, self.fk.name, self.instance)
        return form


def _acting(form_class, user):
    """The form class, knowing who saves (ContentAdminForm.acting_user)."""
    return type(form_class.__name__, (form_class,), {"acting_user": user})


class DraftsOnly:
    """The admin follows the drafting rules: only the body's secretariat (and superusers)
    write a protocol, and only while it is a draft.

    For a ModelAdmin ``obj`` is the row itself, for an inline it is the parent; either
    way the meeting decides (access.may_draft, access.is_editable). The services refuse a
    write to a locked protocol as well. ``body_path`` (ModelAdmins only) limits the lists
    to the bodies the user drafts for, so staff of one body never see another's drafts;
    a row can be moved only to a draft of those bodies.
    """

    body_path: str | None = None
    form = ContentAdminForm
    formset = ContentInlineFormSet  # (inlines)

    def get_form(self, request, obj=None, **kwargs):  # ModelAdmins
        return _acting(super().get_form(request, obj, **kwargs), request.user)

    def get_formset(self, request, obj=None, **kwargs):  # inlines
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _acting(formset.form, request.user)
        return formset

    def _locked(self, request, obj) -> bool:
        if obj is None:
            return False
        meeting = obj.protocol_meeting
        return not is_editable(meeting) or not may_draft(request.user, meeting)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.body_path and not request.user.is_superuser:
            queryset = queryset.filter(**{f"{self.body_path}__in": drafting_bodies(request.user)})
        return queryset

    def has_add_permission(self, request, *args):
        obj = args[0] if args else None  # inlines get the parent, ModelAdmins nothing
        return not self._locked(request, obj) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A row belongs to (or moves to) a draft the user drafts for, nothing else.
        paths = {Meeting: "", AgendaItem: "meeting__", Contribution: "item__meeting__", Attendance: "meeting__"}
        path = paths.get(db_field.related_model)
        if path is not None and "queryset" not in kwargs:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                **{f"{path}status": Meeting.Status.DRAFT, f"{path}body__in": drafting_bodies(request.user)}
            )
            kwargs["error_messages"] = {
                "invalid_choice": _("Choose from the draft protocols you draft: others cannot be changed.")
            }
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContentAdmin(DraftsOnly, admin.ModelAdmin):
    """Every write of the page — the row, its inlines, deletes, bulk deletes — goes through
    the drafting services, as the user who is logged in."""

    def save_model(self, request, obj, form, change):
        if not change:
            services.add_content(obj, by=request.user)
        elif form.has_changed():
            services.change_content(obj, by=request.user, changes=_changes(form), revision=_revision(form))

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # sorts the rows into new, changed and deleted ones (and the log message)
        forms_by_pk = {f.instance.pk: f for f in formset.initial_forms}
        for obj in formset.deleted_objects:
            services.delete_content(obj, by=request.user)
        for obj, _changed in formset.changed_objects:
            row_form = forms_by_pk[obj.pk]
            services.change_content(obj, by=request.user, changes=_changes(row_form), revision=_revision(row_form))
        for obj in formset.new_objects:
            services.add_content(obj, by=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        services.delete_content(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.delete_content(obj, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DraftingError as error:
            # The form checked the same rules a moment before; someone changed the draft in
            # between. Nothing was written (the page's transaction rolled back).
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# Inlines: rows come in the model's ordering (“order”, then pk), i.e. as printed.


class MinuteTakerInline(DraftsOnly, admin.TabularInline):
    model = MinuteTaker
    fields = ["order", "person", "affiliation"]
    autocomplete_fields = ["person"]
    extra = 0


class AttendanceGroupChoices:
    """An attendance row's group is one of the groups of the bodies the user drafts for (the
    drafting services refuse another body's group with a message next to the field)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is AttendanceGroup:
            kwargs["queryset"] = AttendanceGroup.objects.filter(body__in=drafting_bodies(request.user)).select_related(
                "body"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AttendanceInline(AttendanceGroupChoices, DraftsOnly, admin.TabularInline):
    model = Attendance
    form = RevisionAdminForm
    fields = [
        "order",
        "person",
        "organization",
        "status",
        "group",
        "affiliation",
        "arrival",
        "departure",
        "opened_revision",
    ]
    autocomplete_fields = ["person", "organization"]
    show_change_link = True  # its deputations
    extra = 0


class DeputationInline(DraftsOnly, admin.TabularInline):
    model = Deputation
    fields = ["member", "start", "end"]
    autocomplete_fields = ["member"]
    extra = 0


class AgendaItemInline(DraftsOnly, admin.TabularInline):
    model = AgendaItem
    form = RevisionAdminForm
    fields = ["order", "number", "title", "public", "without_discussion", "start_time", "end_time", "opened_revision"]
    show_change_link = True
    extra = 0


class SignatureLineInline(DraftsOnly, admin.TabularInline):
    model = SignatureLine
    fields = ["order", "role", "person"]
    autocomplete_fields = ["person"]
    extra = 0


class PresenterInline(DraftsOnly, admin.TabularInline):
    model = Presenter
    fields = ["order", "person", "organization", "role"]
    autocomplete_fields = ["person", "organization"]
    extra = 0


class ContributionInline(DraftsOnly, admin.StackedInline):
    model = Contribution
    form = RevisionAdminForm
    fields = [("order", "speaker_prefix", "speaker"), "text", "opened_revision"]
    autocomplete_fields = ["speaker"]
    extra = 0


class DecisionInline(DraftsOnly, admin.StackedInline):
    model = Decision
    form = RevisionAdminForm
    fields = [
        ("order", "result"),
        "text",
        ("votes_yes", "votes_no", "votes_abstain", "votes_biased"),
        "opened_revision",
    ]
    extra = 0


class FigureAdminForm(ContentAdminForm):
    """A figure's image is checked and re-encoded like in the workspace (minutes/files.py)."""

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image or "image" not in self.changed_data:
            return image
        try:
            return files.clean_image(image).as_content_file()
        except UploadRefused as refusal:
            raise forms.ValidationError(refusal.message) from None


class FigureInline(DraftsOnly, admin.StackedInline):
    model = Figure
    form = FigureAdminForm
    fields = [("order", "after"), "image", "caption", "description"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "after":
            # Only contributions of the item being edited; none yet on its add page.
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                Contribution.objects.filter(item_id=unquote(object_id)).select_related("speaker")
                if object_id
                else Contribution.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(ContentAdmin):
    body_path = "body"
    list_display = ["body", "number", "date", "status"]
    list_filter = ["body", "status", "date"]
    date_hierarchy = "date"
    search_fields = ["body__name", "title", "building"]
    autocomplete_fields = ["body", "chair"]
    form = RevisionAdminForm
    readonly_fields = ["status", "revision"]
    list_select_related = ["body"]
    fieldsets = [
        (None, {"fields": ["body", "number", "title"]}),
        (
            _("Date and time"),
            {"fields": ["date", ("start_time", "end_time"), ("public_start_time", "public_end_time")]},
        ),
        (_("Place"), {"fields": ["building", "room"]}),
        (_("Chair"), {"fields": ["chair", "chair_function"]}),
        (
            _("Opening"),
            {"fields": ["invitation_date", "duly_convened", ("public_notice_date", "public_notice"), "quorum_stated"]},
        ),
        (_("Protocol"), {"fields": ["protocol_date", ("status", "revision"), "opened_revision"]}),
    ]
    inlines = [MinuteTakerInline, AttendanceInline, AgendaItemInline, SignatureLineInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":  # a new meeting only for a body the user drafts for
            kwargs["queryset"] = drafting_bodies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AgendaItem)
class AgendaItemAdmin(ContentAdmin):
    body_path = "meeting__body"
    list_display = ["number", "title", "meeting", "public"]
    list_filter = ["meeting__body", "public"]
    search_fields = ["number", "title", "meeting__body__name"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting__body"]
    form = RevisionAdminForm
    inlines = [PresenterInline, ContributionInline, DecisionInline, FigureInline]


# Each part of a protocol is also reachable on its own, e.g. to search all contributions.


class MeetingPartAdmin(ContentAdmin):
    body_path = "meeting__body"
    list_filter = ["meeting__body"]
    autocomplete_fields = ["meeting", "person"]
    list_select_related = ["meeting__body", "person"]


class ItemPartAdmin(ContentAdmin):
    body_path = "item__meeting__body"
    list_filter = ["item__meeting__body"]
    list_select_related = ["item__meeting__body"]


@admin.register(MinuteTaker)
class MinuteTakerAdmin(MeetingPartAdmin):
    list_display = ["person", "meeting", "affiliation"]
    search_fields = ["person__family_name", "person__given_name", "affiliation"]


@admin.register(Attendance)
class AttendanceAdmin(AttendanceGroupChoices, MeetingPartAdmin):
    list_display = ["__str__", "meeting", "status", "group", "affiliation"]
    list_filter = ["status", "meeting__body"]
    search_fields = ["person__family_name", "person__given_name", "organization__name", "affiliation"]
    autocomplete_fields = MeetingPartAdmin.autocomplete_fields + ["organization"]
    list_select_related = MeetingPartAdmin.list_select_related + ["organization", "group"]
    form = RevisionAdminForm
    inlines = [DeputationInline]


@admin.register(SignatureLine)
class SignatureLineAdmin(MeetingPartAdmin):
    list_display = ["__str__", "role", "meeting"]
    list_filter = ["role", "meeting__body"]
    search_fields = ["person__family_name", "person__given_name"]


@admin.register(Presenter)
class PresenterAdmin(ItemPartAdmin):
    list_display = ["__str__", "item", "item__meeting"]
    search_fields = ["person__family_name", "person__given_name", "organization__name", "role"]
    autocomplete_fields = ["item", "person", "organization"]
    list_select_related = ItemPartAdmin.list_select_related + ["person", "organization"]


@admin.register(Contribution)
class ContributionAdmin(ItemPartAdmin):
    list_display = ["__str__", "item", "item__meeting"]
    search_fields = ["text", "speaker__family_name"]
    autocomplete_fields = ["item", "speaker"]
    list_select_related = ItemPartAdmin.list_select_related + ["speaker"]
    form = RevisionAdminForm


@admin.register(Decision)
class DecisionAdmin(ItemPartAdmin):
    list_display = ["__str__", "item", "item__meeting", "votes_yes", "votes_no", "votes_abstain", "votes_biased"]
    list_filter = ["result", "item__meeting__body"]
    search_fields = ["text", "item__title"]
    autocomplete_fields = ["item"]
    form = RevisionAdminForm


@admin.register(Figure)
class FigureAdmin(ItemPartAdmin):
    form = FigureAdminForm
    list_display = ["caption", "item", "item__meeting", "after"]
    search_fields = ["caption", "description"]
    autocomplete_fields = ["item", "after"]
    list_select_related = ItemPartAdmin.list_select_related + ["after__speaker"]
