"""Ops fixtures: a fresh database of its own (SQLite file or PostgreSQL database) with the real migrations."""

from pathlib import Path

import pytest

from tests.conftest import _postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request, tmp_path: Path) -> str:
    """Not the shared session database: these tests restore, dump or serve it from other processes."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ops.db'}"
    return _postgres_database(request)
