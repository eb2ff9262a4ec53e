"""The real worker (`huey_consumer inspect_app.worker.huey`, as `make run` and production start it) delivers
notifications to a real SMTP server on loopback, and keeps retrying while that server is away."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from inspect_app.core.db import db
from inspect_app.notifications import services
from inspect_app.notifications.models import Delivery, Notification
from inspect_app.notifications.rules import DeliveryStatus, NotificationKind
from tests.notifications.smtp import SmtpServer
from tests.orders.helpers import issued_order


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker(app, database_url, tmp_path):
    smtp = SmtpServer().start()
    env = dict(os.environ, INSPECT_APP_DATABASE_URL=database_url, INSPECT_APP_QUEUE_URL=app.config["QUEUE_URL"],
               INSPECT_APP_MAIL_PORT=str(smtp.port), INSPECT_APP_SECRET_KEY="worker-test",
               INSPECT_APP_UPLOAD_FOLDER=str(tmp_path / "uploads"), INSPECT_APP_NOTIFY_RETRY_BASE_SECONDS="1")
    consumer = Path(sys.executable).with_name("huey_consumer")
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen([str(consumer), "inspect_app.worker.huey", "--workers", "2", "--worker-type",
                                "thread", "--scheduler-interval", "1"], env=env, stdout=log, stderr=subprocess.STDOUT)
    yield smtp
    process.terminate()
    process.wait(timeout=20)
    log.close()
    smtp.stop()


def delivery_status(delivery_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Delivery, delivery_id).status


def test_an_issued_order_reaches_the_company_by_email_through_the_worker(world, worker):
    services.save_setting(world.company_user_a, email="jiuzhou@example.cn", email_enabled=True)
    order = issued_order(world)
    assert wait_for(lambda: len(worker.inbox.messages) == 1), "no e-mail arrived from the worker"
    assert order.number in worker.inbox.messages[0]["Subject"]
    assert db.session.scalars(select(Notification)).one().user_id == world.company_user_a.id
    delivery = db.session.scalars(select(Delivery)).one()
    assert wait_for(lambda: delivery_status(delivery.id) == DeliveryStatus.SENT)


def test_while_the_mail_server_is_down_the_message_waits_and_is_delivered_when_it_returns(world, worker):
    worker.stop()
    services.save_setting(world.supervisor, email="supervisor@example.cn", email_enabled=True)
    services.notify([world.supervisor], NotificationKind.FIX_REPORTED, key="fix:7", title="整改已报告")
    delivery = db.session.scalars(select(Delivery)).one()
    assert wait_for(lambda: delivery_status(delivery.id) == DeliveryStatus.RETRYING)
    worker.start()
    assert wait_for(lambda: delivery_status(delivery.id) == DeliveryStatus.SENT, timeout=40)
    assert len(worker.inbox.messages) == 1 and db.session.get(Delivery, delivery.id).attempts >= 2
