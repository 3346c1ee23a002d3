"""Every route's record id is a number a record can have: a larger one is not found, on PostgreSQL
(whose integer columns would refuse it with an error) as on SQLite."""
from feedback_app.models import Role

from .factories import create_organisation, create_user

TOO_LARGE = 2**31


def test_ids_beyond_any_record_find_nothing(app, client_request, session):
    council = create_organisation(session, name="Northshire Council")
    user = create_user(session, council, Role.PRACTITIONER, password="a long enough password")
    client_request.login(user, "a long enough password")
    rules = [rule for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and any(type(c).__name__ == "RecordId" for c in rule._converters.values())]
    assert len(rules) > 10
    for rule in rules:
        values = {name: TOO_LARGE if type(converter).__name__ == "RecordId" else "x"
                  for name, converter in rule._converters.items()}
        path = rule.rule
        for name, value in values.items():
            path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        response = client_request.client.get(path)
        assert response.status_code in (302, 403, 404), (path, response.status_code)
    assert client_request.client.get(f"/paper/key/{TOO_LARGE - 1}").status_code == 404
