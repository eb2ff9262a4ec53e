"""Plain parsers for the survey forms: (values, errors per field), what was typed kept by the views."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from inspect_app.resident_reports.rules import normalize_phone
from inspect_app.survey import rules

MAX_COMMENT = 500
MAX_QUESTION = 200
HONEYPOT = "website"


@dataclass(frozen=True)
class SurveyInput:
    household_key: str
    answers: dict[int, int]  # question id → 1–5
    comment: str
    phone: str | None = None
    sms_code: str = ""


def answer_field(question_id: int) -> str:
    return f"q{question_id}"


def parse_response(form: Mapping[str, str], question_ids: Sequence[int], *,
                   sms: bool = False) -> tuple[SurveyInput | None, dict[str, str]]:
    errors: dict[str, str] = {}
    if not rules.normalize_building(form.get("building", "")):
        errors["building"] = _("请填写楼号，如 3号楼")
    if not rules.normalize_room(form.get("room", "")):
        errors["room"] = _("请填写单元和房号，如 2单元301")
    answers: dict[int, int] = {}
    for qid in question_ids:
        raw = (form.get(answer_field(qid)) or "").strip()
        if raw.isdigit() and rules.is_answer(int(raw)):
            answers[qid] = int(raw)
        else:
            errors[answer_field(qid)] = _("请为这一项打分（1–5 分）")
    comment = (form.get("comment") or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = _("意见建议最多 %(n)s 字", n=MAX_COMMENT)
    phone = None
    if sms:
        phone = normalize_phone(form.get("phone", ""))
        if phone is None or len(phone) != 11:
            errors["phone"] = _("请填写 11 位手机号码")
        if not (form.get("sms_code") or "").strip():
            errors["sms_code"] = _("请填写短信验证码")
    key = rules.household_key(form.get("building", ""), form.get("room", ""))
    if errors or key is None:
        return None, errors
    return SurveyInput(key, answers, comment, phone, (form.get("sms_code") or "").strip()), errors


def parse_question(form: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    text = " ".join((form.get("text") or "").split())
    raw = (form.get("position") or "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("请填写题目")
    elif len(text) > MAX_QUESTION:
        errors["text"] = _("题目最多 %(n)s 字", n=MAX_QUESTION)
    position = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else None
    if raw and position is None:
        errors["position"] = _("请填写 0 到 999 之间的整数")
    return {"text": text, "position": position}, errors


def honeypot_filled(form: Mapping[str, str]) -> bool:
    return bool((form.get(HONEYPOT) or "").strip())
