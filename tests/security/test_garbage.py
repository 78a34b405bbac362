"""Garbage in, 400 or 404 out — never a 500 (finding 6: ``?body=%C2%B2`` answered 500).

Every URL pattern of the project, the admin included (from the URL resolver), is requested
with each of its parameters replaced by garbage: non-ASCII digits, huge and negative numbers,
unknown ids, overlong strings. The query parameters the pages read get the same, and every
form of the workspace, the approval and the admin a body of garbage.
"""

import re
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from tests.security.test_permission_matrix import ADMIN_REDIRECT, REFUSED, post_data, row_for, url_of
from tests.security.world import build_world, routes

# Non-ASCII digits, a number beyond PostgreSQL's bigint, a negative one, an unknown id, an
# overlong string, a NUL byte.
GARBAGE = ["²", "١٢", "99999999999999999999", "-1", "987654", "x" * 3000, "\x00"]
PATH_GARBAGE = GARBAGE[1:]  # “²” and “١٢” take the same ways through a path
PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")
# What the portal's pages read from their query string (``q`` is any text, up to 200 characters).
QUERY_PARAMETERS = ["page", "body", "year", "q", "person", "attendance_page"]
READS_QUERY = {
    "minutes:meeting_list": {"body", "year", "page"},
    "minutes:search": {"body", "year", "person"},  # its page only counts with a query
    "minutes:person_list": {"page"},
    "minutes:person_detail": {"page", "attendance_page"},
    "minutes:calendar": {"body"},
}
FORM_FIELDS = {  # every field name of the site's forms, each with something it cannot hold
    name: value
    for names, value in [
        (
            ["pk", "id", "revision", "opened_revision", "number", "order", "line", "year", "page"],
            "99999999999999999999",
        ),
        (["body", "person", "chair", "deputy_for", "speaker", "item", "meeting", "after", "organization"], "١٢"),
        (["votes_yes", "votes_no", "votes_abstain", "votes_biased"], "-1"),
        (["date", "protocol_date", "start_time", "end_time", "arrival", "departure"], "²"),
        (["text", "comment", "reason", "title", "speaker_name", "affiliation", "family_name", "role"], "x" * 60_000),
        (["status", "group", "result", "direction", "language", "password", "code"], "\x00" * 3),
    ]
    for name in names
}


def resolves_to_admin_redirect(url: str) -> bool:
    try:
        match = resolve(url)
    except Resolver404:
        return False
    return bool(ADMIN_REDIRECT.match(match.route))


def with_garbage(route: str, value: str) -> str:
    path = PARAMETER.sub(quote(value, safe=""), route).replace("^", "").replace("$", "")
    return "/" + path


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr("minutes.portal.views.render_protocol_pdf", lambda protocol: b"%PDF-1.7 stub")
    return build_world()


def clients(world, *roles) -> dict[str, Client]:
    """Clients logged in as these roles — the secretariat and the superuser pass most doors
    and meet the garbage themselves; anonymous visitors and members read the portal."""
    found = {}
    for role in roles:
        found[role] = Client()
        if role != "anonymous":
            found[role].force_login(world.users[role])
    return found


def answer(client, method, url, data=None) -> int:
    with transaction.atomic():
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        transaction.set_rollback(True)
    return response.status_code


def test_garbage_in_every_url_pattern_answers_400_or_404(world):
    errors = []
    for role, client in clients(world, "secretariat", "superuser").items():
        for route in routes():
            if not PARAMETER.search(route.route):
                continue
            for value in PATH_GARBAGE:
                url = with_garbage(route.route, value)
                for method in ("get", "post"):
                    status = answer(client, method, url)
                    # 405: a page that takes only the other method; 403: a page the role may not
                    # open for any object (the permission matrix says so), refused before any
                    # lookup; 302: garbage that makes an admin address an object's old address,
                    # which forwards to its change page (and that answers 404).
                    allowed = {400, 404, 405}
                    rule = getattr(row_for(route.key), method)
                    if rule(role, "draft") == REFUSED:
                        allowed.add(403)
                    if resolves_to_admin_redirect(url):
                        allowed.add(302)
                    if status not in allowed:
                        errors.append(f"{role} {method.upper()} {url[:80]!r} ({route.key}): {status}")
    assert not errors, "\n".join(errors)


def test_garbage_in_query_parameters_answers_400_or_404(world):
    """Each parameter a portal page reads, one at a time; every other page gets all of them at
    once (it ignores them) and must not fail either."""
    errors = []
    for role, client in clients(world, "anonymous", "member", "superuser").items():
        for route in routes():
            url = url_of(route, world, "published")
            if route.key not in READS_QUERY:
                if role != "superuser":  # who passes every door stands for the others here
                    continue
                query = "&".join(f"{name}={quote(GARBAGE[2])}" for name in QUERY_PARAMETERS)
                if (status := answer(client, "get", f"{url}?{query}")) >= 500:
                    errors.append(f"{role} GET {url}?{query}: {status}")
                continue
            for value in GARBAGE:
                for name in QUERY_PARAMETERS:
                    status = answer(client, "get", f"{url}?{name}={quote(value, safe='')}")
                    read = name in READS_QUERY[route.key]
                    if status >= 500 or (read and status not in (400, 404)):
                        errors.append(f"{role} GET {url}?{name}={value[:20]!r} ({route.key}): {status}")
            if route.key == "minutes:search" and answer(client, "get", f"{url}?q={'x' * 3000}") != 400:
                errors.append(f"{role} GET {url}?q=<3000 characters>: expected 400")
    assert not errors, "\n".join(errors)


def test_garbage_in_every_form_never_answers_500(world):
    errors = []
    garbage = dict(FORM_FIELDS)
    for role, client in clients(world, "anonymous", "secretariat", "superuser").items():
        for route in routes():
            url = url_of(route, world, "draft")
            data = {**garbage, **{k: "\x00" for k in post_data(route, world, "draft")}}
            status = answer(client, "post", url, data)
            if status >= 500:
                errors.append(f"{role} POST {url} ({route.key}): {status}")
    assert not errors, "\n".join(errors)
