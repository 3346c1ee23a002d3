"""How often each door of the service may be knocked on, and by whom.

Counts are kept in Redis when ``REDIS_URL`` is set, so every worker and every host share one
allowance; without it (development) each process counts for itself. Production refuses to start
without ``REDIS_URL`` (see config.py), and if Redis goes away the limits fall back to each
process's memory rather than failing requests.

Mostly only failures count: a wrong password, a survey link that does not work, a paper form code
not recognised, a webhook without a valid signature, an API request without a valid key. People
using the service as meant are never slowed down by someone else's mistakes.

Sign-in is counted three ways, so that one attacker behind an office's shared proxy address cannot
lock the whole office out, and nobody can try passwords for one account from many addresses:

- per account from one address (the tightest: ``LOGIN_RATE_LIMIT``),
- per address, whatever the account (``LOGIN_ADDRESS_RATE_LIMIT``),
- per account, whatever the address (``LOGIN_ACCOUNT_RATE_LIMIT``).

Accounts are counted by a hash of the email address typed, so the store never holds the address.
"""
from __future__ import annotations

import hashlib

from flask import current_app, request, session
from flask_limiter.util import get_remote_address

from .config import RATE_LIMITS
from .extensions import limiter



def setting(name: str):
    """The limit named ``name``, read from the application's settings at request time."""
    return lambda: current_app.config.get(name) or RATE_LIMITS[name]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _account() -> str:
    email = (request.form.get("email") or "").strip().casefold()
    return "account:" + _digest(email)


def _account_and_address() -> str:
    return f"{_account()}|{get_remote_address()}"


def _api_key() -> str:
    """The key the request presents (hashed), so each client has its own allowance."""
    return "api:" + _digest(request.headers.get("Authorization", "").strip())


def _failed_sign_in(response) -> bool:
    # A correct password redirects; a wrong one shows the form again.
    return response.status_code != 302


def _client_error(response) -> bool:
    return 400 <= response.status_code < 500


def _not_found(response) -> bool:
    return response.status_code == 404


def _unauthorised(response) -> bool:
    return response.status_code in (401, 403)


def sign_in(view):
    """The three sign-in limits, counting failed attempts only."""
    for name, key in (("LOGIN_RATE_LIMIT", _account_and_address),
                      ("LOGIN_ADDRESS_RATE_LIMIT", get_remote_address),
                      ("LOGIN_ACCOUNT_RATE_LIMIT", _account)):
        view = limiter.limit(setting(name), key_func=key, methods=["POST"], deduct_when=_failed_sign_in,
                             scope=f"sign-in:{name}")(view)
    return view


def survey_link(view):
    """Survey links that do not work, per address: nobody guesses a link by trying many."""
    return limiter.limit(setting("SURVEY_LINK_RATE_LIMIT"), deduct_when=_not_found, scope="survey-link")(view)


def paper_code(view):
    """Form codes not recognised, per address."""
    return limiter.limit(setting("PAPER_CODE_RATE_LIMIT"), methods=["POST"], deduct_when=_client_error,
                         scope="paper-code")(view)


def webhook(view):
    """Webhook calls without a valid signature, per address (Twilio's own are never slowed)."""
    return limiter.limit(setting("WEBHOOK_RATE_LIMIT"), deduct_when=_client_error, scope="webhook")(view)


def api(view):
    """Every API request per key presented, and requests without a valid key per address."""
    view = limiter.limit(setting("API_RATE_LIMIT"), key_func=_api_key, scope="api")(view)
    return limiter.limit(setting("API_FAILURE_RATE_LIMIT"), deduct_when=_unauthorised,
                         scope="api-failures")(view)


def _joining_link() -> str:
    # The link's hash is kept in the session once the link is opened (auth/views.py).
    return "joining:" + str(session.get("joining"))


def joining(view):
    """Wrong passwords given to join an organisation, per invitation link, whatever the address."""
    return limiter.limit(setting("LOGIN_RATE_LIMIT"), key_func=_joining_link, methods=["POST"],
                         deduct_when=_failed_sign_in, scope="joining")(view)
