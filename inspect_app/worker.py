"""The worker's entry point: `huey_consumer inspect_app.worker.huey` runs the queued and periodic tasks.

It makes the app once (same configuration as the web process: instance/config.py, INSPECT_APP_* variables) and
imports every module that declares tasks, so that the consumer knows them all.
"""

from inspect_app import create_app
from inspect_app.assessment import share_image  # noqa: F401  (the ranking's WeChat picture)
from inspect_app.core import queue
from inspect_app.orders import tasks as order_tasks  # noqa: F401  (its periodic jobs)
from inspect_app.planning import tasks as planning_tasks  # noqa: F401  (the at-risk notice)
from inspect_app.transfers import tasks as transfer_tasks  # noqa: F401  (the departments' reminders)

app = create_app()
queue.bind(app)
huey = queue.huey
