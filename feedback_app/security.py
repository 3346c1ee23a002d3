"""Headers every response carries, and what may keep a copy of it.

- A Content-Security-Policy: scripts, styles, images and fonts from this site only, no inline
  script but the one line in ``base.html`` that carries this request's nonce, no framing by any
  site (a person's questionnaire must never be shown inside someone else's page), forms posted
  only here.
- ``X-Content-Type-Options: nosniff``, a ``Referrer-Policy`` (pages that set a stricter one, such
  as the person's, keep it), a ``Permissions-Policy`` switching off what the service never uses,
  ``X-Robots-Tag`` keeping every page and file out of search engines (a header rather than a
  meta tag in every page), and ``Strict-Transport-Security`` when the request came over HTTPS.
- ``Cache-Control: no-store`` on every page a member of staff sees and every download: a shared
  computer's browser, or a proxy, must not keep a copy of someone's case. Static files alone are
  cached (for a year when asked for by their fingerprint: ``static_files.py``).
"""
from __future__ import annotations

import secrets

from flask import Flask, Request, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "object-src 'none'")
PERMISSIONS = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
               "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()")
HSTS = "max-age=31536000; includeSubDomains"


def _nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _is_static() -> bool:
    return request.endpoint == "static"


def _add_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP.format(nonce=_nonce()))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS)
    headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if not _is_static() and (_signed_in() or "attachment" in headers.get("Content-Disposition", "")):
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    return response


def _signed_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:  # outside a request that loaded the user (an error page, say)
        return False


# Files a page asks for as it loads: stylesheets and scripts, symbols, recordings.
FILE_ENDPOINTS = frozenset({"static", "respond.symbol", "respond.media"})


class FileQuietSessionInterface(SecureCookieSessionInterface):
    """Sessions as Flask keeps them, except that a file never sends the session cookie back
    unless its request changed the session.

    Every request would otherwise refresh the cookie, files included. A file still arriving from
    the page before (a symbol on a slow phone, say) would then put back a copy of the session
    older than the page now showing, without that page's form token, and the person's answer
    would be refused as out of date."""

    def should_set_cookie(self, app: Flask, session) -> bool:
        if request.endpoint in FILE_ENDPOINTS and not session.modified:
            return False
        return super().should_set_cookie(app, session)


def init_app(app: Flask) -> None:
    app.request_class = CleanRequest
    app.session_interface = FileQuietSessionInterface()
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # The client's address (rate limits, the audit trail), the scheme (secure cookies, HSTS,
        # links) and the host as the proxies in front saw them, and no further back.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.after_request(_add_headers)
    app.context_processor(lambda: {"csp_nonce": _nonce()})


class CleanRequest(Request):
    """A request whose form values never hold a NUL character. Nobody types one, PostgreSQL text
    cannot store one (the save would fail), and dropping it changes nothing a person meant."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any("\x00" in value for _key, value in form.items(multi=True)):
            self.__dict__["form"] = ImmutableMultiDict(
                [(key, value.replace("\x00", "")) for key, value in form.items(multi=True)])
