"""The message-sender interface that every backend implements (``log_sender``, ``twilio_sender``;
``backends.get_sender`` picks one by ``SMS_BACKEND``), and the failures a send can end in.

A sender only delivers. Whoever sends keeps the record: the dispatcher writes an
``OutboundMessage`` for every text, whatever the backend, so that the record of contact, its
purge and delivery reports work the same way in development and in production. For the ``log``
backend that record *is* the message: nothing leaves the machine, and the development page
(/dev/messages) shows the rows whose backend is ``log``.
"""
from __future__ import annotations


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
