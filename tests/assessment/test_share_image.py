"""晾晒排名 as a picture: the red and black lists, the 1080 px PNG from the ranking's data, served without login
under the page's og:image once the queue has drawn it, and redrawn when the ranking changes."""

import io
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from PIL import Image

from inspect_app.assessment import ranking, services, share_image
from inspect_app.core import queue


def rows(*ranks):
    return [SimpleNamespace(rank=rank, company_name=f"企业{rank}") for rank in ranks]


@pytest.mark.parametrize(("ranks", "red", "black"), [
    (range(1, 14), [1, 2, 3, 4, 5], [9, 10, 11, 12, 13]),
    ((1, 2, 3, 4, 5, 6, 7), [1, 2, 3, 4, 5], [6, 7]),  # fewer than twice the size: nobody on both lists
    ((1, 2, 3), [1, 2, 3], []),
    ((), [], []),
])
def test_red_and_black_lists_never_share_a_company(ranks, red, black):
    result = ranking.Ranking(period=None, settings=None, rows=rows(*ranks, None))  # type: ignore[arg-type]
    top, bottom = result.red_black(5)
    assert [r.rank for r in top] == red and [r.rank for r in bottom] == black


def og_image(html: str) -> str:
    return re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)


def test_the_picture_is_drawn_on_the_queue_and_served_without_login(app, client, quarters):
    html = client.get("/ranking/2025Q2").get_data(as_text=True)
    image_url = og_image(html)
    assert image_url.startswith(app.config["PUBLIC_BASE_URL"] + "/ranking/2025Q2.png?v=")
    path = image_url.removeprefix(app.config["PUBLIC_BASE_URL"])

    waiting = client.get(path)  # published before the worker ran: it is queued, not drawn in the request
    assert waiting.status_code == 503 and waiting.headers["Retry-After"]
    assert "正在生成" in waiting.get_data(as_text=True)
    assert queue.drain() >= 1

    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "image/png"
    picture = Image.open(io.BytesIO(response.data))
    response.close()
    assert picture.width == 1080 and 1200 < picture.height < 4000  # portrait, cropped to what was drawn
    assert picture.getpixel((540, 20))[0] > 150 > picture.getpixel((540, 20))[1]  # the red title band


def test_a_changed_ranking_gets_another_picture(app, quarters):
    """An overturned appeal re-freezes a published quarter: a new score, a new file name; the same data, the same."""
    result = ranking.ranking(services.get_period("2025Q2"), public=True)
    first = result.rows[0]
    rescored = replace(result, rows=[replace(first, result=replace(first.result, total=first.result.total - 1)),
                                     *result.rows[1:]])
    assert share_image.fingerprint(result) == share_image.fingerprint(ranking.ranking(result.period, public=True))
    assert share_image.stored_path(rescored) != share_image.stored_path(result)


def test_unpublished_quarters_have_no_picture(client, quarters):
    assert client.get("/ranking/2025Q3.png").status_code == 404


def test_publishing_queues_the_picture(client, quarters, login):
    login(quarters.admin)
    assert client.post("/assessment/2025Q3/publish").status_code == 303
    assert queue.drain() >= 1
    response = client.get("/ranking/2025Q3.png")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")
    response.close()
