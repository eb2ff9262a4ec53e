"""Areas end to end through the pages: a community inspector and a supervisor of another subdistrict each see
only their own in every list, and answer 404 for the other's things."""

import pytest

from inspect_app.core.db import db
from inspect_app.core.roles import Role
from inspect_app.inspections.models import Inspection
from inspect_app.orders import services as orders
from inspect_app.photos.models import PhotoKind
from inspect_app.photos.services import store_photo
from inspect_app.places import services as places
from inspect_app.resident_reports.models import ResidentReport
from inspect_app.resident_reports.rules import new_receipt_code
from tests import factories
from tests.security.helpers import jpeg, sign_in


@pytest.fixture
def two(app, world):
    """Near: the world's 学府街社区 (南站街道); far: 北站街道/朝阳社区 with 林业北小区. One of each thing in each."""
    district = world.neighborhood_a.community.subdistrict.district
    far_subdistrict = places.ensure_subdistrict(district, "北站街道")
    far = places.ensure_neighborhood(places.ensure_community(far_subdistrict, "朝阳社区"), "朝阳小区",
                                     company=world.company_a)
    db.session.commit()
    things = {}
    for key, neighborhood in (("near", world.neighborhood_a), ("far", far)):
        finding = factories.finding(neighborhood, title=f"{key}-问题")
        photo = store_photo(jpeg(), kind=PhotoKind.EVIDENCE, actor=world.inspector, watermark_lines=["t"],
                            finding_id=finding.id)
        other = factories.finding(neighborhood, title=f"{key}-下发")
        order = orders.issue_order(orders.draft_order(neighborhood, [other.id], actor=world.inspector),
                                   actor=world.inspector)
        report = ResidentReport(receipt_code=new_receipt_code(), neighborhood_id=neighborhood.id,
                                category_code="H", description=f"{key}-居民上报")
        db.session.add(report)
        db.session.commit()
        things[key] = {"neighborhood": neighborhood, "finding": finding, "photo": photo, "order": order,
                       "report": report}
    community_inspector = factories.user("xq-near", Role.INSPECTOR)
    community_inspector.community = world.neighborhood_a.community
    far_supervisor = factories.user("dc-far", Role.SUPERVISOR)
    far_supervisor.subdistrict = far_subdistrict
    db.session.commit()
    clients = {}
    for name, user, mine in (("near", community_inspector, "near"), ("far", far_supervisor, "far")):
        client = app.test_client()
        sign_in(client, user)
        clients[name] = (client, things[mine], things["far" if mine == "near" else "near"])
    return clients


@pytest.mark.parametrize("who", ["near", "far"])
def test_each_list_shows_only_the_area(two, who):
    client, mine, theirs = two[who]
    pages = {
        "/": [mine["neighborhood"].name],
        "/neighborhoods/search?q=": [mine["neighborhood"].name],
        "/ledger": [mine["finding"].title],
        "/ledger/export.csv": [mine["finding"].title],
        "/orders": [mine["order"].number],
        "/reports/triage": ["居民上报"],
        "/ledger/levels": [mine["neighborhood"].community.name],
    }
    for path, wanted in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        for text in wanted:
            assert text in body, (path, text)
        for text in (theirs["neighborhood"].name, theirs["finding"].title, theirs["order"].number,
                     f"{'far' if who == 'near' else 'near'}-居民上报"):
            assert text not in body, (path, text)


@pytest.mark.parametrize("who", ["near", "far"])
def test_every_detail_outside_the_area_is_404(two, who):
    client, mine, theirs = two[who]
    for things, expected in ((mine, 200), (theirs, 404)):
        paths = [f"/findings/{things['finding'].id}", f"/orders/{things['order'].id}",
                 f"/orders/{things['order'].id}/follow-up", f"/photos/{things['photo'].id}/thumb",
                 f"/reports/{things['report'].id}", f"/orders/new?neighborhood={things['neighborhood'].id}",
                 f"/neighborhoods/{things['neighborhood'].id}/resident-link"]
        for path in paths:
            with client.get(path) as response:  # a photo is a file response: closed here
                assert response.status_code == expected, path
    assert client.post(f"/patrols/start/{theirs['neighborhood'].id}").status_code == 404
    assert client.post(f"/orders/{theirs['order'].id}/void", data={"reason": "x"}).status_code == 404
    assert client.post(f"/reports/{theirs['report'].id}/decline", data={"reason": "x"}).status_code == 404
    assert client.post("/orders", data={"neighborhood_id": theirs["neighborhood"].id}).status_code == 404
    started = client.post(f"/patrols/start/{mine['neighborhood'].id}")
    assert started.status_code in (302, 303)
    inspection_id = int(started.headers["Location"].rstrip("/").split("/")[-1])
    assert db.session.get(Inspection, inspection_id).neighborhood_id == mine["neighborhood"].id
