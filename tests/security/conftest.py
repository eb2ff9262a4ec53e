"""Fixtures of the security suite: the scene and one signed-in client per role."""

import pytest

from tests.security.helpers import Scene, build_scene, role_clients


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


@pytest.fixture
def clients(app, world) -> dict:
    """role → test client (anonymous included), each with a session of its own."""
    return role_clients(app, world)
