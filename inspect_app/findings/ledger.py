"""The rectification ledger (整改台账): filter parsing, the filtered query, one page of it, filter options."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnExpressionArgument, Select, and_, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistCategory, ChecklistTemplate, TemplateStatus
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.time import EARLIEST_DATE, LATEST_DATE, DateOutOfRange, parse_date, start_of_local_day
from inspect_app.findings import permissions, services
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.places.models import Community, Neighborhood, PropertyCompany, Subdistrict

PER_PAGE = 50
# Used only when no checklist is published yet; normally the names come from the published checklist.
CATEGORY_NAMES = {"H": "环境卫生", "Q": "秩序维护与车辆管理", "F": "设施设备", "G": "绿化养护", "S": "服务与公示"}
ID_FIELDS = ("subdistrict", "community", "neighborhood", "company")
DATE_FIELDS = ("since", "until", "closed_since")
_MAX_ID = 2**31 - 1
_TRUE, _FALSE = {"1", "on", "true", "yes"}, {"", "0", "off", "false", "no"}


@dataclass(frozen=True)
class LedgerFilters:
    subdistrict: int | None = None
    community: int | None = None
    neighborhood: int | None = None
    company: int | None = None
    category: str | None = None
    state: str | None = None
    overdue: bool = False
    since: date | None = None
    until: date | None = None
    closed_since: date | None = None  # closed on or after this day (the 三级台账's "closed this quarter")
    page: int = 1

    def args(self, **changes: Any) -> dict[str, str]:
        """The filters as query-string arguments (defaults left out), for links that keep them."""
        values = asdict(self) | changes
        return {name: _arg(value) for name, value in values.items()
                if value not in (None, False, "") and not (name == "page" and value == 1)}

    @property
    def is_narrowed(self) -> bool:
        return bool(self.args(page=1))


@dataclass(frozen=True)
class LedgerPage:
    findings: list[Finding]
    counts: dict[str, int]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class FilterOptions:
    subdistricts: list[tuple[int, str]]
    communities: list[tuple[str, list[tuple[int, str]]]]  # grouped by subdistrict name
    neighborhoods: list[tuple[str, list[tuple[int, str]]]]  # grouped by community name
    companies: list[tuple[int, str]]

    @property
    def neighborhood_ids(self) -> set[int]:
        return {id_ for _group, places in self.neighborhoods for id_, _name in places}


def _arg(value: Any) -> str:
    return "1" if value is True else str(value)


def _labels() -> dict[str, str]:
    return {"subdistrict": _("街道"), "community": _("社区"), "neighborhood": _("小区"), "company": _("物业公司"),
            "category": _("类别"), "state": _("状态"), "overdue": _("仅看逾期"), "since": _("发现日期起"),
            "until": _("发现日期止"), "closed_since": _("销号日期起"), "page": _("页码")}


def _ignored(errors: list[str], name: str, raw: str) -> None:
    errors.append(_("“%(label)s”的值无效（%(value)s），已忽略。", label=_labels()[name], value=raw[:20]))


def parse_filters(args: Mapping[str, str],
                  category_codes: Collection[str] = tuple(CATEGORY_NAMES)) -> tuple[LedgerFilters, list[str]]:
    """Filters from query-string arguments; a bad value is dropped with a message, never an error page."""
    errors: list[str] = []
    raw = {name: (args.get(name) or "").strip() for name in _labels()}
    values: dict[str, Any] = {name: _parse_id(raw[name]) for name in (*ID_FIELDS, "page")}
    values["category"] = raw["category"].upper() if raw["category"].upper() in category_codes else None
    values["state"] = raw["state"] if raw["state"] in tuple(FindingState) else None
    for name in DATE_FIELDS:
        values[name] = _parse_date(raw[name], name, errors)
    for name, value in values.items():
        if raw[name] and value is None and name not in DATE_FIELDS:
            _ignored(errors, name, raw[name])
    values["page"] = values["page"] or 1
    values["overdue"] = raw["overdue"].lower() in _TRUE
    if raw["overdue"].lower() not in _TRUE | _FALSE:
        _ignored(errors, "overdue", raw["overdue"])
    if values["since"] and values["until"] and values["since"] > values["until"]:
        errors.append(_("开始日期晚于结束日期，已忽略日期范围。"))
        values["since"] = values["until"] = None
    return LedgerFilters(**values), errors


def _parse_id(raw: str) -> int | None:
    if not raw.isdigit() or not raw.isascii():
        return None
    value = int(raw)
    return value if 0 < value <= _MAX_ID else None


def _parse_date(raw: str, name: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return parse_date(raw)
    except DateOutOfRange:
        errors.append(_("“%(label)s”超出范围：日期须在 %(earliest)s 至 %(latest)s 之间（%(value)s），已忽略。",
                        label=_labels()[name], earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat(),
                        value=raw))
    except ValueError:
        _ignored(errors, name, raw)
    return None


def place_conditions(filters: LedgerFilters) -> list[ColumnExpressionArgument[bool]]:
    """Where, whose, what and when: the conditions the counts honour as well as the list."""
    conditions: list[ColumnExpressionArgument[bool]] = [column == value for column, value in (
        (Finding.subdistrict_id, filters.subdistrict), (Finding.community_id, filters.community),
        (Finding.neighborhood_id, filters.neighborhood), (Finding.company_id, filters.company),
        (Finding.category_code, filters.category)) if value is not None]
    if filters.since:
        conditions.append(Finding.created_at >= start_of_local_day(filters.since))
    if filters.until:
        conditions.append(Finding.created_at < start_of_local_day(filters.until + timedelta(days=1)))
    return conditions


def state_conditions(filters: LedgerFilters, today: date) -> list[ColumnExpressionArgument[bool]]:
    conditions: list[ColumnExpressionArgument[bool]] = [Finding.state == filters.state] if filters.state else []
    if filters.overdue:
        conditions.append(Finding.is_overdue(today))
    if filters.closed_since:
        conditions.append(Finding.closed_at >= start_of_local_day(filters.closed_since))
    return conditions


def ledger_query(filters: LedgerFilters, user: User | None, today: date,
                 columns: Sequence[Any] = ()) -> Select:
    """Matching findings, newest first; user None means the whole district, a company user sees only theirs."""
    stmt = select(*columns).select_from(Finding) if columns else select(Finding)
    stmt = stmt.where(*place_conditions(filters), *state_conditions(filters, today))
    if user is not None:
        stmt = stmt.where(Finding.visible_to(user))
    return stmt.order_by(Finding.created_at.desc(), Finding.id.desc())


def ledger_page(filters: LedgerFilters, user: User | None, today: date, per_page: int = PER_PAGE) -> LedgerPage:
    """Counts and one page of rows in two queries, whatever the page size."""
    matching = state_conditions(filters, today)
    counts = services.ledger_counts(user, today=today, where=place_conditions(filters),
                                    matching=and_(*matching) if matching else None)
    total = counts.pop("matching")
    page = min(filters.page, max(1, -(-total // per_page)))
    stmt = (ledger_query(filters, user, today)
            .options(joinedload(Finding.neighborhood, innerjoin=True), joinedload(Finding.company))
            .limit(per_page).offset((page - 1) * per_page))
    return LedgerPage(list(db.session.scalars(stmt)), counts, total, page, per_page)


def category_names() -> dict[str, str]:
    """Category code → name, in checklist order, from the published checklist."""
    stmt = (select(ChecklistCategory.code, ChecklistCategory.name)
            .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistCategory.template_id)
            .where(ChecklistTemplate.code == "default", ChecklistTemplate.status == TemplateStatus.PUBLISHED)
            .order_by(ChecklistCategory.position))
    return dict(db.session.execute(stmt).all()) or dict(CATEGORY_NAMES)


def filter_options(user: User) -> FilterOptions:
    """Places and companies to choose from, in one query; a company user gets only its own places."""
    stmt = select(Neighborhood).where(Neighborhood.visible_to(user)).options(
        joinedload(Neighborhood.community).joinedload(Community.subdistrict), joinedload(Neighborhood.company))
    places = sorted(db.session.scalars(stmt),
                    key=lambda n: (n.community.subdistrict.name, n.community.name, n.name))
    communities = {n.community for n in places}
    companies = {n.company for n in places if n.company} if permissions.can_filter_by_company(user) else set()
    return FilterOptions(
        subdistricts=sorted({(c.subdistrict.id, c.subdistrict.name) for c in communities}, key=lambda s: s[1]),
        communities=_grouped((c.subdistrict.name, c.id, c.name) for c in communities),
        neighborhoods=_grouped((n.community.name, n.id, n.name) for n in places),
        companies=sorted(((c.id, c.name) for c in companies), key=lambda c: c[1]),
    )


def _grouped(rows: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for group, id_, name in sorted(rows, key=lambda r: (r[0], r[2])):
        groups.setdefault(group, []).append((id_, name))
    return list(groups.items())


def filter_args_from_names(**names: str | None) -> dict[str, str]:
    """Place and company names (as typed on the command line) → filter arguments; unknown or ambiguous refused."""
    models: dict[str, type[Subdistrict | Community | Neighborhood | PropertyCompany]] = {
        "subdistrict": Subdistrict, "community": Community, "neighborhood": Neighborhood, "company": PropertyCompany}
    args = {}
    for field, name in names.items():
        if not name:
            continue
        ids = db.session.scalars(select(models[field].id).where(models[field].name == name)).all()
        if not ids:
            raise DomainError(_("找不到%(label)s“%(name)s”", label=_labels()[field], name=name), field=field)
        if len(ids) > 1:
            raise DomainError(_("%(label)s“%(name)s”不唯一", label=_labels()[field], name=name), field=field)
        args[field] = str(ids[0])
    return args
