"""The programme's seven actions and the activity records partners keep for them.

Activity records hold **aggregate** figures only. No personal data of the people served is
ever stored: there is deliberately no field for a beneficiary's name or fiscal code.
"""

from __future__ import annotations

# Re-exported: callers import the indicator choices from cantieri.models.
from ..indicator_choices import IndicatorAggregation, IndicatorComputation
from .activities import (
    ActivityCorrection,
    ActivityFunding,
    ActivityRecord,
    ActivityStatus,
    ActivityTargetCount,
    AgeBand,
    ReminderLog,
)
from .catalogue import ActivityKind, Azione, FundingSource, ReportingPeriod, TargetGroup
from .evidence import ActivityAttachment
from .facts import (
    ActivityFact,
    ActivityFundingFact,
    ActivityOrgFact,
    ActivityTargetFact,
    CoverageGroup,
    CoverageOrgGroup,
    SummaryState,
)
from .indicators import (
    AGGREGATION_HELP,
    PEOPLE_COMPUTATIONS,
    PEOPLE_UNITS,
    Indicator,
    IndicatorDirection,
    IndicatorKind,
    IndicatorTarget,
    Measurement,
)
from .uploads import ActivityImport, ImportStatus, private_storage

__all__ = [
    "ActivityAttachment",
    "AGGREGATION_HELP",
    "ActivityCorrection",
    "ActivityFact",
    "ActivityFunding",
    "ActivityFundingFact",
    "ActivityImport",
    "ActivityKind",
    "ActivityOrgFact",
    "ActivityRecord",
    "ActivityStatus",
    "ActivityTargetCount",
    "ActivityTargetFact",
    "CoverageGroup",
    "CoverageOrgGroup",
    "AgeBand",
    "Azione",
    "FundingSource",
    "ImportStatus",
    "Indicator",
    "IndicatorAggregation",
    "IndicatorComputation",
    "IndicatorDirection",
    "IndicatorKind",
    "IndicatorTarget",
    "Measurement",
    "PEOPLE_COMPUTATIONS",
    "PEOPLE_UNITS",
    "ReminderLog",
    "ReportingPeriod",
    "SummaryState",
    "TargetGroup",
    "private_storage",
]
