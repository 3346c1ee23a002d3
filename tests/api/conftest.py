import pytest

from feedback_app.api.keys import create_key
from tests.auth.fixtures import records  # noqa: F401
from tests.factories import create_organisation


@pytest.fixture
def council(records):
    return create_organisation(records, name="Northshire Council")


@pytest.fixture
def api_key(records, council):
    """The key itself, as a client would hold it."""
    return create_key(records, council, "Case system", None)[1]


@pytest.fixture
def api(client, api_key):
    return Api(client, api_key)


class Api:
    def __init__(self, client, key):
        self.client = client
        self.key = key

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.key}", **(headers or {})}

    def get(self, url, headers=None, **kwargs):
        return self.client.get(url, headers=self._headers(headers), **kwargs)

    def post(self, url, json=None, headers=None, **kwargs):
        return self.client.post(url, json=json, headers=self._headers(headers), **kwargs)


@pytest.fixture
def make_enquiry(app, records):
    """``create_enquiry`` inside the application, whose secret keys the reference's hash."""
    from tests.factories import create_enquiry

    def make(organisation, reference=None):
        with app.app_context():
            return create_enquiry(records, organisation, reference=reference)
    return make
