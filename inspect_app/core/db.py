"""Declarative base, the db handle and small model mixins."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.types import TypeDecorator

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops tzinfo otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime stored; use UTC-aware datetimes")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    registry = registry(metadata=MetaData(naming_convention=NAMING_CONVENTION),
                        type_annotation_map={datetime: UTCDateTime(), str: String()})


db = SQLAlchemy(model_class=Base)

# The base every model subclasses: Flask-SQLAlchemy's `db.Model` at run time; for the type checker, which cannot
# take a class from an instance attribute, the declarative base it is built from (same columns, same typing).
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


class IdMixin:
    id: Mapped[int] = mapped_column(primary_key=True)


class CreatedMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
