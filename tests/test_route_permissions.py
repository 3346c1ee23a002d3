"""Every route declares who may use it, and the declaration is enforced."""
from feedback_app.auth.permissions import access_rule

EXEMPT = {"static"}


def _endpoints(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in EXEMPT:
            yield rule, app.view_functions[rule.endpoint]


def test_every_route_is_public_or_requires_a_role(app):
    undeclared = [rule.rule for rule, view in _endpoints(app) if access_rule(view) is None]
    assert undeclared == [], f"routes without a permission check: {undeclared}"


def test_non_public_routes_turn_away_anonymous_visitors(app, client):
    checked = 0
    for rule, view in _endpoints(app):
        if access_rule(view) == "public":
            continue
        url = rule.build({arg: 1 for arg in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code in (302, 401, 403), (method, url, response.status_code)
            if response.status_code == 302:
                assert "/login" in response.headers["Location"]
            checked += 1
    assert checked > 0
