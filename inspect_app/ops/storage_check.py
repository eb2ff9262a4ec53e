"""Stored files and database rows agree: find files no row references and rows whose file is missing."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import select

from inspect_app.core.db import db

# Uploads write a file (a temp name, then the final one) before their row commits: leave young files alone.
DEFAULT_MIN_AGE_SECONDS = 10 * 60
IGNORED_NAMES = {".gitkeep"}


@dataclass(frozen=True)
class Reference:
    """One row's pointer to a stored file, relative to UPLOAD_FOLDER."""

    table: str
    row_id: int
    column: str
    path: str


@dataclass
class Report:
    root: Path
    files: int = 0
    referenced: set[str] = field(default_factory=set)
    unreferenced: list[str] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)  # unreferenced but younger than the minimum age
    missing: list[Reference] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.missing and len(self.removed) == len(self.unreferenced)


def upload_root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def stored_files(root: Path) -> dict[str, float]:
    """Every regular file under root: relative POSIX path → modification time."""
    found: dict[str, float] = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if name in IGNORED_NAMES:
                continue
            path = Path(folder) / name
            try:
                found[path.relative_to(root).as_posix()] = path.lstat().st_mtime
            except FileNotFoundError:
                continue  # removed while we walked
    return found


def references() -> list[Reference]:
    """Photos' three files and issued orders' stored PDFs."""
    from inspect_app.orders.models import RectificationOrder
    from inspect_app.photos.models import Photo

    refs = []
    rows = db.session.execute(select(Photo.id, Photo.original_path, Photo.display_path, Photo.thumb_path))
    for row_id, *paths in rows:
        for column, path in zip(("original_path", "display_path", "thumb_path"), paths, strict=True):
            refs.append(Reference("photo", row_id, column, path))
    orders = db.session.execute(select(RectificationOrder.id, RectificationOrder.pdf_path)
                                .where(RectificationOrder.pdf_path.is_not(None)))
    refs.extend(Reference("rectification_order", row_id, "pdf_path", path) for row_id, path in orders if path)
    return refs


def _is_inside(relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    return bool(parts) and not PurePosixPath(relative).is_absolute() and ".." not in parts


def check(min_age_seconds: float = DEFAULT_MIN_AGE_SECONDS) -> Report:
    """Read-only. Files are listed before rows are read, so a row committed meanwhile still counts."""
    root = upload_root()
    files = stored_files(root)
    refs = references()
    report = Report(root=root, files=len(files), referenced={r.path for r in refs})
    for ref in refs:
        if not _is_inside(ref.path) or not (root / ref.path).is_file():
            report.missing.append(ref)
    cutoff = time.time() - min_age_seconds
    for relative, mtime in sorted(files.items()):
        if relative in report.referenced:
            continue
        (report.unreferenced if mtime <= cutoff else report.recent).append(relative)
    return report


def fix(report: Report) -> Report:
    """Remove the unreferenced files of `report`; rows are never touched (their missing files are reported)."""
    still_referenced = {r.path for r in references()}
    for relative in report.unreferenced:
        if relative in still_referenced:
            continue
        try:
            (report.root / relative).unlink()
        except FileNotFoundError:
            pass
        report.removed.append(relative)
    return report
