"""Reading a photo upload off a request's form: the files, the client key and what the phone reports."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from werkzeug.datastructures import FileStorage, MultiDict

from inspect_app.core.forms import client_key
from inspect_app.core.time import LOCAL_TZ


@dataclass(frozen=True)
class PhotoUpload:
    """The photos of one request, as plain values a service can take."""

    files: list[FileStorage] = field(default_factory=list)
    key: str | None = None  # the double-submit key: a replay stores nothing twice
    lat: float | None = None  # the phone's location, for photos without GPS of their own
    lng: float | None = None
    taken_at: datetime | None = None  # what the phone read from the original (scaled copies lose EXIF)
    queued_at: datetime | None = None  # when the phone queued it (offline, it may be sent hours later)

    @property
    def capture_time(self) -> datetime | None:
        """The best the phone knows of when the photos were taken."""
        return self.taken_at or self.queued_at


def photo_upload(form: Mapping[str, str], files: MultiDict[str, FileStorage], name: str = "photos") -> PhotoUpload:
    return PhotoUpload(files=[f for f in files.getlist(name) if f and f.filename], key=client_key(form),
                       lat=form_float(form, "lat"), lng=form_float(form, "lng"),
                       taken_at=form_datetime(form, "taken_at"), queued_at=form_datetime(form, "queued_at"))


def form_float(form: Mapping[str, str], name: str) -> float | None:
    try:
        return float(form[name])
    except (KeyError, ValueError):
        return None


def form_datetime(form: Mapping[str, str], name: str) -> datetime | None:
    """An ISO 8601 time from the form; without a zone it is local time, as in EXIF."""
    try:
        value = datetime.fromisoformat(form[name].strip()[:40])
    except (KeyError, ValueError):
        return None
    return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value
