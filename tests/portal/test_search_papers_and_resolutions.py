"""The search finds papers (reference, title, the text of their files), agenda-item titles and
resolutions as well as contributions — with the same visibility, ranking and word forms."""

import pytest
from django.db import connection

from minutes.models import Paper
from tests.portal.test_search import results

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="German full-text search needs PostgreSQL")


def test_the_text_of_a_papers_file_is_found(demo, client):
    found = results(client, q="Haushaltsüberschreitungen")
    paper = Paper.objects.get(reference="0398/2024")
    assert "Vorlage 0398/2024" in found
    assert f'href="/oparl/v1.1/file/{paper.main_file_id}/access/"' in found
    assert "<mark>Haushaltsüberschreitungen</mark>" in found


def test_a_paper_is_found_by_its_reference(demo, client):
    found = results(client, q="0412/2024")
    assert "Vorlage 0412/2024" in found
    assert "Änderung der Baumschutzsatzung" in found


@postgres_only
def test_a_resolution_is_found_in_other_word_forms(demo, client):
    found = results(client, q="Zuschüsse")  # the resolution says “einen Zuschuss”
    assert "Beschluss" in found
    assert "bewilligt dem Stadtgarten e.V." in found


def test_an_agenda_item_title_is_found(demo, client):
    found = results(client, q="Einwohnerfragestunde")
    assert "TOP 2: Einwohnerfragestunde" in found
    assert "Tagesordnungspunkt" in found


def test_a_non_public_resolution_is_found_by_members_only(demo, client, member):
    assert "Fördermittel" not in results(client, q="Fördermittel vorgeschlagen")
    client.force_login(member)
    found = results(client, q="Fördermittel vorgeschlagen")
    assert "<mark>Fördermittel</mark> wie <mark>vorgeschlagen</mark> zu vergeben" in found
    assert "Beschluss" in found


def test_a_non_public_paper_is_not_found(demo, client):
    Paper.objects.filter(reference="0398/2024").update(public=False)
    assert "0398/2024" not in results(client, q="Haushaltsüberschreitungen")
