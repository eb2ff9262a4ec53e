"""The service worker comes from the root, uncached, versioned by the shell it keeps; pages load the outbox."""

import re
import shutil
from pathlib import Path

from inspect_app.inspections import services
from inspect_app.offline.views import SHELL, shell_version


def test_the_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    for name in SHELL:
        assert f'"/static/{name}"' in body
    assert 'request.method !== "GET"' in body  # answers and photos are never served from a cache
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_its_version_changes_with_the_shell_files(app, tmp_path):
    before = shell_version()
    copy = tmp_path / "static"
    shutil.copytree(app.static_folder, copy)
    app.static_folder = str(copy)
    (copy / "js" / "outbox.js").write_text("// a new release\n", encoding="utf-8")
    assert shell_version() != before and re.fullmatch(r"[0-9a-f]{16}", before)


def test_every_shell_file_exists():
    static = Path(__file__).resolve().parents[2] / "static"
    assert [name for name in SHELL if not (static / name).is_file()] == []


def test_the_checklist_loads_the_outbox_with_no_inline_script(client, login, world):
    login(world.inspector)
    patrol = services.start_patrol(world.neighborhood_a, actor=world.inspector)
    page = client.get(f"/inspections/{patrol.id}").get_data(as_text=True)
    for script in ("js/app.js", "js/photo-shrink.js", "js/outbox.js"):
        assert f'src="/static/{script}"' in page
    assert not re.search(r"<script(?![^>]*\ssrc=)", page) and " style=" not in page
    assert 'data-sw="/sw.js"' in page and 'data-page-source="network"' in page
    assert 'id="sync-status"' in page and "全部已保存" in page and "data-outbox-submit" in page
    assert 'data-outbox-photos="/inspections/' in page and "data-outbox-logout" in page


def test_a_logged_out_page_registers_no_worker(client):
    assert "data-sw=" not in client.get("/login").get_data(as_text=True)
