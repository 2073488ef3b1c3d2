"""Terms of the same person, committee and role never overlap: an exclusion constraint on PostgreSQL.

SQLite (the `make run` default) has no exclusion constraints; there ``Membership.clean()`` and the
services hold the rule.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE partnerships_membership
  ADD CONSTRAINT membership_terms_do_not_overlap
  EXCLUDE USING gist (
    committee_id WITH =,
    person_id WITH =,
    role WITH =,
    daterange(term_start, term_end, '[]') WITH &&
  );
"""
DROP = "ALTER TABLE partnerships_membership DROP CONSTRAINT IF EXISTS membership_terms_do_not_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
