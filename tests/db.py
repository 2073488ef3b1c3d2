"""Assertions about what the database itself refuses, and a harness for racing transactions."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction


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


def run_at_once(functions):
    """Run each function in its own thread (and database connection), all released together.

    Returns each function's result, or the exception it raised.
    """
    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = function()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return outcomes
