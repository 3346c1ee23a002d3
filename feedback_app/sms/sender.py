"""The message-sender interface, and the backend chosen by ``SMS_BACKEND``.

A sender only delivers. Whoever sends keeps the record: the dispatcher writes an
``OutboundMessage`` for every text, whatever the backend, so that the record of contact, its
purge and delivery reports work the same way in development and in production. For the ``log``
backend that record *is* the message: nothing leaves the machine, and the development page
(/dev/messages) shows the rows whose backend is ``log``.
"""
from __future__ import annotations

import logging
import secrets

from flask import Flask

log = logging.getLogger(__name__)


class SendFailure(Exception):
    """The text was not sent. ``reason`` is a key from ``dispatch.reasons.REASONS``."""

    reason = "provider_rejected"

    def __init__(self, detail: str = "", reason: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if reason:
            self.reason = reason


class TemporaryFailure(SendFailure):
    """Worth trying again later: the provider is down, slow or rate-limiting."""

    reason = "provider_unavailable"


class PermanentFailure(SendFailure):
    """Trying again will not help: the number is invalid, not a mobile, or has opted out."""

    reason = "provider_rejected"


class MessageSender:
    """Deliver one text. Returns the provider's id for the message."""

    name = "abstract"

    def send(self, to: str, body: str) -> str:
        raise NotImplementedError


class LogSender(MessageSender):
    """Development and tests: delivers nothing and returns a made-up id (see the module note)."""

    name = "log"

    def send(self, to: str, body: str) -> str:
        provider_id = f"log-{secrets.token_hex(12)}"
        # Neither the number nor the words go to the log: logs are kept longer than contact details.
        log.info("Text %s kept by the log backend (%d characters)", provider_id, len(body))
        return provider_id


def get_sender(app: Flask) -> MessageSender:
    """The sender for ``app``'s ``SMS_BACKEND``."""
    backend = app.config.get("SMS_BACKEND", "log")
    if backend == "twilio":
        from .twilio_sender import TwilioSender

        return TwilioSender.from_config(app.config)
    return LogSender()
