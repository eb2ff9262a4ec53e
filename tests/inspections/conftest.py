"""A draft patrol of neighbourhood A, and its inspector logged in (plain and htmx clients)."""

import pytest

from inspect_app.inspections import services


@pytest.fixture
def patrol(world):
    return services.start_patrol(world.neighborhood_a, actor=world.inspector)


@pytest.fixture
def inspector(client, world, login):
    login(world.inspector)
    return client


@pytest.fixture
def hx_inspector(hx, world, login):
    login(world.inspector, to=hx)
    return hx
