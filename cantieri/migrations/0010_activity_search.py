"""The portal search over activity records (PostgreSQL only; nothing on SQLite).

A GIN index on exactly the expression `citta_del_noi.search.engine.document_sql` builds for
the provider's fields (title, description), so `document @@ query` at 1,000,000 records is a
bitmap index scan, never a sequential scan (tests/search/test_search_pg.py checks the plan).
"""

from django.db import migrations

INDEX = """CREATE INDEX act_search_doc ON cantieri_activityrecord USING gin (
    to_tsvector('italian_unaccent'::regconfig,
                COALESCE((title)::text, '') || ' ' || COALESCE((description)::text, '')))"""


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cantieri", "0009_list_indexes"), ("search", "0001_config")]
    operations = [
        migrations.RunPython(
            _run([INDEX, "ANALYZE cantieri_activityrecord"]),
            _run(["DROP INDEX IF EXISTS act_search_doc"]),
        )
    ]
