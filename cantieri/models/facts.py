"""Summary facts rebuilt from the activity records, and the rebuild's state."""

from __future__ import annotations

from django.db import models

# --- Summary tables of approved records (maintained by cantieri.summary; never edited by hand) -


class ActivityFact(models.Model):
    """Approved activity records summed by reporting period, action and quartiere.

    A record in several quartieri is shared out equally (participants, volunteers, hours and
    money divided by the number of quartieri); `records` counts it in each quartiere it
    touches, `records_primary` counts it once (in its first quartiere). City-wide records and
    records without a quartiere have quartiere = NULL.
    """

    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    quartiere = models.ForeignKey(
        "territori.Quartiere", on_delete=models.CASCADE, null=True, related_name="+"
    )
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    records = models.IntegerField(default=0)
    records_primary = models.IntegerField(default=0)
    participants = models.FloatField(default=0)
    participants_new = models.FloatField(default=0)
    volunteers = models.FloatField(default=0)
    volunteer_hours = models.FloatField(default=0)
    staff_hours = models.FloatField(default=0)
    in_kind_value = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="fact_period_azione"),
            models.Index(fields=["zona", "reporting_period"], name="fact_zona_period"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.quartiere_id}"


class ActivityTargetFact(models.Model):
    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    target_group = models.ForeignKey(
        "cantieri.TargetGroup", on_delete=models.CASCADE, related_name="+"
    )
    records = models.IntegerField(default=0)
    participants = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="tfact_period_azione"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.target_group_id}"


class ActivityFundingFact(models.Model):
    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    source = models.ForeignKey("cantieri.FundingSource", on_delete=models.CASCADE, related_name="+")
    amount = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="ffact_period_azione"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.source_id}"


class ActivityOrgFact(models.Model):
    """Which organisations have approved records in a period, action and zone (for distinct
    counts: an organisation working in two zones has a row in each; zona NULL for city-wide
    records and records without a quartiere)."""

    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    azione = models.ForeignKey("cantieri.Azione", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    zona = models.ForeignKey(
        "territori.Zona", on_delete=models.CASCADE, null=True, related_name="+"
    )
    records = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["reporting_period", "azione"], name="ofact_period_azione"),
        ]

    def __str__(self) -> str:
        return f"{self.reporting_period_id}/{self.azione_id}/{self.organization_id}"


class SummaryState(models.Model):
    """One row: when the summary tables were refreshed and the source watermark then."""

    key = models.CharField(max_length=20, unique=True, default="activity")
    refreshed_at = models.DateTimeField(null=True)
    approved_count = models.BigIntegerField(default=0)
    max_approved_at = models.DateTimeField(null=True)
    max_updated_at = models.DateTimeField(null=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


# --- Coverage groups (PostgreSQL: kept exact by triggers, cantieri migration 0013) ------------


class _CoverageCounts(models.Model):
    """The coverage page's dimensions and counts (the zone set, `zone_ids`, is a PostgreSQL
    column the triggers fill, like the record's own)."""

    azione = models.ForeignKey(
        "cantieri.Azione", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    status = models.CharField(max_length=10)
    reporting_period = models.ForeignKey(
        "cantieri.ReportingPeriod",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    city_wide = models.BooleanField(default=False)
    n = models.BigIntegerField(default=0)  # records
    p = models.BigIntegerField(default=0)  # participants (participants_total)
    v = models.BigIntegerField(default=0)  # volunteers

    class Meta:
        abstract = True


class CoverageGroup(_CoverageCounts):
    """Activity records of every status counted by the coverage page's dimensions: action,
    status, reporting period, city-wide and zone set. A few thousand rows answer the coverage
    matrix of a million records; the same filters as the lists apply (same field names).

    Written only by the database's statement triggers on the activity table (every write path:
    services, imports, COPY, bulk updates, admin); never by Django code."""

    def __str__(self) -> str:
        return f"{self.azione_id}/{self.status}/{self.reporting_period_id}: {self.n}"


class CoverageOrgGroup(_CoverageCounts):
    """The same groups per organisation (a partner's own figures, the organisation filter,
    visibility that names organisations)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.azione_id}/{self.status}: {self.n}"
