"""Survey use cases: the admin's questions, a household's answer exactly once a quarter, SMS codes."""

import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from inspect_app.auth.models import User
from inspect_app.core.db import db, utcnow
from inspect_app.core.errors import DomainError
from inspect_app.core.permissions import authorise
from inspect_app.findings.services import record_change
from inspect_app.notifications import sms
from inspect_app.places.models import Neighborhood
from inspect_app.survey import permissions, rules
from inspect_app.survey.forms import SurveyInput
from inspect_app.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySmsCode

CODE_LIFETIME = timedelta(minutes=10)
CODE_INTERVAL = timedelta(seconds=60)
CODE_ATTEMPTS = 5


def active_questions() -> list[SurveyQuestion]:
    return list(db.session.scalars(select(SurveyQuestion).where(SurveyQuestion.is_active)
                                   .order_by(SurveyQuestion.position, SurveyQuestion.id)))


def all_questions() -> list[SurveyQuestion]:
    return list(db.session.scalars(select(SurveyQuestion).order_by(
        SurveyQuestion.is_active.desc(), SurveyQuestion.position, SurveyQuestion.id)))


def add_question(text: str, position: int | None, *, actor: User) -> SurveyQuestion:
    authorise(permissions.can_manage_survey(actor))
    if position is None:
        position = (db.session.scalar(select(func.max(SurveyQuestion.position))) or 0) + 10
    question = SurveyQuestion(text=text, position=position, is_active=True)
    db.session.add(question)
    db.session.flush()
    record_change("survey_question", question.id, None, "active", actor=actor, note=text)
    db.session.commit()
    return question


def update_question(question: SurveyQuestion, text: str, position: int | None, *, actor: User) -> SurveyQuestion:
    """A new wording keeps the answers given so far (they were given to the same point, said better)."""
    authorise(permissions.can_manage_survey(actor))
    question.text = text
    if position is not None:
        question.position = position
    state = "active" if question.is_active else "retired"
    record_change("survey_question", question.id, state, state, actor=actor, note=text)
    db.session.commit()
    return question


def set_active(question: SurveyQuestion, active: bool, *, actor: User) -> SurveyQuestion:
    authorise(permissions.can_manage_survey(actor))
    before = "active" if question.is_active else "retired"
    question.is_active = active
    record_change("survey_question", question.id, before, "active" if active else "retired", actor=actor)
    db.session.commit()
    return question


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


def has_answered(neighborhood: Neighborhood, device_token: str | None, today: date) -> bool:
    """This device already answered this neighbourhood's survey this quarter."""
    if not device_token:
        return False
    return db.session.scalar(select(SurveyResponse.id).where(
        SurveyResponse.quarter == rules.quarter_of(today), SurveyResponse.neighborhood_id == neighborhood.id,
        SurveyResponse.device_token == device_token[:64])) is not None


def submit_response(data: SurveyInput, *, neighborhood: Neighborhood, device_token: str,
                    today: date) -> SurveyResponse:
    """One answer per household, device (and phone, with SMS codes on) and quarter; a second one is refused (409)."""
    questions = {q.id for q in active_questions()}
    if not questions or set(data.answers) != questions:
        raise DomainError(_("测评题目已更新，请刷新页面后重新作答。"), status=409)
    quarter = rules.quarter_of(today)
    phone_hash = _phone_hash(data.phone) if data.phone else None
    _refuse_duplicate(neighborhood, quarter, data.household_key, device_token, phone_hash)
    if current_app.config.get("SURVEY_SMS_CODE"):
        _use_code(neighborhood, phone_hash, data.sms_code)
    response = SurveyResponse(quarter=quarter, neighborhood_id=neighborhood.id,
                              company_id=neighborhood.company_id, household_key=data.household_key,
                              device_token=device_token[:64], phone_hash=phone_hash, comment=data.comment)
    response.answers = [SurveyAnswer(question_id=qid, value=value) for qid, value in sorted(data.answers.items())]
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the same household a moment ago, from another phone
        _refuse_duplicate(neighborhood, quarter, data.household_key, device_token, phone_hash)
        raise
    return response


def _refuse_duplicate(neighborhood: Neighborhood, quarter: str, household: str, device: str,
                      phone_hash: str | None) -> None:
    base = select(SurveyResponse.id).where(SurveyResponse.quarter == quarter,
                                          SurveyResponse.neighborhood_id == neighborhood.id)
    if db.session.scalar(base.where(SurveyResponse.household_key == household)):
        raise DomainError(_("这一户本季度已经参加过满意度测评，每户每季度限答一次。感谢您的参与！"), status=409)
    if db.session.scalar(base.where(SurveyResponse.device_token == device[:64])):
        raise DomainError(_("这部手机本季度已为本小区提交过测评，每户每季度限答一次。"), status=409)
    if phone_hash and db.session.scalar(base.where(SurveyResponse.phone_hash == phone_hash)):
        raise DomainError(_("这个手机号本季度已为本小区参加过测评。"), status=409)


def _phone_hash(phone: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, phone.encode(), hashlib.sha256).hexdigest()


def _code_hash(phone_hash: str, code: str) -> str:
    return hashlib.sha256(f"{phone_hash}:{code}".encode()).hexdigest()


def send_code(neighborhood: Neighborhood, phone: str, *, now: datetime | None = None) -> None:
    """A six-digit code to the phone, at most one a minute per number; the number itself is not stored."""
    now = now or utcnow()
    phone_hash = _phone_hash(phone)
    last = db.session.scalar(select(func.max(SurveySmsCode.created_at)).where(SurveySmsCode.phone_hash == phone_hash))
    if last is not None and last > now - CODE_INTERVAL:
        raise DomainError(_("验证码已发送，请 1 分钟后再重新获取。"), field="sms_code", status=429)
    code = f"{secrets.randbelow(10**6):06d}"
    message = sms.SmsMessage(phone=phone, template_code=current_app.config.get("SURVEY_SMS_TEMPLATE", "SURVEY_CODE"),
                             params={"code": code})
    try:
        sms.provider().send(message)
    except sms.SmsError:
        raise DomainError(_("短信发送失败，请稍后再试。"), field="sms_code", status=503) from None
    db.session.add(SurveySmsCode(neighborhood_id=neighborhood.id, phone_hash=phone_hash,
                                 code_hash=_code_hash(phone_hash, code), expires_at=now + CODE_LIFETIME,
                                 created_at=now))
    db.session.commit()


def _use_code(neighborhood: Neighborhood, phone_hash: str | None, code: str) -> None:
    now = utcnow()
    sent = db.session.scalar(select(SurveySmsCode).where(
        SurveySmsCode.phone_hash == (phone_hash or ""), SurveySmsCode.neighborhood_id == neighborhood.id,
        SurveySmsCode.used_at.is_(None)).order_by(SurveySmsCode.created_at.desc()).limit(1))
    if sent is None or sent.expires_at < now or sent.attempts >= CODE_ATTEMPTS:
        raise DomainError(_("验证码已失效，请重新获取。"), field="sms_code")
    if not hmac.compare_digest(sent.code_hash, _code_hash(sent.phone_hash, code)):
        sent.attempts += 1
        db.session.commit()
        raise DomainError(_("验证码不正确，请核对短信后重新填写。"), field="sms_code")
    sent.used_at = now  # committed with the answer

