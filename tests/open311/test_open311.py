"""Open311 GeoReport v2: an Open311 client's request becomes a resident report in triage, errors per the spec."""

from urllib.parse import urlencode

from inspect_app.core.db import db
from inspect_app.open311 import rules
from tests.resident_reports.helpers import only_report, report_count

PHONE = "13912345678"


def spec_example(**overrides) -> str:
    """The specification's POST example (wiki.open311.org GeoReport_v2, POST Service Request), with our codes."""
    fields = {"api_key": "xyz", "service_code": "H", "lat": "39.0001", "long": "115.0001",
              "address_string": "1234 5th street", "email": "smit333@sfgov.edu", "device_id": "tt222111",
              "account_id": "123456", "first_name": "john", "last_name": "smith", "phone": PHONE,
              "description": "A large sinkhole is destroying the street",
              "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg"}
    fields.update(overrides)
    return urlencode({k: v for k, v in fields.items() if v is not None})


def post(client, body: str):
    return client.post("/open311/v2/requests.json", data=body, content_type="application/x-www-form-urlencoded")


def placed(world):
    world.neighborhood_a.lat, world.neighborhood_a.lng = 39.0, 115.0
    world.neighborhood_b.lat, world.neighborhood_b.lng = 39.05, 115.05
    db.session.commit()


def test_services_are_the_report_categories(client):
    body = client.get("/open311/v2/services.json").get_json()
    codes = {s["service_code"] for s in body}
    assert "H" in codes and "X" in codes
    assert set(body[0]) >= {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}


def test_the_spec_example_creates_a_report_that_appears_in_triage(client, login, world):
    placed(world)
    response = post(client, spec_example())  # no CSRF token: an API client has none
    assert response.status_code == 201, response.get_data(as_text=True)
    [created] = response.get_json()
    report = only_report()
    assert created["service_request_id"] == report.receipt_code
    assert report.neighborhood_id == world.neighborhood_a.id and report.location_text == "1234 5th street"
    login(world.inspector)
    triage = client.get("/reports/triage").get_data(as_text=True)
    assert "A large sinkhole is destroying the street" in triage and report.receipt_code in triage


def test_the_neighbourhood_attribute_wins_over_the_position(client, world):
    placed(world)
    token = world.neighborhood_b.public_token
    assert post(client, spec_example() + f"&attribute%5Bneighborhood%5D={token}").status_code == 201
    assert only_report().neighborhood_id == world.neighborhood_b.id


def test_missing_fields_are_400_in_the_spec_error_format(client, world):
    placed(world)
    response = post(client, spec_example(service_code=None, description=None))
    body = response.get_json()
    assert response.status_code == 400 and all(set(e) == {"code", "description"} for e in body)
    assert [e["code"] for e in body] == [400, 400] and "service_code" in body[0]["description"]
    far = post(client, spec_example(lat="20.0", long="100.0"))
    assert far.status_code == 400 and far.get_json()[0]["code"] == 400
    bad = post(client, spec_example(phone="12345"))  # the web form's own parser answers
    assert bad.status_code == 400 and "电话号码格式不对" in bad.get_json()[0]["description"]
    assert report_count() == 0


def test_rate_limited_like_the_web_form(client, world):
    placed(world)
    for _ in range(5):
        assert post(client, spec_example()).status_code == 201
    response = post(client, spec_example())
    assert response.status_code == 429 and response.get_json()[0]["code"] == 429
    assert report_count() == 5


def test_status_has_no_personal_data(client, world):
    placed(world)
    code = post(client, spec_example()).get_json()[0]["service_request_id"]
    response = client.get(f"/open311/v2/requests/{code}.json")
    text = response.get_data(as_text=True)
    [status] = response.get_json()
    assert status["service_request_id"] == code and status["status"] == "open"
    assert PHONE not in text and "smith" not in text and "smit333" not in text
    assert client.get(f"/open311/v2/requests.json?service_request_id={code}").get_json()[0]["status"] == "open"
    missing = client.get("/open311/v2/requests/ABCDEFGH.json")
    assert missing.status_code == 404 and missing.get_json()[0]["code"] == 404
    assert client.get("/open311/v2/services.xml").status_code == 404


def test_nearest_rule():
    assert rules.nearest(39.0, 115.0, [(1, 39.0005, 115.0), (2, 39.01, 115.0)]) == 1
    assert rules.nearest(39.0, 115.0, [(1, 40.0, 115.0)]) is None
    assert rules.open311_status("declined", False) == "closed" and rules.open311_status("accepted", False) == "open"


def test_per_neighbourhood_limit_counts_every_address(app, world):
    placed(world)
    app.config["RESIDENT_REPORT_NEIGHBORHOOD_LIMIT"] = "3 per hour"
    for n in range(3):
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = f"10.0.1.{n}"
        assert post(other, spec_example()).status_code == 201
    last = app.test_client()
    last.environ_base["REMOTE_ADDR"] = "10.0.1.99"
    assert post(last, spec_example()).status_code == 429 and report_count() == 3
