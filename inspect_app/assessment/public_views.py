"""Public ranking (晾晒排名, no login): published periods only, company names and scores, no personal data."""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_file
from flask_babel import gettext as _

from inspect_app.assessment import (
    area_export,
    area_ranking,
    area_rules,
    display,
    export,
    permissions,
    ranking,
    services,
    share_image,
)
from inspect_app.assessment.models import AssessmentPeriod
from inspect_app.core.htmx import render

bp = Blueprint("ranking", __name__, url_prefix="/ranking")


def _published_or_404(code: str) -> AssessmentPeriod:
    period = services.get_period(code)
    if period is None or not permissions.is_public(period):
        abort(404)  # an unpublished period does not exist for the public
    return period


@bp.get("")
def index():
    published = services.periods(published_only=True)
    if not published:
        return render("assessment/public_empty.html")
    return _ranking_page(published[0], published)


@bp.get("/<code>")
def period(code: str):
    return _ranking_page(_published_or_404(code), services.periods(published_only=True))


def _ranking_page(period: AssessmentPeriod, published: list[AssessmentPeriod]):
    result = ranking.ranking(period, public=True)
    image = f"{share_image.public_url(result)}.png?v={share_image.fingerprint(result)}"
    return render("assessment/public_ranking.html", period=period, ranking=result, published=published,
                  categories=display.category_labels(), distribution=display.distribution_chart(result),
                  share_image_url=image, page_url=share_image.public_url(result),
                  areas=area_ranking.area_ranking(period, public=True), area_rules=area_rules)


@bp.get("/<code>/companies/<int:company_id>")
def company(code: str, company_id: int):
    period = _published_or_404(code)
    result = ranking.ranking(period, public=True)
    row = result.row(company_id) or abort(404)
    history = ranking.company_history(company_id, public=True)
    return render("assessment/public_company.html", period=period, ranking=result, row=row,
                  categories=display.category_labels(), history=history,
                  history_chart=display.history_chart(history, row.company_name),
                  distribution=display.distribution_chart(result, highlight=row.result.total))


@bp.get("/<code>.pdf")
def pdf(code: str):
    return export.download(ranking.ranking(_published_or_404(code), public=True), "pdf")


@bp.get("/<code>.png")
def png(code: str):
    """The WeChat picture (og:image of the page): drawn on the queue at publication, or when a rescore changed it."""
    result = ranking.ranking(_published_or_404(code), public=True)
    path = share_image.stored_path(result)
    if not path.exists():
        share_image.make_share_image(code)
        if not path.exists():
            return Response(_("排名长图正在生成，请稍后刷新。"), status=503, headers={"Retry-After": "30"},
                            mimetype="text/plain")
    return send_file(path, mimetype="image/png", max_age=3600)


@bp.get("/<code>.xlsx")
def xlsx(code: str):
    return export.download(ranking.ranking(_published_or_404(code), public=True), "xlsx")


@bp.get("/<code>/areas.pdf")
def areas_pdf(code: str):
    return area_export.download(area_ranking.area_ranking(_published_or_404(code), public=True), "pdf")


@bp.get("/<code>/areas.xlsx")
def areas_xlsx(code: str):
    return area_export.download(area_ranking.area_ranking(_published_or_404(code), public=True), "xlsx")
