"""Parsing the hand-added finding form: plain functions returning (input, errors), one message per field."""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from inspect_app.core.forms import client_key
from inspect_app.core.uploads import MAX_FILES

MAX_TITLE = 200
MAX_DESCRIPTION = 2000
MAX_DEDUCTION = Decimal(100)


@dataclass(frozen=True)
class NewFinding:
    neighborhood_id: int
    category_code: str
    title: str
    description: str
    deduction: Decimal
    submit_key: str | None  # made by the page: a double tap or a replayed request creates one finding
    lat: float | None = None  # the device's location, for photos without GPS of their own
    lng: float | None = None
    external_ref: str | None = None  # another system's ticket number (the API's 12345 工单)


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def parse_new_finding(form: Mapping[str, str], *, category_codes: Collection[str],
                      neighborhood_ids: Collection[int]) -> tuple[NewFinding | None, dict[str, str]]:
    """The typed fields, checked one by one; (None, errors) when any is wrong."""
    errors: dict[str, str] = {}
    neighborhood = (form.get("neighborhood") or "").strip()
    neighborhood_id = int(neighborhood) if neighborhood.isascii() and neighborhood.isdigit() else 0
    if neighborhood_id not in neighborhood_ids:
        errors["neighborhood"] = _("请选择小区")
    category = (form.get("category") or "").strip()
    if category not in category_codes:
        errors["category"] = _("请选择类别")
    title = " ".join((form.get("title") or "").split())
    if not title:
        errors["title"] = _("请填写问题")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("问题不能超过 %(n)s 个字", n=MAX_TITLE)
    description = (form.get("description") or "").strip().replace("\r\n", "\n")
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("说明不能超过 %(n)s 个字", n=MAX_DESCRIPTION)
    deduction = _parse_deduction(form.get("deduction") or "", errors)
    if errors:
        return None, errors
    return NewFinding(neighborhood_id, category, title, description, deduction,
                      client_key(form, "submit_key"), _float(form.get("lat")), _float(form.get("lng"))), {}


def _float(raw: str | None) -> float | None:
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def _parse_deduction(raw: str, errors: dict[str, str]) -> Decimal:
    raw = raw.strip() or "0"
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= MAX_DEDUCTION or value != value.quantize(Decimal("0.01")):
        errors["deduction"] = _("扣分应为 0 到 %(max)s 之间的数，最多两位小数", max=MAX_DEDUCTION)
        return Decimal(0)
    return value


def read_uploads(files: Iterable[FileStorage], errors: dict[str, str]) -> list[Upload]:
    """The chosen files (empty inputs skipped); more than MAX_FILES is an error on the photos field."""
    chosen = [f for f in files if f and f.filename]
    if len(chosen) > MAX_FILES:
        errors["photos"] = _("最多上传 %(n)s 张照片", n=MAX_FILES)
        return []
    return [Upload(f.filename or "", f.read()) for f in chosen]
