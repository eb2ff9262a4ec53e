"""inspect_app: field inspection of residential property management (红色物业)."""

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from inspect_app.assembly import register
    from inspect_app.core.setup import configure

    app = Flask(__name__, instance_relative_config=True, template_folder="../templates",
                static_folder="../static")
    configure(app, config)
    register(app)
    return app
