"""Checklist versions without HTTP: copy to a draft, save, publish, discard, and the edit form's validation."""

from decimal import Decimal

import pytest
from sqlalchemy import update
from werkzeug.datastructures import MultiDict

from inspect_app.checklists import forms, loader, services
from inspect_app.checklists.loader import validate_checklist
from inspect_app.checklists.models import ChecklistItem, ChecklistTemplate, TemplateStatus
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError


@pytest.fixture
def published(world) -> ChecklistTemplate:
    return services.current_template()


@pytest.fixture
def draft(world, published) -> ChecklistTemplate:
    return services.copy_as_draft(published, actor=world.admin)


def _content(template: ChecklistTemplate) -> dict:
    return validate_checklist(loader.checklist_data(template))


def _saved(template: ChecklistTemplate, edit: forms.EditInput) -> dict:
    data, errors = forms.validate(edit, template)
    assert errors == {}
    return data


def test_copy_creates_a_draft_with_identical_content_and_the_next_version(world, published, draft):
    assert draft.id != published.id and draft.code == published.code
    assert draft.version == published.version + 1
    assert draft.status == TemplateStatus.DRAFT and draft.published_at is None
    assert draft.created_by_id == world.admin.id
    assert _content(draft) == _content(published)
    assert published.status == TemplateStatus.PUBLISHED and services.current_template() == published


def test_a_second_copy_returns_the_existing_draft(world, published, draft):
    assert services.copy_as_draft(published, actor=world.admin).id == draft.id
    assert db.session.query(ChecklistTemplate).filter_by(status=TemplateStatus.DRAFT).count() == 1


def test_publish_retires_the_previous_version(world, published, draft):
    services.publish(draft, actor=world.admin, lock_version=draft.lock_version)
    db.session.expire_all()
    assert draft.status == TemplateStatus.PUBLISHED and draft.published_at is not None
    assert published.status == TemplateStatus.RETIRED
    assert services.current_template().id == draft.id


@pytest.mark.parametrize("action", ["save", "publish", "discard"])
def test_published_and_retired_versions_are_read_only(world, published, draft, action):
    services.publish(draft, actor=world.admin)
    retired = db.session.get(ChecklistTemplate, published.id)
    for template in (retired, draft):
        with pytest.raises(DomainError) as caught:
            if action == "save":
                services.save_draft(template, _content(template), actor=world.admin,
                                    lock_version=template.lock_version)
            else:
                getattr(services, action)(template, actor=world.admin)
        assert caught.value.status == 409 and "不能修改" in caught.value.message


def test_save_draft_replaces_the_content_and_bumps_the_lock_version(world, draft):
    edit = forms.input_from_template(draft)
    edit.categories[0].items[0].text = "生活垃圾日产日清（新）"
    before = draft.lock_version
    services.save_draft(draft, _saved(draft, edit), actor=world.admin, lock_version=before)
    db.session.expire_all()
    assert draft.lock_version == before + 1
    assert draft.categories[0].items[0].text == "生活垃圾日产日清（新）"
    assert [p.label for p in draft.categories[0].items[0].presets] == ["未日产日清", "散落满溢"]


def test_save_draft_against_a_stale_lock_version_is_refused(world, draft):
    data = _saved(draft, forms.input_from_template(draft))
    with pytest.raises(DomainError) as caught:
        services.save_draft(draft, data, actor=world.admin, lock_version=draft.lock_version - 1)
    assert caught.value.status == 409 and "他人修改" in caught.value.message


def test_a_concurrent_write_is_caught_by_the_version_column(world, draft):
    data = _saved(draft, forms.input_from_template(draft))
    seen = draft.lock_version
    # Another admin's save lands between our check and our write; the session's copy stays stale.
    db.session.execute(update(ChecklistTemplate).where(ChecklistTemplate.id == draft.id)
                       .values(lock_version=ChecklistTemplate.lock_version + 1),
                       execution_options={"synchronize_session": False})
    with pytest.raises(DomainError) as caught:
        services.save_draft(draft, data, actor=world.admin, lock_version=seen)
    assert caught.value.status == 409


def test_discard_deletes_only_the_draft(world, published, draft):
    draft_id = draft.id
    services.discard(draft, actor=world.admin)
    assert db.session.get(ChecklistTemplate, draft_id) is None
    assert services.current_template().id == published.id


def test_publish_refuses_an_invalid_draft_and_keeps_the_old_version(world, published, draft):
    db.session.execute(update(ChecklistItem).where(ChecklistItem.code == "H1",
                                                   ChecklistItem.category_id == draft.categories[0].id)
                       .values(max_points=Decimal(5)))
    db.session.commit()
    with pytest.raises(DomainError) as caught:
        services.publish(draft, actor=world.admin)
    assert caught.value.status == 422 and "校验未通过" in caught.value.message
    db.session.expire_all()
    assert services.current_template().id == published.id and draft.status == TemplateStatus.DRAFT


def test_versions_are_grouped_by_code_with_item_counts(world, published, draft):
    [(code, rows)] = services.versions_by_code()
    assert code == "default"
    assert [(t.version, count) for t, count in rows] == [(2, 29), (1, 29)]


