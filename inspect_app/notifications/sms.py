"""SMS through a provider interface shaped for the Chinese SMS services (阿里云短信, 腾讯云短信 …).

Those services send only pre-approved templates: a message is a template code, its parameters by name, a phone
number (and the approved signature, the provider's own setting). A provider is a class with `send(message)`
that returns the provider's message id or raises; `SMS_PROVIDER` names the one in use. A real one registers
itself with `register("aliyun", AliyunProvider)` and reads its keys from the app's config in `from_config`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import Flask, current_app

EXTENSION = "sms"
# Template parameters of those services are short (阿里云: 35 characters a variable).
MAX_PARAM_LENGTH = 35


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    template_code: str
    params: Mapping[str, str]


class SmsError(Exception):
    """The provider refused or could not be reached; the delivery is retried with back-off."""


class SmsProvider(Protocol):
    def send(self, message: SmsMessage) -> str:
        """Send one message; the provider's message id, or SmsError."""
        ...


@dataclass
class RecordingProvider:
    """Keeps what it would send (tests, development). `fail_with` set: every send raises it (a provider down)."""

    sent: list[SmsMessage] = field(default_factory=list)
    fail_with: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "RecordingProvider":
        return cls()

    def send(self, message: SmsMessage) -> str:
        if self.fail_with is not None:
            raise SmsError(self.fail_with)
        self.sent.append(message)
        return f"recorded-{len(self.sent)}"


_providers: dict[str, Callable[[Mapping[str, Any]], SmsProvider]] = {"recording": RecordingProvider.from_config}


def register(name: str, factory: Callable[[Mapping[str, Any]], SmsProvider]) -> None:
    _providers[name] = factory


def init_app(app: Flask) -> None:
    name = app.config.get("SMS_PROVIDER", "recording")
    if name not in _providers:
        raise ValueError(f"SMS_PROVIDER must be one of {sorted(_providers)}, not {name!r}")
    app.extensions[EXTENSION] = _providers[name](app.config)


def provider() -> SmsProvider:
    return current_app.extensions[EXTENSION]


def template_code(kind: str) -> str:
    """The approved template of an event kind (SMS_TEMPLATES), else the generic one (SMS_TEMPLATE_DEFAULT)."""
    return current_app.config.get("SMS_TEMPLATES", {}).get(kind) or current_app.config["SMS_TEMPLATE_DEFAULT"]


def message_for(phone: str, kind: str, *, title: str, link: str) -> SmsMessage:
    return SmsMessage(phone=phone, template_code=template_code(kind),
                      params={"title": title[:MAX_PARAM_LENGTH], "link": link})
