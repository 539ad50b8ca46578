# The summary tables now belong to cantieri (cantieri 0004): state only, the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('consigli', '0002_summarystate_agendaitem_decision_and_more'),
        ('cantieri', '0004_summary_tables_from_consigli'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='SummaryState'),
                migrations.DeleteModel(name='ActivityFact'),
                migrations.DeleteModel(name='ActivityFundingFact'),
                migrations.DeleteModel(name='ActivityOrgFact'),
                migrations.DeleteModel(name='ActivityTargetFact'),
            ],
            database_operations=[],
        ),
    ]
