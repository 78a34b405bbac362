"""Papers (Drucksachen, Vorlagen): entered in the workspace, put on agenda items, named by
decisions, printed at their item."""

import pytest
from django.urls import reverse

from minutes.drafting import papers
from minutes.models import Consultation, Decision, Paper
from tests.files import pdf_bytes


@pytest.fixture
def paper(draft_demo, secretariat):
    return papers.create_paper(by=secretariat, reference="0815/2017", name="Zuschüsse für Sprachkurse")


def test_the_secretariat_enters_a_paper_with_its_document(draft_demo, client, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretariat)
    upload = SimpleUploadedFile("vorlage.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("minutes:workspace_papers"),
        {
            "reference": "0815/2017",
            "name": "Zuschüsse",
            "paper_type": "Beschlussvorlage",
            "public": "on",
            "main_file": upload,
        },
    )
    paper = Paper.objects.get(reference="0815/2017")
    assert response.status_code == 302
    assert paper.main_file.mime_type == "application/pdf"
    assert "0815/2017" in client.get(reverse("minutes:workspace_papers")).content.decode()


def test_a_reference_is_taken_once_and_the_typed_text_comes_back(paper, client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("minutes:workspace_papers"), {"reference": "0815/2017", "name": "Noch eine"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Noch eine" in page
    assert Paper.objects.filter(reference="0815/2017").count() == 1


def test_a_member_enters_no_paper(draft_demo, client, member):
    client.force_login(member)
    response = client.post(reverse("minutes:workspace_papers"), {"reference": "1/2017", "name": "x"})
    assert response.status_code == 403
    assert not Paper.objects.filter(reference="1/2017").exists()


def test_a_paper_on_an_item_is_printed_there(paper, draft_demo, client, secretariat):
    item = draft_demo.agenda_items.get(number="2")
    client.force_login(secretariat)
    response = client.post(
        reverse("minutes:workspace_consultation_add", args=[item.pk]),
        {"paper": paper.pk, "role": "Vorberatung"},
    )
    assert response.status_code == 302
    assert Consultation.objects.get(item=item).paper == paper
    page = client.get(reverse("minutes:meeting_detail", args=[draft_demo.pk])).content.decode()
    assert "Vorlage 0815/2017 (Vorberatung)" in page


def test_a_decision_names_its_paper(paper, draft_demo, client, secretariat):
    item = draft_demo.agenda_items.get(number="2")
    client.force_login(secretariat)
    response = client.post(
        reverse("minutes:workspace_decision_add", args=[item.pk]),
        {"text": "Der Beirat stimmt zu.", "result": "accepted", "paper": paper.pk},
    )
    assert response.status_code == 302
    assert Decision.objects.get(item=item, text="Der Beirat stimmt zu.").paper == paper
    page = client.get(reverse("minutes:meeting_detail", args=[draft_demo.pk])).content.decode()
    assert "zur Vorlage 0815/2017" in page


def test_a_submitted_protocol_takes_no_paper(paper, submitted, client, secretariat):
    item = submitted.agenda_items.get(number="2")
    client.force_login(secretariat)
    response = client.post(reverse("minutes:workspace_consultation_add", args=[item.pk]), {"paper": paper.pk})
    assert response.status_code == 409
    assert not Consultation.objects.filter(item=item).exists()


def test_a_paper_on_an_item_is_not_deleted(paper, draft_demo, secretariat):
    from django.core.exceptions import ValidationError

    papers.consult(draft_demo.agenda_items.first(), by=secretariat, paper=paper)
    with pytest.raises(ValidationError):
        papers.delete_paper(paper, by=secretariat)
    assert Paper.objects.filter(pk=paper.pk).exists()
