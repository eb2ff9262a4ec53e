"""What the company and the follow-up see after acting: 签收 and a sent report confirmed, the report form's photo
preview, a refused follow-up check that comes back where it was with the wrong field focused."""

import re
from io import BytesIO

from tests.inspections.helpers import jpeg
from tests.orders.helpers import issued_order, reported_order


def test_acknowledging_says_so_on_screen(client, world, login):
    order = issued_order(world)
    login(world.company_user_a)
    page = client.post(f"/orders/{order.id}/acknowledge", follow_redirects=True).get_data(as_text=True)
    assert f"已签收整改通知书 {order.number}。" in page and 'class="flash flash-info"' in page


def test_a_sent_report_says_so_and_stays_marked_on_its_line(client, world, login):
    order = issued_order(world)
    finding = order.lines[0].finding
    login(world.company_user_a)
    client.post(f"/orders/{order.id}/acknowledge")
    form = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert 'data-photo-preview data-count-msg="已选 {n} 张照片"' in form  # thumbnails and count before sending
    response = client.post(f"/orders/{order.id}/findings/{finding.id}/report", content_type="multipart/form-data",
                           data={"note": "杂物已清运", "client_key": "r1", "photos": [(BytesIO(jpeg()), "a.jpg")]})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#line-{finding.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"“{finding.title}”的整改反馈已提交，等待复查。" in page
    line = page[page.index(f'id="line-{finding.id}"'):]
    assert re.search(r"✓ 已提交 \d{4}-\d\d-\d\d \d\d:\d\d", line)


def test_a_refused_follow_up_check_focuses_the_field_at_fault(client, world, login):
    order = reported_order(world)
    first, second = (line.finding_id for line in order.lines)
    login(world.inspector)
    client.post(f"/orders/{order.id}/follow-up")
    page = client.get(f"/orders/{order.id}/follow-up").get_data(as_text=True)
    assert f'action="/orders/{order.id}/follow-up/{second}"' in page  # no fragment: it would stop autofocus
    refused = client.post(f"/orders/{order.id}/follow-up/{second}", data={"outcome": "failed", "note": ""})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "不通过须说明原因" in body
    check = body[body.index(f'id="check-{second}"'):]
    assert re.search(r'<textarea name="note"[^>]* autofocus aria-invalid="true"', check)
    assert 'value="failed" checked' in check  # what was chosen is kept
    assert "autofocus" not in body[body.index(f'id="check-{first}"'):body.index(f'id="check-{second}"')]
    no_outcome = client.post(f"/orders/{order.id}/follow-up/{first}", data={"note": "看过"}).get_data(as_text=True)
    check = no_outcome[no_outcome.index(f'id="check-{first}"'):]
    assert re.search(r'<input type="radio" name="outcome" value="passed" autofocus', check)
