"""The rectification ledger (整改台账): filter parsing, the filtered query, one page of it, filter options."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, ColumnExpressionArgument, Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.checklists.models import ChecklistCategory, ChecklistTemplate, TemplateStatus
from inspect_app.core.db import db
from inspect_app.core.forms import plain_text
from inspect_app.core.time import EARLIEST_DATE, LATEST_DATE, DateOutOfRange, parse_date, start_of_local_day
from inspect_app.findings import permissions
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.inspections.models import FollowUpOutcome, FollowUpResult, Inspection, InspectionStatus
from inspect_app.places.models import Community, Neighborhood

PER_PAGE = 50
# Used only when no checklist is published yet; normally the names come from the published checklist.
CATEGORY_NAMES = {"H": "环境卫生", "Q": "秩序维护与车辆管理", "F": "设施设备", "G": "绿化养护", "S": "服务与公示"}
ID_FIELDS = ("subdistrict", "community", "neighborhood", "company")
DATE_FIELDS = ("since", "until", "closed_since")
_MAX_ID = 2**31 - 1
_TRUE, _FALSE = {"1", "on", "true", "yes"}, {"", "0", "off", "false", "no"}
# The state filter's values beyond the finding states: 未销号 (every state but closed) and 待销号 (its latest
# follow-up passed it; a supervisor is to verify and close it).
UNCLOSED, TO_CLOSE = "unclosed", "to_close"
STATE_VALUES = (UNCLOSED, *FindingState, TO_CLOSE)
# The headline tiles (a state filter value, "overdue" or "closed_this_month"), each a link to the ledger
# narrowed the same way: its count is that list's length.
TILES = ("unclosed", "overdue", "reported", "to_close", "closed_this_month")


@dataclass(frozen=True)
class LedgerFilters:
    subdistrict: int | None = None
    community: int | None = None
    neighborhood: int | None = None
    company: int | None = None
    category: str | None = None
    state: str | None = None
    overdue: bool = False
    escalated: bool = False  # 已督办: its order went up a level (escalations)
    since: date | None = None
    until: date | None = None
    closed_since: date | None = None  # closed on or after this day (the 三级台账's "closed this quarter")
    q: str | None = None  # text search: words of the title or description, or the external ticket number
    page: int = 1

    def args(self, **changes: Any) -> dict[str, str]:
        """The filters as query-string arguments (defaults left out), for links that keep them."""
        values = asdict(self) | changes
        return {name: _arg(value) for name, value in values.items()
                if value not in (None, False, "") and not (name == "page" and value == 1)}

    @property
    def is_narrowed(self) -> bool:
        return bool(self.args(page=1))

    def tile(self, key: str, today: date) -> "LedgerFilters":
        """These place filters with the tile's state filter in place of this one's."""
        special: dict[str, dict[str, Any]] = {
            "overdue": {"overdue": True},
            "closed_this_month": {"state": FindingState.CLOSED, "closed_since": today.replace(day=1)}}
        states = special.get(key, {"state": key})
        return replace(self, **({"state": None, "overdue": False, "closed_since": None, "page": 1} | states))


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
            "category": _("类别"), "state": _("状态"), "overdue": _("仅看逾期"), "escalated": _("已督办"),
            "since": _("发现日期起"), "until": _("发现日期止"), "closed_since": _("销号日期起"), "page": _("页码"),
            "q": _("搜索")}


def label(name: str) -> str:
    return _labels()[name]


def _ignored(errors: list[str], name: str, raw: str) -> None:
    errors.append(_("“%(label)s”的值无效（%(value)s），已忽略。", label=_labels()[name], value=raw[:20]))


def parse_filters(args: Mapping[str, str],
                  category_codes: Collection[str] = tuple(CATEGORY_NAMES)) -> tuple[LedgerFilters, list[str]]:
    """Filters from query-string arguments; a bad value is dropped with a message, never an error page."""
    errors: list[str] = []
    raw = {name: (args.get(name) or "").strip() for name in _labels()}
    values: dict[str, Any] = {name: _parse_id(raw[name]) for name in (*ID_FIELDS, "page")}
    values["category"] = raw["category"].upper() if raw["category"].upper() in category_codes else None
    values["state"] = raw["state"] if raw["state"] in STATE_VALUES else None
    values["q"] = plain_text(raw["q"])[:100] or None
    for name in DATE_FIELDS:
        values[name] = _parse_date(raw[name], name, errors)
    for name, value in values.items():
        if raw[name] and value is None and name not in DATE_FIELDS:
            _ignored(errors, name, raw[name])
    values["page"] = values["page"] or 1
    for flag in ("overdue", "escalated"):
        values[flag] = raw[flag].lower() in _TRUE
        if raw[flag].lower() not in _TRUE | _FALSE:
            _ignored(errors, flag, raw[flag])
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
    if filters.q:
        conditions.append(or_(Finding.external_ref == filters.q, Finding.title.contains(filters.q, autoescape=True),
                              Finding.description.contains(filters.q, autoescape=True)))
    if filters.since:
        conditions.append(Finding.created_at >= start_of_local_day(filters.since))
    if filters.until:
        conditions.append(Finding.created_at < start_of_local_day(filters.until + timedelta(days=1)))
    return conditions


def awaiting_close() -> ColumnElement[bool]:
    """待销号: not closed, and the latest submitted follow-up of it passed it (a send-back follows only a failure)."""
    latest = (select(FollowUpResult.outcome)
              .join(Inspection, Inspection.id == FollowUpResult.inspection_id)
              .where(FollowUpResult.finding_id == Finding.id, Inspection.status == InspectionStatus.SUBMITTED)
              .order_by(Inspection.submitted_at.desc(), FollowUpResult.id.desc())
              .limit(1).correlate(Finding).scalar_subquery())
    return and_(Finding.state != FindingState.CLOSED, latest == FollowUpOutcome.PASSED)


def state_conditions(filters: LedgerFilters, today: date) -> list[ColumnExpressionArgument[bool]]:
    """What the state filter, 仅看逾期 and 销号日期起 ask: the conditions each tile stands for."""
    conditions: list[ColumnExpressionArgument[bool]] = []
    if filters.state == UNCLOSED:
        conditions.append(Finding.state != FindingState.CLOSED)
    elif filters.state == TO_CLOSE:
        conditions.append(awaiting_close())
    elif filters.state:
        conditions.append(Finding.state == filters.state)
    if filters.overdue:
        conditions.append(Finding.is_overdue(today))
    conditions += [Finding.escalation_level.is_not(None)] if filters.escalated else []  # 已督办
    if filters.closed_since:
        conditions.append(Finding.closed_at >= start_of_local_day(filters.closed_since))
    return conditions


def tile_counts(filters: LedgerFilters, user: User | None, today: date,
                keys: Sequence[str] = TILES) -> dict[str, int]:
    """Each tile's count among findings meeting the place filters, and "matching": the list's own length.

    A tile counts exactly what the ledger lists when it is followed (the same state_conditions), in one query.
    """
    def count(conditions: list[ColumnExpressionArgument[bool]]) -> ColumnElement[int]:
        return func.count().filter(and_(*conditions)) if conditions else func.count()

    columns = [count(state_conditions(filters.tile(key, today), today)).label(key) for key in keys]
    stmt = select(*columns, count(state_conditions(filters, today)).label("matching")).select_from(Finding)
    stmt = stmt.where(*place_conditions(filters))
    if user is not None:
        stmt = stmt.where(Finding.visible_to(user))
    return dict(db.session.execute(stmt).one()._mapping)


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
    counts = tile_counts(filters, user, today)
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


def filter_options(user: User, filters: LedgerFilters | None = None) -> FilterOptions:
    """Places and companies to choose from, in one query; a company user gets only its own places.

    A chosen subdistrict offers only its communities, a chosen community only its neighbourhoods.
    """
    stmt = select(Neighborhood).where(Neighborhood.visible_to(user)).options(
        joinedload(Neighborhood.community).joinedload(Community.subdistrict), joinedload(Neighborhood.company))
    places = sorted(db.session.scalars(stmt),
                    key=lambda n: (n.community.subdistrict.name, n.community.name, n.name))
    chosen = filters or LedgerFilters()
    in_subdistrict = [n for n in places if chosen.subdistrict in (None, n.community.subdistrict_id)]
    in_community = [n for n in in_subdistrict if chosen.community in (None, n.community_id)]
    companies = {n.company for n in places if n.company} if permissions.can_filter_by_company(user) else set()
    return FilterOptions(
        subdistricts=sorted({(n.community.subdistrict.id, n.community.subdistrict.name) for n in places},
                            key=lambda s: s[1]),
        communities=_grouped({(n.community.subdistrict.name, n.community_id, n.community.name)
                              for n in in_subdistrict}),
        neighborhoods=_grouped((n.community.name, n.id, n.name) for n in in_community),
        companies=sorted(((c.id, c.name) for c in companies), key=lambda c: c[1]),
    )


def narrowed(user: User, filters: LedgerFilters) -> tuple[LedgerFilters, FilterOptions]:
    """The filters without a community outside the chosen subdistrict (or a neighbourhood outside the chosen
    place), and the options that fit them."""
    options = filter_options(user, filters)
    communities = {id_ for _group, places in options.communities for id_, _name in places}
    community = filters.community if not filters.subdistrict or filters.community in communities else None
    neighborhood = filters.neighborhood if not (filters.subdistrict or community) \
        or filters.neighborhood in options.neighborhood_ids else None
    fitted = replace(filters, community=community, neighborhood=neighborhood)
    return (fitted, options) if fitted == filters else (fitted, filter_options(user, fitted))


def _grouped(rows: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for group, id_, name in sorted(rows, key=lambda r: (r[0], r[2])):
        groups.setdefault(group, []).append((id_, name))
    return list(groups.items())
