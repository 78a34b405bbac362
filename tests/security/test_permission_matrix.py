"""The permission matrix: every URL pattern of the project (the admin included) × every role ×
GET and POST × a protocol in every state, against what each role may do there.

The patterns come from the URL resolver: a new URL without its row in ``MATRIX`` fails
``test_every_url_pattern_has_its_row``. Each request runs in a savepoint that is rolled back;
a request that is not allowed must also leave the database as it was (``fingerprint``).

Outcomes: OK (the page, a redirect after the step, or the form with its errors), REFUSED
(403 or 409: the user may not, or not in this state), HIDDEN (404: not theirs to see),
LOGIN (a redirect to the login page), METHOD (405).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.security.world import ROLES, STATUSES, World, build_world, routes

OK, REFUSED, HIDDEN, LOGIN, METHOD = "ok", "refused", "hidden", "login", "method"

# ------------------------------------------------------------------ who is who

PROTOCOL_ROLES = {"chair", "management", "secretariat", "superuser"}  # see unpublished protocols of A
MEMBERS = {"member", "chair", "management", "secretariat", "superuser"}  # see A's non-public items
DRAFTERS = {"secretariat", "superuser"}  # the secretariat of A
REVIEWERS = {"chair", "management", "superuser"}  # the chair, and who signs (management's line)
STAFF = {"secretariat", "secretariat_b", "staff", "superuser"}  # every minutes and council permission


def visible(role, status) -> bool:
    return status == "published" or role in PROTOCOL_ROLES


# ------------------------------------------------------------------ rules: (role, status) → outcome

Rule = Callable[[str, str | None], str]


def everyone(outcome: str) -> Rule:
    return lambda role, status: outcome


def logged_in(rule: Rule) -> Rule:
    return lambda role, status: LOGIN if role == "anonymous" else rule(role, status)


def reading(role, status) -> str:
    return OK if visible(role, status) else HIDDEN


def reading_non_public(role, status) -> str:
    return OK if visible(role, status) and role in MEMBERS else HIDDEN


def step(who: set, states: set) -> Rule:
    """A workflow step: hidden from those who may not see the protocol, refused to those who
    may see it but not take the step (or not in this state)."""

    def rule(role, status):
        if not visible(role, status):
            return HIDDEN
        return OK if role in who and status in states else REFUSED

    return logged_in(rule)


drafting = step(DRAFTERS, {"draft"})  # the workspace of a draft


@logged_in
def history(role, status):
    if not visible(role, status):
        return HIDDEN
    return OK if role in DRAFTERS else REFUSED


@dataclass
class Row:
    """What GET and POST of a URL answer; ``kind`` names the object its arguments point to."""

    get: Rule
    post: Rule
    kind: str | None = None
    data: dict = field(default_factory=dict)


def post_only(rule: Rule, kind: str | None = None, **data) -> Row:
    return Row(get=everyone(METHOD), post=rule, kind=kind, data=data)


def both(rule: Rule, kind: str | None = None, **data) -> Row:
    return Row(get=rule, post=rule, kind=kind, data=data)


def reading_only(rule: Rule, kind: str | None = None) -> Row:
    return Row(get=rule, post=everyone(METHOD), kind=kind)


# The OParl interface serves the anonymous view to everyone, logged in or not.
published_only = lambda role, status: OK if status == "published" else HIDDEN  # noqa: E731
workspace_home = logged_in(lambda role, status: OK if role in DRAFTERS | {"secretariat_b"} else REFUSED)
start_meeting = logged_in(lambda role, status: OK if role in DRAFTERS else REFUSED)
two_factor_change = logged_in(everyone(REFUSED))  # nobody here has an app set up

APP = {
    # portal
    "minutes:home": reading_only(everyone(OK)),
    "minutes:meeting_list": reading_only(everyone(OK)),
    "minutes:search": reading_only(everyone(OK)),
    "minutes:person_list": reading_only(everyone(OK)),
    "minutes:calendar": reading_only(everyone(OK)),
    "minutes:feed_rss": both(everyone(OK), "body"),
    "minutes:feed_atom": both(everyone(OK), "body"),
    "minutes:meeting_detail": reading_only(reading, "meeting"),
    "minutes:meeting_pdf": reading_only(reading, "meeting"),
    "minutes:meeting_pdf_non_public": reading_only(reading_non_public, "meeting"),
    "minutes:person_detail": reading_only(reading, "person"),
    "minutes:meeting_data": reading_only(reading, "meeting"),
    "minutes:meeting_data_non_public": reading_only(reading_non_public, "meeting"),
    "minutes:record_check": both(everyone(OK)),  # anyone checks a PDF they were sent
    "minutes:figure_image": reading_only(reading, "figure"),
    "minutes:attachment": reading_only(reading, "attachment"),
    "minutes:legacy_media": reading_only(reading, "legacy_media"),  # a figure's former address
    # approval
    "minutes:approval_awaiting": both(logged_in(everyone(OK))),
    "minutes:approval_review": both(logged_in(reading), "meeting"),
    "minutes:approval_submit": post_only(step(DRAFTERS, {"draft"}), "meeting"),
    "minutes:approval_request_changes": post_only(step(REVIEWERS, {"submitted"}), "meeting", comment="Bitte ändern"),
    "minutes:approval_sign": post_only(step({"chair"}, {"submitted"}), "sign"),
    "minutes:approval_publish": post_only(step(DRAFTERS, {"signed"}), "meeting"),
    "minutes:approval_correct": post_only(step(DRAFTERS, {"signed", "published"}), "meeting", reason="Tippfehler"),
    "minutes:workspace_approval": reading_only(history, "meeting"),  # the workspace's “Freigabe” tab
    "minutes:two_factor": both(logged_in(everyone(OK))),
    "minutes:two_factor_setup": both(logged_in(everyone(OK))),
    "minutes:two_factor_recovery_codes": post_only(two_factor_change),
    "minutes:two_factor_remove": post_only(two_factor_change),
    # drafting workspace
    "minutes:workspace_home": both(workspace_home),
    "minutes:workspace_start": both(start_meeting, "body"),
    "minutes:workspace_meeting": both(drafting, "meeting"),
    "minutes:workspace_attendance": both(drafting, "meeting"),
    "minutes:workspace_agenda": both(drafting, "meeting"),
    "minutes:workspace_history": both(history, "meeting"),
    "minutes:workspace_renumber": post_only(drafting, "meeting"),
    "minutes:workspace_agenda_paste": post_only(drafting, "meeting", text="1. Begrüßung"),
    "minutes:workspace_signature_line_add": post_only(drafting, "meeting", role="member"),
    "minutes:workspace_signature_line_move": post_only(drafting, "signatureline", direction="down"),
    "minutes:workspace_signature_line_remove": post_only(drafting, "signatureline"),
    "minutes:workspace_attendance_mark": post_only(drafting, "meeting", status="excused"),
    "minutes:workspace_attendance_row": reading_only(drafting, "attendance"),
    "minutes:workspace_attendance_status": post_only(drafting, "attendance", status="excused"),
    "minutes:workspace_attendance_edit": post_only(drafting, "attendance"),
    "minutes:workspace_attendance_remove": post_only(drafting, "attendance"),
    "minutes:workspace_deputy_add": post_only(drafting, "meeting"),
    "minutes:workspace_deputation_add": post_only(drafting, "attendance"),
    "minutes:workspace_deputation_remove": post_only(drafting, "deputation"),
    "minutes:workspace_item": both(drafting, "item"),
    "minutes:workspace_item_move": post_only(drafting, "item", direction="down"),
    "minutes:workspace_item_delete": both(drafting, "item"),
    "minutes:workspace_presenter_add": post_only(drafting, "item"),
    "minutes:workspace_presenter_remove": post_only(drafting, "presenter"),
    "minutes:workspace_contribution_add": post_only(drafting, "item"),
    "minutes:workspace_contribution": both(drafting, "contribution"),
    "minutes:workspace_contribution_move": post_only(drafting, "contribution", direction="up"),
    "minutes:workspace_contribution_delete": both(drafting, "contribution"),
    "minutes:workspace_decision_add": post_only(drafting, "item"),
    "minutes:workspace_decision": both(drafting, "decision"),
    "minutes:workspace_decision_delete": both(drafting, "decision"),
    "minutes:workspace_decision_votes": both(drafting, "decision"),  # GET: forwards to the decision
    "minutes:workspace_contribution_draft": post_only(drafting, "item"),
    "minutes:workspace_item_live": post_only(drafting, "item"),
    "minutes:workspace_attendance_now": post_only(drafting, "attendance"),
    "minutes:workspace_speaker_request_add": post_only(drafting, "item", speaker_name=""),
    "minutes:workspace_speaker_request_remove": post_only(drafting, "speakerrequest"),
    "minutes:workspace_speaker_request_contribution": post_only(drafting, "speakerrequest"),
    "minutes:workspace_minute_taker_add": post_only(drafting, "meeting"),
    "minutes:workspace_minute_taker": both(drafting, "minutetaker"),
    "minutes:workspace_minute_taker_move": post_only(drafting, "minutetaker", direction="up"),
    "minutes:workspace_minute_taker_remove": post_only(drafting, "minutetaker"),
    "minutes:workspace_figure_add": post_only(drafting, "item"),
    "minutes:workspace_figure": both(drafting, "figure"),
    "minutes:workspace_figure_move": post_only(drafting, "figure", direction="up"),
    "minutes:workspace_figure_delete": both(drafting, "figure"),
    "minutes:workspace_attachments": both(drafting, "meeting"),
    "minutes:workspace_item_attachment_add": post_only(drafting, "item"),
    "minutes:workspace_attachment": both(drafting, "attachment"),
    "minutes:workspace_attachment_move": post_only(drafting, "attachment", direction="up"),
    "minutes:workspace_attachment_delete": both(drafting, "attachment"),
    "minutes:workspace_papers": both(workspace_home),  # papers belong to the city: any secretariat
    "minutes:workspace_paper": both(workspace_home, "registry:paper"),
    "minutes:workspace_consultation_add": post_only(drafting, "item"),
    "minutes:workspace_consultation_remove": post_only(drafting, "consultation"),
    # the roster of body A, kept by its secretariat
    "minutes:roster": both(start_meeting, "body"),
    "minutes:roster_import": both(start_meeting, "body"),
    "minutes:workspace_oparl_import": both(start_meeting, "body"),  # POST without a URL: the form again
    "minutes:roster_login": both(start_meeting, "roster_person"),
    "minutes:roster_password_link": post_only(start_meeting, "roster_person"),
    # the link a new login gets by email (here with a token that is not valid)
    "password_reset_confirm": both(everyone(HIDDEN), "reset"),
    "password_reset_complete": Row(get=everyone(OK), post=everyone(METHOD)),
    # open data (OParl): what an anonymous reader sees, whoever asks
    **{f"oparl:{name}": reading_only(everyone(OK)) for name in ("system", "body_list")},
    **{
        f"oparl:{name}": reading_only(everyone(OK), "oparl_body")
        for name in (
            "body",
            "organization_list",
            "person_list",
            "membership_list",
            "meeting_list",
            "agenda_item_list",
            "paper_list",
            "consultation_list",
            "file_list",
            "location_list",
            "legislative_term_list",
        )
    },
    "oparl:gremium": reading_only(everyone(OK), "body"),
    "oparl:gremium_meetings": reading_only(everyone(OK), "body"),
    "oparl:organization": reading_only(everyone(OK), "registry:organization"),
    "oparl:membership": reading_only(everyone(OK), "registry:membership"),
    "oparl:paper": reading_only(everyone(OK), "registry:paper"),
    "oparl:location": reading_only(everyone(OK), "registry:location"),
    "oparl:legislative_term": reading_only(everyone(OK), "registry:legislativeterm"),
    "oparl:person": reading_only(published_only, "person"),
    "oparl:meeting": reading_only(published_only, "meeting"),
    "oparl:agenda_item": reading_only(published_only, "item"),
    "oparl:consultation": reading_only(published_only, "consultation"),
    **{
        f"oparl:{name}": reading_only(published_only, "oparl_file") for name in ("file", "file_access", "file_download")
    },
    # (the world has no frozen documents: tests/oparl/test_endpoint.py serves the demo's)
    **{
        f"oparl:{name}": reading_only(everyone(HIDDEN), "meeting")
        for name in ("protocol_file", "protocol_file_access", "protocol_file_download")
    },
    # the site
    "login": both(everyone(OK)),
    "logout": Row(get=everyone(METHOD), post=everyone(OK)),
    "media/<path:path>": both(everyone(HIDDEN), "file"),  # with DEBUG only
}

# ------------------------------------------------------------------ the admin


def admin(rule: Rule) -> Rule:
    """Only staff get past the admin's door; everyone else is sent to its login."""
    return lambda role, status: rule(role, status) if role in STAFF else LOGIN


