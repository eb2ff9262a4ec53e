"""The map's read-only queries: where each neighbourhood is and the open findings on it, as the user may see them."""

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ScalarSelect, case, func, select
from sqlalchemy.orm import aliased

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.findings import ledger
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState, is_overdue
from inspect_app.inspections.models import Inspection, InspectionKind, InspectionStatus
from inspect_app.maps.rules import LocationSource, Position, StartPlace, locate, valid
from inspect_app.maps.rules import start_place as rules_start_place
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.places.models import Community, Neighborhood

# More findings than this are not listed (nor drawn) one by one: the page says so and asks for narrower filters;
# every neighbourhood's marker still counts all of its matching findings (aggregated in the database).
MARKER_LIMIT = 200
STATE_ORDER = (FindingState.OPEN, FindingState.ORDERED, FindingState.REPORTED)  # least advanced first


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    community: str
    position: Position | None


@dataclass(frozen=True)
class Marker:
    id: int
    title: str
    neighborhood_id: int
    state: str
    overdue: bool
    lat: float | None
    lng: float | None
    from_photo: bool  # False: drawn at its neighbourhood's position (no photo of it has GPS)


@dataclass(frozen=True)
class PlaceCount:
    """All matching findings of one neighbourhood, listed or not: how many, how many overdue, the least advanced
    state among them (the colour of its marker)."""

    total: int
    overdue: int
    state: str


@dataclass(frozen=True)
class MapData:
    places: list[Place]
    markers: dict[int, list[Marker]]  # by neighbourhood id
    total: int  # matching findings, drawn or not
    shown: int
    counts: dict[int, PlaceCount]  # by neighbourhood id: every matching finding, aggregated in the database

    def on_place(self, neighborhood_id: int) -> int:
        """How many of a neighbourhood's findings its own marker counts: all but those drawn at their photo."""
        count = self.counts.get(neighborhood_id)
        own = sum(1 for m in self.markers.get(neighborhood_id, ()) if m.from_photo)
        return (count.total if count else 0) - own


def map_filters(filters: ledger.LedgerFilters) -> ledger.LedgerFilters:
    """The ledger's filters for the map: open findings only (未销号 unless a narrower open state is chosen)."""
    state = filters.state if filters.state not in (None, FindingState.CLOSED) else ledger.UNCLOSED
    return replace(filters, state=state, closed_since=None, page=1)


def _first_patrol(column) -> ScalarSelect:
    return (select(column).where(Inspection.neighborhood_id == Neighborhood.id,
                                 Inspection.kind == InspectionKind.PATROL,
                                 Inspection.status == InspectionStatus.SUBMITTED,
                                 Inspection.start_lat.isnot(None), Inspection.start_lng.isnot(None))
            .order_by(Inspection.submitted_at, Inspection.id).limit(1).correlate(Neighborhood).scalar_subquery())


def _first_neighborhood_photo(column) -> ScalarSelect:
    return (select(column).join(Finding, Finding.id == Photo.finding_id)
            .where(Finding.neighborhood_id == Neighborhood.id, Photo.kind == PhotoKind.EVIDENCE,
                   Photo.gps_lat.isnot(None), Photo.gps_lng.isnot(None))
            .order_by(Photo.created_at, Photo.id).limit(1).correlate(Neighborhood).scalar_subquery())


def _first_finding_photo(column) -> ScalarSelect:
    return (select(column).where(Photo.finding_id == Finding.id, Photo.kind == PhotoKind.EVIDENCE,
                                 Photo.gps_lat.isnot(None), Photo.gps_lng.isnot(None))
            .order_by(Photo.created_at, Photo.id).limit(1).correlate(Finding).scalar_subquery())


