"""Build findings and orders through the real services."""

from inspect_app.orders import followup, services
from inspect_app.photos import services as photo_service
from inspect_app.photos.models import PhotoKind
from tests import factories
from tests.inspections.helpers import jpeg


def findings(world, n: int = 2, neighborhood=None):
    neighborhood = neighborhood or world.neighborhood_a
    return [factories.finding(neighborhood, title=f"问题{i + 1}") for i in range(n)]


def issued_order(world, n: int = 2, neighborhood=None):
    items = findings(world, n, neighborhood)
    order = services.draft_order(items[0].neighborhood, [f.id for f in items], actor=world.inspector)
    return services.issue_order(order, actor=world.inspector)


def reported_order(world, n: int = 2):
    order = issued_order(world, n)
    company_user = world.company_user_a
    services.acknowledge(order, actor=company_user)
    for line in order.lines:
        report = services.report_fix(order, line.finding, actor=company_user, note="已清理完毕")
        photo_service.store_photo(
            jpeg(),
            kind=PhotoKind.AFTER,
            actor=company_user,
            watermark_lines=["after"],
            rectification_report_id=report.id,
            finding_id=line.finding_id,
        )
    return order


def followed_up(world, order, outcomes: list[str]):
    inspection = followup.start_follow_up(order, actor=world.inspector)
    for line, outcome in zip(order.lines, outcomes, strict=True):
        followup.record_result(
            inspection,
            line.finding,
            outcome=outcome,
            note="" if outcome == "passed" else "仍有堆放",
            actor=world.inspector,
        )
    return followup.submit_follow_up(inspection, order, actor=world.inspector)
