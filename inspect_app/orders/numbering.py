"""Gapless order numbers per year: one counter row, incremented by a single atomic UPDATE."""

from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from inspect_app.core.db import db
from inspect_app.orders.models import OrderNumberCounter


def next_sequence(year: int, counter: Any = OrderNumberCounter) -> int:
    """The next number of the year, inside the caller's transaction (`counter`: a model with the columns year and
    last_sequence, e.g. the 督办单's own series).

    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) before reading, so two issuers
    never see the same value; a rolled-back issue rolls the counter back too, so there are no gaps.
    """
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(counter).values(year=year, last_sequence=0)
                       .on_conflict_do_nothing(index_elements=["year"]))
    return db.session.execute(
        update(counter).where(counter.year == year)
        .values(last_sequence=counter.last_sequence + 1)
        .returning(counter.last_sequence)).scalar_one()
