"""What the councils' drop-downs offer.

Reference data everyone may see comes from the owners' public selectors; a meeting's agenda
items come from that meeting, which the view has already fetched for the viewer.
"""

from __future__ import annotations

from typing import cast

from django.db.models import Model, QuerySet

from cantieri.choice_selectors import azioni_for_choice, indicators_for_choice
from cantieri.models import Azione, Indicator
from citta_del_noi.organizations.models import Organization
from citta_del_noi.organizations.selectors import organizations_public
from territori.models import Quartiere
from territori.selectors import quartieri_public

from .models import AgendaItem, Meeting


def azioni_for_agenda() -> QuerySet[Azione]:
    return azioni_for_choice()


def agencies_for_agenda() -> QuerySet:
    # The agencies' model through the relation: councils and agencies import nothing of each
    # other (lint-imports checks it). The five agencies are public reference data.
    model = cast("type[Model]", AgendaItem.agency.field.related_model)
    return model._default_manager.all()


def quartieri_for_agenda() -> QuerySet[Quartiere]:
    return quartieri_public()


def indicators_for_agenda() -> QuerySet[Indicator]:
    return indicators_for_choice()


def owner_organizations() -> QuerySet[Organization]:
    return organizations_public()


def agenda_items_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting=meeting).order_by("position")
