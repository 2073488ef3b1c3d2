"""Every factory builds a valid object twice (tests elsewhere rely on them)."""

import inspect

import factory
import pytest

from tests import factories

ALL_FACTORIES = [
    cls
    for _, cls in inspect.getmembers(factories, inspect.isclass)
    if issubclass(cls, factory.django.DjangoModelFactory) and cls.__module__ == factories.__name__
]


@pytest.mark.django_db
@pytest.mark.parametrize("model_factory", ALL_FACTORIES, ids=lambda cls: cls.__name__)
def test_factory_builds_valid_objects(model_factory):
    first = model_factory()
    first.full_clean()
    second = model_factory()
    assert second.pk != first.pk