superuser_only = admin(lambda role, status: OK if role == "superuser" else REFUSED)
staff_ok = admin(everyone(OK))


def content_admin(view: str) -> Row:
    """A protocol's rows in the admin (minutes/drafting/admin.py): body A's secretariat and
    superusers, on a draft; others of the staff do not see body A's rows at all."""

    def rule(role, status, post):
        if role not in {"secretariat", "superuser"}:
            return HIDDEN
        if view == "history" or (view == "change" and not post):
            return OK  # a locked protocol is shown read-only
        return OK if status == "draft" else REFUSED

    return Row(get=admin(lambda r, s: rule(r, s, False)), post=admin(lambda r, s: rule(r, s, True)), kind=view)


def registry_admin(model: str, view: str) -> Row:
    """The registry in the admin (council/admin.py): scoped to the bodies one keeps."""
    get = post = staff_ok
    if model == "body":
        if view == "add":
            get = post = superuser_only
        elif view == "delete":
            get = post = admin(
                lambda role, status: (
                    OK
                    if role == "superuser"
                    else (REFUSED if role == "secretariat" or role in {"secretariat_b", "staff"} else HIDDEN)
                )
            )
        elif view in ("change", "history"):
            get = post = admin(lambda role, status: OK if role in DRAFTERS else HIDDEN)
    elif model == "membership" and view in ("change", "history", "delete"):
        get = post = admin(lambda role, status: OK if role in DRAFTERS else HIDDEN)
    elif model == "person" and view in ("change", "delete"):
        # Others of the staff read a person of body A, but do not change or delete them.
        post = admin(lambda role, status: OK if role in DRAFTERS else REFUSED)
        if view == "delete":
            get = post
    return Row(get=get, post=post, kind=view)


