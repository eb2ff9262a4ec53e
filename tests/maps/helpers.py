"""Map test data: patrols with a start position, photos with GPS on a finding."""

from datetime import date, datetime, time

from inspect_app.checklists.services import ensure_default_template
from inspect_app.core.db import db
from inspect_app.core.time import LOCAL_TZ
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.photos.models import Photo, PhotoKind
from inspect_app.places.models import Neighborhood


def patrol(neighborhood: Neighborhood, inspector, lat: float | None, lng: float | None, *, day: date,
           status: str = "submitted", kind: str = "patrol") -> Inspection:
    at = datetime.combine(day, time(10), tzinfo=LOCAL_TZ)
    inspection = Inspection(kind=kind, status=status, neighborhood_id=neighborhood.id,
                            company_id=neighborhood.company_id, template_id=ensure_default_template().id,
                            inspector_id=inspector.id, started_at=at, start_lat=lat, start_lng=lng,
                            submitted_at=at if status == "submitted" else None)
    db.session.add(inspection)
    db.session.commit()
    return inspection


def photo(finding: Finding, lat: float | None, lng: float | None, *, kind: str = PhotoKind.EVIDENCE) -> Photo:
    n = db.session.query(Photo).count() + 1
    p = Photo(kind=kind, finding_id=finding.id, sha256=f"{n:064x}", original_path=f"o/{n}.jpg",
              display_path=f"d/{n}.jpg", thumb_path=f"t/{n}.jpg", source_format="jpeg", original_bytes=1,
              display_bytes=1, width=1, height=1, gps_lat=lat, gps_lng=lng)
    db.session.add(p)
    db.session.commit()
    return p
