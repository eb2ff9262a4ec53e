"""Survey results: per neighbourhood of the reader's area, and each company's satisfaction for the assessment."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from inspect_app.core.db import db
from inspect_app.core.roles import Account
from inspect_app.places.models import Community, Neighborhood
from inspect_app.survey import rules
from inspect_app.survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse


@dataclass(frozen=True)
class NeighborhoodResult:
    neighborhood_id: int
    name: str
    community: str
    households: int | None
    responses: int
    means: dict[int, Decimal] = field(default_factory=dict)  # question id → mean of 1–5, two decimals
    overall: Decimal | None = None  # every answer's mean, 1–5

    @property
    def rate(self) -> Decimal | None:
        return rules.response_rate(self.responses, self.households)

    @property
    def points(self) -> Decimal | None:
        return rules.points(self.overall) if self.overall is not None else None


@dataclass(frozen=True)
class Results:
    quarter: str
    questions: list[SurveyQuestion]
    rows: list[NeighborhoodResult]

    @property
    def responses(self) -> int:
        return sum(row.responses for row in self.rows)


def results(user: Account, quarter: str) -> Results:
    """Every neighbourhood of the user's area with its answers this quarter (none: count 0), answered first."""
    places = db.session.execute(
        select(Neighborhood.id, Neighborhood.name, Community.name, Neighborhood.households)
        .join(Community, Community.id == Neighborhood.community_id)
        .where(Neighborhood.in_area(user), Neighborhood.is_active)).all()
    counts: dict[int, int] = {nid: n for nid, n in db.session.execute(
        select(SurveyResponse.neighborhood_id, func.count()).where(SurveyResponse.quarter == quarter)
        .group_by(SurveyResponse.neighborhood_id))}
    means: dict[int, dict[int, Decimal]] = defaultdict(dict)
    overall: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for nid, qid, total, n in db.session.execute(
            select(SurveyResponse.neighborhood_id, SurveyAnswer.question_id, func.sum(SurveyAnswer.value),
                   func.count()).join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.quarter == quarter)
            .group_by(SurveyResponse.neighborhood_id, SurveyAnswer.question_id)):
        means[nid][qid] = rules.mean([Decimal(total) / n]) or Decimal(0)
        overall[nid] = (overall[nid][0] + int(total), overall[nid][1] + n)
    rows = [NeighborhoodResult(nid, name, community, households, counts.get(nid, 0), means.get(nid, {}),
                               rules.mean([Decimal(overall[nid][0]) / overall[nid][1]]) if nid in overall else None)
            for nid, name, community, households in places]
    rows.sort(key=lambda r: (r.responses == 0, r.community, r.name))
    asked = {qid for row in rows for qid in row.means}
    questions = list(db.session.scalars(select(SurveyQuestion).where(
        SurveyQuestion.is_active | SurveyQuestion.id.in_(asked)).order_by(SurveyQuestion.position, SurveyQuestion.id)))
    return Results(quarter, questions, rows)


def comments(neighborhood_id: int, quarter: str, *, limit: int = 50) -> list[str]:
    return list(db.session.scalars(select(SurveyResponse.comment).where(
        SurveyResponse.neighborhood_id == neighborhood_id, SurveyResponse.quarter == quarter,
        SurveyResponse.comment != "").order_by(SurveyResponse.id.desc()).limit(limit)))


def company_satisfaction(quarter: str) -> dict[int, Decimal]:
    """Company id → the quarter's satisfaction on 0–100: the mean of the means of the neighbourhoods it served when
    they answered (a neighbourhood that changed company counts for each with the answers given to it)."""
    stmt = (select(SurveyResponse.company_id, SurveyResponse.neighborhood_id, func.sum(SurveyAnswer.value),
                   func.count())
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.quarter == quarter, SurveyResponse.company_id.is_not(None))
            .group_by(SurveyResponse.company_id, SurveyResponse.neighborhood_id))
    per_company: dict[int, list[Decimal]] = defaultdict(list)
    for company_id, _nid, total, n in db.session.execute(stmt):
        if company_id is not None:
            per_company[company_id].append(Decimal(total) / n)
    return {cid: points for cid, means in per_company.items()
            if (points := rules.company_points(means)) is not None}


def area_satisfaction(quarter: str) -> dict[tuple[str, int], Decimal]:
    """("community" | "subdistrict", id) → the quarter's satisfaction on 0–100 for the 镇街考评: the mean of the
    means of the area's neighbourhoods that answered, as a company's is."""
    stmt = (select(Community.id, Community.subdistrict_id, func.sum(SurveyAnswer.value), func.count())
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .join(Neighborhood, Neighborhood.id == SurveyResponse.neighborhood_id)
            .join(Community, Community.id == Neighborhood.community_id)
            .where(SurveyResponse.quarter == quarter)
            .group_by(Community.id, Community.subdistrict_id, SurveyResponse.neighborhood_id))
    means: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for community_id, subdistrict_id, total, n in db.session.execute(stmt):
        means[("community", community_id)].append(Decimal(total) / n)
        means[("subdistrict", subdistrict_id)].append(Decimal(total) / n)
    return {area: points for area, area_means in means.items()
            if (points := rules.company_points(area_means)) is not None}
