"""Appeal use cases: filing (window, scope, one open per finding, photos staged), deciding (uphold, overturn),
the patrol's score and the quarter's ranking recomputed, a published quarter frozen again, notifications."""

from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from inspect_app.appeals import services
from inspect_app.appeals.models import AppealScoreChange
from inspect_app.assessment import ranking
from inspect_app.assessment import services as assessment
from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.time import LOCAL_TZ, local_today
from inspect_app.findings.models import StateChange
from inspect_app.inspections.models import CategoryScore
from inspect_app.notifications.models import Notification
from inspect_app.photos.forms import PhotoUpload
from inspect_app.photos.models import Photo
from tests.appeals.helpers import DEDUCTION, appealable, backdate_issue, more_patrols, quarter
from tests.inspections.helpers import jpeg


def jpeg_file(data: bytes | None = None, name: str = "p.jpg") -> FileStorage:
    return FileStorage(BytesIO(data if data is not None else jpeg()), filename=name, content_type="image/jpeg")


def _file(world, order, finding, *, target="deduction", text="垃圾已于当日清运，有照片为证", **kw):
    return services.file_appeal(order, finding, actor=world.company_user_a, target=target, text=text,
                                today=kw.pop("today", local_today()), **kw)


def test_filing_records_on_the_finding_and_tells_the_supervisors(world):
    order, finding, _patrol = appealable(world)
    appeal = _file(world, order, finding)
    assert appeal.is_open and appeal.company_id == world.company_a.id
    notes = [c.note for c in db.session.scalars(select(StateChange).where(
        StateChange.subject_type == "finding", StateChange.subject_id == finding.id))]
    assert any("物业公司申诉" in note for note in notes)
    told = db.session.scalars(select(Notification).where(Notification.kind == "appeal_filed")).all()
    assert [n.user_id for n in told] == [world.supervisor.id]  # supervisors only, not the inspector


def test_one_open_appeal_per_finding(world):
    order, finding, _patrol = appealable(world)
    _file(world, order, finding)
    with pytest.raises(DomainError) as error:
        _file(world, order, finding)
    assert error.value.status == 409


def test_after_five_working_days_the_appeal_is_refused(world):
    order, finding, _patrol = appealable(world)
    backdate_issue(order, datetime(2026, 9, 30, 10, tzinfo=LOCAL_TZ))
    assert services.last_day(order) == datetime(2026, 10, 13).date()
    assert services.can_still_appeal(order, datetime(2026, 10, 13).date())
    assert not services.can_still_appeal(order, datetime(2026, 10, 14).date())
    with pytest.raises(DomainError, match="申诉期已过") as error:
        _file(world, order, finding, today=datetime(2026, 10, 14).date())
    assert error.value.status == 409


def test_only_the_orders_company_files(world):
    order, finding, _patrol = appealable(world)
    with pytest.raises(DomainError) as error:
        services.file_appeal(order, finding, actor=world.company_user_b, target="finding", text="不服",
                             today=local_today())
    assert error.value.status == 403
    with pytest.raises(DomainError) as error:
        services.file_appeal(order, finding, actor=world.inspector, target="finding", text="不服",
                             today=local_today())
    assert error.value.status == 403


def test_text_is_required_and_a_manual_finding_has_no_deduction_to_contest(world):
    order, finding, _patrol = appealable(world)
    with pytest.raises(DomainError) as error:
        _file(world, order, finding, text="  ")
    assert error.value.field == "text"


def test_photos_are_kept_with_the_appeal_and_a_refused_photo_files_nothing(world):
    order, finding, _patrol = appealable(world)
    bad = PhotoUpload(files=[jpeg_file(b"not an image", "x.jpg")])
    with pytest.raises(DomainError) as error:
        _file(world, order, finding, photos=bad)
    assert error.value.field == "photos" and services.open_appeal_of(finding) is None
    appeal = _file(world, order, finding, photos=PhotoUpload(files=[jpeg_file()]))
    photos = services.appeal_photos(appeal)
    assert len(photos) == 1 and photos[0].kind == "appeal" and photos[0].finding_id == finding.id
    assert db.session.scalar(select(Photo.id).where(Photo.appeal_id == appeal.id)) == photos[0].id


