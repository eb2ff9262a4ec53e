"""Rate limits on the public survey form and its SMS codes; each can be overridden in the configuration."""

import hashlib

from flask import current_app, request

PER_ADDRESS = "10 per hour;30 per day"
PER_NEIGHBORHOOD = "300 per hour"
CODES_PER_ADDRESS = "3 per 10 minutes;10 per day"


def per_address() -> str:
    return current_app.config.get("SURVEY_RATE_LIMIT", PER_ADDRESS)


def per_neighborhood() -> str:
    return current_app.config.get("SURVEY_NEIGHBORHOOD_LIMIT", PER_NEIGHBORHOOD)


def codes_per_address() -> str:
    return current_app.config.get("SURVEY_CODE_RATE_LIMIT", CODES_PER_ADDRESS)


def neighborhood_key() -> str:
    """All answers to one neighbourhood share a budget, whatever address they come from (the token hashed)."""
    token = str((request.view_args or {}).get("token", ""))[:16]
    return "survey-neighborhood:" + hashlib.sha256(token.encode()).hexdigest()[:20]
