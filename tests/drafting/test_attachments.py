"""Attachments (Anlagen) and figures in the workspace: uploaded, numbered, listed, printed, frozen."""

import hashlib
import html
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from minutes import files
from minutes.approval import services as approval
from minutes.approval.completeness import check_completeness
from minutes.drafting import services as drafting
from minutes.exceptions import ProtocolLocked, WorkflowError
from minutes.models import Attachment, Figure, File, Meeting, ProtocolDocument
from minutes.pdf import render_protocol_pdf
from minutes.protocol import build_protocol
from tests.conftest import PASSWORD, line_of
from tests.files import HTML_PAGE, gif_html_polyglot, pdf_bytes, png_bytes, upload


def page(response) -> str:
    return html.unescape(response.content.decode())


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def add_attachment(client, meeting, *, title="Haushaltsplan", item=None, content=None, name="plan.pdf"):
    data = {
        "attachment-file": upload(name, content if content is not None else pdf_bytes()),
        "attachment-title": title,
        "attachment-item": item.pk if item else "",
    }
    return client.post(reverse("minutes:workspace_attachments", args=[meeting.pk]), data)


# --- uploading and numbering ----------------------------------------------------------------------


def test_the_secretariat_uploads_attachments_that_are_numbered_in_order(secretary_client, meeting, settings):
    item = meeting.agenda_items.get()
    content = pdf_bytes("Haushaltsplan 2024")
    response = add_attachment(secretary_client, meeting, title="Haushaltsplan", item=item, content=content)
    assert response.status_code == 302
    add_attachment(secretary_client, meeting, title="Hallenplan", name="hallen.png", content=png_bytes())

    first, second = Attachment.objects.order_by("order")
    assert (first.order, first.title, first.item, first.file.mime_type) == (1, "Haushaltsplan", item, "application/pdf")
    assert (second.order, second.item, second.file.mime_type) == (2, None, "image/png")
    assert first.file.sha256 == hashlib.sha256(content).hexdigest()
    assert (Path(settings.MEDIA_ROOT) / first.file.content.name).read_bytes() == content

    listing = page(secretary_client.get(reverse("minutes:workspace_attachments", args=[meeting.pk])))
    assert "Anlage 1: Haushaltsplan" in listing and "Anlage 2: Hallenplan" in listing
    assert "Anlage 1: Haushaltsplan" in page(secretary_client.get(reverse("minutes:workspace_item", args=[item.pk])))
    assert first.history.first().history_user.username == "sekretariat"


