"""Issue 9: one test per finding of the attack on the running app, each failing before its fix.

Findings 8 (attendance conflicts) and 11 (uploads) are another engineer's work and tested there.
Finding 1 (cross-body writes) is also covered URL by URL in test_permission_matrix.py,
finding 6 (garbage in URLs) in test_garbage.py.
"""

import io
import logging
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from minutes import lock
from minutes.approval import services
from minutes.exceptions import WorkflowError
from minutes.models import Meeting, ProtocolEvent
from tests.factories import (
    AgendaItemFactory,
    ContributionFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

# ------------------------------------------------------------- 3. the approval page's timeline


@pytest.fixture
def published_with_review(city):
    """The city's published protocol, whose review left a comment on its non-public item."""
    secretariat = city.secretariat.user
    item = city.published.agenda_items.get(public=False)
    ProtocolEvent.objects.create(meeting=city.published, action=ProtocolEvent.Action.SUBMITTED, actor=secretariat)
    ProtocolEvent.objects.create(
        meeting=city.published,
        action=ProtocolEvent.Action.COMMENTED,
        actor=city.chair.user,
        item=item,
        comment="Die Abfindung im Maulwurfsvertrag nicht beziffern.",
    )
    return city.published


@pytest.mark.parametrize("who", ["member of another body", "no membership"])
def test_3_the_approval_page_shows_no_review_timeline_to_outsiders(client, city, published_with_review, who):
    user = city.outsider.user if who == "member of another body" else UserFactory(username="niemand")
    client.force_login(user)
    response = client.get(reverse("minutes:approval_review", args=[published_with_review.pk]))
    html = response.content.decode()
    assert response.status_code == 200  # the published protocol's public part and its checksums
    assert "Abfindung" not in html
    assert "Maulwurfsvertrag" not in html
    assert "Verlauf dieses Protokolls" not in html


def test_3_those_who_work_on_the_protocol_still_see_its_timeline(client, city, published_with_review):
    client.force_login(city.chair.user)
    html = client.get(reverse("minutes:approval_review", args=[published_with_review.pk])).content.decode()
    assert "Die Abfindung im Maulwurfsvertrag nicht beziffern." in html


# ------------------------------------------------------------------ 4. the search's person filter


def test_4_the_person_filter_names_nobody_a_visible_protocol_does_not_name(client, city):
    hidden = PersonFactory(form_of_address="Frau", family_name="Verborgen")  # in the registry, in no protocol
    in_draft_only = city.draft.attendances.get().person  # Frau Duczkowska is named in published ones too
    response = client.get(reverse("minutes:search"), {"q": "Zuschuss", "person": hidden.pk})
    assert response.status_code == 400
    assert "Verborgen" not in response.content.decode()
    # Someone the public protocol names is still a filter.
    response = client.get(reverse("minutes:search"), {"q": "Wartelisten", "person": in_draft_only.pk})
    assert "Nur Wortbeiträge von Frau Duczkowska" in response.content.decode()


def test_4_a_person_named_only_in_a_draft_is_no_filter_for_the_public(client, city):
    draft_only = PersonFactory(form_of_address="Herr", family_name="Entwurfsmann")
    with_draft = AgendaItemFactory(meeting=city.draft, number="9", order=9, title="Nachtrag")
    ContributionFactory(item=with_draft, speaker=draft_only, text="spricht im Entwurf.")
    html = client.get(reverse("minutes:search"), {"q": "Entwurf", "person": draft_only.pk}).content.decode()
    assert "Entwurfsmann" not in html


# ------------------------------------------------------------------ 6. non-ASCII digits


@pytest.mark.parametrize("value", ["²", "١٢", "99999999999999999999999", "-1", "x" * 3000])
def test_6_the_calendar_answers_garbage_without_an_error(client, city, value):
    response = client.get(reverse("minutes:calendar"), {"body": value})
    assert response.status_code in (400, 404)


# ------------------------------------------------------------------ 7. feeds escape what they embed


@pytest.fixture
def hostile_title(city):
    with lock.unlocked():
        AgendaItemFactory(meeting=city.published, number="7", order=7, title='<img src=x onerror="alert(1)">Haushalt')
    return city


def test_7_rss_descriptions_carry_titles_as_escaped_html(client, hostile_title):
    response = client.get(reverse("minutes:feed_rss", args=[hostile_title.beirat.pk]))
    description = ElementTree.fromstring(response.content).find("channel/item/description").text
    # The description is HTML: a reader renders it. The title is text in it, never markup.
    assert "<img" not in description
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Haushalt" in description


def test_7_atom_summaries_carry_titles_as_escaped_html(client, hostile_title):
    response = client.get(reverse("minutes:feed_atom", args=[hostile_title.beirat.pk]))
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summary = ElementTree.fromstring(response.content).find("atom:entry/atom:summary", ns)
    assert summary.get("type") == "html"
    assert "<img" not in summary.text
    assert "&lt;img src=x" in summary.text


# ------------------------------------------------------------------ 12. limits and quiet 403s


def test_12_an_overlong_request_for_changes_is_refused_and_comes_back(client, submitted, chair):
    client.force_login(chair)
    comment = "Bitte kürzen. " * 8000  # 112,000 characters; the limit is 10,000
    response = client.post(reverse("minutes:approval_request_changes", args=[submitted.pk]), {"comment": comment})
    assert response.status_code == 400
    assert "höchstens 10000 Zeichen" in response.content.decode()
    assert comment.strip() in response.content.decode()  # what was typed comes back
    submitted.refresh_from_db()
    assert submitted.status == Meeting.Status.SUBMITTED
    assert not submitted.events.filter(action=ProtocolEvent.Action.CHANGES_REQUESTED).exists()


def test_12_the_service_refuses_an_overlong_comment_too(submitted, chair):
    with pytest.raises(WorkflowError):
        services.request_changes(submitted, by=chair, comment="x" * 10_001)


def test_12_a_403_is_logged_in_one_line_without_a_traceback(client, city, caplog):
    stranger = UserFactory(username="fremder")
    client.force_login(stranger)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("minutes:workspace_home"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None and records[0].exc_text is None
    handler = logging.StreamHandler()
    assert "\n" not in handler.format(records[0])


# ------------------------------------------------------------------ 1. cross-body writes in the admin


@pytest.fixture
def other_secretariat(city):
    """Staff with every minutes permission, the secretariat of the Sportausschuss (body B)."""
    user = UserFactory(username="sport-sekretariat", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["minutes", "council"]))
    MembershipFactory(body=city.sport, person=PersonFactory(family_name="Sport", user=user), role="secretariat")
    return user


def test_1_staff_of_another_body_cannot_add_a_contribution_to_its_draft(client, city, other_secretariat):
    client.force_login(other_secretariat)
    item = city.draft.agenda_items.first()
    before = item.contributions.count()
    response = client.post(
        reverse("admin:minutes_contribution_add"), {"item": item.pk, "order": 9, "text": "Eingeschleust"}
    )
    assert response.status_code in (200, 403)
    assert item.contributions.count() == before


def test_1_staff_of_another_body_cannot_give_themselves_a_role_in_it(client, city, other_secretariat):
    client.force_login(other_secretariat)
    person = other_secretariat.person
    response = client.post(
        reverse("admin:council_membership_add"),
        {"body": city.beirat.pk, "person": person.pk, "role": "chair", "order": 0, "voting_right": "on"},
    )
    assert response.status_code in (200, 403)
    assert not city.beirat.memberships.filter(person=person).exists()


def test_1_staff_cannot_link_their_login_to_another_person(client, city, other_secretariat):
    client.force_login(other_secretariat)
    response = client.get(reverse("admin:council_person_change", args=[city.chair.pk]))
    assert response.status_code in (302, 403) or 'name="user"' not in response.content.decode()


# ------------------------------------------------------------------ 2. a signature under another name


def _admin_form(client, url) -> dict:
    """The admin change form's fields as a browser would post them back."""
    from tests.drafting.test_admin import form_data

    return form_data(client.get(url))


def test_2_the_secretariat_cannot_point_a_signature_line_at_itself_in_the_admin(client, draft_demo, secretariat):
    line = draft_demo.signature_lines.get(role="management")
    client.force_login(secretariat)
    url = reverse("admin:minutes_meeting_change", args=[draft_demo.pk])
    data = _admin_form(client, url)
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and str(v) == str(line.pk))
    data[f"signature_lines-{index}-person"] = secretariat.person.pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Sie können sich nicht selbst in eine Unterschriftszeile eintragen." in response.content.decode()
    line.refresh_from_db()
    assert line.person.family_name == "Müller"


