"""A small HTTP client for loopback (one connection per request, as sync gunicorn workers close them) and the
gunicorn server as a bounded subprocess."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.common import ROOT

_CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
_VALUE = re.compile(r'value="([^"]+)"')
_HX_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def csrf_from_form(html: str) -> str:
    tag = _CSRF_INPUT.search(html)
    if tag is None:
        raise RuntimeError("no csrf_token input in the page")
    return _VALUE.search(tag.group(0)).group(1)


def csrf_from_body(html: str) -> str:
    """The token htmx sends (hx-headers on <body>)."""
    match = _HX_TOKEN.search(html)
    if match is None:
        raise RuntimeError("no hx-headers CSRF token in the page")
    return match.group(1)


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = "bench" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: image/jpeg\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """Keeps cookies; every request on a fresh connection."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            seconds = time.perf_counter() - start
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, data, seconds
        finally:
            conn.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, form: dict[str, str], headers: dict[str, str] | None = None):
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body=urlencode(form).encode(), headers=headers)

    def login(self, username: str, password: str) -> None:
        status, body, _ = self.get("/login")
        token = csrf_from_form(body.decode())
        status, body, _ = self.post_form("/login", {"csrf_token": token, "username": username,
                                                    "password": password, "next": ""})
        if status != 303:
            raise RuntimeError(f"login of {username} failed: {status} {body[:200]!r}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    access_log: Path
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its live workers."""
        return sum(_cpu_of(pid) for pid in _tree(self.pid))


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            for child in task.read_text().split():
                pids += _tree(int(child))
    return pids


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@contextlib.contextmanager
def gunicorn(config: dict[str, str], *, workers: int, log_dir: Path, startup_timeout: float = 60
             ) -> Iterator[Server]:
    """gunicorn serving bench.wsgi on a free loopback port. Always killed at the end.

    The access log records each request's server time (%(D)s, microseconds).
    """
    port = free_port()
    access_log = log_dir / f"access-{port}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECT_APP_")}
    env.update({f"INSPECT_APP_{key}": value for key, value in config.items()})
    cmd = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", "120",
           "--graceful-timeout", "5", "--access-logfile", str(access_log),
           "--access-logformat", "%(m)s %(U)s %(s)s %(D)s", "--error-logfile", str(log_dir / f"error-{port}.log"),
           "bench.wsgi:make_app()"]
    output = (log_dir / f"stderr-{port}.log").open("wb")  # the app's own log (tracebacks) goes to stderr
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}: "
                                   f"{(log_dir / f'error-{port}.log').read_text()[-2000:]}")
            try:
                if Client(port, timeout=5).get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz in time")
            time.sleep(0.2)
        yield Server(port, access_log, process.pid)
    finally:
        _stop(process)
        output.close()


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def server_times(access_log: Path) -> dict[tuple[str, str], list[float]]:
    """(method, path) → server seconds per request, from the access log."""
    times: dict[tuple[str, str], list[float]] = {}
    for line in access_log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3].isdigit():
            times.setdefault((parts[0], parts[1]), []).append(int(parts[3]) / 1e6)
    return times
