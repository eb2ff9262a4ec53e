"""Atomic writes and server-made stored names."""

import os
import re
import stat
from pathlib import Path

import pytest

from inspect_app.core import storage
from inspect_app.core.storage import new_stored_name, write_atomic


def test_write_atomic_creates_folders_and_writes(tmp_path: Path) -> None:
    target = tmp_path / "photos" / "ab" / "abcdef.jpg"
    write_atomic(target, b"\xff\xd8hello")
    assert target.read_bytes() == b"\xff\xd8hello"
    assert os.listdir(target.parent) == ["abcdef.jpg"]


def test_write_atomic_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.jpg"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["a.jpg"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_written_file_is_readable_not_private_tempfile_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.jpg"
    write_atomic(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_atomic_fsyncs_before_replacing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(storage.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(storage.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    write_atomic(tmp_path / "a.jpg", b"x")
    assert events[:2] == ["fsync", "replace"]


def test_failed_write_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.jpg"
    target.write_bytes(b"old")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage.os, "replace", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.jpg"]


def test_stored_name_is_random_and_sharded() -> None:
    names = {new_stored_name(".jpg") for _ in range(1000)}
    assert len(names) == 1000
    for name in names:
        match = re.fullmatch(r"([0-9a-f]{2})/([0-9a-f]{32})\.jpg", name)
        assert match and match[2].startswith(match[1])


@pytest.mark.parametrize(
    ("suffix", "ending"), [(".jpg", ".jpg"), ("jpg", ".jpg"), (".JPG", ".jpg"), ("webp", ".webp")]
)
def test_stored_name_normalises_suffix(suffix: str, ending: str) -> None:
    assert new_stored_name(suffix).endswith(ending)


@pytest.mark.parametrize("suffix", ["", ".", "../x", "/etc", ".j/pg", ".jp g", "." + "a" * 11, ".jpg\x00"])
def test_stored_name_refuses_unsafe_suffix(suffix: str) -> None:
    with pytest.raises(ValueError):
        new_stored_name(suffix)
