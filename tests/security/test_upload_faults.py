"""Lost responses and dropped connections: a replayed upload stores once, a cut one stores nothing, a retry once."""

from __future__ import annotations

import gc
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server
from werkzeug.wsgi import ClosingIterator

from inspect_app.core.db import db
from inspect_app.photos.models import Photo
from tests.security.helpers import UPLOAD_ROUTES, jpeg, multipart, prepare_upload, sign_in, stored_files

HX = {"HX-Request": "true"}


def photo_rows() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Photo))


def contents(folder: str) -> dict[str, bytes]:
    return {name: (Path(folder) / name).read_bytes() for name in stored_files(folder)}


@pytest.mark.parametrize("route", UPLOAD_ROUTES)
def test_an_upload_replayed_three_times_is_stored_once(app, scene, clients, route):
    role, path, fields = UPLOAD_ROUTES[route]
    prepare_upload(scene, route)
    rows, files = photo_rows(), len(stored_files(app.config["UPLOAD_FOLDER"]))
    body, content_type = multipart({**fields, "client_key": "lost-response-1"}, [("photos", "现场.jpg", jpeg())])
    statuses = [clients[role].post(path.format(**scene.values()), data=body, content_type=content_type,
                                   headers=HX).status_code for _ in range(3)]
    assert len(set(statuses)) == 1 and statuses[0] < 400, statuses
    assert photo_rows() == rows + 1 and len(stored_files(app.config["UPLOAD_FOLDER"])) == files + 3


@pytest.mark.parametrize("route", UPLOAD_ROUTES)
def test_the_same_key_with_other_content_is_409_and_the_original_untouched(app, scene, clients, route):
    role, path, fields = UPLOAD_ROUTES[route]
    prepare_upload(scene, route)
    url = path.format(**scene.values())
    first, content_type = multipart({**fields, "client_key": "k-1"}, [("photos", "a.jpg", jpeg(color=(1, 2, 3)))])
    assert clients[role].post(url, data=first, content_type=content_type, headers=HX).status_code < 400
    rows, before = photo_rows(), contents(app.config["UPLOAD_FOLDER"])
    other, content_type = multipart({**fields, "client_key": "k-1"}, [("photos", "b.jpg", jpeg(color=(250, 0, 0)))])
    response = clients[role].post(url, data=other, content_type=content_type, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and 'role="alert"' in body and "该照片编号已用于另一张照片" in body
    assert photo_rows() == rows and contents(app.config["UPLOAD_FOLDER"]) == before
    assert db.session.scalar(select(Photo.original_filename).where(Photo.client_key == "k-1:0")) == "a.jpg"


@dataclass
class LiveServer:
    port: int
    handled: list[str]

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 20
        while len(self.handled) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.handled) >= count, "the server never finished the request"


@pytest.fixture
def live(app) -> Iterator[LiveServer]:
    """The test app on a real HTTP server (werkzeug, threaded), counting requests it has finished handling."""
    handled: list[str] = []

    def counting(environ, start_response):
        response = app(environ, start_response)
        return ClosingIterator(response, [lambda: handled.append(environ["PATH_INFO"])])  # sent, then counted

    server = make_server("127.0.0.1", 0, counting, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(server.server_port, handled)
    server.shutdown()
    thread.join(timeout=10)


def raw_post(port: int, path: str, body: bytes, headers: dict[str, str], *, send: int | None = None) -> bytes:
    """POST over a plain socket; with `send`, only that many body bytes go out before the connection closes."""
    head = "".join(f"{k}: {v}\r\n" for k, v in {**headers, "Content-Length": str(len(body)),
                                                 "Host": f"127.0.0.1:{port}", "Connection": "close"}.items())
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\n{head}\r\n".encode() + body[:send])
        if send is not None:
            return b""  # closing now is the phone losing its connection mid-upload
        return b"".join(iter(lambda: sock.recv(65536), b""))


# werkzeug leaves the spooled file of a part cut off mid-body for the garbage collector (ResourceWarning); it
# is collected below, inside this test, so that the warning cannot surface in another one.
@pytest.mark.filterwarnings("ignore:Exception ignored in. <function SpooledTemporaryFile:"
                            "pytest.PytestUnraisableExceptionWarning")
def test_a_dropped_upload_leaves_nothing_and_the_retry_stores_once(app, scene, live):
    client = app.test_client()
    sign_in(client, scene.world.inspector)
    token = client.csrf_token()
    headers = {**HX, "X-CSRFToken": token, "Cookie": f"session={client.get_cookie('session').value}"}
    path = UPLOAD_ROUTES["patrol item"][1].format(**scene.values())
    body, headers["Content-Type"] = multipart({"client_key": "cut-1"},
                                              [("photos", "现场.jpg", jpeg((3000, 2000), quality=95))])
    rows, files = photo_rows(), stored_files(app.config["UPLOAD_FOLDER"])
    for fraction in (0.1, 0.5, 0.99):
        raw_post(live.port, path, body, headers, send=int(len(body) * fraction))
    live.wait_for(3)
    for _ in range(5):  # the cut requests' handler threads let go of them just after the response is sent
        time.sleep(0.05)
        gc.collect()
    assert photo_rows() == rows and stored_files(app.config["UPLOAD_FOLDER"]) == files  # no row, no partial file
    for _attempt in range(2):  # the retry, and a replay of the retry whose answer was lost too
        answer = raw_post(live.port, path, body, headers)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    assert photo_rows() == rows + 1 and len(stored_files(app.config["UPLOAD_FOLDER"])) == len(files) + 3
