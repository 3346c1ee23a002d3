"""Rate limits at every door: what counts, per what, and that people using the service as meant
are never slowed by someone else's mistakes. Limits are set small here so that each test knocks
only a few times; the defaults are checked in test_config.py."""
import pytest
from twilio.request_validator import RequestValidator

from feedback_app.api.keys import create_key
from tests.auth.fixtures import PASSWORD
from tests.conftest import make_test_app
from tests.factories import create_invitation, create_organisation, create_participant, create_user, \
    create_enquiry

OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def limited(database_url, session):
    """Build an application with limits switched on; made after every other application of the
    test, since the limiter is shared by the applications of one process."""
    made = []

    def make(**limits):
        app = make_test_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://",
                            TWILIO_AUTH_TOKEN="webhook-token", PUBLIC_BASE_URL="https://feedback.example.org",
                            **limits)
        made.append(app)
        return app.test_client()

    yield make
    for app in made:
        app.extensions["database_engine"].dispose()


def sign_in(client, email, password="not the password", address=OFFICE):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_a_wrong_password_eleven_times_is_refused_for_that_account_from_that_address(session, limited):
    client = limited()
    for attempt in range(10):
        assert sign_in(client, "jo@example.org").status_code == 200, attempt
    refused = sign_in(client, "jo@example.org")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert "Retry-After" in refused.headers
    # Reading the page is not an attempt, so it stays available.
    assert client.get("/login", environ_base={"REMOTE_ADDR": OFFICE}).status_code == 200


def test_someone_trying_one_account_does_not_lock_out_their_office(session, limited):
    council = create_organisation(session)
    colleague = create_user(session, council, email="sam@northshire.gov.uk")
    client = limited(LOGIN_RATE_LIMIT="3 per minute")
    for _ in range(3):
        sign_in(client, "jo@northshire.gov.uk")
    assert sign_in(client, "jo@northshire.gov.uk").status_code == 429
    # A colleague behind the same proxy address still signs in.
    assert sign_in(client, colleague.email, PASSWORD).status_code == 302


def test_successful_sign_ins_are_not_counted(session, limited):
    council = create_organisation(session)
    user = create_user(session, council)
    client = limited(LOGIN_RATE_LIMIT="2 per minute", LOGIN_ADDRESS_RATE_LIMIT="2 per minute")
    for attempt in range(4):
        assert sign_in(client, user.email, PASSWORD).status_code == 302, attempt
        client.post("/logout", environ_base={"REMOTE_ADDR": OFFICE})


def test_trying_many_accounts_from_one_address_is_stopped(session, limited):
    client = limited(LOGIN_ADDRESS_RATE_LIMIT="4 per minute")
    for number in range(4):
        assert sign_in(client, f"person{number}@example.org").status_code == 200
    assert sign_in(client, "person99@example.org").status_code == 429
    # Another address is not affected.
    assert sign_in(client, "person99@example.org", address=ELSEWHERE).status_code == 200


def test_trying_one_account_from_many_addresses_is_stopped(session, limited):
    client = limited(LOGIN_ACCOUNT_RATE_LIMIT="3 per day")
    for number in range(3):
        assert sign_in(client, "Jo@Example.org ", address=f"192.0.2.{number}").status_code == 200
    # The same account however it is typed, from yet another address.
    assert sign_in(client, "jo@example.org", address="192.0.2.200").status_code == 429


def test_links_that_do_not_work_are_limited_but_working_ones_are_not(session, limited):
    council = create_organisation(session)
    participant = create_participant(session, create_enquiry(session, council))
    _invitation, token = create_invitation(session, participant)
    client = limited(SURVEY_LINK_RATE_LIMIT="3 per minute")
    for _ in range(5):
        assert client.get(f"/s/{token}").status_code == 302
    for attempt in range(3):
        assert client.get(f"/s/guess{attempt}").status_code == 404
    assert client.get("/s/guess-again").status_code == 429


def test_form_codes_not_recognised_are_limited(session, limited):
    client = limited(PAPER_CODE_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    for _ in range(2):
        assert client.post("/p", data={"code": "ABCD-EFGH"}).status_code == 400
    assert client.post("/p", data={"code": "ABCD-EFGH"}).status_code == 429


def test_unsigned_webhooks_are_limited_and_twilio_is_never_slowed(session, limited):
    client = limited(WEBHOOK_RATE_LIMIT="2 per minute")
    url = "https://feedback.example.org/sms/status"
    for number in range(5):
        params = {"MessageSid": f"SM{number:032d}", "MessageStatus": "delivered"}
        signature = RequestValidator("webhook-token").compute_signature(url, params)
        assert client.post("/sms/status", data=params, headers={"X-Twilio-Signature": signature}).status_code == 204
    for _ in range(2):
        assert client.post("/sms/status", data={"MessageSid": "SM1"}).status_code == 403
    assert client.post("/sms/status", data={"MessageSid": "SM1"}).status_code == 429


def test_the_api_limits_each_key_and_guessed_keys_per_address(session, limited):
    council = create_organisation(session)
    key = create_key(session, council, "Case system", None)[1]
    client = limited(API_RATE_LIMIT="3 per minute", API_FAILURE_RATE_LIMIT="2 per minute")
    for _ in range(3):
        assert client.get("/api/v1/enquiries?case_reference=X", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    refused = client.get("/api/v1/enquiries?case_reference=X", headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 429
    assert refused.is_json and refused.json["error"]
    for attempt in range(2):
        wrong = {"Authorization": f"Bearer wrong-{attempt}"}
        assert client.get("/api/v1/enquiries?case_reference=X", headers=wrong, environ_base={"REMOTE_ADDR": OFFICE}).status_code == 401
    assert client.get("/api/v1/enquiries?case_reference=X", headers={"Authorization": "Bearer wrong-again"},
                      environ_base={"REMOTE_ADDR": OFFICE}).status_code == 429
