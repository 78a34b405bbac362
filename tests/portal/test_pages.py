import io
from datetime import date

from django.test import Client
from pypdf import PdfReader

from minutes import lock
from minutes.models import Meeting
from tests.factories import publish


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(response) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


def test_home_shows_the_latest_protocol_per_body_and_the_next_meetings(client, city):
    html = text_of(client.get("/"))
    assert "Protokoll der Integrationsbeiratssitzung, 20.07.2017" in html
    assert "Niederschrift des Sportausschusses, 01.03.2018" in html
    assert f"{city.upcoming.date:%d.%m.%Y}, 17.00" in html
    assert "Rathaus, Raum 101" in html
    assert "Nächste Sitzungen" in html


def test_meeting_list_filters_by_body_and_year_and_paginates(client, city):
    for number in range(10, 40):
        publish(Meeting.objects.create(body=city.sport, number=number, date=date(2019, 1, 1 + number % 28)))
    html = text_of(client.get("/meetings/", {"body": city.sport.pk, "year": 2019}))
    assert "Protokolle von Sportausschuss 2019" in html
    assert "Integrationsbeirat" not in html.split("<table")[1]
    assert "Seite 1 von 2" in html
    assert f"?body={city.sport.pk}&amp;year=2019&amp;page=2" in html
    assert ">2018</a>" in html  # the other years of the body are offered
    second = text_of(client.get("/meetings/", {"body": city.sport.pk, "year": 2019, "page": 2}))
    assert "Seite 2 von 2" in second


def test_member_reads_the_non_public_part_separately(city_member_client, city):
    html = text_of(city_member_client.get(city.published.get_absolute_url()))
    public, non_public = html.split('id="h-non-public"')
    assert "Sprachkurse für Geflüchtete" in public
    assert "Zitronenfalterabsprache" in non_public
    assert "Zitronenfalterabsprache" not in public
    assert "Maulwurfsvertrag" not in public  # not even in the public part's agenda
    assert f"/meetings/{city.published.pk}/pdf/nichtoeffentlich/" in non_public


def test_public_pdf_never_contains_non_public_items_even_for_members(city_member_client, city):
    response = city_member_client.get(f"/meetings/{city.published.pk}/pdf/")
    assert response["Content-Disposition"] == 'attachment; filename="2017-07-20_Integrationsbeirat_Protokoll.pdf"'
    text = pdf_text(response)
    assert "Sprachkurse für Geflüchtete" in text
    assert "Maulwurfsvertrag" not in text and "Zitronenfalterabsprache" not in text


def test_member_downloads_the_non_public_part_as_its_own_pdf(city_member_client, city):
    response = city_member_client.get(f"/meetings/{city.published.pk}/pdf/nichtoeffentlich/")
    assert response["Content-Disposition"] == (
        'attachment; filename="2017-07-20_Integrationsbeirat_Protokoll_nichtoeffentlicher_Teil.pdf"'
    )
    assert "private" in response["Cache-Control"]
    text = pdf_text(response)
    assert "Zitronenfalterabsprache" in text
    assert "Wartelisten" not in text


def test_public_pdf_is_cacheable_and_revalidated_by_etag(client, city):
    url = f"/meetings/{city.published.pk}/pdf/"
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    with lock.unlocked():  # a published protocol is locked; this stands in for the workflow
        Meeting.objects.filter(pk=city.published.pk).update(revision=2)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_secretariat_sees_the_draft_marked_as_unpublished(city_secretariat_client, city):
    html = text_of(city_secretariat_client.get(city.draft.get_absolute_url()))
    assert "Quallenplanung" in html
    assert "Nicht veröffentlicht" in html
    response = city_secretariat_client.get(f"/meetings/{city.draft.pk}/pdf/", HTTP_IF_NONE_MATCH='"x"')
    assert "no-cache" in response["Cache-Control"]


def test_a_draft_pdf_is_rendered_afresh_after_every_edit(city_secretariat_client, city):
    url = f"/meetings/{city.draft.pk}/pdf/"
    first = city_secretariat_client.get(url)
    assert first.status_code == 200
    assert "ETag" not in first  # an edit of a contribution would not change any cheap tag
    item = city.draft.agenda_items.first()
    item.title = "Geänderter Titel im Entwurf"
    item.save()
    again = city_secretariat_client.get(url, HTTP_IF_NONE_MATCH='"anything"')
    assert again.status_code == 200
    assert "Geänderter Titel im Entwurf" in pdf_text(again)