def test_an_attachment_added_on_the_item_page_belongs_to_the_item(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_item_attachment_add", args=[item.pk]),
        {"attachment-file": upload("Plan.pdf", pdf_bytes()), "attachment-title": "", "attachment-item": item.pk},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.item == item
    assert attachment.title == "Plan"  # no title: the file's name


def test_a_refused_upload_keeps_what_was_typed_and_says_why(secretary_client, meeting):
    response = add_attachment(secretary_client, meeting, title="Wichtige Anlage", content=HTML_PAGE, name="x.html")
    assert response.status_code == 400
    text = page(response)
    assert "Anlagen können PDF-Dateien oder Bilder (PNG, JPEG, GIF, WebP) sein." in text
    assert 'value="Wichtige Anlage"' in text
    assert not Attachment.objects.exists() and not File.objects.exists()


def test_an_upload_over_the_limit_is_refused(secretary_client, meeting, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = add_attachment(secretary_client, meeting, content=pdf_bytes())
    assert response.status_code == 400
    assert "höchstens 1000" in page(response)
    assert not Attachment.objects.exists()


def test_the_form_asks_for_the_file_again_when_something_else_was_wrong(secretary_client, meeting):
    response = add_attachment(secretary_client, meeting, title="x" * 301)
    assert response.status_code == 400
    assert "Wählen Sie die Datei noch einmal" in page(response)
    assert not Attachment.objects.exists()


def test_moving_and_deleting_keep_the_numbers_without_gaps(
    secretary_client, meeting, settings, django_capture_on_commit_callbacks
):
    for title in ("Eins", "Zwei", "Drei"):
        add_attachment(secretary_client, meeting, title=title, content=pdf_bytes(title))
    one, two, three = Attachment.objects.order_by("order")
    secretary_client.post(reverse("minutes:workspace_attachment_move", args=[three.pk]), {"direction": "up"})
    assert list(Attachment.objects.order_by("order").values_list("title", flat=True)) == ["Eins", "Drei", "Zwei"]

    path = Path(settings.MEDIA_ROOT) / one.file.content.name
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(reverse("minutes:workspace_attachment_delete", args=[one.pk]))
    assert response.status_code == 302
    assert list(Attachment.objects.order_by("order").values_list("order", "title")) == [(1, "Drei"), (2, "Zwei")]
    assert not File.objects.filter(pk=one.file_id).exists()
    assert not path.exists()  # the bytes go with the last reference


def test_deleting_an_item_renumbers_the_attachments_after_it(secretary_client, council, meeting):
    by = council.users.secretary
    item = meeting.agenda_items.get()
    other = drafting.add_agenda_item(meeting, by=by, number="2", title="Verschiedenes")
    attach_via_service = lambda title, item: drafting.add_attachment(  # noqa: E731
        meeting, by=by, upload=_clean(title), title=title, item=item
    )
    attach_via_service("Zum ersten Punkt", item)
    attach_via_service("Zum zweiten Punkt", other)
    drafting.delete_agenda_item(item, by=by)
    assert list(Attachment.objects.values_list("order", "title")) == [(1, "Zum zweiten Punkt")]


def _clean(title):
    return files.clean_attachment(upload(f"{title}.pdf", pdf_bytes(title)))


def test_an_attachment_can_be_renamed_and_moved_to_another_item(secretary_client, council, meeting):
    by = council.users.secretary
    other = drafting.add_agenda_item(meeting, by=by, number="2", title="Verschiedenes")
    attachment = drafting.add_attachment(meeting, by=by, upload=_clean("Plan"), title="Plan")
    url = reverse("minutes:workspace_attachment", args=[attachment.pk])
    response = secretary_client.post(url, {"title": "Belegungsplan", "item": other.pk, "revision": attachment.revision})
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert (attachment.title, attachment.item) == ("Belegungsplan", other)
    stale = secretary_client.post(url, {"title": "Alter Stand", "item": "", "revision": 1})
    assert stale.status_code == 409
    assert "Belegungsplan" in page(stale)
    attachment.refresh_from_db()
    assert attachment.title == "Belegungsplan"


def test_an_item_of_another_meeting_is_refused(council, meeting):
    by = council.users.secretary
    other_meeting = drafting.start_meeting(council.body, by=by, number=8, date=meeting.date)
    foreign = drafting.add_agenda_item(other_meeting, by=by, number="1", title="Fremd")
    with pytest.raises(Exception, match="gehört zu einem anderen Protokoll"):
        drafting.add_attachment(meeting, by=by, upload=_clean("Plan"), title="Plan", item=foreign)
    assert not Attachment.objects.exists()


def test_only_the_secretariat_uploads(client, council, meeting):
    client.force_login(council.users.chair)
    response = add_attachment(client, meeting)
    assert response.status_code == 403
    assert not Attachment.objects.exists()


# --- printed ----------------------------------------------------------------------------------------


def test_attachments_are_listed_at_their_item_and_at_the_end_with_checksums(council, meeting):
    by = council.users.secretary
    item = meeting.agenda_items.get()
    plan = drafting.add_attachment(meeting, by=by, upload=_clean("Haushaltsplan"), title="Haushaltsplan", item=item)
    drafting.add_attachment(meeting, by=by, upload=_clean("Liste"), title="Anwesenheitsliste")
    pdf = pdf_text(render_protocol_pdf(build_protocol(meeting.pk, include_non_public=False)))
    flat = " ".join(pdf.split())
    assert "Anlagen: Anlage 1: Haushaltsplan" in flat  # at the item
    assert "Anlage 2: Anwesenheitsliste" in flat
    assert "zu TOP 1" in flat
    assert plan.file.sha256 in pdf.replace("\n", "").replace(" ", "")
    assert plan.file.sha512 in pdf.replace("\n", "").replace(" ", "")


def test_the_public_part_leaves_out_the_attachments_of_non_public_items(council, meeting, client):
    by = council.users.secretary
    secret = drafting.add_agenda_item(meeting, by=by, number="2", title="Personal", public=False)
    drafting.add_attachment(meeting, by=by, upload=_clean("Geheim"), title="Personalakte", item=secret)
    drafting.add_attachment(meeting, by=by, upload=_clean("Offen"), title="Hallenplan")
    protocol = build_protocol(meeting.pk, include_non_public=False)
    assert [a.title for a in protocol.attachments] == ["Hallenplan"]
    assert "Personalakte" not in pdf_text(render_protocol_pdf(protocol))


# --- frozen -------------------------------------------------------------------------------------------


@pytest.fixture
def signed_with_attachment(draft_demo, secretariat, chair, manager):
    item = draft_demo.agenda_items.filter(public=True).first()
    attachment = drafting.add_attachment(
        draft_demo, by=secretariat, upload=_clean("Haushaltsplan"), title="Haushaltsplan", item=item
    )
    meeting = approval.submit_for_approval(draft_demo, by=secretariat)
    for signer in (chair, manager):
        meeting = approval.sign(meeting, by=signer, line=line_of(meeting, signer), password=PASSWORD)
    return meeting, attachment


def test_attachments_are_frozen_with_the_protocol(signed_with_attachment, secretariat, settings):
    meeting, attachment = signed_with_attachment
    assert meeting.status == Meeting.Status.SIGNED
    stored = ProtocolDocument.objects.get(meeting=meeting, variant="public")
    text = pdf_text(bytes(stored.pdf)).replace("\n", "").replace(" ", "")
    assert "Anlage1:Haushaltsplan" in text
    assert attachment.file.sha256 in text and attachment.file.sha512 in text
    assert attachment.file.sha256 in stored.html
    with pytest.raises(ProtocolLocked):
        drafting.delete_attachment(attachment, by=secretariat)
    with pytest.raises(ProtocolLocked):
        Attachment.objects.filter(pk=attachment.pk).update(title="Anders")
    assert Attachment.objects.get(pk=attachment.pk).title == "Haushaltsplan"
    call_command("verify_minutes", stdout=io.StringIO())  # intact

    (Path(settings.MEDIA_ROOT) / attachment.file.content.name).write_bytes(pdf_bytes("Gefälscht"))
    with pytest.raises(CommandError, match="Anlage 1 .*SHA-256 does not match"):
        call_command("verify_minutes", stdout=io.StringIO())


def test_a_file_changed_on_disk_before_the_last_signature_is_not_frozen(
    draft_demo, secretariat, chair, manager, settings
):
    attachment = drafting.add_attachment(draft_demo, by=secretariat, upload=_clean("Plan"), title="Plan")
    meeting = approval.submit_for_approval(draft_demo, by=secretariat)
    meeting = approval.sign(meeting, by=chair, line=line_of(meeting, chair), password=PASSWORD)
    (Path(settings.MEDIA_ROOT) / attachment.file.content.name).write_bytes(b"%PDF-1.7 anders")
    with pytest.raises(WorkflowError, match="Anlage 1 „Plan“ ist nicht mehr so gespeichert"):
        approval.sign(meeting, by=manager, line=line_of(meeting, manager), password=PASSWORD)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED
    assert not ProtocolDocument.objects.filter(meeting=meeting).exists()


def test_a_correction_keeps_the_attachments_and_shares_their_files(
    signed_with_attachment, secretariat, settings, django_capture_on_commit_callbacks
):
    meeting, attachment = signed_with_attachment
    approval.publish(meeting, by=secretariat)
    correction = approval.start_correction(meeting, by=secretariat, reason="Tippfehler")
    copied = correction.attachments.get()
    assert (copied.order, copied.title, copied.file_id) == (1, "Haushaltsplan", attachment.file_id)
    assert copied.item.meeting == correction
    with django_capture_on_commit_callbacks(execute=True):
        drafting.delete_attachment(copied, by=secretariat)
    assert (Path(settings.MEDIA_ROOT) / attachment.file.content.name).exists()  # the original's
    assert File.objects.filter(pk=attachment.file_id).exists()


# --- figures in the workspace ------------------------------------------------------------------------


def test_the_secretariat_adds_a_figure_whose_image_is_encoded_anew(secretary_client, council, meeting):
    item = meeting.agenda_items.get()
    contribution = drafting.add_contribution(item, by=council.users.secretary, speaker=council.people.alpha, text="x")
    response = secretary_client.post(
        reverse("minutes:workspace_figure_add", args=[item.pk]),
        {
            "figure-image": upload("organigramm.gif", gif_html_polyglot(), "image/gif"),
            "figure-caption": "Organigramm",
            "figure-description": "Aufbau der Verwaltung",
            "figure-after": contribution.pk,
        },
    )
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert (figure.caption, figure.after) == ("Organigramm", contribution)
    stored = figure.image.open("rb").read()
    assert stored.startswith(b"\x89PNG") and b"script" not in stored.lower()
    assert figure.image.name.startswith("figures/") and hashlib.sha256(stored).hexdigest() in figure.image.name
    image = secretary_client.get(reverse("minutes:figure_image", args=[figure.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert f'src="{reverse("minutes:figure_image", args=[figure.pk])}"' in page(
        secretary_client.get(reverse("minutes:meeting_detail", args=[meeting.pk]))
    )


def test_a_figure_that_is_no_image_is_refused_with_the_caption_kept(secretary_client, meeting):
    item = meeting.agenda_items.get()
    response = secretary_client.post(
        reverse("minutes:workspace_figure_add", args=[item.pk]),
        {"figure-image": upload("bild.png", HTML_PAGE), "figure-caption": "Organigramm"},
    )
    assert response.status_code == 400
    assert "Die Datei ist kein lesbares Bild (PNG, JPEG, GIF oder WebP)." in page(response)
    assert 'value="Organigramm"' in page(response)
    assert not Figure.objects.exists()


def test_a_figure_is_edited_moved_and_deleted(secretary_client, council, meeting):
    item = meeting.agenda_items.get()
    by = council.users.secretary
    first = drafting.add_figure(item, by=by, image=files.clean_image(upload("a.png", png_bytes())), caption="Eins")
    second = drafting.add_figure(
        item, by=by, image=files.clean_image(upload("b.png", png_bytes(color=(0, 0, 255)))), caption="Zwei"
    )
    response = secretary_client.post(
        reverse("minutes:workspace_figure", args=[first.pk]), {"caption": "Erstes Bild", "description": "", "after": ""}
    )
    assert response.status_code == 302
    secretary_client.post(reverse("minutes:workspace_figure_move", args=[second.pk]), {"direction": "up"})
    assert list(item.figures.order_by("order").values_list("caption", flat=True)) == ["Zwei", "Erstes Bild"]
    secretary_client.post(reverse("minutes:workspace_figure_delete", args=[second.pk]))
    assert list(item.figures.values_list("caption", flat=True)) == ["Erstes Bild"]


def test_the_admin_encodes_a_figure_anew_too(client, council, meeting):
    client.force_login(council.users.superuser)
    item = meeting.agenda_items.get()
    response = client.post(
        reverse("admin:minutes_figure_add"),
        {"item": item.pk, "order": 1, "image": upload("a.gif", gif_html_polyglot()), "caption": "Bild"},
    )
    assert response.status_code == 302
    stored = Figure.objects.get().image.open("rb").read()
    assert stored.startswith(b"\x89PNG") and b"script" not in stored.lower()
    refused = client.post(
        reverse("admin:minutes_figure_add"),
        {"item": item.pk, "order": 2, "image": upload("b.png", HTML_PAGE), "caption": "Kein Bild"},
    )
    assert refused.status_code == 200  # the form again, with Django's own check of an image field
    assert "Bitte ein gültiges Bild hochladen." in page(refused)
    assert Figure.objects.count() == 1


def test_a_draft_with_attachments_is_deleted_with_their_files(
    council, meeting, settings, django_capture_on_commit_callbacks
):
    by = council.users.secretary
    attachment = drafting.add_attachment(meeting, by=by, upload=_clean("Plan"), title="Plan")
    path = Path(settings.MEDIA_ROOT) / attachment.file.content.name
    with django_capture_on_commit_callbacks(execute=True):
        drafting.delete_content(meeting, by=by)
    assert not File.objects.exists()
    assert not path.exists()


def test_the_completeness_check_names_an_attachment_whose_file_is_gone(council, meeting, settings):
    attachment = drafting.add_attachment(meeting, by=council.users.secretary, upload=_clean("Plan"), title="Plan")
    assert not [p for p in check_completeness(meeting) if "Anlage" in p.message]
    (Path(settings.MEDIA_ROOT) / attachment.file.content.name).unlink()
    problems = [p for p in check_completeness(meeting) if "Anlage" in p.message]
    assert [p.message for p in problems] == ["Die Datei von Anlage 1 „Plan“ fehlt: Laden Sie sie neu hoch."]
    assert problems[0].url == reverse("minutes:workspace_attachments", args=[meeting.pk])


def embedded_files(pdf: bytes) -> dict[str, tuple[str, bytes]]:
    """The files a PDF carries as associated files: name → (AFRelationship, content)."""
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    found = {}
    for spec in catalog.get("/AF", []):
        spec = spec.get_object()
        found[str(spec["/F"])] = (str(spec["/AFRelationship"]), spec["/EF"]["/F"].get_object().get_data())
    return found


def test_the_frozen_pdf_carries_its_attachments_and_lists_them_in_its_data(signed_with_attachment):
    meeting, attachment = signed_with_attachment
    stored = ProtocolDocument.objects.get(meeting=meeting, variant="public")
    embedded = embedded_files(bytes(stored.pdf))
    original = attachment.file.content.open("rb").read()
    assert embedded["Anlage-1_Haushaltsplan.pdf"] == ("/Supplement", original)
    record = json.loads(stored.data)
    assert record["attachments"] == [
        {
            "number": 1,
            "title": "Haushaltsplan",
            "agenda_item": attachment.item_id,
            "file_name": "Haushaltsplan.pdf",
            "embedded_as": "Anlage-1_Haushaltsplan.pdf",
            "mime_type": "application/pdf",
            "size": len(original),
            "sha256": hashlib.sha256(original).hexdigest(),
            "sha512": hashlib.sha512(original).hexdigest(),
        }
    ]
    schema = json.loads((Path(django_settings.BASE_DIR) / "minutes/record.schema.json").read_text())
    jsonschema.validate(record, schema)
    non_public = ProtocolDocument.objects.get(meeting=meeting, variant="non_public")
    assert not [name for name in embedded_files(bytes(non_public.pdf)) if name.startswith("Anlage-")]
