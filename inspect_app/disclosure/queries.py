"""What a neighbourhood's public board shows, read in a few queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from inspect_app.assessment import ranking as rankings
from inspect_app.assessment import services as assessment
from inspect_app.auth.models import User
from inspect_app.core.db import db
from inspect_app.disclosure.models import CommitteeDocument, ServiceDisclosure
from inspect_app.findings.models import Finding
from inspect_app.findings.rules import FindingState
from inspect_app.places.models import Neighborhood


@dataclass(frozen=True)
class Standing:
    """The company's place in the latest published quarter (rank None: 未评级)."""

    period_code: str
    rank: int | None
    total: object
    rated: int


@dataclass(frozen=True)
class Board:
    neighborhood: Neighborhood
    disclosure: ServiceDisclosure | None
    documents: list[CommitteeDocument]
    standing: Standing | None
    open_findings: int


def standing(company_id: int | None) -> Standing | None:
    published = assessment.periods(published_only=True)
    if company_id is None or not published:
        return None
    result = rankings.ranking(published[0], public=True)
    row = result.row(company_id)
    if row is None:
        return None
    return Standing(published[0].code, row.rank, row.result.total, len(result.rated))


def open_findings(neighborhood_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Finding)
                             .where(Finding.neighborhood_id == neighborhood_id,
                                    Finding.state != FindingState.CLOSED)) or 0


def documents(neighborhood_id: int) -> list[CommitteeDocument]:
    return list(db.session.scalars(select(CommitteeDocument)
                                   .where(CommitteeDocument.neighborhood_id == neighborhood_id,
                                          CommitteeDocument.withdrawn_at.is_(None))
                                   .order_by(CommitteeDocument.id.desc())))


def board(neighborhood: Neighborhood, disclosure: ServiceDisclosure | None) -> Board:
    return Board(neighborhood, disclosure, documents(neighborhood.id), standing(neighborhood.company_id),
                 open_findings(neighborhood.id))


def public_document(neighborhood: Neighborhood, document_id: int) -> CommitteeDocument | None:
    return db.session.scalar(select(CommitteeDocument).where(CommitteeDocument.id == document_id,
                                                             CommitteeDocument.neighborhood_id == neighborhood.id,
                                                             CommitteeDocument.withdrawn_at.is_(None)))


def own_neighborhoods(user: User) -> list[Neighborhood]:
    """The neighbourhoods a user may keep a board for: a company those it serves, staff those of their area."""
    return list(db.session.scalars(select(Neighborhood).where(Neighborhood.visible_to(user),
                                                              Neighborhood.is_active.is_(True))
                                   .order_by(Neighborhood.name)))


def neighborhood_for(user: User, neighborhood_id: int) -> Neighborhood | None:
    return db.session.scalar(select(Neighborhood).where(Neighborhood.id == neighborhood_id,
                                                        Neighborhood.visible_to(user)))


def document_for(user: User, document_id: int) -> CommitteeDocument | None:
    return db.session.scalar(select(CommitteeDocument).join(Neighborhood)
                             .where(CommitteeDocument.id == document_id, Neighborhood.visible_to(user)))


def versions_count(neighborhood_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ServiceDisclosure)
                             .where(ServiceDisclosure.neighborhood_id == neighborhood_id)) or 0