def test_2_nor_through_the_services_or_the_workspace(client, draft_demo, secretariat):
    from minutes.drafting import services as drafting
    from minutes.exceptions import DraftingError

    line = draft_demo.signature_lines.get(role="management")
    with pytest.raises(DraftingError):
        drafting.change_content(line, by=secretariat, changes={"person": secretariat.person})
    client.force_login(secretariat)
    response = client.post(
        reverse("minutes:workspace_signature_line_add", args=[draft_demo.pk]),
        {"role": "management", "person": secretariat.person.pk},
    )
    assert response.status_code == 400
    assert draft_demo.signature_lines.count() == 2


def test_2_a_signature_prints_who_signed_not_what_the_line_said(submitted, secretariat, manager):
    """The management's line names the function only: whoever holds it signs, under their own name."""
    from tests.conftest import PASSWORD

    line = submitted.signature_lines.get(role="management")
    with lock.unlocked():  # as if the line had named nobody from the start
        type(line).objects.filter(pk=line.pk).update(person=None)
    # The secretariat holds no management function: it cannot sign the line, whatever it names.
    with pytest.raises(WorkflowError, match="Funktion|function"):
        services.sign(submitted, by=secretariat, line=line, password=PASSWORD)
    services.sign(submitted, by=manager, line=line, password=PASSWORD)
    signature = line.signatures.get()
    assert (signature.signer, signature.name, signature.function) == (
        manager,
        "Anne Kathrin Müller",
        "Geschäftsführung",
    )


