"""Which sender delivers texts: the backend named by ``SMS_BACKEND``."""
from __future__ import annotations

from flask import Flask

from .log_sender import LogSender
from .sender import MessageSender


def get_sender(app: Flask) -> MessageSender:
    """The sender for ``app``'s ``SMS_BACKEND``. The Twilio client is imported only when it is
    the backend, so that development and tests never load it."""
    if app.config.get("SMS_BACKEND", "log") == "twilio":
        from .twilio_sender import TwilioSender

        return TwilioSender.from_config(app.config)
    return LogSender()
