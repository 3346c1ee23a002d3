"""The ``log`` backend, for development and tests: it delivers nothing. The dispatcher's record of
each text (``OutboundMessage``) is the message, and the development page shows it."""
from __future__ import annotations

import logging
import secrets

from .sender import MessageSender

log = logging.getLogger(__name__)


class LogSender(MessageSender):
    """Development and tests: delivers nothing and returns a made-up id (see the module note)."""

    name = "log"

    def send(self, to: str, body: str) -> str:
        provider_id = f"log-{secrets.token_hex(12)}"
        # Neither the number nor the words go to the log: logs are kept longer than contact details.
        log.info("Text %s kept by the log backend (%d characters)", provider_id, len(body))
        return provider_id
