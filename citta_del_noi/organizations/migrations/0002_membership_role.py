"""Members get a role. Every existing membership was a referent (the only role until now):
the column's default fills them as "referente", so their rights and their guardian permission
to record stay as they were."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='membership',
            options={'verbose_name': 'membro di organizzazione', 'verbose_name_plural': 'membri di organizzazione'},
        ),
        migrations.AddField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('referente', 'Referente'), ('compilatore', 'Compilatore'), ('lettore', 'Lettore')], default='referente', help_text='Referente: invia le attività e gestisce i membri. Compilatore: registra bozze. Lettore: consulta ed esporta.', max_length=16, verbose_name='ruolo'),
        ),
    ]
