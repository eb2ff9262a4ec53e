"""What an event is called, and how long a failed delivery waits before the next attempt (pure)."""

from enum import StrEnum


class NotificationKind(StrEnum):
    ORDER_ISSUED = "order_issued"
    ORDER_ACKNOWLEDGED = "order_acknowledged"
    FIX_REPORTED = "fix_reported"
    FOLLOW_UP_DUE = "follow_up_due"
    SENT_BACK = "sent_back"
    DEADLINE_NEAR = "deadline_near"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
    APPEAL_FILED = "appeal_filed"
    APPEAL_DECIDED = "appeal_decided"
    RESIDENT_REPORT = "resident_report"
    PLAN_AT_RISK = "plan_at_risk"  # a company may end the quarter 未评级 (planning)
    RESIDENT_REJECTED = "resident_rejected"  # 回访: a resident says the fix of their report is not done
    TRANSFER = "transfer"  # 转办: a finding sent to a department (e-mailed to it, no account)
    TRANSFER_REPLIED = "transfer_replied"  # the department answered: done or returned (to the staff)


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"  # gave up after MAX_ATTEMPTS: shown to the admin, never dropped silently


MAX_ATTEMPTS = 8


def retry_delay(attempt: int, base_seconds: float = 30.0) -> float:
    """Exponential back-off after the attempt-th failure: 30 s, 1 min, 2 min … capped at 1 hour."""
    return float(min(base_seconds * 2 ** (attempt - 1), 3600.0))
