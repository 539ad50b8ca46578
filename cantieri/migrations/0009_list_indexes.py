"""Activity lists at a million records (issue 14).

Every database: a B-tree on the lists' order (period_start DESC, id DESC), so a page of the
newest records is read from the index whatever the filters.

PostgreSQL only (nothing on SQLite, where `cantieri.zones.zone_q` keeps the subqueries):
- `zone_ids bigint[]`: the zones a record touches (its quartieri's, its Punto Comunità's),
  kept by triggers on every write path (services, imports, bulk COPY, admin, reference-data
  changes of a quartiere's zone or a Punto Comunità's quartiere), so no caller can forget it;
  a GIN index answers "touches zone Z" (`zone_ids && ARRAY[Z]`) without the two IN subqueries
  that PostgreSQL could not hash at the default work_mem;
- the lists' indexes cover the filters (INCLUDE status, zone set, city-wide, action,
  organisation, period, participants; the title in the main one, for ?q=): a list's capped
  count (cantieri/pagination.py) and the coverage matrix are index-only scans, never visits of
  thousands of heap pages; the same for the review queue's order (status, submitted_at, id)
  and for a reporting period's list (reporting_period, status, period_start, id);
- pg_trgm and a trigram GIN index on UPPER(title), the expression Django's `icontains` uses.
"""

from django.db import migrations

ZONE_FUNCTION = """
CREATE OR REPLACE FUNCTION cantieri_zone_ids_of(rec_id bigint, punto bigint) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT z ORDER BY z), '{}'::bigint[]) FROM (
        SELECT q.zona_id AS z FROM cantieri_activityrecord_quartieri t
        JOIN territori_quartiere q ON q.id = t.quartiere_id WHERE t.activityrecord_id = rec_id
        UNION ALL
        SELECT q.zona_id FROM territori_puntocomunita p
        JOIN territori_quartiere q ON q.id = p.quartiere_id WHERE p.id = punto
    ) s
$$;

CREATE OR REPLACE FUNCTION cantieri_activity_zone_ids_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.punto_comunita_id IS NULL THEN
        NEW.zone_ids := '{}'::bigint[];
    ELSE
        NEW.zone_ids := cantieri_zone_ids_of(NEW.id, NEW.punto_comunita_id);
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION cantieri_activity_zone_ids_links() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE cantieri_activityrecord a
           SET zone_ids = cantieri_zone_ids_of(a.id, a.punto_comunita_id)
         WHERE a.id IN (SELECT activityrecord_id FROM old_links);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE cantieri_activityrecord a
           SET zone_ids = cantieri_zone_ids_of(a.id, a.punto_comunita_id)
         WHERE a.id IN (SELECT activityrecord_id FROM old_links
                        UNION SELECT activityrecord_id FROM new_links);
    ELSE
        UPDATE cantieri_activityrecord a
           SET zone_ids = cantieri_zone_ids_of(a.id, a.punto_comunita_id)
         WHERE a.id IN (SELECT activityrecord_id FROM new_links);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cantieri_activity_zone_ids_reference() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'territori_quartiere' THEN
        UPDATE cantieri_activityrecord a
           SET zone_ids = cantieri_zone_ids_of(a.id, a.punto_comunita_id)
         WHERE a.id IN (SELECT activityrecord_id FROM cantieri_activityrecord_quartieri
                         WHERE quartiere_id = NEW.id)
            OR a.punto_comunita_id IN (SELECT id FROM territori_puntocomunita
                                        WHERE quartiere_id = NEW.id);
    ELSE
        UPDATE cantieri_activityrecord a
           SET zone_ids = cantieri_zone_ids_of(a.id, a.punto_comunita_id)
         WHERE a.punto_comunita_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
"""

COVER = (
    "status, zone_ids, city_wide, azione_id, organization_id, reporting_period_id,"
    " participants_total"
)

