"""Domain events a use case announces (a finding created or moved, an order issued), for whoever listens.

The announcing area names the event and passes its object; listeners (integrations' webhooks) are registered by
the assembly, so an area never imports the areas that react to it. A listener runs inside the announcer's
transaction: what it adds to the session is committed, or rolled back, with the use case.
"""

from collections.abc import Callable
from typing import Any

FINDING_CREATED = "finding.created"
FINDING_STATE_CHANGED = "finding.state_changed"
FINDING_CLOSED = "finding.closed"
ORDER_ISSUED = "order.issued"
EVENTS = (FINDING_CREATED, ORDER_ISSUED, FINDING_STATE_CHANGED, FINDING_CLOSED)

_listeners: dict[str, dict[str, Callable[..., None]]] = {}


def listen(event: str, listener: Callable[..., None]) -> None:
    """Call `listener(subject, **details)` on each announcement of the event (once, however often registered)."""
    _listeners.setdefault(event, {})[f"{listener.__module__}.{listener.__qualname__}"] = listener


def announce(event: str, subject: Any, **details: Any) -> None:
    for listener in list(_listeners.get(event, {}).values()):
        listener(subject, event=event, **details)
