"""Every transition of the approval workflow, allowed and refused, per role and state."""

import pytest
from django.core import mail

from council.models import Person
from minutes.approval import services
from minutes.approval.completeness import check_completeness
from minutes.drafting import services as drafting
from minutes.exceptions import WorkflowError
from minutes.models import Meeting, ProtocolDocument, ProtocolEvent, Signature
from tests.conftest import PASSWORD, line_of

Status = Meeting.Status


def actions(meeting):
    return list(meeting.events.values_list("action", flat=True))


# ------------------------------------------------------------------------- submit


def test_secretariat_submits_a_complete_draft_and_the_signers_are_notified(
    draft_demo, secretariat, chair, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.submit_for_approval(draft_demo, by=secretariat, comment="Bitte prüfen")

    meeting.refresh_from_db()
    assert meeting.status == Status.SUBMITTED
    event = meeting.events.get()
    assert (event.action, event.actor, event.comment) == ("submitted", secretariat, "Bitte prüfen")
    assert sorted(m.to[0] for m in mail.outbox) == ["geschaeftsfuehrung@example.org", "vorsitz@example.org"]
    assert "Protokoll zur Unterschrift" in mail.outbox[0].subject


@pytest.mark.parametrize("username", ["vorsitz", "mitglied", "geschaeftsfuehrung"])
def test_only_the_secretariat_submits(draft_demo, username, django_user_model):
    user = django_user_model.objects.get(username=username)
    with pytest.raises(WorkflowError, match="secretariat|Sekretariat"):
        services.submit_for_approval(draft_demo, by=user)
    draft_demo.refresh_from_db()
    assert draft_demo.status == Status.DRAFT
    assert not draft_demo.events.exists()


def test_a_submitted_protocol_cannot_be_submitted_again(submitted, secretariat):
    with pytest.raises(WorkflowError):
        services.submit_for_approval(submitted, by=secretariat)
    assert actions(submitted) == ["submitted"]


def test_an_incomplete_draft_is_not_submitted(draft_demo, secretariat):
    item = draft_demo.agenda_items.get(number="3")
    item.contributions.all().delete()
    with pytest.raises(WorkflowError) as error:
        services.submit_for_approval(draft_demo, by=secretariat)
    assert any("3" in problem.message for problem in error.value.problems)
    draft_demo.refresh_from_db()
    assert draft_demo.status == Status.DRAFT


# ---------------------------------------------------------------- request changes


def test_chair_requests_changes_on_an_item_and_the_secretariat_is_notified(
    submitted, chair, secretariat, django_capture_on_commit_callbacks
):
    top3 = submitted.agenda_items.get(number="3")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            submitted, by=chair, comment="Bitte TOP 3 ergänzen.", item_comments={top3.pk: "Name falsch geschrieben"}
        )

    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    comment = submitted.events.get(action="commented")
    assert (comment.item, comment.comment, comment.actor) == (top3, "Name falsch geschrieben", chair)
    assert actions(submitted)[-1] == "changes_requested"
    assert [m.to for m in mail.outbox] == [["sekretariat@example.org"]]
    assert "TOP 3: Name falsch geschrieben" in mail.outbox[0].body


def test_management_as_signer_may_request_changes(submitted, manager):
    services.request_changes(submitted, by=manager, comment="Zahl prüfen")
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT


@pytest.mark.parametrize("username", ["mitglied", "sekretariat"])
def test_who_neither_chairs_nor_signs_cannot_request_changes(submitted, username, django_user_model):
    with pytest.raises(WorkflowError):
        services.request_changes(submitted, by=django_user_model.objects.get(username=username), comment="x")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_changes_are_requested_only_of_a_submitted_protocol(draft_demo, chair):
    with pytest.raises(WorkflowError, match="submitted|eingereicht"):
        services.request_changes(draft_demo, by=chair, comment="x")


def test_a_request_for_changes_says_what_should_change(submitted, chair):
    with pytest.raises(WorkflowError):
        services.request_changes(submitted, by=chair, comment="  ")


def test_a_request_for_changes_withdraws_the_signatures_given(submitted, chair, manager):
    services.sign(submitted, by=manager, line=line_of(submitted, manager), password=PASSWORD)
    services.request_changes(submitted, by=chair, comment="Doch noch etwas")
    assert not Signature.objects.filter(meeting=submitted).exists()
    assert "Anne Kathrin Müller" in submitted.events.get(action="changes_requested").comment


# ------------------------------------------------------------------------- sign


