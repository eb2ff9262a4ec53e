"""Uploaded workbooks kept between an import's preview and its confirmation, by an unguessable token."""

import re
import secrets
import time
from pathlib import Path

from flask import current_app

from inspect_app.core.storage import write_atomic

# An uploaded workbook waits here between its preview and the confirmation (beside the uploads folder, whose
# storage check knows only photos and PDFs); a day later it is gone.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
KEEP_SECONDS = 24 * 3600


def _upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]).resolve().parent / "imports"


def store_upload(data: bytes) -> str:
    folder = _upload_folder()
    if folder.is_dir():
        for old in folder.glob("*.xlsx"):
            if old.stat().st_mtime < time.time() - KEEP_SECONDS:
                old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    write_atomic(folder / f"{token}.xlsx", data)
    return token


def stored_upload(token: str) -> bytes | None:
    path = _upload_folder() / f"{token}.xlsx"
    if not _TOKEN.fullmatch(token) or not path.is_file():
        return None
    return path.read_bytes()


def discard_upload(token: str) -> None:
    if _TOKEN.fullmatch(token):
        (_upload_folder() / f"{token}.xlsx").unlink(missing_ok=True)