def test_member_does_not_see_drafts(city_member_client, city):
    assert city_member_client.get(city.draft.get_absolute_url()).status_code == 404
    assert city.draft.get_absolute_url() not in city_member_client.get("/meetings/").content.decode()


def test_person_page_shows_attendance_and_contributions_the_reader_may_see(client, city_member_client, city):
    url = f"/people/{city.member.pk}/"
    anonymous = text_of(Client().get(url))
    assert "Olga Duczkowska" in anonymous
    assert '<dt class="col-6 col-sm-3">Anwesend</dt><dd class="col-6 col-sm-9">1</dd>' in anonymous
    assert '<dt class="col-6 col-sm-3">Nicht anwesend</dt><dd class="col-6 col-sm-9">0</dd>' in anonymous  # the draft
    assert "Wartelisten der Volkshochschule" in anonymous
    item = city.published.agenda_items.get(number="2")
    assert f'href="/meetings/{city.published.pk}/#top-{item.pk}"' in anonymous
    assert "Zitronenfalterabsprache" not in anonymous

    as_member = text_of(city_member_client.get(url))
    assert "Zitronenfalterabsprache" in as_member
    assert "Kometenentwurf" not in as_member


def test_person_page_counts_excused_absences(client, city):
    html = text_of(client.get(f"/people/{city.speaker.pk}/"))
    assert '<dt class="col-6 col-sm-3">Entschuldigt</dt><dd class="col-6 col-sm-9">1</dd>' in html
    assert "Entschuldigt</td>" in html


def test_people_index_lists_only_people_of_visible_meetings(client, city):
    html = text_of(client.get("/people/"))
    assert "Herr Manay" in html and "Herr Fremd" in html
    assert "Frau Gegner" not in html  # listed in no protocol


def test_language_switch_is_a_link_to_the_same_page_in_english_and_stays_there(client, city):
    html = text_of(client.get("/search/?q=Zuschuss"))
    assert "Nächste Sitzungen" in text_of(client.get("/"))
    assert '<a class="nav-link" href="/en/search/?q=Zuschuss" hreflang="en" lang="en">English</a>' in html
    english = text_of(client.get("/en/search/?q=Zuschuss"))
    assert '<html lang="en">' in english and "Search the minutes" in english
    assert 'href="/en/meetings/"' in english  # every link keeps the choice
    assert '<a class="nav-link" href="/search/?q=Zuschuss" hreflang="de" lang="de">Deutsch</a>' in english
    assert "Next meetings" in text_of(client.get("/en/"))
    protocol = text_of(client.get("/en" + city.published.get_absolute_url()))
    assert "Download PDF" in protocol
    assert "Tagesordnung" in protocol  # the record itself stays German
    assert "Nächste Sitzungen" in text_of(client.get("/"))  # the German address stays German


def test_header_offers_the_language_links_with_a_label(client, city):
    html = text_of(client.get("/"))
    assert '<nav class="language-switch me-3" aria-label="Sprache">' in html
    assert '<span class="nav-link active" aria-current="true" lang="de">Deutsch</span>' in html
    assert "<form" not in html.split("<main")[0]  # no form (and no CSRF cookie) in the header


def test_anonymous_pages_set_no_cookie_and_do_not_vary_by_cookie(client, city):
    for url in ["/", "/en/", "/meetings/", city.published.get_absolute_url(), "/search/?q=Zuschuss", "/people/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)
        assert "Cookie" not in response.get("Vary", ""), (url, response.get("Vary"))
        assert "Accept-Language" not in response.get("Vary", ""), url


def test_logged_in_pages_still_vary_by_cookie(city_member_client, city):
    response = city_member_client.get(city.published.get_absolute_url())
    assert "Cookie" in response["Vary"]
    assert "public" not in response.get("Cache-Control", "")


def test_header_names_the_logged_in_person_as_addressed_in_line_with_the_links(city_secretariat_client, city):
    html = text_of(city_secretariat_client.get("/"))
    assert '<span class="nav-link disabled text-body-secondary">Frau Gegner</span>' in html


def test_header_names_a_login_without_person_by_username(client, city):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("techniker", password="demo"))
    assert '<span class="nav-link disabled text-body-secondary">techniker</span>' in text_of(client.get("/"))
