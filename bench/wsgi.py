"""The app as gunicorn serves it (`bench.wsgi:make_app()`), plus /bench/floor: a bare constant route.

The floor is the yardstick for pages: same server, same hooks (login, CSRF, headers), no work of its own.

Under gunicorn it is configured by INSPECT_APP_* variables (a temp database and upload folder, set by
bench/pages.py); the floor route exists only here, never in the app itself.
"""

from flask import Flask

from inspect_app import create_app

FLOOR_BODY = "ok"


def make_app(config: dict | None = None) -> Flask:
    app = create_app(config)

    def floor() -> str:
        return FLOOR_BODY

    app.add_url_rule("/bench/floor", "bench_floor", floor)
    return app

