"""A draft's live score, what each answered item still lacks (待补充), and a deduction in words: no writes."""

from flask_babel import gettext as _

from inspect_app.checklists import rules
from inspect_app.checklists.models import ChecklistItem, ChecklistTemplate
from inspect_app.inspections.models import ItemOutcome, ItemResult
from inspect_app.photos.models import Photo


def score_card(template: ChecklistTemplate, results: dict[int, ItemResult]) -> rules.ScoreCard:
    specs, answers = [], {}
    for category in template.categories:
        for item in category.items:
            specs.append(rules.ItemSpec(item.code, category.code, item.max_points))
            result = results.get(item.id)
            if result is not None:
                answers[item.code] = rules.Answer(rules.Outcome(result.outcome), result.deduction,
                                                  result.is_exempt, result.is_red_line)
    return rules.score(specs, answers)


def item_problem(item: ChecklistItem, result: ItemResult | None, photos: list[Photo]) -> str | None:
    """What an item still lacks before the patrol can be submitted, or None when it is complete."""
    if result is None:
        return _("尚未检查")
    if result.outcome != ItemOutcome.DEDUCT:
        return None
    if result.preset_id is None and result.custom_amount is None:
        return _("请选择扣分标准")
    if result.preset_id is None and not result.reason:
        return _("自定义扣分须填写理由")
    if item.photo_required and not photos:
        return _("该项扣分须附照片")
    return None


def submission_problems(template: ChecklistTemplate, results: dict[int, ItemResult],
                        photos: dict[int, list[Photo]]) -> dict[int, str]:
    """Item id → what still stops the submission."""
    problems = {}
    for category in template.categories:
        for item in category.items:
            result = results.get(item.id)
            problem = item_problem(item, result, photos.get(result.id, []) if result else [])
            if problem:
                problems[item.id] = problem
    return problems


def describe(result: ItemResult) -> str:
    """The deduction in words, for the ledger and the order."""
    if result.preset is not None:
        unit = result.preset.unit or ""
        what = f"{result.preset.label}：{result.preset.amount.normalize():f} 分/{unit} × {result.count}" if unit \
            else f"{result.preset.label}"
    else:
        what = _("自定义扣分：%(reason)s", reason=result.reason)
    parts = [what]
    if result.is_exempt:
        parts.append(_("已告知、劝阻并上报，不扣分"))
    if result.note:
        parts.append(result.note)
    return "；".join(parts)
