"""How ranking values read on pages and in exports: movement arrows, rates, category labels, charts."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint
from flask_babel import gettext as _
from markupsafe import Markup

from inspect_app.assessment import charts, rules
from inspect_app.assessment.ranking import HistoryPoint, Ranking
from inspect_app.assessment.rules import PeriodStatus
from inspect_app.core.templating import format_points
from inspect_app.findings.ledger import category_names


def movement_text(movement: rules.Movement | None) -> str:
    """▲3 / ▼2 / 新 / — ; empty for a company not ranked (or no earlier ranking to compare with)."""
    if movement is None:
        return ""
    if movement.trend == rules.Trend.UP:
        return f"▲{movement.places}"
    if movement.trend == rules.Trend.DOWN:
        return f"▼{movement.places}"
    return _("新") if movement.trend == rules.Trend.NEW else "—"


def score_text(value: Decimal | None) -> str:
    """Always two decimals, so that a column of totals lines up: 95.1 → 95.10."""
    return "—" if value is None else f"{value:.2f}"


def percent_text(value: Decimal | None) -> str:
    """A category sub-score as shown in the chips: one decimal is as precise as anyone reads it."""
    return "—" if value is None else f"{value:.1f}"


def rate_text(rate: Decimal | None) -> str:
    """0.8571 → 85.7%; — when there was nothing to judge."""
    if rate is None:
        return "—"
    return format_points(rules.quantize(rate * 100, Decimal("0.1"))) + "%"


def period_status(status: str) -> str:
    names: dict[str, str] = {PeriodStatus.OPEN: _("进行中"), PeriodStatus.CLOSED: _("已关闭（成绩已冻结）"),
             PeriodStatus.PUBLISHED: _("已公示")}
    return names.get(status, status)


def settings_note_text(note: str) -> str:
    """A settings change as recorded ("patrol_weight=0.60; …") in words: 动态巡查权重 60%；…"""
    names = {"patrol_weight": _("动态巡查权重"), "special_weight": _("专项考评权重"),
             "overdue_penalty": _("逾期未整改每项扣分"), "sent_back_penalty": _("复查退回每次扣分"),
             "penalty_cap": _("扣分上限"), "min_patrols": _("参与排名最少巡查次数"),
             "satisfaction_weight": _("满意度测评权重"),
             "committee_share": _("业委会评价占专项考评比例")}
    parts = []
    for pair in note.split(";"):
        name, _sep, value = pair.strip().partition("=")
        if name not in names:
            return note  # not a settings record: shown as written
        shown = weight_text(Decimal(value)) if name.endswith(("_weight", "_share")) else format_points(Decimal(value))
        parts.append(f"{names[name]} {shown}")
    return "；".join(parts)


def weight_text(weight: Decimal) -> str:
    return format_points(weight * 100) + "%"


def category_labels() -> dict[str, str]:
    """Code → full name, in checklist order (the five codes at least)."""
    names = category_names()
    return {code: names.get(code, code) for code in [*names, *[c for c in rules.CATEGORY_CODES if c not in names]]}


def short_label(name: str) -> str:
    """环境卫生 → 环境: chips on a phone have room for two characters."""
    return name[:2]


def distribution_chart(ranking: Ranking, highlight: Decimal | None = None) -> Markup:
    totals = [row.result.total for row in ranking.rated if row.result.total is not None]
    return charts.histogram(totals, _("%(code)s 综合得分分布（%(n)s 家）", code=ranking.period.code, n=len(totals)),
                            highlight=highlight, highlight_label=_("本公司") if highlight is not None else "")


def history_chart(history: list[HistoryPoint], company_name: str) -> Markup:
    points = [charts.Point(h.code, h.total, _("第%(rank)s名", rank=h.rank) if h.rank else "") for h in history]
    return charts.score_line(points, _("%(name)s 历季综合得分", name=company_name), unrated=_("未评级"))


def register(bp: Blueprint) -> None:
    bp.add_app_template_filter(movement_text, "movement")
    bp.add_app_template_filter(rate_text, "rate")
    bp.add_app_template_filter(score_text, "score")
    bp.add_app_template_filter(percent_text, "pct")
    bp.add_app_template_filter(weight_text, "weight")
    bp.add_app_template_filter(short_label, "short_label")
    bp.add_app_template_filter(period_status, "period_status")
    bp.add_app_template_filter(settings_note_text, "settings_note")
