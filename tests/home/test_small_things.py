"""The small things: /favicon.ico, settings history in words, saved settings and checklist publishing confirmed."""

from inspect_app.assessment.display import settings_note_text
from inspect_app.checklists import services as checklists
from tests.assessment.helpers import period


def test_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg") and response.cache_control.max_age > 0


def test_settings_are_saved_with_a_message_and_their_history_reads_in_words(client, world, login):
    p = period(world, "2026Q3")
    login(world.admin)
    saved = client.post(f"/assessment/{p.code}/settings", follow_redirects=True, data={
        "patrol_weight": "0.7", "special_weight": "0.3", "overdue_penalty": "1", "sent_back_penalty": "2",
        "penalty_cap": "8", "min_patrols": "2"}).get_data(as_text=True)
    assert "计分设置已保存。" in saved
    history = saved[saved.index('<ol class="timeline">'):]
    assert "修改计分设置：动态巡查权重 70%；专项考评权重 30%；逾期未整改每项扣分 1；" in history
    assert "patrol_weight" not in history and "_weight=" not in history


def test_settings_note_keeps_other_notes_as_written(app):
    assert settings_note_text("patrol_weight=0.60; min_patrols=3") == "动态巡查权重 60%；参与排名最少巡查次数 3"
    assert settings_note_text("重新开放：数据有误") == "重新开放：数据有误"


def test_publishing_a_checklist_version_asks_first(client, world, login):
    draft = checklists.copy_as_draft(checklists.current_template(), actor=world.admin)
    login(world.admin)
    page = client.get(f"/admin/checklists/{draft.id}").get_data(as_text=True)
    assert f'data-confirm="发布第 {draft.version} 版？' in page
