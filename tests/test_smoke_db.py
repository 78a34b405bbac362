"""Proves the test harness: the tests run on the database they claim to run on."""

from django.contrib.auth import get_user_model
from django.db import connection

from tests import postgres


def test_database_is_the_expected_one(db) -> None:
    if postgres.in_ci() or postgres.source == "throwaway":
        # CI must never pass on SQLite: production runs PostgreSQL.
        assert connection.vendor == "postgresql"
    elif postgres.source == "sqlite-fallback":
        assert connection.vendor == "sqlite"

    # A real round trip through the ORM on the test database.
    get_user_model().objects.create_user("smoke", password="x")
    assert get_user_model().objects.filter(username="smoke").count() == 1