THIRD_PARTY = {  # (app, model): the views even a superuser is refused (their admins are read-only)
    ("axes", "accessattempt"): {"add"},
    ("axes", "accesslog"): {"add"},
    ("axes", "accessfailurelog"): {"add"},
    # The task queue's results: read-only, and in the tests there are none (tasks run at once).
    ("django_tasks_database", "dbtaskresult"): {"add", "delete", "change-post"},
}
NOT_THERE = {("django_tasks_database", "dbtaskresult")}  # its object URLs answer 404 to a superuser


def third_party_admin(app: str, model: str, view: str) -> Row:
    refused = THIRD_PARTY.get((app, model), set())

    def rule(post):
        def decide(role, status):
            if (app, model) in NOT_THERE and view == "history":
                return HIDDEN  # looked up before the permission
            if role != "superuser":
                return REFUSED
            if view in refused or (post and f"{view}-post" in refused):
                return REFUSED
            if (app, model) in NOT_THERE and view in ("change", "history"):
                return HIDDEN
            return OK

        return admin(decide)

    return Row(get=rule(False), post=rule(True), kind=view)


ADMIN_VIEW = re.compile(r"^admin:(?P<app>\w+?)_(?P<model>[a-z]+)_(?P<view>changelist|add|history|delete|change)$")
ADMIN_REDIRECT = re.compile(r"^admin/(?P<app>\w+)/(?P<model>[a-z]+)/<path:object_id>/$")

