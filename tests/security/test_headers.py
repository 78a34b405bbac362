"""Finding 10: every response carries a Content-Security-Policy without inline scripts and a
Permissions-Policy (the browser test tests/e2e/test_content_security_policy.py checks that no
page breaks the policy)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("url", ["/", "/meetings/", "/search/?q=x", "/login/", "/admin/login/", "/nowhere/"])
def test_10_every_response_has_a_csp_without_inline_scripts_and_a_permissions_policy(client, db, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_10_the_csp_adds_no_cookie(client, city):
    """Anonymous pages must not start setting cookies because of the new headers."""
    response = client.get(reverse("minutes:meeting_detail", args=[city.published.pk]))
    assert "sessionid" not in response.cookies
