"""Admin for the council registry: bodies, organisations, people, memberships."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import groups
from .models import AttendanceGroup, Body, LegislativeTerm, Location, Membership, Organization, Person, TextBlock

admin.site.site_header = _("Ratsprotokoll administration")
admin.site.site_title = _("Ratsprotokoll")


class SignatureRolesField(forms.CharField):
    """Body.signature_roles typed as “chair, management, member”; a list of role values in Python.

    A role may repeat (two member lines), which a multiple-choice field could not express.
    """

    default_error_messages = {
        "invalid_role": _("“%(value)s” is not a signature role. Allowed are: %(allowed)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "vLargeTextField"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [token.strip().lower() for token in super().to_python(value).split(",") if token.strip()]

    def validate(self, value):
        super().validate(value)
        allowed = Body.SignatureRole.values
        errors = [
            ValidationError(
                self.error_messages["invalid_role"],
                code="invalid_role",
                params={"value": token, "allowed": ", ".join(allowed)},
            )
            for token in value
            if token not in allowed
        ]
        if errors:
            raise ValidationError(errors)


class BodyAdminForm(forms.ModelForm):
    signature_roles = SignatureRolesField(
        label=Body._meta.get_field("signature_roles").verbose_name,
        required=False,
        help_text=format_lazy(
            _(
                "Who signs its protocols, in printed order, separated by commas. Allowed are: {roles}. "
                "A role may repeat, e.g. “chair, member, member”."
            ),
            roles=", ".join(Body.SignatureRole.values),
        ),
    )

    class Meta:
        model = Body
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets decide what is shown


def administered_bodies(user) -> QuerySet[Body]:
    """The bodies whose registry a staff user keeps: those they are the secretariat of today
    (all of them for a superuser) — the bodies whose protocols they draft."""
    if user.is_superuser:
        return Body.objects.all()
    secretariat = Membership.objects.active().filter(person__user=user, role=Membership.Role.SECRETARIAT)
    return Body.objects.filter(pk__in=secretariat.values("body"))


def _keeps_person(user, person: Person | None) -> bool:
    """Whether a staff user may change a person: not themselves, and nobody who belongs to a
    body they do not keep (whose rights and printed name that body relies on)."""
    if user.is_superuser or person is None or person.pk is None:
        return True
    if person.user_id == user.pk:
        return False
    return not person.memberships.exclude(body__in=administered_bodies(user)).exists()


class BodyScoped:
    """The registry in the admin follows the body: staff who are not superusers see and write
    only the bodies they are the secretariat of, their memberships and their people — and
    never their own login's memberships or person, so nobody gives themselves a role."""

    def _own_body(self, request, obj) -> bool:
        return obj is None or request.user.is_superuser or administered_bodies(request.user).filter(pk=obj.pk).exists()


class MembershipForm(forms.ModelForm):
    """Refuses a membership of the person the acting user is (set by the admin: ``acting_user``)."""

    acting_user = None

    def clean(self):
        cleaned = super().clean()
        user = self.acting_user
        person = cleaned.get("person") or getattr(self.instance, "person", None)
        if user is not None and not user.is_superuser and person is not None and person.user_id == user.pk:
            raise ValidationError(_("Nobody changes their own memberships: ask an administrator."))
        role = cleaned.get("role")
        if (
            user is not None
            and not user.is_superuser
            and person is not None
            and person.user_id
            and (body := cleaned.get("body") or getattr(self.instance, "body", None)) is not None
            and body.role_signs(role)
            and not person.holds_signing_function(besides=self.instance)
        ):
            # Whoever chose the email of that login could then sign in the person's name.
            raise ValidationError(
                _(
                    "%(name)s has a login but no function that signs protocols yet: only an administrator "
                    "gives them this function."
                ),
                params={"name": person.addressed_name},
            )
        return cleaned


def _with_user(form_class, user):
    return type(form_class.__name__, (form_class,), {"acting_user": user})


