"""Parsing the residents' report form and its photos: plain functions returning (input, errors)."""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from inspect_app.core.errors import DomainError
from inspect_app.core.forms import client_key, plain_text
from inspect_app.core.uploads import MAX_FILES
from inspect_app.findings.forms import Upload
from inspect_app.resident_reports import rules

MAX_DESCRIPTION = 1000
MAX_LOCATION = 200
MAX_DECLINE_REASON = 500
HONEYPOT = "website"  # hidden by CSS; people never see it, form-filling robots do


@dataclass(frozen=True)
class ReportInput:
    category_code: str
    description: str
    location_text: str
    contact_phone: str | None
    client_key: str | None  # made by the page: a double tap or a replayed request creates one report


def parse_report(form: Mapping[str, str], *, category_codes: Collection[str]) -> tuple[ReportInput | None,
                                                                                          dict[str, str]]:
    errors: dict[str, str] = {}
    category = (form.get("category") or "").strip()
    if category not in category_codes:
        errors["category"] = _("请选择问题类别")
    description = (form.get("description") or "").strip().replace("\r\n", "\n")
    if not description:
        errors["description"] = _("请写下遇到的问题")
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = _("问题描述不能超过 %(n)s 字（现在 %(m)s 字），请精简后再提交",
                                   n=MAX_DESCRIPTION, m=len(description))
    location = " ".join((form.get("location_text") or "").split())
    if len(location) > MAX_LOCATION:
        errors["location_text"] = _("位置不能超过 %(n)s 字", n=MAX_LOCATION)
    phone = _parse_phone(form.get("contact_phone") or "", errors)
    if errors:
        return None, errors
    return ReportInput(category, description, location, phone, client_key(form)), {}


def _parse_phone(raw: str, errors: dict[str, str]) -> str | None:
    if not raw.strip():
        return None
    phone = rules.normalize_phone(raw)
    if phone is None:
        errors["contact_phone"] = _("电话号码格式不对：请填写 11 位手机号，或带区号的座机号（如 0313-1234567）")
    return phone


def honeypot_filled(form: Mapping[str, str]) -> bool:
    return bool((form.get(HONEYPOT) or "").strip())


def read_photos(files: Iterable[FileStorage], *, max_bytes: int) -> list[Upload]:
    """The chosen photos (empty inputs skipped); more than MAX_FILES (422) or one over max_bytes (413) is refused."""
    chosen = [f for f in files if f and f.filename]
    if len(chosen) > MAX_FILES:
        raise DomainError(_("最多只能上传 %(n)s 张照片（您选了 %(m)s 张），请重新选择", n=MAX_FILES, m=len(chosen)),
                          field="photos")
    uploads = []
    for upload in chosen:
        data = upload.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise DomainError(_("照片“%(name)s”太大（每张不超过 %(mb)s MB），请换一张或压缩后重新选择",
                                name=plain_text(upload.filename or "")[:60], mb=max_bytes // (1024 * 1024)),
                              field="photos", status=413)
        uploads.append(Upload(upload.filename or "", data))
    return uploads


def parse_decline_reason(form: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    reason = (form.get("reason") or "").strip()
    if not reason:
        return "", {"reason": _("请填写不予立案的理由（居民可以看到）")}
    if len(reason) > MAX_DECLINE_REASON:
        return reason, {"reason": _("理由不能超过 %(n)s 字", n=MAX_DECLINE_REASON)}
    return reason, {}


def parse_id(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
