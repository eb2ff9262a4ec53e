"""Admin forms for places and companies (Flask-WTF: CSRF, per-field errors, what was typed kept)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, FloatField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from inspect_app.core.time import EARLIEST_DATE, local_today
from inspect_app.places import rules
from inspect_app.places.rules import PeriodKind

NO_COMPANY = 0


def period_kind_names() -> dict[str, str]:
    return {PeriodKind.INITIAL: _l("期初登记"), PeriodKind.NEW_COMPANY: _l("新物业进驻"),
            PeriodKind.STATE_TAKEOVER: _l("国有物业接管"), PeriodKind.NO_COMPANY: _l("物业撤场（无物业）"),
            PeriodKind.IMPORT: _l("Excel 导入")}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _none_if_empty(value: str | None) -> str | None:
    value = _strip(value)
    return value or None


def _name(label) -> StringField:
    return StringField(label, filters=[_strip], validators=[DataRequired(_l("请填写名称")), Length(max=100)])


def _text(label, max_length: int) -> StringField:
    return StringField(label, filters=[_none_if_empty], validators=[Optional(), Length(max=max_length)])


class SubdistrictForm(FlaskForm):
    name = _name(_l("街道名称"))


class CommunityForm(FlaskForm):
    subdistrict_id = SelectField(_l("所属街道"), coerce=int, validate_choice=True)
    name = _name(_l("社区名称"))


class NeighborhoodForm(FlaskForm):
    community_id = SelectField(_l("所属社区"), coerce=int)
    name = _name(_l("小区名称"))
    address = _text(_l("地址"), 200)
    households = IntegerField(_l("户数"), validators=[
        Optional(), NumberRange(0, 1_000_000, _l("户数应在 0 到 1000000 之间"))])
    owners_committee_contact = _text(_l("业委会联系人及电话"), 100)
    lat = FloatField(_l("纬度"), validators=[Optional(), NumberRange(-90, 90, _l("纬度应在 -90 到 90 之间"))])
    lng = FloatField(_l("经度"), validators=[Optional(), NumberRange(-180, 180, _l("经度应在 -180 到 180 之间"))])


class NewNeighborhoodForm(NeighborhoodForm):
    company_id = SelectField(_l("物业公司"), coerce=int)
    starts_on = DateField(_l("服务开始日期"), default=local_today, validators=[DataRequired(_l("请填写日期"))])


def _credit_code(_form: FlaskForm, field: StringField) -> None:
    if field.data and not rules.is_credit_code(rules.normalise_credit_code(field.data)):
        raise ValidationError(_l("统一社会信用代码不正确（18 位，最后一位为校验码）。"))


class CompanyForm(FlaskForm):
    name = _name(_l("物业公司名称"))
    credit_code = StringField(_l("统一社会信用代码"), filters=[_none_if_empty],
                              validators=[Optional(), _credit_code])
    contact_name = _text(_l("联系人"), 50)
    contact_phone = _text(_l("联系电话"), 30)


class ChangeCompanyForm(FlaskForm):
    company_id = SelectField(_l("新的物业公司"), coerce=int)
    kind = SelectField(_l("变更类型"), choices=[
        SelectChoice(PeriodKind.NEW_COMPANY.value, _l("新物业进驻")),
        SelectChoice(PeriodKind.STATE_TAKEOVER.value, _l("国有物业接管")),
        SelectChoice(PeriodKind.NO_COMPANY.value, _l("物业撤场（无物业）"))])
    on = DateField(_l("变更日期（新服务期第一天）"), default=local_today, validators=[DataRequired(_l("请填写日期"))])

    def validate_on(self, field: DateField) -> None:
        if field.data and not EARLIEST_DATE <= field.data <= local_today():
            raise ValidationError(_l("变更日期不能晚于今天。"))

    def validate_company_id(self, field: SelectField) -> None:
        if (field.data == NO_COMPANY) != (self.kind.data == PeriodKind.NO_COMPANY):
            raise ValidationError(_l("“物业撤场”时请选择“无物业”，其他变更请选择物业公司。"))


class ImportForm(FlaskForm):
    file = FileField(_l("Excel 工作簿（.xlsx）"), validators=[FileRequired(_l("请选择文件")),
                                                          FileAllowed(["xlsx"], _l("请上传 .xlsx 文件"))])


def set_choices(field: SelectField, pairs: list[tuple[int, str]]) -> None:
    field.choices = [SelectChoice(str(value), label) for value, label in pairs]


def with_company_choices(field: SelectField, companies: list[tuple[int, str]], *, none_last: bool = False) -> None:
    none = [(NO_COMPANY, str(_l("无物业")))]
    set_choices(field, [*companies, *none] if none_last else [*none, *companies])