def test_first_signature_keeps_the_protocol_submitted(submitted, chair):
    meeting = services.sign(submitted, by=chair, line=line_of(submitted, chair), password=PASSWORD)
    assert meeting.status == Status.SUBMITTED
    signature = Signature.objects.get(meeting=meeting)
    assert (signature.signer, signature.name, signature.function, signature.role) == (
        chair,
        "Konrad Seigfried",
        "Vorsitzender",
        "chair",
    )
    assert not ProtocolDocument.objects.exists()


def test_last_signature_freezes_the_protocol(signed):
    assert signed.status == Status.SIGNED
    assert actions(signed) == ["submitted", "signed", "signed", "frozen"]
    documents = {d.variant: d for d in ProtocolDocument.objects.filter(meeting=signed)}
    assert set(documents) == {"public", "non_public"}
    assert "Elektronisch unterzeichnet von Konrad Seigfried als Vorsitzender" in documents["public"].html
    assert "Elektronisch unterzeichnet von Anne Kathrin Müller als Geschäftsführung" in documents["public"].html
    assert "Vergabe der Fördermittel" in documents["non_public"].html
    assert "Vergabe der Fördermittel" not in documents["public"].html
    assert bytes(documents["public"].pdf)[:5] == b"%PDF-"
    assert len(documents["non_public"].sha512) == 128
    assert documents["non_public"].size == len(documents["non_public"].pdf)


def test_signing_requires_the_signers_password(submitted, chair):
    with pytest.raises(WorkflowError, match="password|Passwort"):
        services.sign(submitted, by=chair, line=line_of(submitted, chair), password="wrong")
    assert not Signature.objects.exists()


def test_nobody_signs_for_someone_else(submitted, chair, manager, superuser):
    with pytest.raises(WorkflowError, match="Müller"):
        services.sign(submitted, by=chair, line=line_of(submitted, manager), password=PASSWORD)
    # Not even an administrator — also one who is a person of the body's registry.
    Person.objects.create(form_of_address="Herr", family_name="Admin", user=superuser)
    superuser.refresh_from_db()
    with pytest.raises(WorkflowError, match="Müller"):
        services.sign(submitted, by=superuser, line=line_of(submitted, manager), password=PASSWORD)
    assert not Signature.objects.exists()


def test_the_secretariat_that_submitted_cannot_sign_as_chair(draft_demo, secretariat):
    # The chair's line names the secretary (e.g. she chaired in the chair's absence).
    chair_line = draft_demo.signature_lines.get(order=1)
    chair_line.person = secretariat.person
    chair_line.save()
    services.submit_for_approval(draft_demo, by=secretariat)
    with pytest.raises(WorkflowError, match="submitted|eingereicht"):
        services.sign(draft_demo, by=secretariat, line=chair_line, password=PASSWORD)
    assert not Signature.objects.exists()


def test_a_line_is_signed_only_once(submitted, chair):
    services.sign(submitted, by=chair, line=line_of(submitted, chair), password=PASSWORD)
    with pytest.raises(WorkflowError):
        services.sign(submitted, by=chair, line=line_of(submitted, chair), password=PASSWORD)
    assert Signature.objects.count() == 1


def test_a_draft_cannot_be_signed(draft_demo, chair):
    with pytest.raises(WorkflowError):
        services.sign(draft_demo, by=chair, line=line_of(draft_demo, chair), password=PASSWORD)


def test_a_signed_protocol_cannot_be_sent_back(signed, chair):
    with pytest.raises(WorkflowError):
        services.request_changes(signed, by=chair, comment="zu spät")


# ------------------------------------------------------------------------ publish