ADMIN = {
    "admin:index": both(staff_ok),
    "admin:login": both(everyone(OK)),
    "admin:logout": Row(get=lambda role, status: METHOD if role in STAFF else OK, post=everyone(OK)),
    "admin:password_change": both(admin(everyone(OK))),
    "admin:password_change_done": Row(get=admin(everyone(OK)), post=admin(everyone(METHOD))),
    "admin:autocomplete": Row(get=admin(everyone(REFUSED)), post=admin(everyone(METHOD))),  # without its parameters
    "admin:jsi18n": Row(get=staff_ok, post=admin(everyone(METHOD))),
    "admin:view_on_site": both(staff_ok, "view_on_site"),
    "admin:app_list": both(staff_ok, "app_list"),
    "admin/(?P<url>.*)$": both(admin(everyone(HIDDEN)), "catch_all"),
    # Logins and their second factors are for superusers only.
    "admin:auth_user_password_change": both(superuser_only, "registry:user"),
    # Nobody reads a signer's secret key in the admin (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    "admin:otp_totp_totpdevice_config": both(admin(everyone(REFUSED)), "registry:totpdevice"),
    "admin:otp_totp_totpdevice_qrcode": both(admin(everyone(REFUSED)), "registry:totpdevice"),
}


def row_for(key: str) -> Row | None:
    """The matrix row of a URL pattern (the admin's model views by their kind)."""
    if key in APP:
        return APP[key]
    if key in ADMIN:
        return ADMIN[key]
    if match := ADMIN_VIEW.match(key):
        app, model, view = match.groups()
        if app == "minutes":
            return content_admin(view) if view in ("change", "delete", "history") else Row(staff_ok, staff_ok)
        if app == "council":
            return registry_admin(model, view)
        return third_party_admin(app, model, view)
    if match := ADMIN_REDIRECT.match(key):  # old-style object URLs redirect to the change view
        return Row(get=admin(everyone(OK)), post=admin(everyone(OK)), kind="redirect")
    return None


