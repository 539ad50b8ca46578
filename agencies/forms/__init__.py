"""Forms of the agencies' tools. Messages in Italian, next to the field."""

from __future__ import annotations

from .calls import (
    ApplicationForm,
    AssignForm,
    AwardForm,
    CallCriterionForm,
    CallForm,
    GrantForm,
    ScoreForm,
)
from .communication import (
    CampaignForm,
    EventForm,
    NewsItemForm,
    NewsletterForm,
    PageForm,
    SubscribeForm,
)
from .fields import DATE, DATETIME, QUARTIERE_ERRORS, OrgsField, QuartieriField
from .finance import BudgetLineForm, ExpenditureForm, FundraisingForm, SourceAllocationForm
from .finder import FinderForm, OpeningSlotForm
from .governance import (
    AgreementForm,
    CoDesignRoundForm,
    MilestoneForm,
    ObjectiveForm,
    StakeholderForm,
)
from .knowledge import (
    ImportForm,
    LibraryDocumentForm,
    NeedForm,
    NeedLinkForm,
    ServiceUnitForm,
    WelfareTargetGroupForm,
)
from .people import (
    InterestForm,
    StaffEntryForm,
    TrainingCourseForm,
    TrainingParticipationForm,
    TrainingSessionForm,
    VolunteerCallForm,
    VolunteerEntryForm,
)

__all__ = [
    "FinderForm",
    "OpeningSlotForm",
    "AgreementForm",
    "ApplicationForm",
    "AssignForm",
    "AwardForm",
    "BudgetLineForm",
    "CallCriterionForm",
    "CallForm",
    "CampaignForm",
    "CoDesignRoundForm",
    "DATE",
    "DATETIME",
    "EventForm",
    "ExpenditureForm",
    "FundraisingForm",
    "GrantForm",
    "ImportForm",
    "InterestForm",
    "LibraryDocumentForm",
    "MilestoneForm",
    "NeedForm",
    "NeedLinkForm",
    "NewsItemForm",
    "NewsletterForm",
    "ObjectiveForm",
    "OrgsField",
    "PageForm",
    "QUARTIERE_ERRORS",
    "QuartieriField",
    "ScoreForm",
    "ServiceUnitForm",
    "SourceAllocationForm",
    "StaffEntryForm",
    "StakeholderForm",
    "SubscribeForm",
    "TrainingCourseForm",
    "TrainingParticipationForm",
    "TrainingSessionForm",
    "VolunteerCallForm",
    "VolunteerEntryForm",
    "WelfareTargetGroupForm",
]
