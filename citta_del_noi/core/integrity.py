"""Data-integrity checks that apps register; `manage.py check_integrity` runs them all.

A check lists the existing records that break a rule the services now enforce (records
entered before the rule existed, or through the admin of another era), so staff can repair
them. Apps register checks in their AppConfig.ready():

    from citta_del_noi.core.integrity import IntegrityCheck, register_check
    register_check(IntegrityCheck(key="consigli.seats", title=_("Seggi sovrapposti"),
                                  run=overlapping_seats))

`run()` returns a list of `Finding`s (one per record to repair) and only reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Finding:
    record: str  # what and which record, e.g. "Verbale 12 (riunione del 03/02/2021)"
    problem: str  # the rule broken, in Italian
    repair: str = ""  # how staff repair it


@dataclass(frozen=True)
class IntegrityCheck:
    key: str
    title: str | Promise
    run: Callable[[], list[Finding]]


_CHECKS: dict[str, IntegrityCheck] = {}


def register_check(check: IntegrityCheck) -> None:
    _CHECKS[check.key] = check


def checks() -> list[IntegrityCheck]:
    return sorted(_CHECKS.values(), key=lambda c: c.key)


def run_checks() -> list[tuple[IntegrityCheck, list[Finding]]]:
    return [(check, check.run()) for check in checks()]
