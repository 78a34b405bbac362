"""Admin for meetings and their protocols: a whole protocol can be entered from the meeting page down."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _

from minutes.access import drafting_bodies, is_editable, may_draft
from minutes.models import (
    AgendaItem,
    Attendance,
    Contribution,
    Decision,
    Figure,
    Meeting,
    MinuteTaker,
    Presenter,
    SignatureLine,
)


class LockedAfterDraft:
    """The admin follows the drafting rules: only the body's secretariat (and superusers)
    write a protocol, and only while it is a draft.

    For a ModelAdmin ``obj`` is the row itself, for an inline it is the parent; either
    way the meeting decides (access.may_draft, access.is_editable). The models refuse a
    write to a locked protocol as well. ``body_path`` (ModelAdmins only) limits the lists
    to the bodies the user drafts for, so staff of one body never see another's drafts.
    """

    body_path: str | None = None

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


# Inlines: rows come in the model's ordering (“order”, then pk), i.e. as printed.


class MinuteTakerInline(LockedAfterDraft, admin.TabularInline):
    model = MinuteTaker
    fields = ["order", "person", "affiliation"]
    autocomplete_fields = ["person"]
    extra = 0


class AttendanceInline(LockedAfterDraft, admin.TabularInline):
    model = Attendance
    fields = ["order", "person", "status", "group", "affiliation", "arrival", "departure", "deputy_for"]
    autocomplete_fields = ["person", "deputy_for"]
    extra = 0


class AgendaItemInline(LockedAfterDraft, admin.TabularInline):
    model = AgendaItem
    fields = ["order", "number", "title", "public", "without_discussion"]
    show_change_link = True
    extra = 0


class SignatureLineInline(LockedAfterDraft, admin.TabularInline):
    model = SignatureLine
    fields = ["order", "person", "name", "function"]
    autocomplete_fields = ["person"]
    extra = 0


class PresenterInline(LockedAfterDraft, admin.TabularInline):
    model = Presenter
    fields = ["order", "person", "organization", "role"]
    autocomplete_fields = ["person", "organization"]
    extra = 0


class ContributionInline(LockedAfterDraft, admin.StackedInline):
    model = Contribution
    fields = [("order", "speaker_prefix", "speaker"), "text"]
    autocomplete_fields = ["speaker"]
    extra = 0


class DecisionInline(LockedAfterDraft, admin.StackedInline):
    model = Decision
    fields = [("order", "result"), "text", ("votes_yes", "votes_no", "votes_abstain", "votes_biased")]
    extra = 0


class FigureInline(LockedAfterDraft, admin.StackedInline):
    model = Figure
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
class MeetingAdmin(LockedAfterDraft, admin.ModelAdmin):
    body_path = "body"
    list_display = ["body", "number", "date", "status"]
    list_filter = ["body", "status", "date"]
    date_hierarchy = "date"
    search_fields = ["body__name", "title", "building"]
    autocomplete_fields = ["body", "chair"]
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
        (_("Protocol"), {"fields": ["protocol_date", ("status", "revision")]}),
    ]
    inlines = [MinuteTakerInline, AttendanceInline, AgendaItemInline, SignatureLineInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":  # a new meeting only for a body the user drafts for
            kwargs["queryset"] = drafting_bodies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedAfterDraft, admin.ModelAdmin):
    body_path = "meeting__body"
    list_display = ["number", "title", "meeting", "public"]
    list_filter = ["meeting__body", "public"]
    search_fields = ["number", "title", "meeting__body__name"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting__body"]
    inlines = [PresenterInline, ContributionInline, DecisionInline, FigureInline]


# Each part of a protocol is also reachable on its own, e.g. to search all contributions.


class MeetingPartAdmin(LockedAfterDraft, admin.ModelAdmin):
    body_path = "meeting__body"
    list_filter = ["meeting__body"]
    autocomplete_fields = ["meeting", "person"]
    list_select_related = ["meeting__body", "person"]


class ItemPartAdmin(LockedAfterDraft, admin.ModelAdmin):
    body_path = "item__meeting__body"
    list_filter = ["item__meeting__body"]
    list_select_related = ["item__meeting__body"]


@admin.register(MinuteTaker)
class MinuteTakerAdmin(MeetingPartAdmin):
    list_display = ["person", "meeting", "affiliation"]
    search_fields = ["person__family_name", "person__given_name", "affiliation"]


@admin.register(Attendance)
class AttendanceAdmin(MeetingPartAdmin):
    list_display = ["person", "meeting", "status", "group", "affiliation", "deputy_for"]
    list_filter = ["status", "group", "meeting__body"]
    search_fields = ["person__family_name", "person__given_name", "affiliation"]
    autocomplete_fields = MeetingPartAdmin.autocomplete_fields + ["deputy_for"]
    list_select_related = MeetingPartAdmin.list_select_related + ["deputy_for"]


@admin.register(SignatureLine)
class SignatureLineAdmin(MeetingPartAdmin):
    list_display = ["name", "function", "meeting"]
    search_fields = ["name", "function", "person__family_name"]


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


@admin.register(Decision)
class DecisionAdmin(ItemPartAdmin):
    list_display = ["__str__", "item", "item__meeting", "votes_yes", "votes_no", "votes_abstain", "votes_biased"]
    list_filter = ["result", "item__meeting__body"]
    search_fields = ["text", "item__title"]
    autocomplete_fields = ["item"]


@admin.register(Figure)
class FigureAdmin(ItemPartAdmin):
    list_display = ["caption", "item", "item__meeting", "after"]
    search_fields = ["caption", "description"]
    autocomplete_fields = ["item", "after"]
    list_select_related = ItemPartAdmin.list_select_related + ["after__speaker"]