class MembershipInline(admin.TabularInline):
    """Used in Body and in Person; the parent's own foreign key is hidden by the inline formset."""

    model = Membership
    fields = [
        "order",
        "body",
        "person",
        "role",
        "voting_right",
        "on_behalf_of",
        "label",
        "start_date",
        "end_date",
        "deputy_of",
        "council_title",
        "group",
    ]
    autocomplete_fields = ["body", "person", "on_behalf_of", "deputy_of"]
    form = MembershipForm
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(body__in=administered_bodies(request.user))
        return queryset

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_user(formset.form, request.user)
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = administered_bodies(request.user)
        if db_field.name == "group":
            kwargs["queryset"] = AttendanceGroup.objects.filter(
                body__in=administered_bodies(request.user)
            ).select_related("body")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AttendanceGroupInline(admin.TabularInline):
    """A body's attendance groups, in printed order (new bodies get council.groups.DEFAULTS)."""

    model = AttendanceGroup
    fields = ["order", "name", "heading", "votes", "kind", "on_person_pages"]
    extra = 0


class TextBlockInline(admin.TabularInline):
    model = TextBlock
    extra = 1
    fields = ["title", "text", "order"]


@admin.register(Body)
class BodyAdmin(BodyScoped, admin.ModelAdmin):
    form = BodyAdminForm
    list_display = ["name", "short_name", "classification", "signature_roles_display"]
    list_filter = ["classification"]
    search_fields = ["name", "short_name"]
    inlines = [AttendanceGroupInline, MembershipInline, TextBlockInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "classification", "signature_roles", "publish_on_signing"]}),
        (_("New meetings"), {"fields": ["initial_attendance", "agenda_approves_last_protocol"]}),
        (
            _("How its protocols are printed"),
            {
                "fields": [
                    "protocol_title",
                    "protocol_subtitle",
                    "protocol_date_line",
                    "preamble",
                    ("name_form_of_address", "name_council_title", "name_academic_title", "name_given_name"),
                    "attendance_layout",
                    "deputies_printed",
                    "named_votes_layout",
                ]
            },
        ),
        (
            _("Completeness check before submitting"),
            {
                "fields": [
                    "check_chair",
                    "check_attendance",
                    "check_absences",
                    "check_item_content",
                    "check_votes",
                    "check_signers",
                ]
            },
        ),
        (_("Live mode"), {"fields": ["print_item_times"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        groups.attendance_groups(form.instance)  # a new body without groups gets the defaults

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=administered_bodies(request.user))

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._own_body(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.display(description=_("signature lines"))
    def signature_roles_display(self, body):
        labels = dict(Body.SignatureRole.choices)
        return ", ".join(str(labels.get(role, role)) for role in body.signature_roles or [])


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "organization_type"]
    list_filter = ["organization_type"]
    search_fields = ["name", "short_name"]


@admin.register(LegislativeTerm)
class LegislativeTermAdmin(admin.ModelAdmin):
    """The city council's terms (OParl LegislativeTerm): master data, also filled by import_oparl."""

    list_display = ["name", "start_date", "end_date"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    """Where meetings are held (OParl Location; a meeting's place): master data."""

    list_display = ["description", "street_address", "locality"]
    search_fields = ["description", "street_address", "locality"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_name", "title", "form_of_address", "council_title", "user"]
    list_filter = ["memberships__body", "memberships__role"]
    search_fields = ["family_name", "given_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # Whose login a person is decides who signs and drafts as them: for superusers only.
        # So is the email of someone with a login or who may sign: a login created later
        # would send its set-password link there.
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        if obj is not None and (obj.user_id or obj.may_sign()):
            readonly.append("email")
        return [*readonly, "user"]

    def has_change_permission(self, request, obj=None):
        return _keeps_person(request.user, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _keeps_person(request.user, obj) and super().has_delete_permission(request, obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "role", "on_behalf_of", "label", "voting_right", "start_date", "end_date"]
    list_filter = ["body", "role", "voting_right", "on_behalf_of__organization_type"]
    search_fields = ["person__family_name", "person__given_name", "body__name", "on_behalf_of__name", "label"]
    autocomplete_fields = ["body", "person", "on_behalf_of", "deputy_of"]
    list_select_related = ["person", "body", "on_behalf_of"]
    form = MembershipForm

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(body__in=administered_bodies(request.user))
        return queryset

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_user(super().get_form(request, obj, change, **kwargs), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = administered_bodies(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _own(self, request, obj) -> bool:
        return obj is None or request.user.is_superuser or obj.person.user_id != request.user.pk

    def has_change_permission(self, request, obj=None):
        return self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._own(request, obj) and super().has_delete_permission(request, obj)
