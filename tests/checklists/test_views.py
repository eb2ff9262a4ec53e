"""Checklist admin pages: access, viewing versions, copy → edit → publish, 422 with typed values, 409s."""

from html.parser import HTMLParser

import pytest

from inspect_app.checklists import services
from inspect_app.checklists.models import ChecklistTemplate, TemplateStatus
from inspect_app.core.db import db


class _FormReader(HTMLParser):
    """What a browser would submit from the page's edit form (buttons aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name") and (a.get("type") != "checkbox" or "checked" in a):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def form_values(html: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    reader.values.pop("csrf_token", None)
    return reader.values


@pytest.fixture
def published(world) -> ChecklistTemplate:
    return services.current_template()


@pytest.fixture
def draft(world, published) -> ChecklistTemplate:
    return services.copy_as_draft(published, actor=world.admin)


@pytest.fixture
def admin(client, world, login):
    login(world.admin)
    return client


def _edit_form(client, template: ChecklistTemplate) -> dict[str, str]:
    page = client.get(f"/admin/checklists/{template.id}/edit")
    assert page.status_code == 200
    return form_values(page.get_data(as_text=True))


@pytest.mark.parametrize("who", ["inspector", "supervisor", "company_user_a"])
@pytest.mark.parametrize("method,path", [
    ("get", ""), ("get", "/{id}"), ("get", "/{id}/edit"), ("post", "/{id}/edit"), ("post", "/{id}/copy"),
    ("post", "/{id}/publish"), ("post", "/{id}/discard"),
])
def test_only_admins_may_use_the_pages(client, world, login, draft, who, method, path):
    url = "/admin/checklists" + path.format(id=draft.id)
    assert getattr(client, method)(url).status_code == 302  # anonymous: to the login page
    assert "/login" in getattr(client, method)(url).headers["Location"]
    login(getattr(world, who))
    assert getattr(client, method)(url).status_code == 403
    db.session.expire_all()
    assert db.session.get(ChecklistTemplate, draft.id).status == TemplateStatus.DRAFT


def test_admin_home_links_to_the_checklists(admin):
    assert 'href="/admin/checklists"' in admin.get("/").get_data(as_text=True)


def test_index_lists_versions_with_status_item_count_and_date(admin, published, draft):
    page = admin.get("/admin/checklists").get_data(as_text=True)
    assert "住宅小区物业服务动态巡查表" in page
    assert "第 1 版" in page and "已发布" in page and "第 2 版" in page and "草稿" in page
    assert "29 个检查项" in page and "发布于 " in page and "未发布" in page


def test_detail_shows_categories_items_presets_and_deadlines(admin, published):
    page = admin.get(f"/admin/checklists/{published.id}").get_data(as_text=True)
    assert "H 环境卫生" in page and "默认整改期限 3 天" in page and "满分 30 分" in page
    assert "生活垃圾日产日清，收集点无满溢、无散落" in page and "散落满溢 <b>0.5/处</b>" in page
    assert "堵塞消防通道" in page and "红线" in page and "须拍照" in page and "可免扣" in page
    assert "复制为新草稿" in page and "编辑草稿" not in page


def test_unknown_version_is_404(admin, world):
    assert admin.get("/admin/checklists/999999").status_code == 404


def test_copy_redirects_to_the_draft_and_a_second_copy_reuses_it(admin, published):
    first = admin.post(f"/admin/checklists/{published.id}/copy")
    assert first.status_code == 303
    draft = services.draft_for("default")
    assert first.headers["Location"] == f"/admin/checklists/{draft.id}/edit"
    assert admin.post(f"/admin/checklists/{published.id}/copy").headers["Location"] == first.headers["Location"]
    assert "继续编辑第 2 版草稿" in admin.get(f"/admin/checklists/{published.id}").get_data(as_text=True)


@pytest.mark.parametrize("method,suffix", [("get", "/edit"), ("post", "/edit"), ("post", "/publish"),
                                           ("post", "/discard")])
def test_published_version_cannot_be_changed(admin, published, method, suffix):
    response = getattr(admin, method)(f"/admin/checklists/{published.id}{suffix}")
    assert response.status_code == 409
    assert "已发布或已停用，不能修改" in response.get_data(as_text=True)


def test_bad_input_is_422_with_the_typed_values_kept(admin, draft):
    values = _edit_form(admin, draft) | {"c-H-0-text": "垃圾<日产日清>改", "c-H-0-max_points": "六",
                                         "c-H-1-presets": "堆积杂物 0.5 个"}
    response = admin.post(f"/admin/checklists/{draft.id}/edit", data=values)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" in page
    assert "垃圾&lt;日产日清&gt;改" in page and 'value="六"' in page and "堆积杂物 0.5 个" in page
    assert "请填写数字" in page and "第 1 行：扣分「个」不是数字" in page and "有 2 处需要修改" in page
    assert 'aria-invalid="true"' in page


def test_bad_input_with_htmx_is_the_form_partial(admin, hx, login, world, draft):
    values = _edit_form(admin, draft) | {"c-S-name": ""}
    login(world.admin, to=hx)
    response = hx.post(f"/admin/checklists/{draft.id}/edit", data=values)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in page
    assert f'id="checklist-edit-{draft.id}"' in page
    assert "此项不能为空" in page and response.headers["HX-Reswap"] == "outerHTML show:top"


def test_points_that_do_not_add_up_are_shown(admin, draft):
    values = _edit_form(admin, draft) | {"c-H-0-max_points": "5", "c-H-max_points": "29"}
    page = admin.post(f"/admin/checklists/{draft.id}/edit", data=values).get_data(as_text=True)
    assert "各类别满分合计为 99 分，须为 100 分。" in page


def test_stale_lock_version_is_409_and_keeps_the_input(admin, draft):
    values = _edit_form(admin, draft)
    first = admin.post(f"/admin/checklists/{draft.id}/edit", data=values | {"name": "先保存的名称"})
    assert first.status_code == 303
    response = admin.post(f"/admin/checklists/{draft.id}/edit", data=values | {"name": "后保存的名称"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "已被他人修改" in page and 'value="后保存的名称"' in page
    assert "打开最新的草稿" in page
    db.session.expire_all()
    assert db.session.get(ChecklistTemplate, draft.id).name == "先保存的名称"


def test_add_and_remove_items_rerender_without_saving(admin, draft):
    values = _edit_form(admin, draft)
    added = admin.post(f"/admin/checklists/{draft.id}/edit", data=values | {"action": "add:G"})
    page = added.get_data(as_text=True)
    assert added.status_code == 200 and 'name="c-G-3-code" value="G4"' in page and "尚未保存" not in page
    assert "点击“保存草稿”后才会生效" in page
    removed = admin.post(f"/admin/checklists/{draft.id}/edit", data=values | {"action": "remove:G-2"})
    assert 'value="G3"' not in removed.get_data(as_text=True)
    db.session.expire_all()
    assert [it.code for it in db.session.get(ChecklistTemplate, draft.id).categories[3].items] == ["G1", "G2", "G3"]


def test_full_copy_edit_publish_flow(admin, published):
    edit_url = admin.post(f"/admin/checklists/{published.id}/copy").headers["Location"]
    draft_id = int(edit_url.split("/")[-2])
    values = form_values(admin.get(edit_url).get_data(as_text=True))
    # G3 goes; a new G4 takes its 3 points.
    values = form_values(admin.post(edit_url, data=values | {"action": "remove:G-2"}).get_data(as_text=True))
    values = form_values(admin.post(edit_url, data=values | {"action": "add:G"}).get_data(as_text=True))
    values |= {"c-G-2-text": "绿地内无私搭乱建", "c-G-2-max_points": "3", "c-G-2-requirement": "限期拆除",
               "c-G-2-presets": "私搭乱建 1 处 红线", "c-G-2-photo_required": "1", "c-H-deadline_days": "2"}
    saved = admin.post(edit_url, data=values)
    assert saved.status_code == 303 and saved.headers["Location"] == f"/admin/checklists/{draft_id}"
    lock = db.session.get(ChecklistTemplate, draft_id).lock_version
    published_now = admin.post(f"/admin/checklists/{draft_id}/publish", data={"lock_version": lock})
    assert published_now.status_code == 303 and published_now.headers["Location"] == f"/admin/checklists/{draft_id}"
    db.session.expire_all()
    current = services.current_template()
    assert current.id == draft_id and current.version == 2
    assert db.session.get(ChecklistTemplate, published.id).status == TemplateStatus.RETIRED
    greening = current.categories[3]
    assert [it.code for it in greening.items] == ["G1", "G2", "G4"] and current.categories[0].deadline_days == 2
    new = greening.items[2]
    assert new.photo_required and new.presets[0].is_red_line and new.presets[0].label == "私搭乱建"
    assert admin.get(edit_url).status_code == 409


def test_publish_with_a_stale_lock_version_is_409(admin, draft):
    response = admin.post(f"/admin/checklists/{draft.id}/publish", data={"lock_version": draft.lock_version + 5})
    assert response.status_code == 409
    assert services.draft_for("default") is not None


def test_successful_save_with_htmx_navigates(admin, hx, login, world, draft):
    values = _edit_form(admin, draft)
    login(world.admin, to=hx)
    response = hx.post(f"/admin/checklists/{draft.id}/edit", data=values)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/admin/checklists/{draft.id}"


def test_discard_deletes_the_draft(admin, draft):
    response = admin.post(f"/admin/checklists/{draft.id}/discard")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/checklists"
    assert services.draft_for("default") is None
    assert "草稿已删除" in admin.get("/admin/checklists").get_data(as_text=True)


def test_forms_need_the_csrf_token(admin, draft):
    response = admin.post(f"/admin/checklists/{draft.id}/publish", csrf=False)
    assert response.status_code == 400
    assert services.draft_for("default") is not None


def test_pages_have_no_inline_script_or_style(admin, published, draft):
    for url in ("/admin/checklists", f"/admin/checklists/{published.id}", f"/admin/checklists/{draft.id}/edit"):
        page = admin.get(url).get_data(as_text=True)
        assert "<style" not in page and "style=" not in page and "<script>" not in page
        assert 'method="post"' in page or url == "/admin/checklists"
