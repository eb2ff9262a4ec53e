"""The map page: a list of neighbourhoods and their open findings, drawn on a Leaflet map when JS and tiles allow."""

import math

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.core import headers
from inspect_app.core.htmx import render
from inspect_app.core.permissions import require
from inspect_app.core.roles import OFFICIAL_ROLES
from inspect_app.core.time import local_today
from inspect_app.findings import ledger
from inspect_app.maps import queries, rules

bp = Blueprint("maps", __name__)


def _centre() -> tuple[float, float] | None:
    """?lat=&lng= (a photo's position from a finding's page): the map opens centred there."""
    try:
        lat, lng = float(request.args.get("lat", "")), float(request.args.get("lng", ""))
    except ValueError:
        return None
    return (lat, lng) if math.isfinite(lat) and math.isfinite(lng) and rules.valid(lat, lng) else None


def _source_names() -> dict[str, str]:
    return {rules.LocationSource.ADMIN: _("管理员设定"), rules.LocationSource.PATROL: _("首次巡查定位"),
            rules.LocationSource.PHOTO: _("问题照片定位")}


@bp.get("/map")
@require(*OFFICIAL_ROLES)
def index():
    categories = ledger.category_names()
    filters, errors = ledger.parse_filters(request.args, categories)
    filters, options = ledger.narrowed(current_user, queries.map_filters(filters))
    today = local_today()
    data = queries.map_data(filters, current_user, today)
    tile_url = current_app.config["MAP_TILE_URL"]
    origin = rules.tile_origin(tile_url)
    response = render("maps/index.html", filters=filters, errors=errors, options=options,
                      categories=categories, data=data, centre=_centre(), today=today,
                      tile_url=tile_url if origin else "", attribution=current_app.config["MAP_TILE_ATTRIBUTION"],
                      source_names=_source_names(), count_format=_("%(n)s 条"),
                      ledger_url=url_for("findings.index", **filters.args()))
    # Tiles come from their own host: the page's CSP lets images from it in, nothing else.
    response.headers["Content-Security-Policy"] = headers.csp(img_src=(origin,) if origin else ())
    return response
