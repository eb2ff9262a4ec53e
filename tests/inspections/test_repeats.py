"""重复发现 without HTTP: a deduction on an item whose finding is still open counts on that finding, never a twin."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.core.db import db, utcnow
from inspect_app.findings.models import Finding, FindingRepeat, StateChange
from inspect_app.findings.repeats import open_findings_by_item, repeat_counts_by_company, repeats_of_inspection
from inspect_app.findings.rules import FindingState
from inspect_app.inspections import services
from inspect_app.photos.models import Photo
from tests.inspections.helpers import attach_photo, deduct, items, pass_all_but


def patrol_deducting(world, neighborhood, *codes: str):
    """Start, deduct the given items (with a photo each), pass the rest, submit."""
    inspection = services.start_patrol(neighborhood, actor=world.inspector)
    by_code = items(inspection)
    for code in codes:
        attach_photo(inspection, deduct(inspection, by_code[code], world.inspector), world.inspector)
    pass_all_but(inspection, world.inspector, *codes)
    return services.submit(inspection, actor=world.inspector)


def findings_of(world, neighborhood) -> list[Finding]:
    return list(db.session.scalars(select(Finding).where(Finding.neighborhood_id == neighborhood.id)
                                   .order_by(Finding.id)))


def test_a_second_patrol_counts_the_open_finding_again_instead_of_a_twin(world):
    first = patrol_deducting(world, world.neighborhood_a, "H2")
    [h2] = findings_of(world, world.neighborhood_a)
    second = patrol_deducting(world, world.neighborhood_a, "H2", "F1")
    found = findings_of(world, world.neighborhood_a)
    assert [f.title[:2] for f in found] == ["H2", "F1"]  # F1 is new, H2 is not raised twice
    db.session.refresh(h2)
    assert h2.repeat_count == 1 and h2.inspection_id == first.id
    [repeat] = repeats_of_inspection(second.id)
    assert repeat.finding_id == h2.id and repeat.deduction == h2.deduction
    # the second patrol's photo is evidence on the open finding; its score still counts the deduction
    assert db.session.scalar(select(func.count()).select_from(Photo).where(Photo.finding_id == h2.id)) == 2
    assert second.score < 100
    note = db.session.scalars(select(StateChange.note).where(StateChange.subject_type == "finding",
                                                            StateChange.subject_id == h2.id)).all()
    assert any(f"#{second.id}" in n and "重复发现" in n for n in note)


def test_every_further_patrol_adds_one_more(world):
    for _ in range(3):
        patrol_deducting(world, world.neighborhood_a, "H2")
    [h2] = findings_of(world, world.neighborhood_a)
    assert h2.repeat_count == 2
    assert db.session.scalar(select(func.count()).select_from(FindingRepeat)) == 2


@pytest.mark.parametrize("state", [FindingState.ORDERED, FindingState.REPORTED])
def test_a_finding_under_an_order_is_still_open(world, state):
    patrol_deducting(world, world.neighborhood_a, "H2")
    [h2] = findings_of(world, world.neighborhood_a)
    h2.state = state
    db.session.commit()
    patrol_deducting(world, world.neighborhood_a, "H2")
    assert len(findings_of(world, world.neighborhood_a)) == 1 and h2.repeat_count == 1


def test_a_closed_finding_or_another_neighbourhood_gets_a_new_finding(world):
    patrol_deducting(world, world.neighborhood_a, "H2")
    [h2] = findings_of(world, world.neighborhood_a)
    patrol_deducting(world, world.neighborhood_b, "H2")
    assert len(findings_of(world, world.neighborhood_b)) == 1
    h2.state = FindingState.CLOSED
    db.session.commit()
    patrol_deducting(world, world.neighborhood_a, "H2")
    assert len(findings_of(world, world.neighborhood_a)) == 2 and h2.repeat_count == 0


def test_open_findings_are_listed_by_item_code_oldest_first_for_the_checklist(world):
    patrol_deducting(world, world.neighborhood_a, "H2", "F1")
    open_ = open_findings_by_item(world.neighborhood_a.id, world.neighborhood_a.company_id, world.inspector)
    assert sorted(open_) == ["F1", "H2"] and open_["H2"][0].title.startswith("H2")
    assert open_findings_by_item(world.neighborhood_b.id, world.neighborhood_b.company_id, world.inspector) == {}
    # a company never learns of another company's findings through this
    other = open_findings_by_item(world.neighborhood_a.id, world.neighborhood_a.company_id, world.company_user_b)
    assert other == {}


def test_the_assessment_counts_repeats_per_company_and_period(world):
    patrol_deducting(world, world.neighborhood_a, "H2", "F1")
    patrol_deducting(world, world.neighborhood_a, "H2", "F1")
    patrol_deducting(world, world.neighborhood_b, "H2")
    patrol_deducting(world, world.neighborhood_b, "H2")
    now = utcnow()
    counts = repeat_counts_by_company(now - timedelta(days=1), now + timedelta(days=1))
    assert counts == {world.company_a.id: 2, world.company_b.id: 1}
    assert repeat_counts_by_company(now + timedelta(days=1), now + timedelta(days=2)) == {}
    assert repeat_counts_by_company(now - timedelta(days=1), now + timedelta(days=1),
                                    [world.company_b.id]) == {world.company_b.id: 1}
