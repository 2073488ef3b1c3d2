"""People: one account per email address, whatever its letter case."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_an_email_differing_only_in_case_is_refused():
    User.objects.create_user(email="Noa.Cohen@Example.org", full_name="נועה כהן")
    assert User.objects.get().email == "noa.cohen@example.org"

    twin = User(email="NOA.COHEN@example.org", full_name="Noa Cohen")
    twin.set_password("a long enough passphrase")
    with pytest.raises(ValidationError) as excinfo:
        twin.full_clean()
    assert excinfo.value.message_dict["email"] == ["Person with this Email address already exists."]

    # code that skips full_clean() and the manager still meets the database
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        User.objects.create(email="NOA.COHEN@EXAMPLE.ORG")
    assert "user_email_ci_unique" in str(exc.value)
    assert User.objects.count() == 1


def test_an_unknown_preferred_language_is_refused():
    user = User(email="pierre@example.org", preferred_language="fr")
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean(exclude=["password"])
    assert excinfo.value.message_dict["preferred_language"] == ["Value 'fr' is not a valid choice."]
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()
    assert not User.objects.exists()
