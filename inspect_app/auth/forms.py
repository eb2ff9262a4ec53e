"""The account forms: login, an account's fields, one's own password, and the account list's filters."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from inspect_app.core.roles import Role
from inspect_app.core.templating import role_names
from inspect_app.resident_reports.rules import normalize_phone


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请输入用户名")), Length(max=50)])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码")), Length(max=200)])
    remember = BooleanField(_l("记住我（14 天）"))
    next = HiddenField()


@dataclass(frozen=True)
class AccountInput:
    """An account's editable fields, as parsed from a form (the service resolves the ids against the database)."""

    display_name: str
    role: Role
    subdistrict_id: int | None = None
    community_id: int | None = None
    company_id: int | None = None
    phone: str | None = None
    neighborhood_id: int | None = None  # an owners' committee's one neighbourhood


USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{2,49}")
DISTRICT = ""  # the area choice of the district level: no subdistrict, no community


def _optional_int(value: object) -> int:
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


def role_choices() -> list[tuple[str, str]]:
    return list(role_names().items())


class AccountForm(FlaskForm):
    """Create or edit an account; the view fills in the area and company choices (`choose`)."""

    display_name = StringField(_l("姓名"), validators=[DataRequired(_l("请填写姓名")), Length(max=50)])
    role = SelectField(_l("角色"), choices=role_choices, validators=[DataRequired(_l("请选择角色"))])
    area = SelectField(_l("片区"), choices=[], validate_choice=False,
                       description=_l("区级账号看全区；街道、社区账号只看本片区"))
    company_id = SelectField(_l("物业公司"), choices=[], coerce=_optional_int, validate_choice=False,
                             description=_l("仅物业公司账号填写"))
    neighborhood_id = SelectField(_l("小区"), choices=[], coerce=_optional_int, validate_choice=False,
                                  description=_l("仅业委会账号填写：它只看本小区的"))
    phone = StringField(_l("手机"), validators=[Optional(), Length(max=30)])

    def choose(self, areas: list[tuple[str, str]], companies: list[tuple[int, str]],
               neighborhoods: list[tuple[int, str]] | None = None) -> "AccountForm":
        self.area.choices = [(DISTRICT, _l("全区（区级）")), *areas]
        self.company_id.choices = [(0, _l("（无）")), *companies]
        self.neighborhood_id.choices = [(0, _l("（无）")), *(neighborhoods or [])]
        return self

    def validate_area(self, field: SelectField) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("请选择片区"))

    def validate_phone(self, field: StringField) -> None:
        if (field.data or "").strip() and normalize_phone(field.data) is None:
            raise ValidationError(_l("手机号格式不对：请填写 11 位手机号，或带区号的座机号（如 0313-1234567）"))

    def account_input(self) -> AccountInput:
        subdistrict_id, community_id = parse_area(self.area.data)
        phone = normalize_phone(self.phone.data) if (self.phone.data or "").strip() else None
        return AccountInput(display_name=self.display_name.data.strip(), role=Role(self.role.data),
                            subdistrict_id=subdistrict_id, community_id=community_id,
                            company_id=self.company_id.data or None, phone=phone,
                            neighborhood_id=self.neighborhood_id.data or None)


class NewAccountForm(AccountForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请填写用户名")), Length(max=50)],
                           description=_l("字母、数字或 _ . -，3–50 位；登录时使用，创建后不能修改"))

    def validate_username(self, field: StringField) -> None:
        if not USERNAME.fullmatch(field.data.strip()):
            raise ValidationError(_l("用户名须为 3–50 位字母、数字或 _ . -，以字母或数字开头"))


class PasswordForm(FlaskForm):
    current = PasswordField(_l("当前密码"), validators=[DataRequired(_l("请输入当前密码")), Length(max=200)])
    new = PasswordField(_l("新密码"), validators=[DataRequired(_l("请输入新密码")), Length(max=200)],
                        description=_l("至少 8 位，不能与用户名相同"))
    confirm = PasswordField(_l("再次输入新密码"), validators=[DataRequired(_l("请再次输入新密码")),
                                                        EqualTo("new", _l("两次输入的新密码不一致"))])


def area_value(subdistrict_id: int | None, community_id: int | None) -> str:
    """An account's area as the select's value: "c<id>", "s<id>", or the district's empty value."""
    if community_id:
        return f"c{community_id}"
    return f"s{subdistrict_id}" if subdistrict_id else DISTRICT


def parse_area(value: str | None) -> tuple[int | None, int | None]:
    """(subdistrict id, community id) of an area value; anything unreadable is the district level."""
    value = (value or "").strip()
    number = int(value[1:]) if value[1:].isascii() and value[1:].isdigit() and len(value) < 11 else None
    if value.startswith("c") and number:
        return None, number
    return (number, None) if value.startswith("s") and number else (None, None)


@dataclass(frozen=True)
class AccountFilters:
    role: str = ""
    area: str = ""
    enabled: str = ""  # "" all, "yes", "no"
    q: str = ""
    page: int = 1

    def args(self, **changes: Any) -> dict[str, Any]:
        values = {"role": self.role, "area": self.area, "enabled": self.enabled, "q": self.q, "page": self.page}
        values |= changes
        return {k: v for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)}


def parse_filters(args: Mapping[str, str]) -> AccountFilters:
    """The list's filters from the query string; unknown values are ignored, not errors."""
    role = args.get("role", "")
    enabled = args.get("enabled", "")
    area = args.get("area", "")
    page = args.get("page", "")
    return AccountFilters(role=role if role in {r.value for r in Role} else "",
                          area=area if area == "d" or parse_area(area) != (None, None) else "",
                          enabled=enabled if enabled in ("yes", "no") else "",
                          q=" ".join(args.get("q", "").split())[:50],
                          page=int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 6 else 1)

