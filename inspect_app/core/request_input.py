"""Odd input refused at the edge: ids beyond the database's integer range and NUL bytes never reach a query."""

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

from inspect_app.core.errors import error_response

# Every id column is an INTEGER: PostgreSQL's holds 32 bits (SQLite's 64, the smaller bound serves both).
DB_INT_MAX = 2**31 - 1
DB_INT_MIN = -(2**31)


def _bounded_int(value: Any) -> int:
    number = int(value)
    if not DB_INT_MIN <= number <= DB_INT_MAX:
        raise ValueError("beyond the database's integer range")
    return number


def _bounded(type_: Callable | None) -> Callable | None:
    return _bounded_int if type_ is int else type_


class BoundedArgs(ImmutableMultiDict):
    """`request.args.get(name, type=int)` (and form) treats a number the database cannot hold like a non-number."""

    def get(self, key, default=None, type=None):  # noqa: A002 - the signature of MultiDict.get
        return super().get(key, default, _bounded(type))

    def getlist(self, key, type=None):  # noqa: A002
        return super().getlist(key, _bounded(type))


class IdConverter(IntegerConverter):
    """`<int:…>` only matches what an id column can hold; anything larger is a 404, never a database error."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = DB_INT_MAX, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


class TextConverter(UnicodeConverter):
    """A path segment never holds a NUL byte (PostgreSQL refuses it in any text): such a URL matches nothing."""

    def __init__(self, map: Map, minlength: int = 1, maxlength: int | None = None, length: int | None = None):
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", r"[^/\x00]", 1)


def _has_nul(values: MultiDict) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def register_converters(app: Flask) -> None:
    """Before any blueprint adds its routes: the converters are bound when a rule is added."""
    app.url_map.converters.update(int=IdConverter, default=TextConverter, string=TextConverter)


def register(app: Flask) -> None:
    """After the extensions: CSRFProtect parses the form within the upload limits, htmx sets its request class."""
    app.request_class = type("BoundedRequest", (app.request_class,), {"parameter_storage_class": BoundedArgs})

    @app.before_request
    def refuse_nul_bytes() -> Response | None:
        form: MultiDict = request.form if request.method not in ("GET", "HEAD", "OPTIONS") else ImmutableMultiDict()
        if _has_nul(request.args) or _has_nul(form):
            return error_response(400, _("请求中含有无效字符（空字符），请删除后重试。"))
        return None
