"""Person pages name everyone a visible protocol names, with their part in each meeting."""

import re

import pytest
from django.test import Client

from council.models import Person
from minutes import lock
from minutes.models import Contribution, Meeting, MinuteTaker, Presenter


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str, meeting: Meeting) -> list[str]:
    """The cells of the person page's table row for the meeting, tags removed."""
    row = re.search(rf'<tr>\s*<td>[^<]*</td>\s*<td><a href="{meeting.get_absolute_url()}">.*?</tr>', html, re.S)
    assert row, html
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row.group(0), re.S)]


@pytest.fixture
def cast(city):
    """The published meeting chaired by someone not in its attendance list (as in the seed
    protocol), with a minute-taker, a presenter and a speaker who are not listed either."""
    chair = Person.objects.create(form_of_address="Herr", given_name="Horst", family_name="Vorsitzer")
    remmel = Person.objects.create(form_of_address="Frau", family_name="Remmel")
    rathert = Person.objects.create(form_of_address="Frau", given_name="Ute", family_name="Rathert")
    soylu = Person.objects.create(form_of_address="Herr", given_name="Ahmet", family_name="Soylu")
    item = city.published.agenda_items.get(number="2")
    hidden = city.published.agenda_items.get(number="5")
    with lock.unlocked():  # the meeting is published, hence locked
        Meeting.objects.filter(pk=city.published.pk).update(chair=chair)
        MinuteTaker.objects.create(meeting=city.published, person=remmel)
        Presenter.objects.create(item=item, person=rathert, role="Bildungskoordinatorin")
        Contribution.objects.create(item=item, order=7, speaker=chair, text="dankt **Frau Rathert** für den Bericht.")
        Contribution.objects.create(item=item, order=8, speaker=chair, text="fasst zusammen:\n\n- erstens\n- zweitens")
        Contribution.objects.create(item=hidden, order=8, speaker=soylu, text="spricht vertraulich.")
    return {"chair": chair, "remmel": remmel, "rathert": rathert, "soylu": soylu}


def test_people_index_lists_chair_minute_taker_presenter_and_speakers(client, cast):
    html = text_of(client.get("/people/"))
    assert "Herr Vorsitzer (Horst Vorsitzer)" in html
    assert "Frau Remmel" in html
    assert "Frau Rathert (Ute Rathert)" in html
    assert "Herr Soylu" not in html  # spoke only in a non-public item


def test_people_index_lists_speakers_of_non_public_items_to_members(city_member_client, cast):
    assert "Herr Soylu" in text_of(city_member_client.get("/people/"))


def test_person_page_shows_the_chair_as_present_with_role_and_contributions(client, city, cast):
    html = text_of(client.get(f"/people/{cast['chair'].pk}/"))
    assert '<dt class="col-6 col-sm-3">Anwesend</dt><dd class="col-6 col-sm-9">1</dd>' in html
    assert '<dt class="col-6 col-sm-3">Vorsitz</dt><dd class="col-6 col-sm-9">1</dd>' in html
    assert "Keine Anwesenheit erfasst" not in html
    assert cells(html, city.published)[2:] == ["Anwesend", "Vorsitz, 2 Wortbeiträge"]
    # The contributions as printed, rendered, never as raw markup.
    assert "<strong>Herr Vorsitzer</strong> dankt <strong>Frau Rathert</strong> für den Bericht." in html
    assert "<li>erstens</li>" in html
    assert "**" not in html


def test_person_page_shows_minute_taking_and_presenting(client, city, cast):
    remmel = text_of(client.get(f"/people/{cast['remmel'].pk}/"))
    assert '<dt class="col-6 col-sm-3">Schriftführung</dt><dd class="col-6 col-sm-9">1</dd>' in remmel
    assert cells(remmel, city.published)[2:] == ["Anwesend", "Schriftführung"]
    rathert = text_of(client.get(f"/people/{cast['rathert'].pk}/"))
    assert cells(rathert, city.published)[2:] == ["–", "Vortrag"]


def test_person_page_shows_attendance_status_beside_the_roles(client, city):
    html = text_of(client.get(f"/people/{city.member.pk}/"))
    assert cells(html, city.published)[2:] == ["Anwesend", "1 Wortbeitrag"]
    excused = text_of(client.get(f"/people/{city.speaker.pk}/"))
    assert cells(excused, city.published)[2:] == ["Entschuldigt", "1 Wortbeitrag"]


def test_person_page_is_headed_by_the_addressed_and_the_full_name(client, cast):
    html = text_of(client.get(f"/people/{cast['chair'].pk}/"))
    assert re.search(r"<h1[^>]*>Herr Vorsitzer <small[^>]*>\(Horst Vorsitzer\)</small></h1>", html)
    remmel = text_of(client.get(f"/people/{cast['remmel'].pk}/"))
    assert re.search(r"<h1[^>]*>Frau Remmel</h1>", remmel)


def test_person_page_offers_a_search_in_neutral_words(client, cast):
    html = text_of(client.get(f"/people/{cast['chair'].pk}/"))
    assert f'?person={cast["chair"].pk}">In den Wortbeiträgen dieser Person suchen</a>' in html
    assert "In ihren Wortbeiträgen" not in html


def test_person_page_hides_non_public_parts_from_the_public(cast, city_member_client):
    # Soylu speaks only in a non-public item: to the public no protocol names him at all.
    assert Client().get(f"/people/{cast['soylu'].pk}/").status_code == 404
    assert "spricht vertraulich" in text_of(city_member_client.get(f"/people/{cast['soylu'].pk}/"))


def test_seed_protocol_names_its_chair_and_minute_takers_on_the_people_pages(client, demo):
    people = text_of(client.get("/people/")) + text_of(client.get("/people/?page=2"))  # 50 per page
    assert "Herr Seigfried (Konrad Seigfried)" in people and "Frau Remmel" in people
    chair = Person.objects.get(family_name="Seigfried")
    html = text_of(client.get(f"/people/{chair.pk}/"))
    assert '<dt class="col-6 col-sm-3">Anwesend</dt><dd class="col-6 col-sm-9">1</dd>' in html
    assert cells(html, demo)[2].startswith("Anwesend") and cells(html, demo)[3].startswith("Vorsitz, ")
    assert "<strong>Herr Seigfried</strong>" in html and "**" not in html


def test_a_person_named_in_no_visible_protocol_has_no_public_page(client, db):
    from council.models import Person

    nobody = Person.objects.create(form_of_address="Herr", family_name="Nurimregister")
    assert client.get(f"/people/{nobody.pk}/").status_code == 404


def test_someone_listed_only_in_the_administration_group_has_no_person_page(
    client, city, django_capture_on_commit_callbacks
):
    """The secretariat's staff are named where they spoke, presented, chaired or kept the
    minutes — not because the attendance list has an administration group."""
    from minutes import lock
    from tests.factories import AttendanceFactory, body_group

    administration = body_group(city.beirat, kind="administration", votes=False)
    assert not administration.on_person_pages
    with lock.unlocked():
        AttendanceFactory(meeting=city.published, person=city.secretariat, order=9, group=administration)
    assert "Frau Gegner" not in text_of(client.get("/people/"))
    assert client.get(f"/people/{city.secretariat.pk}/").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # the kept pages are forgotten then
        administration.on_person_pages = True  # a body that publishes its staff
        administration.save()
    assert "Frau Gegner" in text_of(client.get("/people/"))
