"""Pure planning rules: a quarter's lines from the ranking's floor, random picks from a seed, due dates, urgency,
coverage and the at-risk flag. No Flask, no database."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from inspect_app.assessment.rules import quarter_code
from inspect_app.core.time import LOCAL_TZ

RANDOM_SHARE = 0.1  # by default one neighbourhood in ten gets an unannounced random pick (随机抽查)


@dataclass(frozen=True)
class Place:
    neighborhood_id: int
    company_id: int | None


@dataclass(frozen=True)
class LineDraft:
    neighborhood_id: int
    count: int
    inspector_id: int | None
    is_random: bool = False
    due_on: date | None = None  # a random pick's drawn day; a regular line's dues follow from its count


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"  # due this week
    RANDOM = "random"  # a random pick not yet due this week
    LATER = "later"
    DONE = "done"


URGENCY_ORDER = (Urgency.OVERDUE, Urgency.DUE, Urgency.RANDOM, Urgency.LATER, Urgency.DONE)


def spread(total: int, slots: int) -> list[int]:
    """`total` patrols over `slots` neighbourhoods as evenly as possible, each at least one."""
    total = max(total, slots)
    base, extra = divmod(total, slots)
    return [base + (1 if i < extra else 0) for i in range(slots)]


def generate(places: Iterable[Place], inspectors: Sequence[int], floor: int,
             eligible: Mapping[int, set[int]] | None = None) -> list[LineDraft]:
    """Every company's neighbourhoods get at least `floor` patrols between them (every neighbourhood at least one;
    one without a company one); the lines assigned across the inspectors evenly."""
    by_company: dict[int | None, list[int]] = defaultdict(list)
    for place in places:
        by_company[place.company_id].append(place.neighborhood_id)
    counts: list[tuple[int, int]] = []
    for company_id, ids in sorted(by_company.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        ids = sorted(ids)
        shares = [1] * len(ids) if company_id is None else spread(floor, len(ids))
        counts.extend(zip(ids, shares, strict=True))
    return assign([LineDraft(n, c, None) for n, c in counts], inspectors, eligible)


def assign(lines: Sequence[LineDraft], inspectors: Sequence[int],
           eligible: Mapping[int, set[int]] | None = None) -> list[LineDraft]:
    """Each line to the inspector with the fewest patrols so far (largest lines first; ties by id), among those
    who may patrol its neighbourhood (`eligible`: inspector → neighbourhood ids; None: all); none: unassigned."""
    load = {i: 0 for i in sorted(inspectors)}
    result = []
    for line in sorted(lines, key=lambda ln: (-ln.count, ln.neighborhood_id)):
        who = [i for i in load if eligible is None or line.neighborhood_id in eligible.get(i, set())]
        chosen = min(who, key=lambda i: (load[i], i)) if who else None
        if chosen is not None:
            load[chosen] += line.count
        result.append(LineDraft(line.neighborhood_id, line.count, chosen, line.is_random, line.due_on))
    return sorted(result, key=lambda ln: ln.neighborhood_id)


def random_count(neighborhoods: int) -> int:
    return max(1, round(neighborhoods * RANDOM_SHARE)) if neighborhoods else 0


def draw_random(neighborhood_ids: Iterable[int], inspectors: Sequence[int], *, seed: int, picks: int,
                starts_on: date, ends_on: date, eligible: Mapping[int, set[int]] | None = None) -> list[LineDraft]:
    """Unannounced random picks: `picks` neighbourhoods, each on a day of the quarter and with an inspector who may
    patrol it, all drawn from `seed` (the same seed and inputs give the same picks)."""
    rng = random.Random(seed)
    pool = sorted(set(neighborhood_ids))
    days = (ends_on - starts_on).days + 1
    chosen = rng.sample(pool, min(picks, len(pool)))
    people = sorted(inspectors)
    lines = []
    for n in chosen:
        day = starts_on + timedelta(rng.randrange(days))
        who = [i for i in people if eligible is None or n in eligible.get(i, set())]
        lines.append(LineDraft(n, 1, rng.choice(who) if who else None, True, day))
    return lines


def due_dates(count: int, starts_on: date, ends_on: date) -> list[date]:
    """A line's patrols spread over the quarter: the k-th of n is due by day ⌈k·days/n⌉ (the last on its last day)."""
    days = (ends_on - starts_on).days + 1
    return [starts_on + timedelta(days=-(-k * days // count) - 1) for k in range(1, count + 1)]


def week_end(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


def urgency(*, count: int, done: int, is_random: bool, due_on: date | None, starts_on: date, ends_on: date,
            today: date) -> tuple[Urgency, date | None]:
    """Where a line stands today and when its next patrol is due."""
    if done >= count:
        return Urgency.DONE, None
    if is_random:
        day = due_on or ends_on
        if day < today:
            return Urgency.OVERDUE, day
        return (Urgency.DUE if day <= week_end(today) else Urgency.RANDOM), day
    dues = due_dates(count, starts_on, ends_on)
    next_due = dues[done]
    if next_due < today:
        return Urgency.OVERDUE, next_due
    return (Urgency.DUE if next_due <= week_end(today) else Urgency.LATER), next_due


def allocate(lines: Sequence[tuple[int, int, bool, int]], done: Mapping[int, int]) -> dict[int, int]:
    """(line id, neighbourhood id, is_random, count) → how many of the neighbourhood's patrols count for that line:
    its regular lines are filled first, then its random picks."""
    left = dict(done)
    result = {}
    for line_id, neighborhood_id, _random, count in sorted(lines, key=lambda ln: (ln[2], ln[0])):
        taken = min(count, left.get(neighborhood_id, 0))
        result[line_id] = taken
        left[neighborhood_id] = left.get(neighborhood_id, 0) - taken
    return result


def quarter_of(instant: datetime) -> str:
    """The quarter a stored UTC instant falls in, as the district's calendar (China time) sees it."""
    aware = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return quarter_code(aware.astimezone(LOCAL_TZ).date())


def mid_quarter(starts_on: date, ends_on: date) -> date:
    return starts_on + timedelta(days=(ends_on - starts_on).days // 2)


def at_risk(done: int, floor: int, *, starts_on: date, ends_on: date, today: date) -> bool:
    """From mid-quarter: a company whose patrols, kept at their pace so far, would not reach the floor by the
    quarter's end (none at all by mid-quarter is at risk)."""
    if done >= floor or today < mid_quarter(starts_on, ends_on):
        return False
    if today > ends_on:
        return True
    elapsed = max(1, (today - starts_on).days)
    remaining = (ends_on - today).days + 1
    return done + done * remaining // elapsed < floor


def share(done: int, planned: int) -> int:
    """Done over planned as a whole percentage (at most 100; a plan of nothing is complete)."""
    return 100 if planned <= 0 else min(100, done * 100 // planned)
