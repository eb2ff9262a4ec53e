"""The live test server closes every response itself, so a dropped connection cannot leak a file handle."""

import gc
import socket
import struct
import threading
import warnings

from werkzeug.serving import make_server
from werkzeug.wsgi import wrap_file

from tests.browser.conftest import buffered


class Body:
    def __init__(self):
        self.closed = False

    def __iter__(self):
        yield b"<svg/>"

    def close(self):
        self.closed = True


def test_the_response_is_closed_before_werkzeug_sends_it():
    body = Body()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "image/svg+xml")])
        return body

    sent = buffered(app)({}, lambda status, headers: None)

    assert body.closed
    assert sent == [b"<svg/>"]


def test_a_client_that_hangs_up_after_the_file_leaves_no_open_handle(tmp_path):
    """werkzeug reads the socket after answering; a reset there skipped closing the file (favicon.svg)."""
    path = tmp_path / "favicon.svg"
    path.write_bytes(b"<svg/>" * 50)

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "image/svg+xml")])
        return wrap_file(environ, open(path, "rb"))

    server = make_server("127.0.0.1", 0, buffered(app), threaded=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(20):
            thread = threading.Thread(target=server.handle_request)
            thread.start()
            with socket.create_connection(("127.0.0.1", server.server_port)) as client:
                client.sendall(b"GET /favicon.svg HTTP/1.1\r\nHost: x\r\n\r\n")
                client.recv(10)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            thread.join(10)
            gc.collect()
    server.server_close()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
