"""The map page: a server-rendered list that works without JS, the ledger's filters, the tile host in the CSP,
and a finding's page saying where its photos were taken."""

from datetime import timedelta

from inspect_app.core.db import db
from inspect_app.core.time import local_today
from tests import factories
from tests.maps.helpers import photo


def _csp(response) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part for part in response.headers["Content-Security-Policy"].split("; ")}


def test_the_list_shows_places_and_open_findings_without_js(client, login, world):
    world.neighborhood_a.lat, world.neighborhood_a.lng = 40.8, 114.9
    db.session.commit()
    f = factories.finding(world.neighborhood_a, title="楼道堆积杂物", deadline=local_today() - timedelta(days=1))
    photo(f, 40.80123, 114.90456)
    login(world.inspector)
    response = client.get("/map")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<ul class="list map-list" id="map-list">' in html
    assert 'data-lat="40.8" data-lng="114.9" data-name="枫墅小镇小区"' in html
    assert f'href="/findings/{f.id}"' in html and 'data-lat="40.80123" data-lng="114.90456"' in html
    assert 'data-state="open" data-overdue="1"' in html
    assert "管理员设定" in html and "位置未知" in html  # neighbourhood_b has no position yet
    assert "未销号问题 1 条" in html


def test_filters_as_the_ledger_with_a_message_for_a_bad_value(client, login, world):
    factories.finding(world.neighborhood_a, title="逾期问题", deadline=local_today() - timedelta(days=3))
    factories.finding(world.neighborhood_b, title="按期问题", deadline=local_today() + timedelta(days=3))
    login(world.supervisor)
    html = client.get("/map?overdue=1&company=abc").get_data(as_text=True)
    assert "逾期问题" in html and "按期问题" not in html
    assert "“物业公司”的值无效（abc），已忽略。" in html
    assert 'name="overdue" value="1" checked' in html  # what was chosen stays chosen
    html = client.get(f"/map?neighborhood={world.neighborhood_b.id}").get_data(as_text=True)
    assert "按期问题" in html and "逾期问题" not in html and "枫墅小镇小区</b>" not in html


def test_the_csp_lets_in_images_from_the_tile_host_only(app, client, login, world):
    login(world.inspector)
    csp = _csp(client.get("/map"))
    assert csp["img-src"] == "img-src 'self' data: blob: https://tile.openstreetmap.org"
    assert csp["script-src"] == "script-src 'self'" and csp["connect-src"] == "connect-src 'self'"
    assert _csp(client.get("/ledger"))["img-src"] == "img-src 'self' data: blob:"  # other pages unchanged


def test_without_tiles_the_page_still_draws_markers_on_a_plain_background(app, client, login, world):
    app.config["MAP_TILE_URL"] = ""
    login(world.inspector)
    response = client.get("/map")
    assert 'data-tiles=""' in response.get_data(as_text=True)
    assert _csp(response)["img-src"] == "img-src 'self' data: blob:"


def test_a_photos_position_opens_the_map_centred_there(client, login, world):
    f = factories.finding(world.neighborhood_a)
    photo(f, 40.812345, 114.887654)
    photo(f, None, None)
    login(world.inspector)
    html = client.get(f"/findings/{f.id}").get_data(as_text=True)
    assert "拍摄位置" in html and "40.812345, 114.887654" in html
    assert 'href="/map?lat=40.812345&amp;lng=114.887654"' in html
    html = client.get("/map?lat=40.812345&lng=114.887654").get_data(as_text=True)
    assert 'data-centre="40.812345,114.887654"' in html and "照片位置：40.812345, 114.887654" in html
    assert "data-centre" not in client.get("/map?lat=nan&lng=1").get_data(as_text=True)


def test_a_company_sees_its_photos_position_without_a_map_link(client, login, world):
    f = factories.finding(world.neighborhood_a)
    photo(f, 40.812345, 114.887654)
    login(world.company_user_a)
    html = client.get(f"/findings/{f.id}").get_data(as_text=True)
    assert "40.812345, 114.887654" in html and "/map?" not in html
    assert client.get("/map").status_code == 403


def test_the_nav_links_the_map_for_inspectors_and_supervisors(client, login, world):
    login(world.inspector)
    assert 'href="/map"' in client.get("/ledger").get_data(as_text=True)