# --- the edit form ----------------------------------------------------------------------------------

def test_unchanged_form_validates_to_the_same_checklist(published):
    data, errors = forms.validate(forms.input_from_template(published), published)
    assert errors == {} and data == _content(published)


def test_item_points_that_do_not_add_up_to_the_category_are_a_field_error(published):
    edit = forms.input_from_template(published)
    edit.categories[0].items[0].max_points = "5"
    data, errors = forms.validate(edit, published)
    assert data is None
    assert errors == {"c-H-max_points": "本类各检查项满分合计为 29 分，与类别满分 30 分不符。"}


def test_categories_that_do_not_add_up_to_100_are_a_form_error(published):
    edit = forms.input_from_template(published)
    edit.categories[0].items[0].max_points = "5"
    edit.categories[0].max_points = "29"
    data, errors = forms.validate(edit, published)
    assert data is None and errors == {forms.FORM_ERROR: "各类别满分合计为 99 分，须为 100 分。"}


@pytest.mark.parametrize("field,value,message", [
    ("text", "  ", "此项不能为空"),
    ("requirement", "", "此项不能为空"),
    ("max_points", "abc", "请填写数字"),
    ("max_points", "0", "须大于 0"),
    ("max_points", "1.234", "最多保留两位小数"),
    ("presets", "", "请至少填写一条扣分标准"),
])
def test_item_fields_get_chinese_messages(published, field, value, message):
    edit = forms.input_from_template(published)
    setattr(edit.categories[1].items[2], field, value)
    _data, errors = forms.validate(edit, published)
    assert message in errors[f"c-Q-2-{field}"]


@pytest.mark.parametrize("value", ["0", "abc", "366", "1.5", ""])
def test_deadline_days_must_be_whole_days(published, value):
    edit = forms.input_from_template(published)
    edit.categories[2].deadline_days = value
    edit.red_line_deadline_days = value
    _data, errors = forms.validate(edit, published)
    assert "整数天数" in errors["c-F-deadline_days"] and "整数天数" in errors["red_line_deadline_days"]


def test_presets_parse_units_red_lines_and_the_slash_form():
    text = "散落满溢 0.5 处\n\n堵塞消防通道 2/处 红线\n无宣传 1\n低于 1 个百分点 0.5 个百分点"
    presets, problem = forms.parse_presets(text, Decimal(6))
    assert problem is None
    assert presets == [
        {"label": "散落满溢", "amount": 0.5, "unit": "处", "red_line": False},
        {"label": "堵塞消防通道", "amount": 2, "unit": "处", "red_line": True},
        {"label": "无宣传", "amount": 1, "unit": None, "red_line": False},
        {"label": "低于 1 个百分点", "amount": 0.5, "unit": "个百分点", "red_line": False},
    ]


@pytest.mark.parametrize("text,message", [
    ("散落满溢", "第 1 行：格式应为"),
    ("散落满溢 0.5 处\n乱停 半 辆", "第 2 行：扣分「半」不是数字"),
    ("散落满溢 0.5 个", "第 1 行：扣分「个」不是数字"),
    ("散落满溢 7 处", "扣分 7 超过该项满分 6"),
    ("散落满溢 0.5 处\n散落满溢 1 次", "第 2 行：标签「散落满溢」重复"),
    ("散落满溢 -1 处", "须大于 0"),
])
def test_bad_preset_lines_are_named(text, message):
    presets, problem = forms.parse_presets(text, Decimal(6))
    assert message in problem


def test_format_presets_round_trips(published):
    item = published.categories[1].items[3]  # Q4, with the red-line fire-lane preset
    text = forms.format_presets(item.presets)
    assert "红线" in text
    presets, problem = forms.parse_presets(text, item.max_points)
    assert problem is None and [p["red_line"] for p in presets] == [p.is_red_line for p in item.presets]


def test_add_and_remove_items(published):
    edit = forms.input_from_template(published)
    assert forms.apply_action(edit, "add:H") is True
    assert [it.code for it in edit.categories[0].items][-1] == "H9" and edit.categories[0].items[-1].is_new
    assert forms.apply_action(edit, "remove:H-0") is True
    assert edit.categories[0].items[0].code == "H2"
    assert forms.apply_action(edit, "add:H") is True and edit.categories[0].items[-1].code == "H10"
    for action in ("save", "add:X", "remove:H-99", "remove:H-x", ""):
        assert forms.apply_action(edit, action) is False


def test_input_from_form_reads_items_in_order_and_unchecked_boxes_as_false(published):
    form = MultiDict({"name": "表", "lock_version": "3", "c-H-name": "环境卫生", "c-H-10-code": "H9",
                      "c-H-2-code": "H2", "c-H-2-photo_required": "1", "c-H-2-text": "文字"})
    edit = forms.input_from_form(form, published)
    items = edit.categories[0].items
    assert [it.code for it in items] == ["H2", "H9"] and [it.is_new for it in items] == [False, True]
    assert items[0].photo_required and not items[0].gated_only and items[0].text == "文字"
    assert forms.lock_version(edit) == 3 and edit.categories[1].items == []
    assert forms.lock_version(forms.EditInput("", "", "x", [])) == -1