def test_2_whoever_submitted_signs_at_most_as_minute_taker(draft_demo, secretariat):
    from tests.conftest import PASSWORD

    body = draft_demo.body
    body.signature_roles = ["chair", "management", "minute_taker", "member"]
    body.save()
    with lock.unlocked():
        for order, role in ((3, "minute_taker"), (4, "member")):
            draft_demo.signature_lines.create(order=order, role=role)
    MembershipFactory(body=body, person=secretariat.person, role="member")  # she is also a member
    services.submit_for_approval(draft_demo, by=secretariat)
    with pytest.raises(WorkflowError, match="Schriftführung|minute-taker"):
        services.sign(draft_demo, by=secretariat, line=draft_demo.signature_lines.get(role="member"), password=PASSWORD)
    services.sign(
        draft_demo, by=secretariat, line=draft_demo.signature_lines.get(role="minute_taker"), password=PASSWORD
    )
    assert draft_demo.signatures.get().function == "Schriftführung"


# ------------------------------------------------------------------ 5. brute force


def _login(client, password):
    return client.post(reverse("login"), {"username": "vorsitz", "password": password})


def test_5_wrong_passwords_lock_the_login(client, draft_demo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "falsch").status_code == 200  # the form again, with its message
    assert _login(client, "falsch").status_code == 429  # the last one locks
    response = _login(client, "demo")  # the right one, too late
    assert response.status_code == 429
    assert "zu oft falsch eingegeben" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_5_wrong_signing_passwords_count_too_and_are_on_record(client, submitted, chair, settings, caplog):
    from tests.conftest import line_of

    line = line_of(submitted, chair)
    client.force_login(chair)
    url = reverse("minutes:approval_sign", args=[submitted.pk, line.pk])

    def sign(password):
        return client.post(url, {f"line{line.pk}-line": line.pk, f"line{line.pk}-password": password})

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign("falsch")
        assert response.status_code == 403
        assert "Das Passwort ist nicht richtig." in response.content.decode()
    with caplog.at_level(logging.WARNING, logger="council.security"):
        assert sign("falsch").status_code == 429  # the last one locks
    assert any("locked" in r.getMessage() and "vorsitz" in r.getMessage() for r in caplog.records)
    response = sign("demo")
    assert response.status_code == 403 and "gesperrt" in response.content.decode()
    assert not submitted.signatures.exists()
    failed = submitted.events.filter(action=ProtocolEvent.Action.SIGNING_FAILED)
    assert failed.count() == settings.AXES_FAILURE_LIMIT + 1
    assert all(event.actor == chair for event in failed)
    client.logout()
    assert _login(client, "demo").status_code == 429  # one limit for login and signature


