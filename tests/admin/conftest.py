from tests.auth.fixtures import records  # noqa: F401
