"""The portal search over service units (PostgreSQL only; nothing on SQLite).

The finder's units are the largest table the page of every kind searches after the activity
records (about 800 in the city's map, growing by year): a GIN index on exactly the expression
`citta_del_noi.search.engine.document_sql` builds for the provider's fields (name,
provider_name, address) answers `document @@ query` without computing every unit's vector.
"""

from django.db import migrations

INDEX = """CREATE INDEX svc_search_doc ON agencies_serviceunit USING gin (
    to_tsvector('italian_unaccent'::regconfig,
                COALESCE((name)::text, '') || ' ' || COALESCE((provider_name)::text, '')
                || ' ' || COALESCE((address)::text, '')))"""


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("agencies", "0009_finder"), ("search", "0001_config")]
    operations = [
        migrations.RunPython(
            _run([INDEX, "ANALYZE agencies_serviceunit"]),
            _run(["DROP INDEX IF EXISTS svc_search_doc"]),
        )
    ]
