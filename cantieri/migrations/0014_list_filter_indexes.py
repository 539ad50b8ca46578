"""Activity lists at a million records: indexes for the filters that select few rows (issue 14).

The lists' covering indexes (0009_list_indexes) lead with the order or with the reporting
period, so a filter that selects a few thousand records in a million (one organisation: a
partner's own list; an action in one period) made the capped count and the page walk a large
part of an index, throwing most entries away (a partner's page 5: 190 ms; zone + action +
status + period: 60 ms count, 40 ms page). These two lead with the selective columns, in the
lists' order, covering what the other filters test, so the count is an index-only scan of just
the matching range and a page reads its 50 rows in order:
- `act_org_list_order`: organisation, then the lists' order (partners, the organisation filter);
- `act_azione_period_order`: action, reporting period, status, then the lists' order.
PostgreSQL only (SQLite keeps the plain list index of 0009); reversible.
"""

from django.db import migrations

COVER = "status, zone_ids, city_wide, azione_id, reporting_period_id, participants_total"

FORWARD = [
    f"""CREATE INDEX IF NOT EXISTS act_org_list_order ON cantieri_activityrecord
       (organization_id, period_start DESC, id DESC) INCLUDE ({COVER})""",
    """CREATE INDEX IF NOT EXISTS act_azione_period_order ON cantieri_activityrecord
       (azione_id, reporting_period_id, status, period_start DESC, id DESC)
       INCLUDE (zone_ids, city_wide, organization_id, participants_total)""",
    "ANALYZE cantieri_activityrecord",
]
BACKWARD = [
    "DROP INDEX IF EXISTS act_azione_period_order",
    "DROP INDEX IF EXISTS act_org_list_order",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cantieri", "0013_coverage_groups")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
