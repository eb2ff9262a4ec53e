"""Integrations (对接系统): API tokens scoped to an area, and the webhooks they subscribe to."""
