"""Activity lists at a million records: the text search and the council's list (issue 14).

The text search `?q=` (Django's `icontains`: `UPPER(title) LIKE UPPER('%…%')`) and its capped
count walk the lists' order in a covering index, testing each entry until enough match. The
test itself was the cost: `UPPER()` of a title in a UTF-8 locale takes about 2 µs, ten times the
`LIKE`, and a zone-limited viewer's count tested 61,000 entries for 1,001 visible matches
(about 70 ms of the page's 125 ms). So:

- `title_upper`: the title in capitals, a column the database computes itself (`GENERATED
  ALWAYS AS (UPPER(title)) STORED`: no write path can leave it stale, COPY and the ORM never
  write it; not a model field, like `zone_ids`). The search tests `title_upper LIKE
  UPPER('%…%')` (`cantieri.title_search`), the same rows as `icontains`.
- The lists' covering indexes hold `title_upper` (`act_list_order`, instead of the title, which
  no index-only read needed; `act_org_list_order`, a partner's own records, which had no title
  and fetched every record it tested from the table).
- `act_status_list_order`: status, then the lists' order. A council member sees approved
  records only: the planner read them through `act_status_start (status, period_start)`, which
  has neither the id of the order (an incremental sort) nor the title (a table fetch for every
  record tested: 22,000 for the bench's `?q=`, 200-600 ms).
- The trigram index moves from the expression `UPPER(title)` to the column (rare words).

Adding a stored generated column rewrites the table (about a minute at 1,000,000 records, under
an exclusive lock). PostgreSQL only; SQLite keeps `icontains` and the plain list index.
"""

from django.db import migrations

COVER = (
    "status, zone_ids, city_wide, azione_id, organization_id, reporting_period_id,"
    " participants_total"
)
ORG_COVER = "status, zone_ids, city_wide, azione_id, reporting_period_id, participants_total"

FORWARD = [
    """ALTER TABLE cantieri_activityrecord
       ADD COLUMN title_upper text GENERATED ALWAYS AS (UPPER(title::text)) STORED""",
    "DROP INDEX IF EXISTS act_title_trgm",
    """CREATE INDEX act_title_upper_trgm ON cantieri_activityrecord
       USING gin (title_upper gin_trgm_ops)""",
    "DROP INDEX IF EXISTS act_list_order",
    f"""CREATE INDEX act_list_order ON cantieri_activityrecord
       (period_start DESC, id DESC) INCLUDE ({COVER}, title_upper)""",
    "DROP INDEX IF EXISTS act_org_list_order",
    f"""CREATE INDEX act_org_list_order ON cantieri_activityrecord
       (organization_id, period_start DESC, id DESC) INCLUDE ({ORG_COVER}, title_upper)""",
    """CREATE INDEX act_status_list_order ON cantieri_activityrecord
       (status, period_start DESC, id DESC)
       INCLUDE (title_upper, zone_ids, city_wide, organization_id)""",
    "ANALYZE cantieri_activityrecord",
]

BACKWARD = [
    "DROP INDEX IF EXISTS act_status_list_order",
    "DROP INDEX IF EXISTS act_org_list_order",
    f"""CREATE INDEX act_org_list_order ON cantieri_activityrecord
       (organization_id, period_start DESC, id DESC) INCLUDE ({ORG_COVER})""",
    "DROP INDEX IF EXISTS act_list_order",
    f"""CREATE INDEX act_list_order ON cantieri_activityrecord
       (period_start DESC, id DESC) INCLUDE ({COVER}, title)""",
    "DROP INDEX IF EXISTS act_title_upper_trgm",
    """CREATE INDEX act_title_trgm ON cantieri_activityrecord
       USING gin ((UPPER(title::text)) gin_trgm_ops)""",
    "ALTER TABLE cantieri_activityrecord DROP COLUMN IF EXISTS title_upper",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cantieri", "0015_zone_ids_links_grouped")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
