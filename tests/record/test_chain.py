"""Nothing disappears unnoticed: the archive log's hash chain, the completeness of signed
protocols, and no live rendering of a signed protocol whose documents are gone."""

import hashlib
import io
import logging

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from minutes import chain, lock
from minutes.models import ArchiveLogEntry, Meeting, ProtocolDocument

COMMITTEE = "Ausschuss für Umwelt, Klima und Grün"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE and triggers: PostgreSQL")


def _verify(*args) -> str:
    out = io.StringIO()
    call_command("verify_minutes", *args, stdout=out)
    return out.getvalue()


def _verify_fails(*args) -> str:
    with pytest.raises(CommandError) as error:
        _verify(*args)
    return str(error.value)


def test_every_frozen_document_is_logged_in_a_chain(demo):
    entries = list(ArchiveLogEntry.objects.order_by("sequence"))
    documents = {(d.meeting_id, d.variant): d for d in ProtocolDocument.objects.all()}
    committee = Meeting.objects.get(body__name=COMMITTEE)  # the demo's second signed protocol
    assert [(e.sequence, e.meeting_id, e.variant) for e in entries] == [
        (1, demo.pk, "public"),
        (2, demo.pk, "non_public"),
        (3, committee.pk, "public"),
        (4, committee.pk, "non_public"),
    ]
    assert entries[0].previous_hash == chain.GENESIS
    for before, entry in zip(entries, entries[1:], strict=False):
        assert entry.previous_hash == before.entry_hash
    for entry in entries:
        assert entry.sha256 == documents[(entry.meeting_id, entry.variant)].sha256
        assert entry.entry_hash == chain.entry_hash(entry)
    output = _verify()
    assert "4 Dokumente geprüft: alle unverändert." in output
    assert f"Kette bis Eintrag 4: {entries[3].entry_hash}" in output
    assert "alle unverändert" in _verify("--pinned", entries[0].entry_hash)


def test_a_deleted_document_is_noticed(demo):
    with lock.unlocked():  # what someone with database access could do
        ProtocolDocument.objects.filter(meeting=demo, variant="non_public").delete()
    message = _verify_fails()
    assert "is logged but gone" in message
    assert "the stored non_public document is missing" in message


def test_a_replaced_document_is_noticed_even_with_recomputed_checksums(demo):
    document = ProtocolDocument.objects.get(meeting=demo, variant="public")
    pdf = bytes(document.pdf).replace(
        b"Protokoll der Integrationsbeiratssitzung", b"Protokoll der Integrationsbeiratssitzunk"
    )
    html = document.html + " "
    with lock.unlocked():
        ProtocolDocument.objects.filter(pk=document.pk).update(
            pdf=pdf,
            html=html,
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
            sha512=hashlib.sha512(pdf).hexdigest(),
            html_sha256=hashlib.sha256(html.encode()).hexdigest(),
        )
    assert f"{document.file_name} (meeting {demo.pk}, public) was replaced" in _verify_fails()


@postgresql_only
def test_a_truncated_document_table_is_noticed(demo):
    with connection.cursor() as cursor:  # TRUNCATE bypasses row triggers
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction has deferred checks
        cursor.execute("TRUNCATE minutes_protocoldocument")
    message = _verify_fails()
    assert "0 von 0 Dokumenten" in message
    assert message.count("is logged but gone") == 4  # both parts of both demo protocols
    assert "the stored public document is missing" in message


@postgresql_only
def test_a_truncated_log_is_noticed(demo):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE minutes_archivelogentry")
    assert _verify_fails().count("is not in the log") == 4


def test_an_altered_or_removed_log_entry_breaks_the_chain(demo):
    first = ArchiveLogEntry.objects.get(sequence=1)
    with lock.unlocked():
        ArchiveLogEntry.objects.filter(pk=first.pk).update(file_name="anders.pdf")
    assert "log entry 1 was altered" in _verify_fails()
    with lock.unlocked():
        ArchiveLogEntry.objects.filter(pk=first.pk).delete()
    message = _verify_fails()
    assert "log entry 1 is missing" in message and "log entry 2 does not follow" in message


def test_a_pinned_head_that_is_no_longer_in_the_chain_is_reported(demo):
    head = chain.head()
    assert "alle unverändert" in _verify("--pinned", head.entry_hash)
    with lock.unlocked():
        ArchiveLogEntry.objects.filter(pk=head.pk).delete()
    assert f"der festgehaltene Stand {head.entry_hash} ist nicht (mehr) Teil der Kette" in _verify_fails(
        "--pinned", head.entry_hash
    )


@postgresql_only
def test_the_log_refuses_writes_outside_the_workflow(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArchiveLogEntry.objects.filter(sequence=1).update(sha256="0" * 64)


def test_a_signed_protocol_without_its_documents_is_never_rendered_from_the_rows(client, demo, caplog):
    with lock.unlocked():
        ProtocolDocument.objects.filter(meeting=demo).delete()
    with caplog.at_level(logging.ERROR, logger="minutes.integrity"):
        page = client.get(demo.get_absolute_url())
        pdf = client.get(reverse("minutes:meeting_pdf", args=[demo.pk]))
        data = client.get(reverse("minutes:meeting_data", args=[demo.pk]))
    for response in (page, pdf, data):
        assert response.status_code == 500
        text = response.content.decode()
        assert "Protokoll nicht verfügbar" in text
        assert "Bericht Projekt" not in text  # nothing of the protocol, from the rows or elsewhere
    assert len([r for r in caplog.records if "is missing" in r.getMessage()]) == 3
    # The members' part and the review page refuse too.
    client.force_login(User.objects.get(username="mitglied"))
    assert client.get(reverse("minutes:meeting_pdf_non_public", args=[demo.pk])).status_code == 500
    client.force_login(User.objects.get(username="sekretariat"))
    assert client.get(reverse("minutes:approval_review", args=[demo.pk])).status_code == 500


def test_a_missing_non_public_part_is_an_error_for_members_only(client, demo):
    with lock.unlocked():
        ProtocolDocument.objects.filter(meeting=demo, variant="non_public").delete()
    assert client.get(reverse("minutes:meeting_pdf", args=[demo.pk])).status_code == 200
    client.force_login(User.objects.get(username="mitglied"))
    assert client.get(demo.get_absolute_url()).status_code == 500


def test_the_chain_head_is_public(client, demo):
    head = chain.head()
    page = client.get(reverse("minutes:record_check")).content.decode()
    assert head.entry_hash in page
    assert "Der neueste Eintrag ist Nummer 4 vom" in page
