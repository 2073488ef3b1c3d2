"""Assertions about what the database itself refuses."""

import pytest
from django.db import IntegrityError, connection, transaction


def refused_by_database(create, constraint_name):
    """Run ``create`` in a savepoint: the database refuses it, naming the constraint.

    (SQLite names a CHECK constraint, but only the columns of a UNIQUE one.)
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        create()
    message = str(excinfo.value)
    assert constraint_name in message or (
        connection.vendor == "sqlite" and message.startswith("UNIQUE constraint failed")
    ), message
