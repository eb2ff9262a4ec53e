"""The survey's questions, the residents' answers (one per household and device a quarter) and SMS codes."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.core.db import CreatedMixin, IdMixin, Model
from inspect_app.places.models import Neighborhood


class SurveyQuestion(IdMixin, CreatedMixin, Model):
    """One statement residents rate 1–5; retired ones keep their answers but are no longer asked."""

    __tablename__ = "survey_question"
    text: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class SurveyResponse(IdMixin, CreatedMixin, Model):
    """A household's answer to its neighbourhood's survey of a quarter; the company is who served that day."""

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("quarter", "neighborhood_id", "household_key"),
        UniqueConstraint("quarter", "neighborhood_id", "device_token"),
        UniqueConstraint("quarter", "neighborhood_id", "phone_hash"),
        Index("ix_survey_response_quarter_company", "quarter", "company_id"),
    )
    quarter: Mapped[str] = mapped_column(String(6))  # 2026Q4, China time
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("property_company.id"))
    # rules.household_key: building and room normalised ("3|2-301"); never shown.
    household_key: Mapped[str] = mapped_column(String(41))
    device_token: Mapped[str] = mapped_column(String(64))
    phone_hash: Mapped[str | None] = mapped_column(String(64))  # only with the SMS code on; the number is not kept
    comment: Mapped[str] = mapped_column(Text, default="")

    neighborhood: Mapped[Neighborhood] = relationship()
    answers: Mapped[list["SurveyAnswer"]] = relationship(back_populates="response")


class SurveyAnswer(IdMixin, Model):
    __tablename__ = "survey_answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id"), index=True)
    value: Mapped[int]  # 1–5

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveySmsCode(IdMixin, CreatedMixin, Model):
    """A code sent to a phone before answering (setting SURVEY_SMS_CODE); stored hashed, used once."""

    __tablename__ = "survey_sms_code"
    __table_args__ = (Index("ix_survey_sms_code_phone", "phone_hash", "created_at"),)
    neighborhood_id: Mapped[int] = mapped_column(ForeignKey("neighborhood.id"))
    phone_hash: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]
