"""An unsigned protocol must not look final; the non-public part says it is confidential."""

import io

from django.contrib.auth.models import User
from django.urls import reverse
from pypdf import PdfReader

from minutes.models import ProtocolDocument

DRAFT_MARK = "ENTWURF – nicht unterzeichnet"
CONFIDENTIAL = "Nichtöffentlicher Teil – vertraulich"


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def download(client, meeting, name="minutes:meeting_pdf"):
    client.force_login(User.objects.get(username="sekretariat"))
    response = client.get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 200
    return response


def test_a_draft_pdf_is_marked_on_every_page_and_in_its_name(client, draft_demo):
    response = download(client, draft_demo)
    assert (
        response["Content-Disposition"] == 'attachment; filename="2017-07-20_Integrationsbeirat_Protokoll_Entwurf.pdf"'
    )
    pages = page_texts(response.content)
    assert len(pages) > 1 and all(DRAFT_MARK in text for text in pages)
    assert CONFIDENTIAL not in pages[0]


def test_the_non_public_part_of_a_draft_is_marked_draft_and_confidential(client, draft_demo):
    response = download(client, draft_demo, "minutes:meeting_pdf_non_public")
    assert response["Content-Disposition"].endswith('_Protokoll_nichtoeffentlicher_Teil_Entwurf.pdf"')
    pages = page_texts(response.content)
    assert all(DRAFT_MARK in text and CONFIDENTIAL in text for text in pages)


def test_the_signed_documents_are_not_marked_draft(signed):
    public = ProtocolDocument.objects.get(meeting=signed, variant="public")
    non_public = ProtocolDocument.objects.get(meeting=signed, variant="non_public")
    assert "Entwurf" not in public.file_name and "Entwurf" not in non_public.file_name
    assert all("ENTWURF" not in text for text in page_texts(bytes(public.pdf)))
    assert "ENTWURF" not in public.html
    non_public_pages = page_texts(bytes(non_public.pdf))
    assert all(CONFIDENTIAL in text and "ENTWURF" not in text for text in non_public_pages)
    assert all(CONFIDENTIAL not in text for text in page_texts(bytes(public.pdf)))


def test_the_page_of_a_draft_says_it_is_not_signed(client, draft_demo):
    client.force_login(User.objects.get(username="sekretariat"))
    assert DRAFT_MARK in client.get(draft_demo.get_absolute_url()).content.decode()


def test_the_page_of_a_published_protocol_has_no_draft_mark(client, demo):
    assert DRAFT_MARK not in client.get(demo.get_absolute_url()).content.decode()
