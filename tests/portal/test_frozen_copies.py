"""A published protocol is read at the cost of a static file: kept page, PDF as a file, 304s."""

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from council.models import Body
from minutes import frozen_copies
from minutes.approval import services
from minutes.models import ProtocolDocument
from tests.conftest import line_of


def test_a_published_page_is_kept_and_then_served_without_the_database(client, demo):
    url = demo.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert len(queries) == 0
    assert again.content == first.content
    assert "Sitzungssaal" in again.content.decode() or demo.display_title in again.content.decode()
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"] and "s-maxage=300" in again["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b"" and len(queries) == 0


def test_each_language_has_its_own_kept_page(client, demo):
    german = client.get(demo.get_absolute_url()).content.decode()
    english = client.get("/en" + demo.get_absolute_url()).content.decode()
    assert "PDF herunterladen" in german and "Download PDF" in english
    assert "PDF herunterladen" in client.get(demo.get_absolute_url()).content.decode()
    assert "Download PDF" in client.get("/en" + demo.get_absolute_url()).content.decode()


def test_members_and_the_secretariat_never_get_the_kept_page(client, demo):
    client.get(demo.get_absolute_url())  # kept for visitors
    client.force_login(User.objects.get(username="mitglied"))
    page = client.get(demo.get_absolute_url()).content.decode()
    assert "Nichtöffentlicher Teil" in page
    assert "public" not in client.get(demo.get_absolute_url()).get("Cache-Control", "")


def test_a_renamed_body_reaches_the_kept_page(client, demo, django_capture_on_commit_callbacks):
    client.get(demo.get_absolute_url())
    body = Body.objects.get(pk=demo.body_id)
    body.name = "Integrationsrat"
    with django_capture_on_commit_callbacks(execute=True):
        body.save()
    assert "Alle Protokolle von Integrationsrat" in client.get(demo.get_absolute_url()).content.decode()


def test_publishing_a_correction_updates_the_kept_page_of_the_original(
    client, demo, django_capture_on_commit_callbacks
):
    original = demo
    users = {name: User.objects.get(username=name) for name in ("sekretariat", "vorsitz", "geschaeftsfuehrung")}
    assert "Berichtigt durch" not in client.get(original.get_absolute_url()).content.decode()  # now kept
    correction = services.start_correction(original, by=users["sekretariat"], reason="Name in TOP 3 falsch")
    services.submit_for_approval(correction, by=users["sekretariat"])
    for signer in ("vorsitz", "geschaeftsfuehrung"):
        services.sign(correction, by=users[signer], line=line_of(correction, users[signer]), password="demo")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(correction, by=users["sekretariat"])
    html = Client().get(original.get_absolute_url()).content.decode()
    assert "Berichtigt durch" in html and correction.get_absolute_url() in html


def test_the_public_pdf_is_served_from_a_file_named_by_its_checksum(client, demo, settings):
    stored = ProtocolDocument.objects.get(meeting=demo, variant="public")
    url = f"/meetings/{demo.pk}/pdf/"
    assert client.get(url).content == bytes(stored.pdf)
    copy = settings.PROTOCOL_FILES_ROOT / stored.sha256[:2] / f"{stored.sha256}.pdf"
    assert copy.read_bytes() == bytes(stored.pdf)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert len(queries) == 0  # known to be public and unchanging: no database at all
    assert again.content == bytes(stored.pdf)
    assert again["ETag"] == f'"{stored.sha256}"'
    assert again["Content-Disposition"] == f'attachment; filename="{stored.file_name}"'
    assert "public" in again["Cache-Control"] and "max-age=86400" in again["Cache-Control"]
    copy.unlink()  # a lost copy is made again from the record (by a server that never held it)
    frozen_copies.forget_local_memory()
    assert client.get(url).content == bytes(stored.pdf)
    assert copy.read_bytes() == bytes(stored.pdf)


def test_a_304_reads_only_the_checksum(client, demo):
    stored = ProtocolDocument.objects.get(meeting=demo, variant="non_public")
    client.force_login(User.objects.get(username="mitglied"))
    url = f"/meetings/{demo.pk}/pdf/nichtoeffentlich/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=f'"{stored.sha256}"')
    assert response.status_code == 304
    document_queries = [q["sql"] for q in queries if "minutes_protocoldocument" in q["sql"]]
    assert document_queries and all('"pdf"' not in sql and '"html"' not in sql for sql in document_queries)
    assert '"sha256"' in document_queries[0]


def test_the_non_public_pdf_is_never_served_from_the_public_copy(client, demo):
    client.get(f"/meetings/{demo.pk}/pdf/")  # the public one is known now
    assert client.get(f"/meetings/{demo.pk}/pdf/nichtoeffentlich/").status_code == 404


def test_the_proxy_sends_the_file_when_x_accel_redirect_is_configured(client, demo, settings):
    settings.PROTOCOL_FILES_ACCEL_REDIRECT = "/_protocol-files/"
    stored = ProtocolDocument.objects.get(meeting=demo, variant="public")
    response = client.get(f"/meetings/{demo.pk}/pdf/")
    assert response["X-Accel-Redirect"] == f"/_protocol-files/{stored.sha256[:2]}/{stored.sha256}.pdf"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{stored.file_name}"'
    assert (settings.PROTOCOL_FILES_ROOT / stored.sha256[:2] / f"{stored.sha256}.pdf").read_bytes() == bytes(stored.pdf)


def test_a_damaged_record_is_never_copied(client, demo, settings):
    stored = ProtocolDocument.objects.get(meeting=demo, variant="public")
    copy = frozen_copies.FileCopy.of(stored)
    damaged = frozen_copies.FileCopy(stored.pk, "0" * 64, stored.file_name, stored.mime_type, stored.size)
    try:
        frozen_copies.file_bytes(damaged)
    except ValueError as error:
        assert "does not match its checksum" in str(error)
    else:
        raise AssertionError("a copy was made under a checksum its bytes do not have")
    assert not damaged.path.exists()
    assert frozen_copies.file_bytes(copy) == bytes(stored.pdf)


def test_lists_people_and_home_are_kept_for_visitors_too(client, demo, monkeypatch):
    person = demo.chair
    for url in ["/", "/meetings/", f"/meetings/?body={demo.body_id}", "/people/", f"/people/{person.pk}/"]:
        first = client.get(url)
        assert first.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert len(queries) == 0, url
        assert again.content == first.content
    assert "s-maxage=60" in client.get("/")["Cache-Control"]  # it lists the next meetings
    assert "s-maxage=300" in client.get("/meetings/")["Cache-Control"]
    # The home page is made again after a minute; the others last until something is published.
    later = frozen_copies._now() + 61
    monkeypatch.setattr(frozen_copies, "_now", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) > 0
    with CaptureQueriesContext(connection) as queries:
        client.get("/meetings/")
    assert len(queries) == 0


def test_searches_and_logged_in_readers_are_never_served_a_kept_page(client, demo):
    client.get("/search/?q=Sprachkurse")
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/?q=Sprachkurse")
    assert len(queries) > 0
    client.get("/")  # kept for visitors
    client.force_login(User.objects.get(username="sekretariat"))
    assert "Frau Gegner" in client.get("/").content.decode()
