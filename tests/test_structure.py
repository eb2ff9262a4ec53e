"""Size limits that keep the code readable (style guide): modules, views and functions stay small.

Checked with `ast` per package of inspect_app, so that a failure names the package, the place and the size.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "inspect_app"
MAX_MODULE_LINES = 300
MAX_VIEW_LINES = 25
MAX_FUNCTION_LINES = 40
ROUTE_METHODS = {"route", "get", "post", "put", "patch", "delete"}

PACKAGES = sorted(p.name for p in APP.iterdir() if (p / "__init__.py").is_file() and p.name != "migrations")


def modules(package: str) -> list[Path]:
    """The package's modules; "(top level)" stands for the modules directly in inspect_app."""
    if package == "(top level)":
        return sorted(APP.glob("*.py"))
    return sorted((APP / package).rglob("*.py"))


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def is_route(decorator: ast.expr) -> bool:
    """`@bp.get(...)`, `@bp.post(...)`, `@bp.route(...)`: a blueprint's (or the app's) route."""
    return (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_METHODS and isinstance(decorator.func.value, ast.Name))


def length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """From the `def` line to the last line of the body (decorators not counted)."""
    assert node.end_lineno is not None
    return node.end_lineno - node.lineno + 1


def where(path: Path, node: ast.AST | None = None) -> str:
    place = path.relative_to(APP.parent).as_posix()
    return f"{place}:{node.lineno}" if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else place


def oversized(package: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"modules": [], "views": [], "functions": []}
    for path in modules(package):
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            found["modules"].append(f"{where(path)} has {lines} lines (at most {MAX_MODULE_LINES})")
        for node in functions(ast.parse(source, filename=str(path))):
            size = length(node)
            if any(is_route(d) for d in node.decorator_list) and size > MAX_VIEW_LINES:
                found["views"].append(f"{where(path, node)} view {node.name} has {size} lines "
                                      f"(at most {MAX_VIEW_LINES})")
            elif size > MAX_FUNCTION_LINES:
                found["functions"].append(f"{where(path, node)} {node.name} has {size} lines "
                                          f"(at most {MAX_FUNCTION_LINES})")
    return found


@pytest.mark.parametrize("package", ["(top level)", *PACKAGES])
@pytest.mark.parametrize("kind", ["modules", "views", "functions"])
def test_sizes_within_limits(package: str, kind: str) -> None:
    offenders = oversized(package)[kind]
    assert not offenders, f"{package}: {len(offenders)} {kind} too long:\n  " + "\n  ".join(offenders)


def test_the_checks_see_the_code() -> None:
    """Guards the guard: every area is found, and route decorators are recognised."""
    assert {"core", "findings", "orders", "assessment"} <= set(PACKAGES)
    assert "migrations" not in PACKAGES
    tree = ast.parse("@bp.get('/x')\n@require()\ndef index():\n    pass\n\n"
                     "@app.cli.command('y')\ndef cmd():\n    pass\n")
    decorated = {f.name: any(is_route(d) for d in f.decorator_list) for f in functions(tree)}
    assert decorated == {"index": True, "cmd": False}
    assert any(is_route(d) for f in functions(ast.parse((APP / "findings" / "views.py").read_text()))
               for d in f.decorator_list)


def test_a_long_function_is_reported(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    tree = ast.parse(f"def long():\n{body}\n")
    (node,) = functions(tree)
    assert length(node) == MAX_FUNCTION_LINES + 1