def places(user: User, filters: ledger.LedgerFilters | None = None) -> list[Place]:
    """The user's neighbourhoods (narrowed by the place filters) with their positions, by community and name.

    Each neighbourhood's first located patrol and photo are found once (their ids), then joined for both
    coordinates: one index search per neighbourhood and source instead of one per coordinate."""
    chosen = filters or ledger.LedgerFilters()
    first_patrol, first_photo = aliased(Inspection), aliased(Photo)
    stmt = (select(Neighborhood.id, Neighborhood.name, Community.name, Neighborhood.lat, Neighborhood.lng,
                   first_patrol.start_lat, first_patrol.start_lng, first_photo.gps_lat, first_photo.gps_lng)
            .join(Community, Community.id == Neighborhood.community_id)
            .outerjoin(first_patrol, first_patrol.id == _first_patrol(Inspection.id))
            .outerjoin(first_photo, first_photo.id == _first_neighborhood_photo(Photo.id))
            .where(Neighborhood.visible_to(user)).order_by(Community.name, Neighborhood.name, Neighborhood.id))
    for column, value in ((Community.subdistrict_id, chosen.subdistrict), (Neighborhood.community_id, chosen.community),
                          (Neighborhood.id, chosen.neighborhood), (Neighborhood.company_id, chosen.company)):
        if value is not None:
            stmt = stmt.where(column == value)
    return [Place(id_, name, community, locate(((LocationSource.ADMIN, lat, lng), (LocationSource.PATROL, p_lat, p_lng),
                                                (LocationSource.PHOTO, ph_lat, ph_lng))))
            for id_, name, community, lat, lng, p_lat, p_lng, ph_lat, ph_lng in db.session.execute(stmt)]


def place_counts(filters: ledger.LedgerFilters, user: User, today: date) -> dict[int, PlaceCount]:
    """Matching findings per neighbourhood and state, counted by the database (one query, whatever their number)."""
    overdue = case((Finding.is_overdue(today), 1), else_=0)
    sub = ledger.ledger_query(filters, user, today, (Finding.neighborhood_id, Finding.state,
                                                     overdue.label("overdue"))).order_by(None).subquery()
    stmt = (select(sub.c.neighborhood_id, sub.c.state, func.count(), func.sum(sub.c.overdue))
            .group_by(sub.c.neighborhood_id, sub.c.state))
    grouped: dict[int, list[tuple[str, int, int]]] = {}
    for neighborhood_id, state, count, late in db.session.execute(stmt):
        grouped.setdefault(neighborhood_id, []).append((state, count, int(late or 0)))
    return {n: PlaceCount(sum(c for _s, c, _o in rows), sum(o for _s, _c, o in rows),
                          min((s for s, _c, _o in rows),
                              key=lambda s: STATE_ORDER.index(s) if s in STATE_ORDER else len(STATE_ORDER)))
            for n, rows in grouped.items()}


def map_data(filters: ledger.LedgerFilters, user: User, today: date, limit: int = MARKER_LIMIT) -> MapData:
    """Places with every matching open finding counted on them, and at most `limit` findings listed, in three
    queries."""
    filters = map_filters(filters)
    located = {place.id: place for place in places(user, filters)}
    counts = place_counts(filters, user, today)
    columns = (Finding.id, Finding.title, Finding.neighborhood_id, Finding.state, Finding.deadline,
               _first_finding_photo(Photo.gps_lat), _first_finding_photo(Photo.gps_lng))
    stmt = ledger.ledger_query(filters, user, today, columns)
    markers: dict[int, list[Marker]] = {}
    for id_, title, neighborhood_id, state, deadline, lat, lng in db.session.execute(stmt.limit(limit)):
        own = valid(lat, lng)
        position = located[neighborhood_id].position if neighborhood_id in located else None
        if not own and position is not None:
            lat, lng = position.lat, position.lng
        elif not own:
            lat = lng = None
        markers.setdefault(neighborhood_id, []).append(
            Marker(id_, title, neighborhood_id, state, is_overdue(state, deadline, today), lat, lng, own))
    return MapData(list(located.values()), markers, sum(c.total for c in counts.values()),
                   sum(len(m) for m in markers.values()), counts)


def position_of(neighborhood_id: int) -> Position | None:
    """Where one neighbourhood is (the admin's position, else its first patrol's start, else a finding photo's)."""
    stmt = (select(Neighborhood.lat, Neighborhood.lng, _first_patrol(Inspection.start_lat),
                   _first_patrol(Inspection.start_lng), _first_neighborhood_photo(Photo.gps_lat),
                   _first_neighborhood_photo(Photo.gps_lng)).where(Neighborhood.id == neighborhood_id))
    row = db.session.execute(stmt).first()
    if row is None:
        return None
    lat, lng, p_lat, p_lng, ph_lat, ph_lng = row
    return locate(((LocationSource.ADMIN, lat, lng), (LocationSource.PATROL, p_lat, p_lng),
                   (LocationSource.PHOTO, ph_lat, ph_lng)))


def start_place(inspection: Inspection, far_metres: float) -> StartPlace | None:
    """How far from its neighbourhood a patrol was started (None when either position is unknown)."""
    return rules_start_place((inspection.start_lat, inspection.start_lng), position_of(inspection.neighborhood_id),
                             far_metres)
