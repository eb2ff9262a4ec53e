"""三级台账 (ledger levels): the area's findings summed per subdistrict and per community, each cell a ledger filter."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.core.scoping import own_area
from inspect_app.core.time import LOCAL_TZ, quarter_start, start_of_local_day
from inspect_app.findings import rules
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.places.models import Community, Neighborhood, Subdistrict, communities_of

LEVELS = ("subdistrict", "community")
# The unfinished states, each a column of its own (转办 included: with a department, not the company's overdue).
UNFINISHED = (FindingState.OPEN, FindingState.ORDERED, FindingState.REPORTED, FindingState.TRANSFERRED)


@dataclass
class LevelRow:
    """One subdistrict's or community's counts; `filter` is the ledger's filter argument for it."""

    level: str
    id: int
    name: str
    parent: str = ""
    open: int = 0  # 挂账: on the ledger, not yet on an order
    ordered: int = 0
    reported: int = 0
    transferred: int = 0  # 已转办: with a department (transfers), never counted overdue
    overdue: int = 0
    closed: int = 0  # closed this quarter
    closed_on_time: int = 0  # of those, closed on or before the deadline

    @property
    def on_time_rate(self) -> float | None:
        """按期销号率: closed this quarter on or before the deadline / closed this quarter (None: none closed)."""
        return self.closed_on_time / self.closed if self.closed else None

    def add(self, state: str, deadline: date | None, closed_at: datetime | None, *, today: date,
            since: date) -> None:
        """Count one finding (a pure tally: the same rules as the ledger's filters)."""
        if state in UNFINISHED:
            setattr(self, state, getattr(self, state) + 1)
        if rules.is_overdue(state, deadline, today):
            self.overdue += 1
        if state == FindingState.CLOSED and closed_at is not None:
            closed_on = closed_at.astimezone(LOCAL_TZ).date()
            if closed_on >= since:
                self.closed += 1
                self.closed_on_time += deadline is None or closed_on <= deadline


@dataclass
class Levels:
    today: date
    since: date  # the quarter's first day
    subdistricts: list[LevelRow] = field(default_factory=list)
    communities: list[LevelRow] = field(default_factory=list)

    def rows(self, level: str) -> list[LevelRow]:
        return self.subdistricts if level == "subdistrict" else self.communities


def ledger_levels(user: User, *, today: date) -> Levels:
    """Every subdistrict and community of the user's area with its counts (zeros included), in one pass."""
    since = quarter_start(today)
    communities = db.session.execute(
        select(Community.id, Community.name, Subdistrict.id, Subdistrict.name)
        .join(Subdistrict, Subdistrict.id == Community.subdistrict_id)
        .where(own_area(user, Community.id, communities_of))
        .order_by(Subdistrict.name, Community.name)).all()
    by_community = {cid: LevelRow("community", cid, name, parent=sname) for cid, name, _sid, sname in communities}
    by_subdistrict = {sid: LevelRow("subdistrict", sid, sname) for _cid, _name, sid, sname in communities}
    parent = {cid: sid for cid, _name, sid, _sname in communities}
    stmt = (select(Finding.community_id, Finding.state, Finding.deadline, Finding.closed_at)
            .where(Finding.visible_to(user),
                   or_(Finding.state != FindingState.CLOSED, Finding.closed_at >= start_of_local_day(since))))
    for community_id, state, deadline, closed_at in db.session.execute(stmt):
        if community_id not in by_community:
            continue  # the area's findings are the area's communities'; kept safe should they ever differ
        for row in (by_community[community_id], by_subdistrict[parent[community_id]]):
            row.add(state, deadline, closed_at, today=today, since=since)
    return Levels(today, since, list(by_subdistrict.values()), list(by_community.values()))


def drill_down(row: LevelRow, cell: str, since: date) -> dict[str, str]:
    """The ledger's filter arguments that list exactly the findings counted in one cell of a row."""
    args = {row.level: str(row.id)}
    if cell in UNFINISHED:
        args["state"] = cell
    elif cell == "overdue":
        args["overdue"] = "1"
    elif cell == "closed":
        args |= {"state": FindingState.CLOSED, "closed_since": since.isoformat()}
    return args


def headers(level: str) -> list[str]:
    first = [_("街道")] if level == "subdistrict" else [_("街道"), _("社区")]
    return [*first, _("挂账"), _("已下发"), _("已反馈"), _("已转办"), _("逾期"), _("本季度销号"), _("其中按期"),
            _("按期销号率")]


def write_xlsx(levels: Levels, level: str, out: IO[bytes]) -> int:
    """One level of the 三级台账 as a workbook: a bold frozen header, one row per subdistrict or community."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("三级台账")
    sheet.append(headers(level))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    rows = levels.rows(level)
    for row in rows:
        names: list[Any] = [row.name] if level == "subdistrict" else [row.parent, row.name]
        sheet.append([*names, row.open, row.ordered, row.reported, row.transferred, row.overdue, row.closed,
                      row.closed_on_time, row.on_time_rate])
        sheet.cell(sheet.max_row, sheet.max_column).number_format = "0.0%"
    for letter, width in zip("ABCDEFGHIJ", (16, 16, 8, 8, 8, 8, 8, 12, 10, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.save(out)
    return len(rows)


def totals(rows: Iterable[LevelRow]) -> LevelRow:
    total = LevelRow("district", 0, _("合计"))
    for row in rows:
        for name in ("open", "ordered", "reported", "transferred", "overdue", "closed", "closed_on_time"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


@dataclass(frozen=True)
class NoPropertyRow:
    """建账立表: one neighbourhood without a property company, who answers for it, and its findings not closed."""

    neighborhood: Neighborhood
    open: int
    ordered: int
    reported: int
    overdue: int

    @property
    def unfinished(self) -> int:
        return self.open + self.ordered + self.reported


def no_property(user: User, *, today: date) -> list[NoPropertyRow]:
    """The area's neighbourhoods no company serves (until one takes over), with their unclosed findings, by place."""
    counts = (select(Finding.neighborhood_id,
                     func.count().filter(Finding.state == FindingState.OPEN).label("open"),
                     func.count().filter(Finding.state == FindingState.ORDERED).label("ordered"),
                     func.count().filter(Finding.state == FindingState.REPORTED).label("reported"),
                     func.count().filter(Finding.is_overdue(today)).label("overdue"))
              .where(Finding.state != FindingState.CLOSED).group_by(Finding.neighborhood_id).subquery())
    stmt = (select(Neighborhood, counts.c.open, counts.c.ordered, counts.c.reported, counts.c.overdue)
            .join(Community, Community.id == Neighborhood.community_id)
            .join(Subdistrict, Subdistrict.id == Community.subdistrict_id)
            .outerjoin(counts, counts.c.neighborhood_id == Neighborhood.id)
            .where(Neighborhood.company_id.is_(None), Neighborhood.visible_to(user))
            .options(joinedload(Neighborhood.community), joinedload(Neighborhood.responsible_company))
            .order_by(Subdistrict.name, Community.name, Neighborhood.name))
    return [NoPropertyRow(n, o or 0, d or 0, r or 0, late or 0) for n, o, d, r, late in db.session.execute(stmt)]
