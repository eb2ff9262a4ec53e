"""Pure rules of escalation (督办): the levels, which are due after how many working days overdue, numbers.

Step k (k = 1, 2, 3) is due once the order is overdue by k × N working days (N set by the admin): the first
step asks the neighbourhood's community (社区) to chase the company, the second its subdistrict (街道), the
third the district (区). Each step happens once per order (its key is the order and the level).
"""

from enum import StrEnum

DEFAULT_OVERDUE_WORKDAYS = 3
MAX_OVERDUE_WORKDAYS = 60


class Level(StrEnum):
    COMMUNITY = "community"  # 社区
    SUBDISTRICT = "subdistrict"  # 街道
    DISTRICT = "district"  # 区


LEVELS: tuple[Level, ...] = (Level.COMMUNITY, Level.SUBDISTRICT, Level.DISTRICT)


def levels_due(workdays_overdue: int, step_workdays: int) -> tuple[Level, ...]:
    """The levels an order overdue by `workdays_overdue` working days has reached (lowest first)."""
    if step_workdays < 1:
        raise ValueError("the step must be at least one working day")
    return LEVELS[:max(0, min(len(LEVELS), workdays_overdue // step_workdays))]


def top_level(levels: list[str]) -> str | None:
    """The highest of the levels reached (None for none)."""
    reached = [level for level in LEVELS if level in levels]
    return reached[-1] if reached else None


def format_number(pattern: str, year: int, sequence: int) -> str:
    """e.g. 经开督办〔{year}〕第{seq:04d}号 → 经开督办〔2026〕第0007号"""
    return pattern.format(year=year, seq=sequence)


# What the timeline (StateChange.to_state) says of an escalation of an order or of its finding: a mark, no state.
ESCALATED_MARK = "escalated"


def level_of_area(subdistrict_id: int | None, community_id: int | None) -> Level:
    """The level a staff account works at: its community, its subdistrict, or the district (no area)."""
    if community_id is not None:
        return Level.COMMUNITY
    return Level.SUBDISTRICT if subdistrict_id is not None else Level.DISTRICT
