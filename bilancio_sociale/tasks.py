"""Periodic work of the Bilancio Sociale (the PDF build runs through citta_del_noi.jobs)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="bilancio_sociale.purge_contributors", ignore_result=True)
def purge_contributors() -> dict[str, int]:
    return services.contributions_purge_personal_data()
