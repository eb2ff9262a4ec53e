"""Notifications (消息): one inbox entry per event for each account, delivered beyond the app by e-mail."""
