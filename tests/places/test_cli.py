"""`flask places import` and `flask places template`."""

from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.places.models import Neighborhood
from tests.places.helpers import district_workbook, xlsx


def neighbourhoods() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Neighborhood.id)))


def test_dry_run_then_import_then_again(app, tmp_path):
    path = tmp_path / "places.xlsx"
    path.write_bytes(district_workbook(accounts=[("zhangwei", "张伟", "巡查员", "富强路社区", "", "")]))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["places", "import", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "小区 新增: 3" in dry.output and "试运行" in dry.output and neighbourhoods() == 0
    done = runner.invoke(args=["places", "import", str(path)])
    assert done.exit_code == 0 and "已导入" in done.output and neighbourhoods() == 3
    assert "账号 zhangwei 一次性密码 " in done.output
    again = runner.invoke(args=["places", "import", str(path)])
    assert again.exit_code == 0 and "没有变化" in again.output and "一次性密码" not in again.output


def test_errors_name_sheet_and_row_and_fail(app, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([], [("南站街道", "富强路社区", "新城名座小区", "", "", "无名物业")]))
    result = app.test_cli_runner().invoke(args=["places", "import", str(path)])
    assert result.exit_code == 1
    assert "小区 第 2 行" in result.output and "无名物业" in result.output and "未写入" in result.output
    assert neighbourhoods() == 0


def test_template_is_written(app, tmp_path):
    path = tmp_path / "template.xlsx"
    result = app.test_cli_runner().invoke(args=["places", "template", str(path)])
    assert result.exit_code == 0 and path.read_bytes()[:2] == b"PK"