# ------------------------------------------------------------------ requests


def url_of(route, world: World, status: str | None) -> str:
    """The URL of a pattern for the object of its kind (of the meeting in ``status``)."""
    key, row = route.key, row_for(route.key)
    rows = world.rows[status] if status else {}
    if row.kind is None:
        return reverse(key)
    if row.kind == "body":
        return reverse(key, args=[world.body.pk])
    if row.kind == "oparl_body":
        return reverse(key, args=[1])  # the one OParl body: the city
    if row.kind == "roster_person":
        return reverse(key, args=[world.body.pk, world.registry["person"].pk])
    if row.kind == "reset":
        return reverse(key, args=["MQ", "abc-123"])
    if row.kind == "legacy_media":
        return "/media/" + rows["figure"].image.name
    if row.kind == "sign":
        return reverse(key, args=[world.meetings[status].pk, rows["signatureline"].pk])
    if row.kind == "file":
        return "/media/figures/2024/nichts.png"
    if row.kind == "view_on_site":
        return reverse(key, args=[world.registry["meeting_type"].pk, world.meetings[status].pk])
    if row.kind == "app_list":
        return reverse(key, kwargs={"app_label": "minutes"})
    if row.kind == "catch_all":
        return "/admin/gibt-es-nicht/"
    if row.kind.startswith("registry:"):
        return reverse(key, args=[world.registry[row.kind.removeprefix("registry:")].pk])
    match = ADMIN_VIEW.match(key) or ADMIN_REDIRECT.match(key)
    if match and match.groupdict().get("view") in ("changelist", "add"):
        return reverse(key)
    if match:  # an object of the admin: a row of the protocol in ``status``, or a registry row
        app, model = match.group("app"), match.group("model")
        obj = rows.get(model) if app == "minutes" else world.registry[model]
        url = f"/admin/{app}/{model}/{obj.pk}/"
        return url if row.kind == "redirect" else reverse(key, args=[obj.pk])
    return reverse(key, args=[rows[row.kind].pk])


