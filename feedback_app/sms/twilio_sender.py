"""Sending through Twilio's Messaging Service. Kept apart so that the log backend (development
and tests) never imports the Twilio client."""
from __future__ import annotations

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from .sender import MessageSender, PermanentFailure, TemporaryFailure

# Twilio error codes that mean this number will never take this text: invalid "To" number, not
# a mobile, the person replied STOP, the region is not enabled, and a landline that cannot
# receive texts. Anything else from Twilio may clear up (rate limits, outages, our own
# credentials being fixed), so it is retried a bounded number of times.
UNDELIVERABLE_CODES = {21211, 21214, 21408, 21610, 21612, 21614}
OPTED_OUT = 21610  # the person replied STOP to this sender: recorded as their STOP


class TwilioSender(MessageSender):
    name = "twilio"

    def __init__(self, account_sid: str, auth_token: str, messaging_service_sid: str,
                 status_callback: str | None = None, client: Client | None = None):
        self.client = client or Client(account_sid, auth_token)
        self.messaging_service_sid = messaging_service_sid
        self.status_callback = status_callback

    @classmethod
    def from_config(cls, config) -> TwilioSender:
        return cls(
            config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"], config["TWILIO_MESSAGING_SERVICE_SID"],
            status_callback=f"{config['PUBLIC_BASE_URL']}/sms/status",
        )

    def send(self, to: str, body: str) -> str:
        options = {"status_callback": self.status_callback} if self.status_callback else {}
        try:
            message = self.client.messages.create(
                to=to, body=body, messaging_service_sid=self.messaging_service_sid, **options,
            )
        except TwilioRestException as error:
            detail = f"Twilio error {error.code}: {error.msg}" if error.code else f"Twilio HTTP {error.status}"
            if error.code == OPTED_OUT:
                raise PermanentFailure(detail, reason="opted_out") from error
            if error.code in UNDELIVERABLE_CODES:
                raise PermanentFailure(detail, reason="invalid_number") from error
            raise TemporaryFailure(detail) from error
        except (TwilioException, OSError) as error:
            raise TemporaryFailure(f"Twilio could not be reached: {error.__class__.__name__}") from error
        return message.sid
