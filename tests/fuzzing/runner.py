"""Posting hypothesis's submissions to one rule of the URL map, as a user who may use it, and
checking each answer: never a server error, and nothing written where the rule has no business.

For each rule: fresh records for its URL arguments; a browser for someone allowed to use it; the
form found on the rule's own page (or, for a rule that only takes posts, on a page of its
blueprint that shows it); then submissions of that form, some to the same address with another
council's record in it, with row counts compared around every request and every row compared
around the whole run.
"""
from __future__ import annotations

import itertools
from io import BytesIO
import os
import re
import traceback
import zlib
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from feedback_app.auth.permissions import access_rule
from feedback_app.errors import CSRF_MESSAGE
from feedback_app.models import Participant, Role
from tests.factories import create_invitation

from .ledger import Snapshot, counts
from .pages import Browser, Field, Form, relative
from .values import Submission, api_submission, encodable, form_submission

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
SEED = int(os.environ.get("FUZZ_SEED", "0"))
MOST_PAGES = 3
NOT_REACHED = (401, 403, 404, 405)
COUNCIL_ROLES = frozenset({Role.ADMIN, Role.PRACTITIONER, Role.ANALYST, Role.DUTY})


@dataclass
class Outcome:
    statuses: Counter = field(default_factory=Counter)
    reached: bool = False
    fields: str = ""
    failure: str | None = None


