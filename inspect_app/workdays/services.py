"""Working days for the app: the package's calendar joined with the admin table; entering a year."""

from datetime import date

from flask import g
from flask_babel import gettext as _
from sqlalchemy import delete, extract, select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.workdays.models import CalendarDay, CalendarYear
from inspect_app.workdays.rules import PACKAGE_YEARS, Calendar, UnknownYear


def calendar() -> Calendar:
    """The calendar in force (loaded once per request or command)."""
    if "workday_calendar" not in g:
        entered = dict(db.session.execute(select(CalendarDay.day, CalendarDay.is_workday)).all())
        years = frozenset(db.session.scalars(select(CalendarYear.year)))
        g.workday_calendar = Calendar(entered=entered, entered_years=years)
    calendar_in_force: Calendar = g.workday_calendar
    return calendar_in_force


def add_workdays(start: date, count: int) -> date:
    """`count` working days after `start`, or a DomainError naming the year whose calendar is missing."""
    try:
        return calendar().add(start, count)
    except UnknownYear as missing:
        raise DomainError(missing_year_message(missing.year), field="deadline") from missing
    except ValueError as error:
        raise DomainError(_("工作日数太大：最多 366 个工作日"), field="deadline") from error


def missing_year_message(year: int) -> str:
    return _("尚未载入 %(year)s 年的法定节假日安排，无法按工作日计算；请管理员在“工作日历”中录入该年的放假和调休日期"
             "（已载入：%(years)s）", year=year, years=years_label())


def years_label() -> str:
    years = sorted(calendar().years)
    package = sorted(PACKAGE_YEARS)
    entered = [y for y in years if y not in PACKAGE_YEARS]
    label = f"{package[0]}–{package[-1]}"
    return label + (_("，另录入 %(years)s", years="、".join(map(str, entered))) if entered else "")


def enter_year(year: int, *, holidays: list[date], workdays: list[date], actor_id: int | None,
               note: str = "") -> CalendarYear:
    """Record a year's notice: its holidays and make-up working days replace what was entered for it before."""
    if year in PACKAGE_YEARS:
        raise DomainError(_("%(year)s 年的安排已由日历包提供，不需录入", year=year), field="year")
    if not 2000 <= year <= 2100:
        raise DomainError(_("年份应在 2000 到 2100 之间"), field="year")
    both = set(holidays) & set(workdays)
    if both:
        raise DomainError(_("%(day)s 不能既放假又上班", day=min(both)), field="workdays")
    weekday_off = [d for d in workdays if d.weekday() < 5]
    if weekday_off:
        raise DomainError(_("%(day)s 本是工作日，调休上班日应是周末", day=weekday_off[0]), field="workdays")
    db.session.execute(delete(CalendarDay).where(extract("year", CalendarDay.day) == year))
    db.session.add_all([CalendarDay(day=d, is_workday=False, name="holiday") for d in sorted(set(holidays))])
    db.session.add_all([CalendarDay(day=d, is_workday=True, name="make-up workday") for d in sorted(set(workdays))])
    entry = db.session.scalar(select(CalendarYear).where(CalendarYear.year == year)) or CalendarYear(year=year)
    entry.note, entry.entered_by_id = note, actor_id
    db.session.add(entry)
    db.session.commit()
    g.pop("workday_calendar", None)
    return entry


def entered_years() -> list[tuple[CalendarYear, int, int]]:
    """Each entered year with its counts of holidays and make-up days, newest first."""
    years = db.session.scalars(select(CalendarYear).order_by(CalendarYear.year.desc())).all()
    days = db.session.scalars(select(CalendarDay)).all()
    return [(y, sum(1 for d in days if d.day.year == y.year and not d.is_workday),
             sum(1 for d in days if d.day.year == y.year and d.is_workday)) for y in years]
