"""The database itself refuses to change an approved ledger entry (a correcting entry instead).

An UPDATE of a row whose status was 'approved' aborts, on SQLite and PostgreSQL alike (an
integrity error on both: SQLite's RAISE(ABORT) is a constraint failure, PostgreSQL's is given that
SQLSTATE). DELETE is
left to the services and to PROTECT (questions, corrections and receipts point at the entry):
a trigger on DELETE would also stop the test database's flush.
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER ledger_entry_approved_frozen BEFORE UPDATE ON ledger_entry
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved ledger entry is never changed: add a correcting entry'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS ledger_entry_approved_frozen;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION ledger_entry_approved_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'an approved ledger entry is never changed: add a correcting entry'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_approved_frozen BEFORE UPDATE ON ledger_entry
FOR EACH ROW EXECUTE FUNCTION ledger_entry_approved_frozen();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS ledger_entry_approved_frozen ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_entry_approved_frozen();
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(up, down)]
