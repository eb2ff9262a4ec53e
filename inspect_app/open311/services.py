"""Open311 requests as residents' reports: which neighbourhood, then the resident report service itself."""

import hashlib
from collections.abc import Mapping

from flask import current_app
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.open311 import rules
from inspect_app.places.models import Neighborhood
from inspect_app.resident_reports import services as reports


def neighborhood_for(form: Mapping[str, str]) -> Neighborhood | None:
    """attribute[neighborhood] (the poster's public token) first; else the nearest neighbourhood to lat/long."""
    token = (form.get("attribute[neighborhood]") or "").strip()
    if token:
        return reports.neighborhood_by_token(token)
    lat = rules.parse_coordinate(form.get("lat"), -90, 90)
    lng = rules.parse_coordinate(form.get("long"), -180, 180)
    if lat is None or lng is None:
        return None
    rows = db.session.execute(select(Neighborhood.id, Neighborhood.lat, Neighborhood.lng).where(
        Neighborhood.lat.is_not(None), Neighborhood.lng.is_not(None), Neighborhood.public_token.is_not(None)))
    limit = float(current_app.config.get("OPEN311_MAX_DISTANCE_M", rules.MAX_DISTANCE_M))
    found = rules.nearest(lat, lng, ((r.id, r.lat, r.lng) for r in rows), limit)
    return db.session.get(Neighborhood, found) if found is not None else None


def neighborhood_key(form: Mapping[str, str]) -> str:
    """Like the web form: all requests for one neighbourhood share a budget, whatever address they come from."""
    neighborhood = neighborhood_for(form)
    token = neighborhood.public_token if neighborhood else ""
    return "open311-neighborhood:" + hashlib.sha256(token.encode()).hexdigest()[:20]


def report_form(form: Mapping[str, str]) -> dict[str, str]:
    """GeoReport v2 field names as the resident form's: the same parser then checks them."""
    return {"category": form.get("service_code") or "", "description": form.get("description") or "",
            "location_text": form.get("address_string") or "", "contact_phone": form.get("phone") or ""}
