import pytest

from feedback_app import create_app


@pytest.fixture
def limited_client(app):
    """A client of a second application on the same database, with rate limits switched on."""
    limited = create_app({**{key: app.config[key] for key in (
        "APP_ENV", "TESTING", "SQLALCHEMY_DATABASE_URI", "WTF_CSRF_ENABLED",
    )}, "RATELIMIT_ENABLED": True})
    yield limited.test_client()
    limited.extensions["database_engine"].dispose()


def test_the_eleventh_sign_in_attempt_in_a_minute_is_refused(limited_client):
    for attempt in range(10):
        response = limited_client.post("/login", data={"email": "jo@example.org", "password": "guess"})
        assert response.status_code == 200, attempt
    assert limited_client.post("/login", data={"email": "jo@example.org", "password": "guess"}).status_code == 429
    # Reading the page is not an attempt, so it stays available.
    assert limited_client.get("/login").status_code == 200
