"""Parsing the company's 公示 form and an owners' committee document: plain functions returning (input, errors)."""

from collections.abc import Mapping

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from inspect_app.core.errors import DomainError
from inspect_app.core.forms import plain_text
from inspect_app.disclosure import rules


def _text(form: Mapping[str, str], name: str) -> str:
    return (form.get(name) or "").strip().replace("\r\n", "\n")


def labels() -> dict[str, str]:
    return {"project_manager": _("项目经理"), "service_phone": _("24 小时服务电话"),
            "service_standard": _("服务内容与标准"), "fee_standard": _("收费标准")}


def parse_disclosure(form: Mapping[str, str]) -> tuple[rules.DisclosureInput | None, dict[str, str]]:
    data = rules.DisclosureInput(" ".join(_text(form, "project_manager").split()),
                                 " ".join(_text(form, "service_phone").split()),
                                 _text(form, "service_standard"), _text(form, "fee_standard"))
    errors: dict[str, str] = {}
    if not data.project_manager:
        errors["project_manager"] = _("请填写项目经理")
    elif len(data.project_manager) > rules.MAX_NAME:
        errors["project_manager"] = _("项目经理姓名过长（最多 %(n)s 字）", n=rules.MAX_NAME)
    if not rules.PHONE.match(data.service_phone):
        errors["service_phone"] = _("请填写 24 小时服务电话（数字，可含 - 和括号，如 0313-5551234）")
    for name in ("service_standard", "fee_standard"):
        value = getattr(data, name)
        if not value:
            errors[name] = _("请填写%(field)s", field=labels()[name])
        elif len(value) > rules.MAX_TEXT:
            errors[name] = _("%(field)s不能超过 %(n)s 字（现在 %(m)s 字）", field=labels()[name], n=rules.MAX_TEXT,
                             m=len(value))
    return (None, errors) if errors else (data, {})


def read_document(form: Mapping[str, str], upload: FileStorage | None) -> tuple[str, bytes, str]:
    """(title, content, mimetype) of a committee's accounts; a missing title, a wrong or too large file refused."""
    title = " ".join(_text(form, "title").split())[:rules.MAX_TITLE]
    if not title:
        raise DomainError(_("请填写标题，如“2026 年第三季度收支公示”"), field="title")
    if upload is None or not upload.filename:
        raise DomainError(_("请选择要公开的文件（PDF 或图片）"), field="document")
    data = upload.read(rules.MAX_DOCUMENT_BYTES + 1)
    if len(data) > rules.MAX_DOCUMENT_BYTES:
        raise DomainError(_("文件太大（不超过 %(mb)s MB）", mb=rules.MAX_DOCUMENT_BYTES // (1024 * 1024)),
                          field="document", status=413)
    mimetype = rules.document_type(data[:16])
    if mimetype is None:
        name = plain_text(upload.filename)[:60]
        raise DomainError(_("“%(name)s”不是 PDF、JPEG 或 PNG 文件，请换一个文件", name=name), field="document")
    return title, data, mimetype
