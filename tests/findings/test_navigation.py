"""Finding the way around the ledger: filters that depend on each other, a back link that keeps them, a finding's
links to its order and patrol, and an order timeline that names what moved."""

import html
import re

from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.findings.models import Finding
from inspect_app.inspections import services as inspection_services
from tests import factories
from tests.findings.helpers import seed_ledger
from tests.inspections.helpers import deduct, items, pass_all_but
from tests.orders.helpers import issued_order


def _select(body: str, name: str) -> str:
    return re.search(rf'<select id="f-{name}" name="{name}"[^>]*>(.*?)</select>', body, re.S).group(1)


def test_a_subdistrict_offers_only_its_communities_and_neighbourhoods(client, world, login):
    ledger = seed_ledger(world)
    login(world.supervisor)
    everything = client.get("/ledger").get_data(as_text=True)
    assert "学府街社区" in _select(everything, "community") and "富强路社区" in _select(everything, "community")
    body = client.get(f"/ledger?subdistrict={ledger.ids['subdistrict2']}").get_data(as_text=True)
    communities, neighborhoods = _select(body, "community"), _select(body, "neighborhood")
    assert "富强路社区" in communities and "学府街社区" not in communities
    assert "林业北小区" in neighborhoods and "枫墅小镇小区" not in neighborhoods
    assert "共 1 条" in body  # the subdistrict's one finding


def test_a_community_offers_only_its_neighbourhoods(client, world, login):
    ledger = seed_ledger(world)
    login(world.supervisor)
    body = client.get(f"/ledger?community={ledger.ids['community1']}").get_data(as_text=True)
    neighborhoods = _select(body, "neighborhood")
    assert "枫墅小镇小区" in neighborhoods and "林业北小区" not in neighborhoods


def test_a_community_outside_the_chosen_subdistrict_is_dropped(client, world, login):
    ledger = seed_ledger(world)
    login(world.supervisor)
    body = client.get(f"/ledger?subdistrict={ledger.ids['subdistrict2']}&community={ledger.ids['community1']}"
                      f"&neighborhood={ledger.ids['neighborhood_a']}").get_data(as_text=True)
    assert "共 1 条" in body and "C-open-S" in body and " selected>学府街社区" not in body


def test_htmx_swaps_the_dependent_choices_out_of_band(hx, world, login):
    ledger = seed_ledger(world)
    login(world.supervisor, to=hx)
    response = hx.get(f"/ledger?subdistrict={ledger.ids['subdistrict2']}&community={ledger.ids['community1']}")
    body = response.get_data(as_text=True)
    assert body.startswith('<section id="ledger-results"') and "<html" not in body
    places = body[body.index('<div id="ledger-places"'):]
    assert 'hx-swap-oob="true"' in places and "富强路社区" in places and "学府街社区" not in places
    assert response.headers["HX-Push-Url"] == f"/ledger?subdistrict={ledger.ids['subdistrict2']}"


def test_the_back_link_from_a_finding_keeps_the_filters(client, world, login):
    ledger = seed_ledger(world)
    login(world.supervisor)
    body = client.get(f"/ledger?state=open&community={ledger.ids['community1']}").get_data(as_text=True)
    href = html.unescape(re.search(r'<a href="(/findings/\d+\?back=[^"]+)">', body).group(1))
    detail = client.get(href).get_data(as_text=True)
    back = html.unescape(re.search(r'<p class="ledger-nav"><a href="([^"]+)">', detail).group(1))
    assert back == f"/ledger?community={ledger.ids['community1']}&state=open"
    assert "A-open-H" in client.get(back).get_data(as_text=True)


def test_a_back_link_only_ever_leads_to_the_ledger(client, world, login):
    finding = factories.finding(world.neighborhood_a)
    login(world.supervisor)
    for junk in ("https://evil.example/", "state=nonsense&x=1", "%00", "javascript:alert(1)"):
        detail = client.get(f"/findings/{finding.id}", query_string={"back": junk}).get_data(as_text=True)
        assert '<p class="ledger-nav"><a href="/ledger">' in detail


def test_a_finding_links_to_its_order(client, world, login):
    order = issued_order(world, 1)
    finding = order.lines[0].finding
    login(world.company_user_a)
    body = client.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert f'href="/orders/{order.id}#line-{finding.id}"' in body and order.number in body


def test_a_finding_links_to_the_patrol_that_raised_it(client, world, login):
    patrol = inspection_services.start_patrol(world.neighborhood_a, actor=world.inspector)
    pass_all_but(patrol, world.inspector, "S2")
    deduct(patrol, items(patrol)["S2"], world.inspector)  # no photo needed
    inspection_services.submit(patrol, actor=world.inspector)
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == patrol.id))
    login(world.company_user_a)
    body = client.get(f"/findings/{finding.id}").get_data(as_text=True)
    assert f'href="/inspections/{patrol.id}"' in body and "来源巡查" in body
    login(world.company_user_b)
    assert client.get(f"/inspections/{patrol.id}").status_code == 404  # and so no link for them to follow


def test_the_order_timeline_names_the_finding_that_moved(client, world, login):
    order = issued_order(world, 1)
    finding = order.lines[0].finding
    finding.title = "H2 公共区域（道路、楼道、地下室、屋顶）无堆积杂物"  # as a patrol titles it
    db.session.commit()
    login(world.supervisor)
    body = client.get(f"/orders/{order.id}").get_data(as_text=True)
    timeline = body[body.index('<ol class="timeline">'):]
    assert f'<a href="#line-{finding.id}">{finding.title}</a> 挂账 → 已下发整改' in timeline
    assert "问题 #" not in timeline
