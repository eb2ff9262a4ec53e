"""Service periods and the change of company; admin edits; retired places refused when a patrol starts."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.core.errors import DomainError
from inspect_app.core.time import local_today
from inspect_app.home import services as home
from inspect_app.inspections import services as patrols
from inspect_app.places import editing, services
from inspect_app.places.models import ServicePeriod
from inspect_app.places.rules import PeriodKind
from tests import factories


def periods(neighborhood) -> list[tuple]:
    rows = db.session.scalars(select(ServicePeriod).where(ServicePeriod.neighborhood_id == neighborhood.id)
                              .order_by(ServicePeriod.starts_on))
    return [(p.company.name if p.company else None, p.starts_on, p.ends_on, p.kind) for p in rows]


def test_a_new_neighbourhood_with_a_company_has_one_open_period(world):
    assert periods(world.neighborhood_a) == [("九州物业", local_today(), None, "initial")]


def test_change_of_company_closes_the_open_period_the_day_before(world):
    n = world.neighborhood_a
    first = n.service_periods[0]
    first.starts_on = date(2024, 1, 1)
    db.session.commit()
    services.change_company(n, world.company_b, on=date(2025, 7, 1), kind=PeriodKind.NEW_COMPANY)
    assert periods(n) == [("九州物业", date(2024, 1, 1), date(2025, 6, 30), "initial"),
                          ("嘉家物业", date(2025, 7, 1), None, "new_company")]
    assert n.company_id == world.company_b.id
    assert services.company_on(n, date(2025, 6, 30)) == world.company_a
    assert services.company_on(n, date(2025, 7, 1)) == world.company_b
    assert services.company_on(n, date(2023, 12, 31)) is None


def test_past_findings_keep_the_company_that_served_then(world):
    n = world.neighborhood_a
    n.service_periods[0].starts_on = local_today() - timedelta(days=30)
    before = factories.finding(n, title="换物业前")
    services.change_company(n, world.company_b, on=local_today(), kind=PeriodKind.NEW_COMPANY)
    after = factories.finding(n, title="换物业后")
    db.session.expire_all()
    assert (before.company_id, after.company_id) == (world.company_a.id, world.company_b.id)


def test_state_takeover_of_a_no_property_neighbourhood_and_leaving_again(world):
    community = world.neighborhood_a.community
    n = services.ensure_neighborhood(community, "林业北小区", company=None)
    assert periods(n) == []
    today = local_today()
    services.change_company(n, world.company_a, on=today - timedelta(days=10), kind=PeriodKind.STATE_TAKEOVER)
    services.change_company(n, None, on=today, kind=PeriodKind.NO_COMPANY)
    assert periods(n) == [("九州物业", today - timedelta(days=10), today - timedelta(days=1), "state_takeover"),
                          (None, today, None, "no_company")]
    assert n.company_id is None


def test_a_change_on_the_day_the_open_period_began_corrects_it(world):
    n = world.neighborhood_a
    services.change_company(n, world.company_b, on=local_today(), kind=PeriodKind.NEW_COMPANY)
    assert periods(n) == [("嘉家物业", local_today(), None, "new_company")]


@pytest.mark.parametrize(("company", "on", "field"), [
    ("company_a", local_today(), "company_id"),  # no change
    ("company_b", local_today() + timedelta(days=1), "on"),  # the future
    ("company_b", local_today() - timedelta(days=1), "on"),  # before the open period began
])
def test_refused_changes_write_nothing(world, company, on, field):
    n = world.neighborhood_a
    with pytest.raises(DomainError) as refused:
        services.change_company(n, getattr(world, company), on=on, kind=PeriodKind.NEW_COMPANY)
    assert refused.value.field == field
    db.session.rollback()
    assert periods(n) == [("九州物业", local_today(), None, "initial")]


def test_a_retired_company_cannot_take_over(world):
    editing.set_active(world.company_b, False)
    with pytest.raises(DomainError, match="已停用"):
        services.change_company(world.neighborhood_a, world.company_b, on=local_today(), kind="new_company")


def test_save_company_checks_name_and_credit_code(world):
    company = editing.save_company(None, data=editing.CompanyData("澳星物业", " 91110000600037341l ", "王经理"))
    assert company.credit_code == "91110000600037341L"
    assert company.district_id == world.neighborhood_a.community.subdistrict.district_id
    for data, field in ((editing.CompanyData("九州物业"), "name"),
                        (editing.CompanyData("新物业", "91110000600037341A"), "credit_code"),
                        (editing.CompanyData("新物业", "91110000600037341L"), "credit_code")):
        with pytest.raises(DomainError) as refused:
            editing.save_company(None, data=data)
        assert refused.value.field == field
    assert editing.save_company(company, data=editing.CompanyData("澳星物业", "91110000600037341L")) is company


def test_save_places_refuse_duplicate_names(world):
    community = world.neighborhood_a.community
    sub = editing.save_subdistrict(None, name="马路东街道")
    with pytest.raises(DomainError):
        editing.save_subdistrict(None, name="南站街道")
    moved = editing.save_community(None, subdistrict=sub, name="学府街社区")  # the same name elsewhere is fine
    with pytest.raises(DomainError):
        editing.save_community(moved, subdistrict=community.subdistrict, name="学府街社区")
    n = editing.save_neighborhood(None, community=moved, data=editing.NeighborhoodData("新城名座小区", households=420),
                                  company=world.company_b, starts_on=local_today())
    assert periods(n) == [("嘉家物业", local_today(), None, "initial")]
    with pytest.raises(DomainError) as refused:
        editing.save_neighborhood(None, community=community, data=editing.NeighborhoodData("枫墅小镇小区"))
    assert refused.value.field == "name"


def test_a_retired_neighbourhood_is_hidden_and_refused_for_patrols(world):
    listed = {row.neighborhood.name for row in home.neighborhoods(world.inspector, today=local_today())}
    assert "枫墅小镇小区" in listed
    editing.set_active(world.neighborhood_a, False)
    listed = {row.neighborhood.name for row in home.neighborhoods(world.inspector, today=local_today())}
    assert "枫墅小镇小区" not in listed and "晟家理想湾小区" in listed
    with pytest.raises(DomainError, match="已停用"):
        patrols.start_patrol(world.neighborhood_a, actor=world.inspector)
    editing.set_active(world.neighborhood_a, True)
    assert patrols.start_patrol(world.neighborhood_a, actor=world.inspector).neighborhood_id == world.neighborhood_a.id


def test_a_retired_community_hides_its_neighbourhoods(world):
    editing.set_active(world.neighborhood_a.community, False)
    assert home.neighborhoods(world.inspector, today=local_today()) == []
    with pytest.raises(DomainError):
        patrols.start_patrol(world.neighborhood_b, actor=world.inspector)
