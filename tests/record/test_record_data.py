"""One file, both record and data: the protocol's structured data embedded in its PDF/A-3,
checked by verify_minutes, offered for download; and export_minutes writes stored parts."""

import io
import json

import jsonschema
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from council.models import Person
from minutes import lock
from minutes.integrity import embedded_record
from minutes.models import Contribution, Meeting, ProtocolDocument

SCHEMA = json.loads((settings.BASE_DIR / "minutes" / "record.schema.json").read_text())
NON_PUBLIC_TITLE = "Vergabe der Fördermittel für Vereinsprojekte 2018"


def _stored(meeting, variant) -> ProtocolDocument:
    return ProtocolDocument.objects.get(meeting=meeting, variant=variant)


def test_the_frozen_pdf_carries_its_data_as_an_associated_file(demo):
    document = _stored(demo, "public")
    catalog = PdfReader(io.BytesIO(bytes(document.pdf))).trailer["/Root"]
    [spec] = {ref.idnum: ref.get_object() for ref in catalog["/AF"]}.values()
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/F"] == spec["/UF"] == "2017-07-20_Integrationsbeirat_Protokoll.json"
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"
    assert embedded_record(bytes(document.pdf)) == document.data.encode()


def test_the_data_follows_the_documented_schema_and_holds_the_protocol(demo):
    public = json.loads(_stored(demo, "public").data)
    non_public = json.loads(_stored(demo, "non_public").data)
    for record in (public, non_public):
        jsonschema.validate(record, SCHEMA)
    assert public["part"] == "public" and non_public["part"] == "non_public"
    assert public["meeting"]["id"] == demo.pk and public["meeting"]["date"] == "2017-07-20"
    assert public["chair"]["person"]["family_name"] == "Seigfried"
    assert len(public["attendance"]) == demo.attendances.count()
    contributions = [c for item in public["agenda_items"] for c in item["contributions"]]
    assert any(c["text"].startswith("eröffnet um 17.35 Uhr") for c in contributions)
    assert [(s["name"], s["function"]) for s in public["signatures"]] == [
        ("Konrad Seigfried", "Vorsitzender"),
        ("Anne Kathrin Müller", "Geschäftsführung"),
    ]
    assert all(s["signed_at"] and s["signed_by"] for s in public["signatures"])
    # The public part's data never holds a non-public item; the non-public part only those.
    assert all(item["public"] for item in public["agenda_items"])
    assert NON_PUBLIC_TITLE not in _stored(demo, "public").data
    [item] = non_public["agenda_items"]
    assert NON_PUBLIC_TITLE in item["title"] and not item["public"]


def test_decisions_carry_their_votes(draft_demo):
    from minutes.pdf import render_protocol_pdf
    from minutes.protocol import build_protocol

    item = draft_demo.agenda_items.filter(public=True).first()
    item.decisions.create(text="Der Beirat empfiehlt den Zuschuss.", votes_yes=12, votes_no=1, votes_abstain=2)
    pdf = render_protocol_pdf(build_protocol(draft_demo.pk, include_non_public=False))
    record = json.loads(embedded_record(pdf))
    jsonschema.validate(record, SCHEMA)
    [decision] = [d for i in record["agenda_items"] for d in i["decisions"]]
    assert decision["votes"] == {"yes": 12, "no": 1, "abstain": 2, "biased": None}
    assert decision["result"] == "accepted"


def test_the_portal_offers_the_data_with_the_access_of_the_pdf(client, demo):
    public_url = reverse("minutes:meeting_data", args=[demo.pk])
    non_public_url = reverse("minutes:meeting_data_non_public", args=[demo.pk])
    response = client.get(public_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="2017-07-20_Integrationsbeirat_Protokoll.json"'
    assert response.content == _stored(demo, "public").data.encode()
    assert public_url in client.get(demo.get_absolute_url()).content.decode()
    assert client.get(non_public_url).status_code == 404
    client.force_login(User.objects.get(username="mitglied"))
    assert client.get(non_public_url).content == _stored(demo, "non_public").data.encode()
    assert non_public_url in client.get(demo.get_absolute_url()).content.decode()


def test_a_drafts_data_comes_from_its_rows_and_stays_with_the_secretariat(client, demo):
    draft = Meeting.objects.get(body=demo.body, number=2)
    url = reverse("minutes:meeting_data", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(User.objects.get(username="sekretariat"))
    record = json.loads(client.get(url).content)
    assert record["meeting"]["id"] == draft.pk and record["signatures"][0]["signed_at"] is None


def test_verify_minutes_checks_the_data_against_the_protocols_rows(demo):
    out = io.StringIO()
    call_command("verify_minutes", stdout=out)
    assert "alle unverändert" in out.getvalue()
    # The registry may rename people after signing: the record keeps what was signed.
    Person.objects.filter(family_name="Seigfried").update(family_name="Seigfried-Neu")
    call_command("verify_minutes", stdout=io.StringIO())
    # A contribution changed behind the lock's back no longer matches the signed data.
    contribution = Contribution.objects.filter(item__meeting=demo, item__public=True).first()
    with lock.unlocked():
        Contribution.objects.filter(pk=contribution.pk).update(text="Etwas ganz anderes.")
    with pytest.raises(CommandError) as error:
        call_command("verify_minutes", stdout=io.StringIO())
    assert "[public]" in str(error.value) and "does not match the protocol's rows" in str(error.value)
    assert "[non_public]" not in str(error.value)


def test_export_with_non_public_writes_the_stored_parts_of_a_signed_protocol(demo, tmp_path):
    folder = tmp_path / "archive"
    call_command("export_minutes", output_dir=folder, meeting=demo.pk, with_non_public=True, stdout=io.StringIO())
    files = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert files == {
        "2017-07-20_Integrationsbeirat_Protokoll.pdf": bytes(_stored(demo, "public").pdf),
        "2017-07-20_Integrationsbeirat_Protokoll_nichtoeffentlicher_Teil.pdf": bytes(_stored(demo, "non_public").pdf),
    }
    text = " ".join(p.extract_text() for p in PdfReader(folder / next(n for n in files if "nicht" in n)).pages)
    assert "Elektronisch unterzeichnet von Konrad Seigfried" in text and "vertraulich" in text


def test_export_refuses_a_signed_protocol_whose_documents_are_gone(demo, tmp_path):
    with lock.unlocked():
        ProtocolDocument.objects.filter(meeting=demo, variant="non_public").delete()
    call_command("export_minutes", output_dir=tmp_path / "a", meeting=demo.pk, stdout=io.StringIO())
    with pytest.raises(CommandError, match="stored non_public document is missing"):
        call_command(
            "export_minutes", output_dir=tmp_path / "b", meeting=demo.pk, with_non_public=True, stdout=io.StringIO()
        )
