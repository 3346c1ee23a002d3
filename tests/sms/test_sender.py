"""The sender interface: the log backend, the choice of backend, and how Twilio's errors map."""
import json
import logging

import pytest
import requests
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.rest import Client
from twilio.base.exceptions import TwilioRestException

from feedback_app.sms.backends import get_sender
from feedback_app.sms.log_sender import LogSender
from feedback_app.sms.sender import PermanentFailure, TemporaryFailure
from feedback_app.sms.twilio_sender import TwilioSender
from tests.conftest import make_test_app

TWILIO = {"SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "secret",
          "TWILIO_MESSAGING_SERVICE_SID": "MG" + "0" * 32, "PUBLIC_BASE_URL": "https://feedback.example.gov.uk"}


def test_the_log_backend_is_the_default(app):
    sender = get_sender(app)
    assert isinstance(sender, LogSender) and sender.name == "log"
    first, second = sender.send("+447700900123", "Hello"), sender.send("+447700900123", "Hello")
    assert first.startswith("log-") and first != second


def test_the_log_backend_keeps_numbers_and_words_out_of_the_log(caplog):
    with caplog.at_level("INFO"):
        LogSender().send("+447700900123", "Answer here: https://example.org/s/secret")
    assert "7700900123" not in caplog.text and "secret" not in caplog.text


def test_twilio_is_chosen_by_configuration(database_url):
    sender = get_sender(make_test_app(database_url, **TWILIO))
    assert isinstance(sender, TwilioSender)
    assert sender.messaging_service_sid == TWILIO["TWILIO_MESSAGING_SERVICE_SID"]
    assert sender.status_callback == "https://feedback.example.gov.uk/sms/status"


class FakeMessages:
    def __init__(self, outcome):
        self.outcome = outcome
        self.created = []

    def create(self, **options):
        self.created.append(options)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return type("Message", (), {"sid": self.outcome})()


def twilio_with(outcome):
    client = type("Client", (), {})()
    client.messages = FakeMessages(outcome)
    return TwilioSender("AC", "token", "MG123", status_callback="https://x/sms/status", client=client), client


def test_twilio_sends_through_the_messaging_service():
    sender, client = twilio_with("SM123")
    assert sender.send("+447700900123", "Hello") == "SM123"
    assert client.messages.created == [{"to": "+447700900123", "body": "Hello", "messaging_service_sid": "MG123",
                                        "status_callback": "https://x/sms/status"}]


@pytest.mark.parametrize("error, failure, reason", [
    (TwilioRestException(400, "/Messages", "The 'To' number is not valid", code=21211), PermanentFailure, "invalid_number"),
    (TwilioRestException(400, "/Messages", "Unsubscribed recipient", code=21610), PermanentFailure, "opted_out"),
    (TwilioRestException(429, "/Messages", "Too many requests", code=20429), TemporaryFailure, "provider_unavailable"),
    (TwilioRestException(503, "/Messages", "Service unavailable"), TemporaryFailure, "provider_unavailable"),
    (requests.ConnectionError("no route"), TemporaryFailure, "provider_unavailable"),
])
def test_twilio_errors_become_temporary_or_permanent(error, failure, reason):
    sender, _ = twilio_with(error)
    with pytest.raises(failure) as raised:
        sender.send("+447700900123", "Hello")
    assert raised.value.reason == reason
    assert raised.value.detail


class RecordingHttpClient(HttpClient):
    """Stands in for Twilio's HTTP client only: the real library builds every request and reads
    every answer; this records the requests and answers as Twilio's API does."""

    def __init__(self, status, body):
        super().__init__(logging.getLogger("twilio.test"), False)
        self.status, self.body, self.requests = status, body, []

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        self.requests.append({"method": method, "uri": uri, "data": dict(data or {})})
        return TwilioResponse(self.status, json.dumps(self.body))


def real_twilio(status, body):
    http = RecordingHttpClient(status, body)
    client = Client("AC" + "0" * 32, "auth-token", http_client=http)
    return TwilioSender("AC" + "0" * 32, "auth-token", "MG" + "1" * 32,
                       status_callback="https://feedback.example.org/sms/status", client=client), http


MESSAGE = {"sid": "SM" + "a" * 32, "status": "accepted", "to": "+447700900123", "body": "Hello",
           "account_sid": "AC" + "0" * 32, "messaging_service_sid": "MG" + "1" * 32, "num_segments": "1"}


def test_the_real_library_sends_through_the_messaging_service_with_a_status_callback():
    sender, http = real_twilio(201, MESSAGE)
    assert sender.send("+447700900123", "Hello") == "SM" + "a" * 32
    [request] = http.requests
    assert request["method"] == "POST" and request["uri"].endswith("/Accounts/AC" + "0" * 32 + "/Messages.json")
    assert request["data"] == {"To": "+447700900123", "Body": "Hello", "MessagingServiceSid": "MG" + "1" * 32,
                               "StatusCallback": "https://feedback.example.org/sms/status"}


@pytest.mark.parametrize("status, code, failure, reason", [
    (400, 21610, PermanentFailure, "opted_out"),
    (400, 21211, PermanentFailure, "invalid_number"),
    (429, 20429, TemporaryFailure, "provider_unavailable"),
    (500, None, TemporaryFailure, "provider_unavailable"),
])
def test_the_real_library_s_errors_become_our_failures(status, code, failure, reason):
    body = {"status": status, "message": "refused", "more_info": "https://www.twilio.com/docs/errors"}
    if code:
        body["code"] = code
    sender, _ = real_twilio(status, body)
    with pytest.raises(failure) as raised:
        sender.send("+447700900123", "Hello")
    assert raised.value.reason == reason
