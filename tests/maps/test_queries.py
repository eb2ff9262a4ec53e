"""The map's queries: where a neighbourhood is (admin, first patrol, first finding photo), open findings as markers,
the ledger's filters, and the user's area."""

from datetime import date, timedelta

from inspect_app.core.db import db
from inspect_app.findings.ledger import LedgerFilters, parse_filters
from inspect_app.findings.rules import FindingState
from inspect_app.maps import queries
from inspect_app.maps.rules import LocationSource
from inspect_app.places import services as places
from tests import factories
from tests.maps.helpers import patrol, photo
from tests.security.helpers import area_accounts

TODAY = date(2026, 6, 15)


def _places(user, filters=None):
    return {p.name: p for p in queries.places(user, filters)}


def test_the_admins_position_comes_first(world):
    world.neighborhood_a.lat, world.neighborhood_a.lng = 40.80, 114.90
    db.session.commit()
    patrol(world.neighborhood_a, world.inspector, 41.0, 115.0, day=TODAY)
    place = _places(world.inspector)["枫墅小镇小区"]
    assert (place.position.lat, place.position.lng, place.position.source) == (40.80, 114.90, LocationSource.ADMIN)


def test_else_the_first_submitted_patrols_start(world):
    n = world.neighborhood_a
    patrol(n, world.inspector, 10.0, 10.0, day=TODAY - timedelta(days=9), status="draft")  # not submitted
    patrol(n, world.inspector, 11.0, 11.0, day=TODAY - timedelta(days=8), kind="follow_up")  # not a patrol
    patrol(n, world.inspector, None, None, day=TODAY - timedelta(days=7))  # no position
    patrol(n, world.inspector, 40.71, 114.81, day=TODAY - timedelta(days=5))
    patrol(n, world.inspector, 40.99, 114.99, day=TODAY)
    place = _places(world.inspector)["枫墅小镇小区"]
    assert (place.position.lat, place.position.lng, place.position.source) == (40.71, 114.81, LocationSource.PATROL)


def test_else_the_first_finding_photo_else_unknown(world):
    first = factories.finding(world.neighborhood_a)
    photo(first, None, None)
    photo(first, 40.61, 114.71)
    photo(factories.finding(world.neighborhood_a), 40.62, 114.72)
    photo(factories.finding(world.neighborhood_b), 40.5, 114.5, kind="resident")  # not where a finding was raised
    found = _places(world.inspector)
    assert (found["枫墅小镇小区"].position.lat, found["枫墅小镇小区"].position.source) == (40.61, LocationSource.PHOTO)
    assert found["晟家理想湾小区"].position is None


def test_open_findings_as_markers_at_their_photo_or_their_neighbourhood(world):
    world.neighborhood_a.lat, world.neighborhood_a.lng = 40.80, 114.90
    db.session.commit()
    with_photo = factories.finding(world.neighborhood_a, title="有照片")
    photo(with_photo, 40.8012, 114.9034)
    without = factories.finding(world.neighborhood_a, title="无照片", deadline=TODAY - timedelta(days=1))
    factories.finding(world.neighborhood_a, title="已销号", state=FindingState.CLOSED)
    unplaced = factories.finding(world.neighborhood_b, title="位置未知")
    data = queries.map_data(LedgerFilters(), world.inspector, TODAY)
    markers = {m.title: m for ms in data.markers.values() for m in ms}
    assert set(markers) == {"有照片", "无照片", "位置未知"} and data.total == data.shown == 3
    assert (markers["有照片"].lat, markers["有照片"].lng, markers["有照片"].from_photo) == (40.8012, 114.9034, True)
    assert (markers["无照片"].lat, markers["无照片"].from_photo, markers["无照片"].overdue) == (40.80, False, True)
    assert not markers["有照片"].overdue
    assert markers["位置未知"].lat is None and markers["位置未知"].neighborhood_id == unplaced.neighborhood_id
    assert [m.id for m in data.markers[world.neighborhood_a.id]] == [without.id, with_photo.id]  # newest first


def test_the_ledgers_filters_narrow_the_markers_and_places(world):
    factories.finding(world.neighborhood_a, title="逾期", deadline=TODAY - timedelta(days=2))
    factories.finding(world.neighborhood_a, title="下发", state=FindingState.ORDERED)
    factories.finding(world.neighborhood_b, title="别处", category_code="Q")

    def titles(args):
        filters, errors = parse_filters(args)
        assert errors == []
        return sorted(m.title for ms in queries.map_data(filters, world.inspector, TODAY).markers.values() for m in ms)

    assert titles({"overdue": "1"}) == ["逾期"]
    assert titles({"state": "ordered"}) == ["下发"]
    assert titles({"category": "Q"}) == ["别处"]
    assert titles({"state": "closed"}) == ["下发", "别处", "逾期"]  # the map shows open findings only
    only_a = parse_filters({"neighborhood": str(world.neighborhood_a.id)})[0]
    assert list(_places(world.inspector, only_a)) == ["枫墅小镇小区"]
    assert titles({"company": str(world.company_b.id)}) == ["别处"]


def test_an_area_account_sees_only_its_areas_places_and_markers(world):
    area_accounts(world)
    far = places.ensure_neighborhood(places.ensure_community(world.far_supervisor.subdistrict, "朝阳社区"),
                                     "朝阳小区", company=world.company_a)
    far.lat, far.lng = 40.9, 114.95
    db.session.commit()
    factories.finding(far, title="北站问题")
    factories.finding(world.neighborhood_a, title="学府问题")
    everywhere = (["晟家理想湾小区", "朝阳小区", "枫墅小镇小区"], ["北站问题", "学府问题"])
    for user, names, titles in ((world.far_supervisor, ["朝阳小区"], ["北站问题"]),
                                (world.community_inspector, ["晟家理想湾小区", "枫墅小镇小区"], ["学府问题"]),
                                (world.supervisor, *everywhere)):
        data = queries.map_data(LedgerFilters(), user, TODAY)
        assert sorted(p.name for p in data.places) == sorted(names), user.username
        assert sorted(m.title for ms in data.markers.values() for m in ms) == titles, user.username


def test_beyond_the_limit_markers_are_counted_not_drawn(world):
    for i in range(5):
        factories.finding(world.neighborhood_a, title=f"问题{i}")
    data = queries.map_data(LedgerFilters(), world.inspector, TODAY, limit=3)
    assert (data.total, data.shown) == (5, 3)