def test_secretariat_publishes_a_signed_protocol_and_members_are_notified(
    signed, secretariat, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(signed, by=secretariat)
    signed.refresh_from_db()
    assert signed.status == Status.PUBLISHED
    recipients = {m.to[0] for m in mail.outbox}
    assert "mitglied@example.org" in recipients
    assert all(len(m.to) == 1 for m in mail.outbox)


@pytest.mark.parametrize("username", ["vorsitz", "mitglied"])
def test_only_the_secretariat_publishes(signed, username, django_user_model):
    with pytest.raises(WorkflowError):
        services.publish(signed, by=django_user_model.objects.get(username=username))


def test_an_unsigned_protocol_cannot_be_published(submitted, secretariat):
    with pytest.raises(WorkflowError, match="signed|unterschrieben"):
        services.publish(submitted, by=secretariat)


def test_a_body_may_publish_on_the_last_signature(submitted, chair, manager):
    submitted.body.publish_on_signing = True
    submitted.body.save()
    services.sign(submitted, by=chair, line=line_of(submitted, chair), password=PASSWORD)
    meeting = services.sign(submitted, by=manager, line=line_of(submitted, manager), password=PASSWORD)
    assert meeting.status == Status.PUBLISHED
    assert actions(meeting)[-2:] == ["frozen", "published"]


# --------------------------------------------------------------------- correction


def test_a_correction_states_its_reason(signed, secretariat):
    with pytest.raises(WorkflowError, match="reason|Grund"):
        services.start_correction(signed, by=secretariat, reason=" ")
    assert not signed.corrections.exists()


def test_a_draft_is_not_corrected_but_edited(draft_demo, secretariat):
    with pytest.raises(WorkflowError):
        services.start_correction(draft_demo, by=secretariat, reason="Tippfehler")


def test_only_the_secretariat_starts_a_correction(signed, chair):
    with pytest.raises(WorkflowError):
        services.start_correction(signed, by=chair, reason="Tippfehler")


def test_a_correction_goes_through_the_same_review_and_signatures(signed, secretariat, chair, manager):
    original_pdf = bytes(ProtocolDocument.objects.get(meeting=signed, variant="public").pdf)
    correction = services.start_correction(signed, by=secretariat, reason="Name in TOP 3 falsch geschrieben")

    assert (correction.status, correction.corrects, correction.edition) == (Status.DRAFT, signed, 2)
    assert list(signed.corrections.all()) == [correction]
    assert correction.agenda_items.count() == signed.agenda_items.count()
    assert correction.attendances.count() == signed.attendances.count()
    contribution = correction.agenda_items.get(number="3").contributions.first()
    contribution.text = contribution.text.replace("berichtet", "berichtet ausführlich", 1)
    contribution.save()  # the correction is a draft: editable

    with pytest.raises(WorkflowError):  # one correction at a time
        services.start_correction(signed, by=secretariat, reason="noch einer")

    services.submit_for_approval(correction, by=secretariat)
    services.sign(correction, by=chair, line=line_of(correction, chair), password=PASSWORD)
    correction = services.sign(correction, by=manager, line=line_of(correction, manager), password=PASSWORD)
    assert correction.status == Status.SIGNED
    stored = ProtocolDocument.objects.get(meeting=correction, variant="public")
    assert "Name in TOP 3 falsch geschrieben" in stored.html
    # The original stays as it was signed.
    assert bytes(ProtocolDocument.objects.get(meeting=signed, variant="public").pdf) == original_pdf
    assert ProtocolEvent.objects.filter(meeting=signed, action="correction_started").exists()
    # Corrections form a line: the original is not corrected twice, its latest edition is.
    with pytest.raises(WorkflowError, match="latest edition|neueste Fassung"):
        services.start_correction(signed, by=secretariat, reason="noch einer")
    second = services.start_correction(correction, by=secretariat, reason="noch ein Tippfehler")
    assert second.edition == 3 and second.number == signed.number


def test_the_facts_of_a_correction_can_be_saved_with_the_originals_number(signed, secretariat):
    correction = services.start_correction(signed, by=secretariat, reason="Uhrzeit falsch")
    saved = drafting.save_meeting(correction, by=secretariat, revision=correction.revision, room="großer Saal")
    assert (saved.number, saved.room, saved.edition) == (signed.number, "großer Saal", 2)


def test_a_correction_copies_every_part_of_the_protocol(signed, secretariat):
    from django.apps import apps

    from minutes.models import Contribution, Figure, ProtocolContent

    correction = services.start_correction(signed, by=secretariat, reason="Tippfehler in TOP 3")
    content_models = [
        m for m in apps.get_app_config("minutes").get_models() if issubclass(m, ProtocolContent) and m is not Meeting
    ]
    for model in content_models:
        original_rows = model.objects.of_meeting(signed).count()
        assert model.objects.of_meeting(correction).count() == original_rows, model.__name__
    # Links between the copied rows point to the copies, never back into the signed original.
    figures = Figure.objects.of_meeting(correction).exclude(after=None)
    assert figures.exists()
    assert set(figures.values_list("after__item__meeting", flat=True)) == {correction.pk}
    copied = Contribution.objects.of_meeting(correction).first()
    assert copied.history.first().history_user == secretariat


def test_a_correction_copies_deputations_and_named_votes(demo, django_user_model):
    from minutes.models import Deputation, Vote

    committee = Meeting.objects.get(body__name="Ausschuss für Umwelt, Klima und Grün", number=14)
    correction = services.start_correction(
        committee, by=django_user_model.objects.get(username="umwelt-sekretariat"), reason="Uhrzeit in TOP 4"
    )
    deputations = Deputation.objects.of_meeting(correction)
    assert deputations.count() == 3
    assert set(deputations.values_list("deputy__meeting", flat=True)) == {correction.pk}
    votes = Vote.objects.of_meeting(correction)
    assert votes.count() == 24
    assert set(votes.values_list("decision__item__meeting", flat=True)) == {correction.pk}
    # The named vote still agrees with its counts and with who was there.
    assert check_completeness(correction) == []
