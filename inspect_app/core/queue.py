"""The task queue (Huey): what must not wait inside a request runs on a worker.

Embedded default: Huey's SQLite storage in instance/queue.sqlite; production: Redis (`QUEUE_URL=redis://…`).
Tasks are declared with `task()` / `periodic_task()` here so that each runs inside an app context — the worker's
own app (`inspect_app.worker`), or the caller's where one is active. `drain()` runs what is queued in this
process through the same execution path as the worker (commands, tests).
"""

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Flask, has_app_context
from huey import crontab
from huey.api import Huey, Task
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

__all__ = ["crontab", "drain", "huey", "periodic_task", "task"]

# One queue per process; its storage is chosen by the app's QUEUE_URL when the app is made.
huey: Huey = Huey("inspect_app", storage_class=MemoryStorage)  # until configure() gives it the app's storage
_bound: dict[str, Flask] = {}


def configure(app: Flask) -> None:
    """Point the queue at the app's storage: `sqlite:///path`, `redis://host:port/db`, or `immediate`."""
    url = app.config.get("QUEUE_URL") or f"sqlite:///{Path(app.instance_path) / 'queue.sqlite'}"
    app.config["QUEUE_URL"] = url
    huey.immediate = url == "immediate"
    if url.startswith("sqlite:///"):
        huey.storage = SqliteStorage("inspect_app", filename=url.removeprefix("sqlite:///"))
    elif url.startswith(("redis://", "rediss://", "unix://")):
        huey.storage = RedisStorage("inspect_app", url=url)
    elif url != "immediate":
        raise ValueError(f"QUEUE_URL must be sqlite:///…, redis://… or immediate, not {url!r}")
    _bound.setdefault("app", app)


def bind(app: Flask) -> None:
    """The worker's app: tasks run in its context when no other is active."""
    _bound["app"] = app


def _in_app(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            return fn(*args, **kwargs)
        with _bound["app"].app_context():
            return fn(*args, **kwargs)
    return run


def task(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """A queued task (options as Huey's: retries, retry_delay, priority…), named after its module and function."""
    def decorate(fn: Callable[..., Any]) -> Any:
        return huey.task(name=f"{fn.__module__}.{fn.__name__}", **options)(_in_app(fn))
    return decorate


def periodic_task(schedule: Callable[..., bool], **options: Any) -> Callable[[Callable[..., Any]], Any]:
    def decorate(fn: Callable[..., Any]) -> Any:
        return huey.periodic_task(schedule, name=f"{fn.__module__}.{fn.__name__}", **options)(_in_app(fn))
    return decorate


def drain(limit: int = 10_000) -> int:
    """Run what is queued now, here, as the worker would (its retries re-queue; scheduled ones wait)."""
    done = 0
    while done < limit:
        for due in huey.read_schedule():  # retries whose back-off has passed, as the consumer's scheduler does
            huey.enqueue(due)
        message: Task | None = huey.dequeue()
        if message is None:
            break
        huey.execute(message)
        done += 1
    return done


def pending() -> int:
    return huey.pending_count() if not huey.immediate else 0
