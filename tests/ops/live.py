"""The real app under gunicorn on 127.0.0.1, and a small cookie-keeping HTTP client for it (stdlib only)."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from threading import Lock

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REQUEST_TIMEOUT = 60
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(database_url: str, upload_folder: Path) -> dict[str, str]:
    """The environment of the CLI and the server: only what the test chose, nothing from the developer's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INSPECT_APP_", "FLASK_"))}
    env.update(INSPECT_APP_DATABASE_URL=database_url, INSPECT_APP_UPLOAD_FOLDER=str(upload_folder),
               INSPECT_APP_SECRET_KEY=secrets.token_hex(32), PYTHONUNBUFFERED="1")
    return env


def flask_cli(env: Mapping[str, str], *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "flask"), "--app", "inspect_app", *args], cwd=ROOT, env=dict(env),
                          capture_output=True, text=True, timeout=timeout, check=True)


@dataclass
class Server:
    port: int
    log: Path
    access_log: Path

    def server_log(self) -> str:
        return self.log.read_text(errors="replace") + self.access_log.read_text(errors="replace")


@contextlib.contextmanager
def gunicorn(env: Mapping[str, str], tmp: Path, workers: int = 4) -> Iterator[Server]:
    """Start, wait for /healthz, and always stop the whole process group, whatever happened."""
    server = Server(free_port(), tmp / "gunicorn.log", tmp / "access.log")
    command = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{server.port}", "--timeout", "60",
               "--graceful-timeout", "5", "--access-logfile", str(server.access_log), *_no_control_socket(),
               "inspect_app:create_app()"]
    with server.log.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        _wait_healthy(server, process)
        yield server
    finally:
        _stop(process)


def _no_control_socket() -> list[str]:
    """gunicorn 27 opens a control socket in ~/.gunicorn, shared by every server on the machine: not ours."""
    import gunicorn as package

    return ["--no-control-socket"] if package.version_info >= (27,) else []


def _wait_healthy(server: Server, process: subprocess.Popen, deadline_s: float = 60) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if Client(server.port).request("GET", "/healthz", timeout=2).status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"gunicorn not healthy after {deadline_s}s:\n{server.log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


class Client:
    """One browser: its own cookies (thread-safe), a fresh connection per request, never a redirect followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self._lock = Lock()

    def request(self, method: str, path: str, body: bytes | None = None, headers: Mapping[str, str] | None = None,
                timeout: float = REQUEST_TIMEOUT) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=self._headers(headers))
            response = conn.getresponse()
            reply = Reply(response.status, {k.lower(): v for k, v in response.getheaders()},
                          response.read().decode("utf-8", "replace"))
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            return reply
        finally:
            conn.close()

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        with self._lock:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Cookie": cookie} if cookie else {}
        headers.update(extra or {})
        return headers

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            jar = SimpleCookie()
            jar.load(header)
            with self._lock:
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value

    def get_csrf(self, path: str) -> str:
        """Load a page and keep the CSRF token its forms carry."""
        reply = self.request("GET", path)
        assert reply.status == 200, (path, reply.status, reply.body[:300])
        match = _CSRF.search(reply.body)
        assert match, f"no csrf_token on {path}"
        self.csrf = match.group(1) or match.group(2)
        return self.csrf

    def log_in(self, username: str, password: str) -> None:
        token = self.get_csrf("/login")
        form = f"csrf_token={token}&username={username}&password={password}".encode()
        reply = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert reply.status == 303, (username, reply.status, reply.body[:300])

    def post_form(self, path: str, fields: Mapping[str, str], files: Mapping[str, tuple[str, bytes]] = (),
                  htmx: bool = True) -> Reply:
        body, content_type = multipart(fields, dict(files))
        headers = {"Content-Type": content_type, "X-CSRFToken": self.csrf}
        if htmx:
            headers["HX-Request"] = "true"
        return self.request("POST", path, body, headers)


def multipart(fields: Mapping[str, str], files: Mapping[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: image/jpeg\r\n\r\n")
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