FORWARD = [
    "ALTER TABLE cantieri_activityrecord ADD COLUMN zone_ids bigint[] NOT NULL DEFAULT '{}'",
    ZONE_FUNCTION,
    """CREATE TRIGGER cantieri_activity_zone_ids_row
       BEFORE INSERT OR UPDATE OF punto_comunita_id ON cantieri_activityrecord
       FOR EACH ROW EXECUTE FUNCTION cantieri_activity_zone_ids_row()""",
    """CREATE TRIGGER cantieri_activity_zone_ids_ins
       AFTER INSERT ON cantieri_activityrecord_quartieri REFERENCING NEW TABLE AS new_links
       FOR EACH STATEMENT EXECUTE FUNCTION cantieri_activity_zone_ids_links()""",
    """CREATE TRIGGER cantieri_activity_zone_ids_upd
       AFTER UPDATE ON cantieri_activityrecord_quartieri
       REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
       FOR EACH STATEMENT EXECUTE FUNCTION cantieri_activity_zone_ids_links()""",
    """CREATE TRIGGER cantieri_activity_zone_ids_del
       AFTER DELETE ON cantieri_activityrecord_quartieri REFERENCING OLD TABLE AS old_links
       FOR EACH STATEMENT EXECUTE FUNCTION cantieri_activity_zone_ids_links()""",
    """CREATE TRIGGER cantieri_activity_zone_ids_quartiere
       AFTER UPDATE OF zona_id ON territori_quartiere
       FOR EACH ROW WHEN (OLD.zona_id IS DISTINCT FROM NEW.zona_id)
       EXECUTE FUNCTION cantieri_activity_zone_ids_reference()""",
    """CREATE TRIGGER cantieri_activity_zone_ids_punto
       AFTER UPDATE OF quartiere_id ON territori_puntocomunita
       FOR EACH ROW WHEN (OLD.quartiere_id IS DISTINCT FROM NEW.quartiere_id)
       EXECUTE FUNCTION cantieri_activity_zone_ids_reference()""",
    # Backfill in one statement (about a minute at 1,000,000 records).
    """UPDATE cantieri_activityrecord a SET zone_ids = z.ids FROM (
           SELECT id, cantieri_zone_ids_of(id, punto_comunita_id) AS ids
           FROM cantieri_activityrecord) z
       WHERE z.id = a.id AND z.ids <> '{}'::bigint[]""",
    "CREATE INDEX act_zone_ids_gin ON cantieri_activityrecord USING gin (zone_ids)",
    f"""CREATE INDEX act_list_order ON cantieri_activityrecord
       (period_start DESC, id DESC) INCLUDE ({COVER}, title)""",
    # A reporting period (what a reviewer filters by), in the lists' order.
    f"""CREATE INDEX act_period_list_order ON cantieri_activityrecord
       (reporting_period_id, status, period_start DESC, id DESC) INCLUDE ({COVER})""",
    f"""CREATE INDEX act_review_order ON cantieri_activityrecord
       (status, submitted_at, id) INCLUDE ({COVER.removeprefix("status, ")})""",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX act_title_trgm ON cantieri_activityrecord
       USING gin ((UPPER(title::text)) gin_trgm_ops)""",
    "ANALYZE cantieri_activityrecord",
]

BACKWARD = [
    "DROP INDEX IF EXISTS act_review_order",
    "DROP INDEX IF EXISTS act_period_list_order",
    "DROP INDEX IF EXISTS act_list_order",
    "DROP INDEX IF EXISTS act_zone_ids_gin",
    "DROP INDEX IF EXISTS act_title_trgm",
    "DROP TRIGGER IF EXISTS cantieri_activity_zone_ids_punto ON territori_puntocomunita",
    "DROP TRIGGER IF EXISTS cantieri_activity_zone_ids_quartiere ON territori_quartiere",
    "DROP TRIGGER IF EXISTS cantieri_activity_zone_ids_del ON cantieri_activityrecord_quartieri",
    "DROP TRIGGER IF EXISTS cantieri_activity_zone_ids_upd ON cantieri_activityrecord_quartieri",
    "DROP TRIGGER IF EXISTS cantieri_activity_zone_ids_ins ON cantieri_activityrecord_quartieri",
    "DROP TRIGGER IF EXISTS cantieri_activity_zone_ids_row ON cantieri_activityrecord",
    "DROP FUNCTION IF EXISTS cantieri_activity_zone_ids_reference()",
    "DROP FUNCTION IF EXISTS cantieri_activity_zone_ids_links()",
    "DROP FUNCTION IF EXISTS cantieri_activity_zone_ids_row()",
    "DROP FUNCTION IF EXISTS cantieri_zone_ids_of(bigint, bigint)",
    "ALTER TABLE cantieri_activityrecord DROP COLUMN IF EXISTS zone_ids",
]


def _run(statements, elsewhere):
    def run(apps, schema_editor):
        postgres = schema_editor.connection.vendor == "postgresql"
        for sql in statements if postgres else elsewhere:
            schema_editor.execute(sql)

    return run


ELSEWHERE_FORWARD = [
    "CREATE INDEX act_list_order ON cantieri_activityrecord (period_start DESC, id DESC)"
]
ELSEWHERE_BACKWARD = ["DROP INDEX IF EXISTS act_list_order"]


class Migration(migrations.Migration):
    dependencies = [("cantieri", "0008_text_limits")]

    operations = [
        migrations.RunPython(
            _run(FORWARD, ELSEWHERE_FORWARD), _run(BACKWARD, ELSEWHERE_BACKWARD)
        ),
    ]
