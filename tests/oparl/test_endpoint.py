"""The OParl 1.1 interface (minutes/oparl/): what it serves for the demo, checked against the
official schemas and the rules of the specification, and what it never serves."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Membership
from minutes.drafting import papers
from minutes.models import AgendaItem, Meeting, Paper, ProtocolDocument
from tests.conftest import MARKERS
from tests.oparl.crawl import PREFIX, crawl, embedded_objects, path_of, validate

ALL_TYPES = {
    "System",
    "Body",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "LegislativeTerm",
    "Location",
}


@pytest.fixture
def answers(demo, client, settings):
    settings.OPARL_PAGE_SIZE = 5  # several pages for every longer list
    return crawl(client)


def test_every_object_of_the_demo_matches_the_oparl_schema(answers):
    problems, types = [], set()
    for path, (response, data) in answers.items():
        assert response.status_code == 200, path
        if "data" in data and "pagination" in data:
            assert set(data["pagination"]) == {"totalElements", "elementsPerPage", "currentPage", "totalPages"}
            objects = data["data"]
        else:
            objects = [data]
        for obj in objects:
            types.add(validate(obj, problems, path))
            types |= {o["type"].rsplit("/", 1)[-1] for o in embedded_objects(obj)}
    assert problems == []
    assert types >= ALL_TYPES


def test_every_id_answers_with_the_same_object(answers, client):
    objects = {}
    for _path, (_response, data) in answers.items():
        for obj in embedded_objects(data):
            objects.setdefault(obj["id"], obj)
    assert len(objects) > 50
    for url, obj in objects.items():
        response = client.get(path_of(url))
        assert response.status_code == 200, url
        served = response.json()
        assert (served["id"], served["type"], served.get("modified")) == (url, obj["type"], obj.get("modified"))


def test_every_answer_allows_any_origin(answers, client):
    for path, (response, _data) in answers.items():
        assert response["Access-Control-Allow-Origin"] == "*", path
    with_origin = client.get(PREFIX, headers={"Origin": "https://example.org"})
    assert with_origin["Access-Control-Allow-Origin"] == "*"
    missing = client.get(PREFIX + "meeting/999999/")
    assert missing.status_code == 404
    assert missing["Access-Control-Allow-Origin"] == "*"
    assert missing.json() == {"error": "Not found"}


def test_lists_are_paginated_and_keep_the_filters(demo, client, settings):
    settings.OPARL_PAGE_SIZE = 2
    since = "2000-01-01T00:00:00+01:00"
    url = PREFIX + "body/1/people/?" + f"modified_since={since.replace('+', '%2B')}"
    ids, pages = [], 0
    while url:
        data = client.get(path_of(url) if url.startswith("http") else url).json()
        ids += [person["id"] for person in data["data"]]
        assert len(data["data"]) <= 2
        pages += 1
        url = data["links"].get("next")
        if url:
            assert "modified_since=2000-01-01T00%3A00%3A00%2B01%3A00" in url
    assert pages == data["pagination"]["totalPages"] > 3
    assert len(ids) == len(set(ids)) == data["pagination"]["totalElements"]


def test_filters_select_by_creation_and_change(demo, client):
    future = (timezone.now() + timezone.timedelta(days=1)).replace(microsecond=0).isoformat()
    past = "2000-01-01T00:00:00+00:00"
    for name in ("body/1/meetings/", "body/1/papers/", "body/1/people/", "body/1/files/", "body/1/organizations/"):
        assert client.get(PREFIX + name, {"modified_since": future}).json()["data"] == [], name
        assert client.get(PREFIX + name, {"created_until": past}).json()["data"] == [], name
        assert client.get(PREFIX + name, {"created_since": past, "modified_until": future}).json()["data"], name
    assert client.get(PREFIX + "bodies/", {"modified_since": future}).json()["data"] == []
    assert client.get(PREFIX + "body/1/meetings/", {"modified_since": "yesterday"}).status_code == 400
    assert client.get(PREFIX + "body/1/meetings/", {"page": "99999999999999999999"}).status_code == 400
    assert client.get(PREFIX + "body/1/meetings/", {"page": "2"}).json()["data"] == []


def test_only_what_an_anonymous_reader_sees(answers):
    text = "".join(response.content.decode() for response, _data in answers.values())
    non_public = AgendaItem.objects.filter(public=False, meeting__status=Meeting.Status.PUBLISHED)
    assert non_public.exists()
    for item in non_public:
        assert item.title not in text
        assert f"/agenda-item/{item.pk}/" not in text
    drafts = Meeting.objects.exclude(status=Meeting.Status.PUBLISHED)
    assert drafts.exists()
    for meeting in drafts:
        assert f"/meeting/{meeting.pk}/" not in text
        for item in meeting.agenda_items.all():
            assert f"/agenda-item/{item.pk}/" not in text
    assert "nichtoeffentlich" not in text.lower()  # the non-public part's PDF


def test_no_marked_word_reaches_the_interface(city, client):
    answers = crawl(client)
    text = "".join(response.content.decode() for response, _data in answers.values())
    assert "/meeting/" in text
    for marker in MARKERS:
        assert marker not in text


def test_hidden_objects_answer_404(demo, client):
    draft = Meeting.objects.exclude(status=Meeting.Status.PUBLISHED).first()
    hidden_item = AgendaItem.objects.filter(public=False).first()
    non_public_pdf = ProtocolDocument.objects.filter(variant=ProtocolDocument.Variant.NON_PUBLIC).first()
    assert client.get(PREFIX + f"meeting/{draft.pk}/").status_code == 404
    assert client.get(PREFIX + f"agenda-item/{hidden_item.pk}/").status_code == 404
    if non_public_pdf:
        assert client.get(PREFIX + f"protocol/{non_public_pdf.pk}/").status_code == 404
        assert client.get(PREFIX + f"protocol/{non_public_pdf.pk}/access/").status_code == 404


def test_the_frozen_protocol_is_the_meetings_results_protocol(demo, client):
    data = client.get(PREFIX + f"meeting/{demo.pk}/").json()
    protocol = data["resultsProtocol"]
    access = client.get(path_of(protocol["accessUrl"]))
    download = client.get(path_of(protocol["downloadUrl"]))
    assert access.status_code == download.status_code == 200
    content = access.content
    assert content.startswith(b"%PDF")
    assert protocol["size"] == len(content)
    assert protocol["sha512Checksum"] == hashlib.sha512(content).hexdigest()
    assert download.content == content
    assert "attachment" not in access.get("Content-Disposition", "")
    assert download["Content-Disposition"].startswith("attachment;")
    assert access["Access-Control-Allow-Origin"] == "*"


def test_a_papers_file_is_served_with_its_checksum(demo, client):
    paper = Paper.objects.get(reference="0398/2024")
    data = client.get(PREFIX + f"paper/{paper.pk}/").json()
    main = data["mainFile"]
    content = client.get(path_of(main["accessUrl"])).content
    assert hashlib.sha512(content).hexdigest() == main["sha512Checksum"]
    assert len(content) == main["size"]
    assert "Haushaltsüberschreitungen" in main["text"]
    assert data["consultation"][0]["role"] == "Beschlussfassung"


def test_a_deleted_paper_stays_as_a_tombstone(demo, client, secretariat):
    paper = papers.create_paper(by=secretariat, reference="0999/2024", name="Wird zurückgezogen")
    url = PREFIX + f"paper/{paper.pk}/"
    assert client.get(url).json()["deleted"] is False
    papers.delete_paper(paper, by=secretariat)
    gone = client.get(url).json()
    assert gone["deleted"] is True
    assert gone["id"] == "http://testserver" + url
    problems = []
    validate(gone, problems)
    assert problems == []
    listed = client.get(PREFIX + "body/1/papers/").json()["data"]
    assert [p["id"] for p in listed if p["deleted"]] == [gone["id"]]


def test_a_changed_membership_changes_its_person(demo, client):
    membership = Membership.objects.filter(person__in=[m.chair_id for m in Meeting.objects.all()]).first()
    url = PREFIX + f"person/{membership.person_id}/"
    before = client.get(url).json()["modified"]
    Membership.objects.filter(pk=membership.pk).update(modified=timezone.now() + timezone.timedelta(hours=1))
    after = client.get(url).json()
    assert after["modified"] > before
    assert after["membership"][0]["modified"] == after["modified"]


def test_the_extension_carries_the_whole_protocol(demo, client):
    committee = Meeting.objects.get(body__name__startswith="Ausschuss für Umwelt", corrects__isnull=True)
    data = client.get(PREFIX + f"meeting/{committee.pk}/").json()
    attendance = data["ratsprotokoll:attendance"]
    assert {row["status"] for row in attendance} == {"present", "excused"}
    assert any(row.get("deputyFor") for row in attendance)
    assert any(row.get("departure") for row in attendance)
    item = next(i for i in data["agendaItem"] if i["number"] == "4")
    decision = item["ratsprotokoll:decisions"][0]
    assert decision["votes"] == {"yes": 7, "no": 4, "abstain": 1, "biased": 0}
    assert len(decision["namedVotes"]) == 12
    assert {v["vote"] for v in decision["namedVotes"]} == {"yes", "no", "abstain"}
    assert decision["paper"].endswith(f"/paper/{Paper.objects.get(reference='0412/2024').pk}/")
    assert item["ratsprotokoll:contributions"][0]["text"].startswith("erläutert die Vorlage")


def test_the_endpoint_is_read_only(demo, client):
    assert client.post(PREFIX).status_code == 405
    assert client.post(reverse("oparl:meeting_list", args=[1])).status_code == 405