def test_5_an_administrator_unlocks_a_login(client, draft_demo, settings):
    from django.core.management import call_command

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "falsch")
    assert _login(client, "demo").status_code == 429
    call_command("axes_reset_username", "vorsitz", stdout=io.StringIO())
    assert _login(client, "demo").status_code == 302


# ------------------------------------------------------------------ 9. a refused post keeps the text


def test_9_a_contribution_posted_after_the_protocol_was_submitted_comes_back_with_the_reason(
    client, draft_demo, secretariat
):
    contribution = draft_demo.agenda_items.get(number="3").contributions.first()
    client.force_login(secretariat)
    url = reverse("minutes:workspace_contribution", args=[contribution.pk])
    typed = "Frau Gegner ergänzt, dass der Bericht bis Oktober vorliegt. " * 5
    services.submit_for_approval(draft_demo, by=secretariat)  # meanwhile, in another tab
    response = client.post(url, {"speaker_name": "Herr Seigfried", "text": typed, "revision": contribution.revision})
    html = response.content.decode()
    assert response.status_code == 409
    assert "kein Entwurf mehr" in html  # the reason
    assert typed.strip() in html  # and the text, to copy
    contribution.refresh_from_db()
    assert contribution.text != typed


def test_9_losing_the_race_against_submit_under_the_lock_keeps_the_text_too(client, draft_demo, secretariat):
    """The page's check passed, then the submission won the lock: the service refuses."""
    from minutes.drafting import services as drafting
    from minutes.exceptions import ProtocolLocked

    item = draft_demo.agenda_items.get(number="3")
    client.force_login(secretariat)
    original = drafting.add_contribution

    def submitted_just_before(*args, **kwargs):
        services.submit_for_approval(draft_demo, by=secretariat)
        return original(*args, **kwargs)

    typed = "Der Beirat nimmt den Bericht zur Kenntnis."
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(drafting, "add_contribution", submitted_just_before)
        response = client.post(
            reverse("minutes:workspace_contribution_add", args=[item.pk]),
            {"speaker_name": "Herr Seigfried", "text": typed},
        )
    assert response.status_code == 409
    assert typed in response.content.decode()
    assert not item.contributions.filter(text=typed).exists()
    assert ProtocolLocked  # the exception the service raised


def test_9_a_stale_request_for_changes_keeps_the_comment(client, submitted, chair, manager):
    from tests.conftest import PASSWORD, line_of

    client.force_login(chair)
    for signer in (chair, manager):  # meanwhile both signed: nothing to send back any more
        services.sign(submitted, by=signer, line=line_of(submitted, signer), password=PASSWORD)
    comment = "Bitte TOP 3 kürzen, die Namen der Antragsteller streichen."
    response = client.post(reverse("minutes:approval_request_changes", args=[submitted.pk]), {"comment": comment})
    assert response.status_code == 409
    html = response.content.decode()
    assert comment in html and "Ihr Text (nicht gesendet)" in html
