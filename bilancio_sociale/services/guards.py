"""The refusals every write of an edition checks first."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from django.utils.translation import ngettext

from .. import monitoring
from ..collect import texts_of
from ..models import (
    Edition,
    EditionImmutableError,
    EditionStatus,
)
from ..selectors import (
    contributions_waiting,
    disclosure_audit,
)

log = logging.getLogger(__name__)

PARTICIPATION_SECTION = "partecipazione"
# First path segments of /bilancio-sociale/ that are not editions.
RESERVED_SLUGS = {"gestione", "confronta", "consultazione", "contributi"}


def _refuse_if_published(edition: Edition) -> None:
    if Edition.objects.filter(pk=edition.pk, status=EditionStatus.PUBLISHED).exists():
        raise EditionImmutableError()


def _refuse_if_approved(edition: Edition) -> None:
    """Once the Consiglio di indirizzo approved it, texts and data stay as approved."""
    _refuse_if_published(edition)
    if Edition.objects.filter(pk=edition.pk, status=EditionStatus.APPROVED).exists():
        raise ValidationError(
            _g(
                "Questa edizione è stata approvata dal Consiglio di indirizzo: testi e dati non "
                "si modificano più. Per cambiarli riportala in consultazione (servirà una nuova "
                "approvazione)."
            )
        )


def _refuse_if_contributions_waiting(edition: Edition, *, publishing: bool) -> None:
    """Every contribution is moderated and answered before approval and publication."""

    waiting = contributions_waiting(edition)
    total = waiting["pending"] + waiting["unanswered"]
    if not total:
        return
    if publishing:
        message = ngettext(
            "Non si può pubblicare l'edizione: %(n)s contributo attende ancora la moderazione "
            "o una risposta (%(pending)s da moderare, %(unanswered)s senza risposta).",
            "Non si può pubblicare l'edizione: %(n)s contributi attendono ancora la moderazione "
            "o una risposta (%(pending)s da moderare, %(unanswered)s senza risposta).",
            total,
        )
    else:
        message = ngettext(
            "Non si può registrare l'approvazione: %(n)s contributo attende ancora la "
            "moderazione o una risposta (%(pending)s da moderare, %(unanswered)s senza "
            "risposta).",
            "Non si può registrare l'approvazione: %(n)s contributi attendono ancora la "
            "moderazione o una risposta (%(pending)s da moderare, %(unanswered)s senza "
            "risposta).",
            total,
        )
    raise ValidationError(message % {"n": total, **waiting})


def _refuse_if_disclosure_exposed(edition: Edition, *, publishing: bool) -> None:
    """No approval nor publication while the disclosure audit finds a hidden count of people
    that a reader could recompute from what the edition (and the earlier ones) publish."""

    audit = disclosure_audit(edition)
    if audit is None or audit.passed:
        return
    exposed = audit.exposed
    cells = "; ".join(f"{row.block}: {row.cell}" for row in exposed[:5])
    if publishing:
        message = ngettext(
            "Non si può pubblicare l'edizione: %(n)s conteggio riservato si può ricalcolare "
            "dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            "Non si può pubblicare l'edizione: %(n)s conteggi riservati si possono ricalcolare "
            "dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            len(exposed),
        )
    else:
        message = ngettext(
            "Non si può registrare l'approvazione: %(n)s conteggio riservato si può ricalcolare "
            "dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            "Non si può registrare l'approvazione: %(n)s conteggi riservati si possono "
            "ricalcolare dai dati pubblicati (%(cells)s). Vedi il controllo di riservatezza.",
            len(exposed),
        )
    raise ValidationError(message % {"n": len(exposed), "cells": cells})


def _refuse_if_monitoring_missing(edition: Edition) -> None:
    """Section 8 (DM 4/7/2019) before approval: the control body, the date and its attestation
    of compliance with the guidelines, or the reason why no control body is required."""
    if not monitoring.from_texts(texts_of(edition)).complete:
        raise ValidationError(
            _g(
                "Non si può registrare l'approvazione: manca la sezione «Monitoraggio svolto "
                "dall'organo di controllo» (organo, data e attestazione di conformità alle "
                "linee guida), oppure il motivo per cui l'organo di controllo non è previsto."
            )
        )