def needs_status(route, role: str) -> bool:
    """Whether the URL points to a protocol's row, asked for in each state. Not for the admin's
    objects when the role is no staff: the admin sends them to its login before any lookup."""
    row = row_for(route.key)
    if route.route.startswith("admin/") and role not in STAFF:
        return False
    if row.kind in (
        None,
        "body",
        "oparl_body",
        "file",
        "app_list",
        "catch_all",
        "roster_person",
        "reset",
    ) or row.kind.startswith("registry:"):
        return False
    match = ADMIN_VIEW.match(route.key) or ADMIN_REDIRECT.match(route.key)
    if match and match.groupdict().get("view") in ("changelist", "add"):
        return False
    return not match or match.group("app") == "minutes"


def classify(response) -> str:
    code = response.status_code
    if code == 405:
        return METHOD
    if code in (301, 302, 303):
        return LOGIN if "/login/" in response["Location"] else OK
    if 200 <= code < 300 or code == 400:
        return OK
    if code in (403, 409):
        return REFUSED
    if code == 404:
        return HIDDEN
    return f"status {code}"


TABLES = None


def fingerprint() -> str:
    """A checksum of every table of the registry and the protocols (which a refused request
    must leave as it was)."""
    global TABLES
    if TABLES is None:
        names = connection.introspection.table_names()
        TABLES = [t for t in names if t.startswith(("minutes_", "council_")) and "historical" not in t]
    parts = " UNION ALL ".join(
        f"SELECT '{t}' AS t, md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) AS h FROM {t} r"
        for t in TABLES
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT string_agg(t || h, ';' ORDER BY t) FROM ({parts}) x")
        return cursor.fetchone()[0]


def request(client: Client, method: str, url: str, data: dict, before: str) -> tuple[str, bool]:
    """(outcome, whether the database changed from ``before``), in a savepoint that is rolled
    back — so every request starts from the same data."""
    with transaction.atomic():
        response = client.post(url, data) if method == "post" else client.get(url)
        outcome = classify(response)
        changed = method == "post" and outcome != OK and fingerprint() != before
        transaction.set_rollback(True)
    return outcome, changed


def post_data(route, world, status) -> dict:
    row = row_for(route.key)
    data = dict(row.data)
    if row.kind == "sign":
        line = world.rows[status]["signatureline"]
        data = {f"line{line.pk}-line": line.pk, f"line{line.pk}-password": PASSWORD}
    return data


# ------------------------------------------------------------------ the tests


def test_every_url_pattern_has_its_row():
    missing = [route.key for route in routes() if row_for(route.key) is None]
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"


@pytest.fixture
def world(db, monkeypatch) -> World:
    # Access is tested here, not rendering: a PDF is a few bytes instead of a WeasyPrint run.
    monkeypatch.setattr("minutes.portal.views.render_protocol_pdf", lambda protocol: b"%PDF-1.7 stub")
    return build_world()


@pytest.mark.parametrize("role", ROLES)
def test_the_permission_matrix(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    mismatches = []
    before = fingerprint()
    for route in routes():
        row = row_for(route.key)
        for status in STATUSES if needs_status(route, role) else ["draft"]:
            url = url_of(route, world, status)
            for method, rule in (("get", row.get), ("post", row.post)):
                expected = rule(role, status)
                outcome, changed = request(client, method, url, post_data(route, world, status), before)
                if outcome != expected:
                    mismatches.append(f"{method.upper()} {url} ({route.key}, {status}): {outcome}, expected {expected}")
                if changed:
                    mismatches.append(f"{method.upper()} {url} ({route.key}, {status}): {outcome} but wrote")
            if role != "anonymous" and not client.session.get("_auth_user_id"):
                client.force_login(world.users[role])  # a logout URL logged the role out
    assert not mismatches, f"{len(mismatches)} cells differ for {role}:\n" + "\n".join(mismatches)
