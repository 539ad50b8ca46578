# The summary tables of approved activity records move from consigli to cantieri, which owns
# the records: the dashboards (consigli) and the Bilancio Sociale (cantieri/bilancio.py) both
# read them. State only here (the tables keep their data); 0005 renames them.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cantieri', '0003_activityimport_reminderlog_and_more'),
        ('consigli', '0002_summarystate_agendaitem_decision_and_more'),
        ('organizations', '0001_initial'),
        ('territori', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SummaryState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(default='activity', max_length=20, unique=True)),
                        ('refreshed_at', models.DateTimeField(null=True)),
                        ('approved_count', models.BigIntegerField(default=0)),
                        ('max_approved_at', models.DateTimeField(null=True)),
                        ('max_updated_at', models.DateTimeField(null=True)),
                        ('version', models.BigIntegerField(default=0)),
                    ],
                    options={'db_table': 'consigli_summarystate'},
                ),
                migrations.CreateModel(
                    name='ActivityFact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('records', models.IntegerField(default=0)),
                        ('records_primary', models.IntegerField(default=0)),
                        ('participants', models.FloatField(default=0)),
                        ('participants_new', models.FloatField(default=0)),
                        ('volunteers', models.FloatField(default=0)),
                        ('volunteer_hours', models.FloatField(default=0)),
                        ('staff_hours', models.FloatField(default=0)),
                        ('in_kind_value', models.FloatField(default=0)),
                        ('azione', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.azione')),
                        ('quartiere', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='territori.quartiere')),
                        ('reporting_period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.reportingperiod')),
                        ('zona', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='territori.zona')),
                    ],
                    options={
                        'db_table': 'consigli_activityfact',
                        'indexes': [models.Index(fields=['reporting_period', 'azione'], name='fact_period_azione'), models.Index(fields=['zona', 'reporting_period'], name='fact_zona_period')],
                    },
                ),
                migrations.CreateModel(
                    name='ActivityFundingFact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.FloatField(default=0)),
                        ('azione', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.azione')),
                        ('reporting_period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.reportingperiod')),
                        ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.fundingsource')),
                        ('zona', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='territori.zona')),
                    ],
                    options={
                        'db_table': 'consigli_activityfundingfact',
                        'indexes': [models.Index(fields=['reporting_period', 'azione'], name='ffact_period_azione')],
                    },
                ),
                migrations.CreateModel(
                    name='ActivityOrgFact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('records', models.IntegerField(default=0)),
                        ('azione', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.azione')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.organization')),
                        ('reporting_period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.reportingperiod')),
                    ],
                    options={
                        'db_table': 'consigli_activityorgfact',
                        'indexes': [models.Index(fields=['reporting_period', 'azione'], name='ofact_period_azione')],
                    },
                ),
                migrations.CreateModel(
                    name='ActivityTargetFact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('records', models.IntegerField(default=0)),
                        ('participants', models.FloatField(default=0)),
                        ('azione', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.azione')),
                        ('reporting_period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.reportingperiod')),
                        ('target_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cantieri.targetgroup')),
                        ('zona', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='territori.zona')),
                    ],
                    options={
                        'db_table': 'consigli_activitytargetfact',
                        'indexes': [models.Index(fields=['reporting_period', 'azione'], name='tfact_period_azione')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
