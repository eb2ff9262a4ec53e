"""Which position stands for a neighbourhood, and what a tile URL asks of the CSP: pure rules."""

from inspect_app.maps.rules import LocationSource, Position, locate, tile_origin

ADMIN, PATROL, PHOTO = LocationSource.ADMIN, LocationSource.PATROL, LocationSource.PHOTO


def test_the_first_known_position_wins_in_order_of_trust():
    assert locate([(ADMIN, 40.1, 114.9), (PATROL, 41.0, 115.0)]) == Position(40.1, 114.9, ADMIN)
    assert locate([(ADMIN, None, None), (PATROL, 41.0, 115.0), (PHOTO, 42.0, 116.0)]) == Position(41.0, 115.0, PATROL)
    assert locate([(ADMIN, None, None), (PATROL, None, None), (PHOTO, 42.0, 116.0)]) == Position(42.0, 116.0, PHOTO)
    assert locate([(ADMIN, None, None), (PATROL, None, None), (PHOTO, None, None)]) is None


def test_half_or_impossible_positions_are_skipped():
    assert locate([(ADMIN, 40.0, None), (PATROL, 95.0, 114.0), (PHOTO, 40.5, 114.5)]) == Position(40.5, 114.5, PHOTO)
    assert locate([(ADMIN, 0.0, 0.0)]) == Position(0.0, 0.0, ADMIN)  # zero is a position, not a missing one


def test_tile_origin_is_the_host_of_the_template():
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_origin("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png?tk=KEY") == "http://127.0.0.1:8080"


def test_no_origin_for_no_tiles_or_a_bad_url():
    assert tile_origin("") is None
    assert tile_origin("javascript:alert(1)") is None
    assert tile_origin("/tiles/{z}/{x}/{y}.png") is None
    assert tile_origin("https://a.example.org;script-src *'/{z}") is None
