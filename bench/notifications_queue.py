"""The task queue's throughput: 1,000 notifications with e-mail, delivered by the real worker to a real SMTP server
on loopback; reports the time from the first enqueue to the last delivery and the worker's peak memory.

    .venv/bin/python bench/notifications_queue.py [--count 1000] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from inspect_app import create_app  # noqa: E402
from inspect_app.auth import services as auth  # noqa: E402
from inspect_app.core.db import db  # noqa: E402
from inspect_app.notifications import services as notifications  # noqa: E402
from inspect_app.notifications.models import Delivery  # noqa: E402
from inspect_app.notifications.rules import DeliveryStatus, NotificationKind  # noqa: E402
from tests.notifications.smtp import SmtpServer  # noqa: E402


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="queue-bench-"))
    smtp = SmtpServer().start()
    settings = {"DATABASE_URL": f"sqlite:///{work / 'app.db'}", "QUEUE_URL": f"sqlite:///{work / 'queue.sqlite'}",
                "MAIL_PORT": smtp.port, "MAIL_BACKEND": "smtp", "SECRET_KEY": "bench" * 8,
                "UPLOAD_FOLDER": str(work / "uploads")}
    app = create_app(settings)
    with app.app_context():
        upgrade()
        users = [auth.create_user(f"u{n}", role="inspector", password="password-1") for n in range(20)]
        for user in users:
            notifications.save_setting(user, email=f"{user.username}@example.cn", email_enabled=True)
        started = time.perf_counter()
        for n in range(args.count):
            notifications.notify([users[n % len(users)]], NotificationKind.OVERDUE, key=f"bench:{n}",
                                 title=f"逾期提醒 {n}", body="整改期限已过", link="/orders/1")
        enqueued = time.perf_counter() - started
    env = dict(os.environ, **{f"INSPECT_APP_{k}": str(v) for k, v in settings.items()})
    consumer = Path(sys.executable).with_name("huey_consumer")
    worker = subprocess.Popen([str(consumer), "inspect_app.worker.huey", "--workers", str(args.workers),
                               "--worker-type", "thread", "--quiet"], env=env, cwd=ROOT)
    try:
        with app.app_context():
            while True:
                sent = db.session.scalar(select(func.count()).select_from(Delivery)
                                         .where(Delivery.status == DeliveryStatus.SENT))
                db.session.remove()
                if sent >= args.count or time.perf_counter() - started > 600:
                    break
                time.sleep(0.2)
        total = time.perf_counter() - started
        memory = peak_rss_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.stop()
    print(f"{args.count} notifications: enqueued in {enqueued:.1f} s (inbox rows + queued e-mail), "
          f"{sent} delivered by {args.workers} worker threads {total:.1f} s after the first "
          f"({sent / total:.0f}/s end to end); {len(smtp.inbox.messages)} e-mails arrived; "
          f"worker peak RSS {memory:.0f} MB")


if __name__ == "__main__":
    main()
