"""The Italian text search configuration with accents folded (PostgreSQL only).

`italian_unaccent` is a copy of `italian` whose words pass through `unaccent` before the
Italian stemmer: "attivita" finds "attività", "anziani" finds "anziano". pg_trgm (the
suggestions) is enabled by cantieri's 0009; it is enabled here too for the lexicon's index.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TEXT SEARCH CONFIGURATION italian_unaccent (COPY = pg_catalog.italian)",
    """ALTER TEXT SEARCH CONFIGURATION italian_unaccent
       ALTER MAPPING FOR hword, hword_part, word WITH unaccent, italian_stem""",
]
BACKWARD = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS italian_unaccent"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