class Fuzz:
    """``policy`` is the test module: who may write which tables, what goes in a URL's text
    arguments and in fields the records make valid, the pages to walk through first."""

    def __init__(self, app, world, engine, policy):
        self.app, self.world, self.engine, self.policy = app, world, engine, policy
        self.adapter = app.url_map.bind("localhost")
        self.cookies: dict[int, str] = {}
        self.outcomes: dict[str, Outcome] = {}
        with app.test_request_context():
            self.csrf_refused = str(CSRF_MESSAGE)  # the words of the page a refused CSRF token gets

    # Browsers: who posts.

    def _client(self, name, headers=None) -> Browser:
        return Browser(self.app, self.app.test_client(), name, headers)

    def signed_in(self, user, *, own_session=False) -> Browser:
        browser = self._client(f"{user.email}")
        cookie = self.app.config.get("SESSION_COOKIE_NAME", "session")
        if own_session or user.id not in self.cookies:
            browser.page("/login")
            response = browser.send("/login", [("csrf_token", browser.csrf_token or ""), ("email", user.email),
                                               ("password", self.policy.PASSWORD)])
            assert response.status_code == 302, f"{user.email} could not sign in"
            if own_session:
                return browser
            self.cookies[user.id] = browser.client.get_cookie(cookie).value
        browser.client.set_cookie(cookie, self.cookies[user.id])
        return browser

    def person(self) -> Browser:
        ids = self.world.participant(self.world.home)
        _invitation, token = create_invitation(self.world.session, self.world.session.get(Participant,
                                                                                          ids["participant_id"]))
        browser = self._client("the person answering")
        assert browser.client.get(f"/s/{token}").status_code == 302
        return browser

    def browsers(self, rule) -> list[Browser]:
        """Someone who may use the rule: the person, an invited user, a visitor, or staff."""
        rule_access = access_rule(self.app.view_functions[rule.endpoint])
        if rule_access == "public":
            if rule.endpoint.startswith("respond."):
                return [self.person()]
            if rule.endpoint in self.policy.INVITATION_LINKS:
                browser = self._client("someone invited")
                made = getattr(self.world, self.policy.INVITATION_LINKS[rule.endpoint])(self.world.home)
                browser.client.get(f"/invitation/{made['token']}")
                return [browser]
            return [self._client("a visitor")]
        roles = rule_access[1]
        if rule.endpoint.startswith("auth."):
            # Signing out ends every session of the user: a user and session of its own.
            return [self.signed_in(self.world.sign_out_user, own_session=True)]
        home = self.world.home
        people = [(home.staff, COUNCIL_ROLES), (home.advocate, {Role.ADVOCATE}), (home.partner_admin, {Role.ADMIN})]
        return [self.signed_in(user) for user, held in people if not roles or roles & held]

    # Finding the form.

    def _hosts(self, rule, values: dict) -> list[str]:
        """Pages of the rule's blueprint that might show its form, nearest address first, and
        the home page (whose header has the sign-out form) last."""
        blueprint = rule.endpoint.split(".")[0]
        found = []
        for other in self.app.url_map.iter_rules():
            if other.endpoint.split(".")[0] != blueprint or "GET" not in other.methods or other is rule:
                continue
            if other.arguments <= values.keys() and "." not in other.rule.rsplit("/", 1)[-1]:
                shared = len(os.path.commonprefix([other.rule, rule.rule]))
                found.append((-shared, len(other.rule), other.build(values, append_unknown=False)[1]))
        query = self.policy.HOST_QUERIES.get(rule.endpoint, "")
        return [url + query for *_order, url in sorted(found)][:6] + ["/"]

    def forms(self, browser, rule, values: dict) -> list[Form]:
        url = rule.build(values, append_unknown=False)[1]
        if "GET" in rule.methods:
            return browser.forms_for(url, rule.endpoint)
        for host in self._hosts(rule, values):
            forms = browser.forms_for(host, rule.endpoint)
            if forms:
                return forms
        return []

    def concrete_forms(self, rule, browser, targets: dict) -> list[Form]:
        strings = [name for name in sorted(rule.arguments) if name not in targets]
        choices = [self.policy.string_arguments(self.world, rule.endpoint, name) for name in strings]
        found = []
        for combination in itertools.product(*choices):
            forms = self.forms(browser, rule, {**targets, **dict(zip(strings, combination))})
            found += forms[:1]
            if len(found) == MOST_PAGES:
                break
        return found

    # Running.

    def route(self, rule) -> Outcome:
        outcome = self.outcomes.setdefault(rule.rule, Outcome())
        try:
            kind = self.policy.kind_of(rule)
            runner = {"api": self._api, "webhook": self._webhook}.get(kind, self._form)
            strategy, browser = runner(rule)
            self.world.session.commit()  # nothing of the records' own held open while requests run
            before = Snapshot.take(self.engine)
            self._run(rule, strategy, browser, outcome)
            self._check_rows(rule, before, Snapshot.take(self.engine))
        except Exception as error:  # noqa: BLE001 (every failure of one rule is reported with the others)
            outcome.failure = "".join(traceback.format_exception_only(error)).strip()[:3000]
        return outcome

    def _form(self, rule):
        targets = self.world.targets(rule.endpoint, rule.arguments)
        self.world.session.commit()
        candidates = self.browsers(rule)
        for browser in candidates:
            self.policy.prepare(self, rule, browser, targets)
            forms = self.concrete_forms(rule, browser, targets)
            if forms:
                break
        else:
            browser = candidates[0]
            url = rule.build({**targets, **{name: self.policy.string_arguments(self.world, rule.endpoint, name)[0]
                                            for name in rule.arguments if name not in targets}},
                             append_unknown=False)[1]
            browser.page("/")
            forms = [Form("http://localhost" + url, False, [Field("csrf_token", "hidden", browser.csrf_token or "")])]
        browser.pages = sorted({form.page for form in forms})
        self.outcomes[rule.rule].fields = ", ".join(sorted({f.name for form in forms for f in form.fields}))
        hints = self.policy.hints(self.world)
        # Three in four submissions go to the home council's record, the rest to the other council's.
        strategies = [form_submission(relative(form.action), form.fields, hints) for form in forms] * 3
        strategies += [form_submission(other, forms[0].fields, hints) for other in self._elsewhere(rule, forms[0])]
        return st.sampled_from(strategies).flatmap(lambda chosen: chosen), browser

    def _elsewhere(self, rule, form) -> list[str]:
        """The form's address with the other council's records in place of the home council's."""
        numbers = [name for name in rule.arguments if name in self.world.other_targets]
        if not numbers:
            return []
        own = self.adapter.match(urlsplit(form.action).path, method="POST")[1]
        url = rule.build({**own, **{name: self.world.other_targets[name] for name in numbers}},
                         append_unknown=False)[1]
        query = urlsplit(form.action).query
        return [url + (f"?{query}" if query else "")]

    def _api(self, rule):
        document = self.app.test_client().get("/api/v1/openapi.json").get_json()
        template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        server = document["servers"][0]["url"]
        # An operation the document does not describe is still posted to, with random fields.
        operation = next((op for path, item in document["paths"].items() if server + path == template
                          for method, op in item.items() if method.upper() in rule.methods), {})
        schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if schema and "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        self.outcomes[rule.rule].fields = ", ".join(sorted((schema or {}).get("properties", {})))
        targets = self.world.targets(rule.endpoint, rule.arguments)
        self.world.session.commit()
        urls = [rule.build(targets, append_unknown=False)[1]]
        if rule.arguments:
            urls.append(rule.build({**targets, **self.world.other_targets}, append_unknown=False)[1])
        keys = [f"Bearer {self.world.api_token}"] * 6 + ["", "Bearer", "Bearer not-a-key", "Basic " + "x" * 300]
        return st.one_of([api_submission(url, schema, keys) for url in urls]), self._client("a case system")

    def _webhook(self, rule):
        fields = [Field(name, "text", values[0]) for name, values in self.policy.twilio_fields(self.world, rule)]
        hints = dict(self.policy.twilio_fields(self.world, rule))
        self.outcomes[rule.rule].fields = ", ".join(hints)
        signer = RequestValidator(self.policy.TWILIO_TOKEN)

        def signed(submission: Submission) -> Submission:
            # Signed over the values as the application reads them, so that the signature holds.
            submission.pairs = [(encodable(name), encodable(value)) for name, value in submission.pairs]
            body, _type = submission.encoded()
            read = MultiDict([(name, value.replace("\x00", "")) for name, value in
                              parse_qsl(body.decode("ascii"), keep_blank_values=True, errors="replace")])
            url = self.policy.PUBLIC_BASE_URL + rule.rule
            submission.headers = {"X-Twilio-Signature": signer.compute_signature(url, read)}
            return submission

        return form_submission(rule.rule, fields, hints).map(signed), self._client("Twilio")

    def _run(self, rule, strategy, browser, outcome: Outcome) -> None:
        allowed = self.policy.writes(rule.endpoint)
        other_ids = {self.world.other.council.id, self.world.other.partner.id}
        method = "POST" if "POST" in rule.methods else sorted(rule.methods & self.policy.METHODS)[0]

        @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), print_blob=False)
        @seed(zlib.crc32(rule.rule.encode()) + SEED)
        @given(strategy)
        def attempt(submission):
            if browser.pages is not None:
                token = browser.fresh_csrf_token(browser.pages)
                submission.pairs = [(name, token if name.endswith("csrf_token") and token else value)
                                    for name, value in submission.pairs]
            before = counts(self.engine)
            body, content_type = submission.encoded() if not submission.files else (None, None)
            data = body if body is not None else _multipart(submission)
            try:
                response = browser.client.open(submission.url, method=method, data=data, content_type=content_type,
                                               headers={**browser.headers, **submission.headers})
            except Exception as error:
                raise AssertionError(f"{submission!r} raised {error!r}") from error
            after = counts(self.engine)
            status = response.status_code
            outcome.statuses[status] += 1
            outcome.reached |= not (status in NOT_REACHED or "/login" in response.headers.get("Location", "")
                                    or status == 400 and self.csrf_refused in response.get_data(as_text=True))
            assert status < 500, f"{submission!r} answered {status}"
            moved = {key for key in before.keys() | after.keys() if before[key] != after[key]}
            assert {table for table, _owner in moved} <= allowed, (
                f"{submission!r} changed the rows of {sorted({t for t, _ in moved} - allowed)}")
            theirs = sorted(key for key in moved if key[1] in other_ids and key[0] not in self.policy.LOGS)
            assert not theirs, f"{submission!r} changed another council's rows: {theirs}"

        attempt()

    def _check_rows(self, rule, before: Snapshot, after: Snapshot) -> None:
        changed = before.changed(after)
        allowed = self.policy.writes(rule.endpoint)
        assert set(changed) <= allowed, f"rows changed in {sorted(set(changed) - allowed)}"
        other_ids = {self.world.other.council.id, self.world.other.partner.id}
        owned_before, owned_after = before.owned_by(other_ids), after.owned_by(other_ids)
        touched = {table: keys & (owned_before[table] | owned_after[table]) for table, keys in changed.items()
                   if table not in self.policy.LOGS and table in owned_before}
        touched = {table: sorted(keys) for table, keys in touched.items() if keys}
        assert not touched, f"another council's rows changed: {touched}"


def _multipart(submission: Submission) -> dict:
    data = MultiDict([(encodable(name), encodable(value)) for name, value in submission.pairs])
    for name, filename, content in submission.files:
        data.add(encodable(name), (BytesIO(content), encodable(filename)))
    return data
