"""The zone-set triggers skip records whose set does not change (issue 14: bulk writes).

0009's statement trigger on the quartieri links rewrote every linked record, even when its zone
set stayed the same: a COPY of 5,000 records and their links was followed by an UPDATE of the
5,000 records just written (a new row version and an entry in every covering index each), which
made seeding 1,000,000 records take 30 minutes instead of 4 and doubled the bulk import's writes.

Now:
- the links trigger updates only the records whose computed set differs from the stored one;
- a record inserted without a Punto Comunità keeps the set its INSERT gives (the default `{}`;
  the bulk paths that COPY records with their links give the set they computed, and the links
  trigger that follows checks it against the links and corrects any difference).
"""

from importlib import import_module

from django.db import migrations

ROW_FUNCTION = """
CREATE OR REPLACE FUNCTION cantieri_activity_zone_ids_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.punto_comunita_id IS NULL THEN
        NEW.zone_ids := coalesce(NEW.zone_ids, '{}'::bigint[]);
    ELSE
        NEW.zone_ids := cantieri_zone_ids_of(NEW.id, NEW.punto_comunita_id);
    END IF;
    RETURN NEW;
END $$;
"""

LINKS_FUNCTION = """
CREATE OR REPLACE FUNCTION cantieri_activity_zone_ids_links() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE cantieri_activityrecord a SET zone_ids = z.ids FROM (
            SELECT r.id, cantieri_zone_ids_of(r.id, r.punto_comunita_id) AS ids
              FROM cantieri_activityrecord r
             WHERE r.id IN (SELECT activityrecord_id FROM old_links)) z
         WHERE a.id = z.id AND a.zone_ids IS DISTINCT FROM z.ids;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE cantieri_activityrecord a SET zone_ids = z.ids FROM (
            SELECT r.id, cantieri_zone_ids_of(r.id, r.punto_comunita_id) AS ids
              FROM cantieri_activityrecord r
             WHERE r.id IN (SELECT activityrecord_id FROM old_links
                            UNION SELECT activityrecord_id FROM new_links)) z
         WHERE a.id = z.id AND a.zone_ids IS DISTINCT FROM z.ids;
    ELSE
        UPDATE cantieri_activityrecord a SET zone_ids = z.ids FROM (
            SELECT r.id, cantieri_zone_ids_of(r.id, r.punto_comunita_id) AS ids
              FROM cantieri_activityrecord r
             WHERE r.id IN (SELECT activityrecord_id FROM new_links)) z
         WHERE a.id = z.id AND a.zone_ids IS DISTINCT FROM z.ids;
    END IF;
    RETURN NULL;
END $$;
"""


def _run(forward: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        if forward:
            schema_editor.execute(ROW_FUNCTION)
            schema_editor.execute(LINKS_FUNCTION)
        else:  # 0009's definitions
            schema_editor.execute(
                import_module("cantieri.migrations.0009_list_indexes").ZONE_FUNCTION
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("cantieri", "0011_evidence")]
    operations = [migrations.RunPython(_run(True), _run(False))]