def test_upheld_changes_no_score_and_tells_the_company(world):
    order, finding, patrol = appealable(world)
    appeal = services.decide(_file(world, order, finding), actor=world.supervisor, decision="upheld",
                             reason="照片显示垃圾满溢")
    assert appeal.state == "upheld" and patrol.score == 100 - DEDUCTION
    assert db.session.scalar(select(Notification.user_id).where(Notification.kind == "appeal_decided")) \
        == world.company_user_a.id
    with pytest.raises(DomainError) as error:
        services.decide(appeal, actor=world.supervisor, decision="overturned", reason="再议")
    assert error.value.status == 409


def test_only_a_supervisor_decides_with_a_reason(world):
    order, finding, _patrol = appealable(world)
    appeal = _file(world, order, finding)
    with pytest.raises(DomainError) as error:
        services.decide(appeal, actor=world.inspector, decision="overturned", reason="x")
    assert error.value.status == 403
    with pytest.raises(DomainError) as error:
        services.decide(appeal, actor=world.supervisor, decision="overturned", reason=" ")
    assert error.value.field == "reason"


def test_overturned_deduction_rescores_the_patrol_and_records_the_change(world):
    order, finding, patrol = appealable(world)
    assert patrol.score == Decimal("98.00")
    services.decide(_file(world, order, finding), actor=world.supervisor, decision="overturned", reason="已核实")
    db.session.refresh(patrol)
    assert patrol.score == Decimal("100.00") and finding.deduction == 0
    assert db.session.scalar(select(CategoryScore.earned).where(CategoryScore.inspection_id == patrol.id,
                                                                CategoryScore.category_code == "H")) \
        == db.session.scalar(select(CategoryScore.possible).where(CategoryScore.inspection_id == patrol.id,
                                                                  CategoryScore.category_code == "H"))
    change = db.session.scalar(select(AppealScoreChange))
    assert (change.old_score, change.new_score, change.actor_id) == (Decimal("98.00"), Decimal("100.00"),
                                                                      world.supervisor.id)
    assert finding.state == "ordered"  # the deduction went; the finding stays on the order


def test_overturned_finding_is_withdrawn(world):
    order, finding, patrol = appealable(world)
    services.decide(_file(world, order, finding, target="finding"), actor=world.supervisor,
                    decision="overturned", reason="非物业责任")
    assert finding.state == "closed" and finding.deduction == 0
    db.session.refresh(patrol)
    assert patrol.score == Decimal("100.00")
    assert order.state == "verified"  # its only finding is gone: the order follows


def _ranked_quarter(world):
    period = quarter(world)
    order, finding, _patrol = appealable(world)  # company A: 98
    more_patrols(world.neighborhood_a, 99, 99, inspector=world.inspector)  # A's mean 98.67
    more_patrols(world.neighborhood_b, 99, 99, 99, inspector=world.inspector)  # B's mean 99
    return period, order, finding


def _ranks(period):
    return {row.company_id: row.rank for row in ranking.ranking(period).rows}


def test_overturn_reorders_an_open_quarter(world):
    period, order, finding = _ranked_quarter(world)
    a, b = world.company_a.id, world.company_b.id
    assert _ranks(period)[a] == 2 and _ranks(period)[b] == 1
    services.decide(_file(world, order, finding), actor=world.supervisor, decision="overturned", reason="已核实")
    assert _ranks(period)[a] == 1 and _ranks(period)[b] == 2
    change = db.session.scalar(select(AppealScoreChange))
    assert (change.period_id, change.old_rank, change.new_rank) == (period.id, 2, 1)
    assert change.new_total > change.old_total


def test_overturn_refreezes_a_published_quarter_and_logs_it(world):
    period, order, finding = _ranked_quarter(world)
    appeal = _file(world, order, finding)
    period.ends_on = local_today() + timedelta(days=1)  # a quarter over only in name: close needs no end date
    assessment.close_period(period, actor=world.admin)
    assessment.publish_period(period, actor=world.admin)
    a = world.company_a.id
    assert _ranks(period)[a] == 2
    services.decide(appeal, actor=world.supervisor, decision="overturned", reason="已核实")
    assert _ranks(period)[a] == 1  # the frozen scores were replaced
    log = [c.note for c in assessment.period_log(period)]
    assert any("申诉" in note and "2 → 1" in note for note in log)
