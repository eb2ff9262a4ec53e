"""Who may do what: one table of role × route → status; refused actions change nothing."""

import pytest
from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.photos.models import Photo
from inspect_app.resident_reports.models import ReportStatus, ResidentReport
from tests.resident_reports.helpers import jpeg, submitted

ROLES = ["anonymous", "inspector", "supervisor", "company", "admin"]
USERS = {"inspector": "inspector", "supervisor": "supervisor", "company": "company_user_a", "admin": "admin"}
LOGIN = 302  # anonymous: sent to the login page

# route → expected status per role, in ROLES order
MATRIX = {
    ("GET", "/reports/triage"): [LOGIN, 200, 200, 403, 403],
    ("GET", "/reports/{report}"): [LOGIN, 200, 200, 403, 403],
    ("POST", "/reports/{report}/accept"): [LOGIN, 303, 303, 403, 403],
    ("POST", "/reports/{report}/decline"): [LOGIN, 303, 303, 403, 403],
    ("POST", "/reports/{report}/merge"): [LOGIN, 422, 422, 403, 403],
    ("GET", "/neighborhoods/{neighborhood}/resident-link"): [LOGIN, 200, 200, 403, 200],
    ("GET", "/neighborhoods/{neighborhood}/poster.pdf"): [LOGIN, 200, 200, 403, 200],
    ("GET", "/photos/{photo}/thumb"): [LOGIN, 200, 200, 404, 200],
    ("GET", "/photos/{photo}/display"): [LOGIN, 200, 200, 404, 200],
    ("GET", "/r/{token}"): [200, 200, 200, 200, 200],
    ("GET", "/r/status/{code}"): [200, 200, 200, 200, 200],
}
FORMS = {"accept": {"category": "H"}, "decline": {"reason": "重复上报"}, "merge": {"finding": "999999"}}
CASES = [(method, path, role, expected) for (method, path), statuses in MATRIX.items()
         for role, expected in zip(ROLES, statuses, strict=True)]


@pytest.mark.parametrize("method, path, role, expected", CASES, ids=[f"{r}-{m}-{p}" for m, p, r, _ in CASES])
def test_access(app, client, world, login, method, path, role, expected):
    report = submitted(app.test_client(), world.neighborhood_a, [("a.jpg", jpeg())])
    photo_id = db.session.scalar(select(Photo.id))
    if role != "anonymous":
        login(getattr(world, USERS[role]))
    url = path.format(report=report.id, neighborhood=world.neighborhood_a.id, photo=photo_id,
                      token=world.neighborhood_a.public_token, code=report.receipt_code)
    data = FORMS.get(url.rsplit("/", 1)[-1], {})
    response = client.post(url, data=data) if method == "POST" else client.get(url)
    body = response.get_data()
    response.close()  # a served photo's file is closed with its response
    assert response.status_code == expected, body[:500].decode("utf-8", "replace")
    if method == "POST" and expected in (LOGIN, 403):
        db.session.rollback()
        assert db.session.get(ResidentReport, report.id).status == ReportStatus.RECEIVED
        assert db.session.scalar(select(func.count()).select_from(Finding)) == 0


def test_company_user_b_cannot_see_a_resident_photo_even_after_acceptance(client, world, login):
    report = submitted(client, world.neighborhood_b, [("a.jpg", jpeg())])
    login(world.inspector)
    assert client.post(f"/reports/{report.id}/accept", data={"category": "H"}).status_code == 303
    photo = db.session.scalars(select(Photo)).one()
    client.post("/logout")
    for user in (world.company_user_a, world.company_user_b):
        login(user)
        response = client.get(f"/photos/{photo.id}/display")
        response.close()
        assert response.status_code == 404
        client.post("/logout")


def test_the_phone_is_not_in_company_facing_pages_or_exports(client, world, login):
    report = submitted(client, world.neighborhood_a, contact_phone="13912345678")
    login(world.inspector)
    client.post(f"/reports/{report.id}/accept", data={"category": "H"})
    db.session.rollback()
    finding_id = db.session.get(ResidentReport, report.id).finding_id
    client.post("/logout")
    login(world.company_user_a)
    for url in (f"/findings/{finding_id}", "/ledger", "/ledger/export.csv"):
        response = client.get(url)
        body = response.get_data(as_text=True)  # read at once: the CSV streams inside its request's context
        assert response.status_code == 200 and report.description[:10] in body, url
        assert "13912345678" not in body, url
