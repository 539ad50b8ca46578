"""Collects every app's permission matrix (tests/<app>/url_matrix.py).

Each app module defines:

    def build(world) -> None          # adds the objects its URLs need, e.g. world.activity_a
    MATRIX = {
        "cantieri:activity_detail": Row(
            kwargs=lambda w: {"pk": w.activity_a.pk},
            expect={"anonymous": 302, "partner_a": 200, "partner_b": 404, ...},
        ),
    }

Every role in tests.world.ROLE_NAMES must appear in `expect`. `method` defaults to GET; POST
rows send `data` (a callable of the world) and are checked the same way. `forbidden_text`
(callable of the world → list of strings per role) asserts that the page does not show another
partner's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

APPS = [
    "core",
    "accounts",
    "territori",
    "organizations",
    "cantieri",
    "consigli",
    "agencies",
    "bilancio_sociale",
    "jobs",
    "notifications",
    "search",
    "api",
]


@dataclass
class Row:
    expect: dict[str, int]
    kwargs: Callable[[Any], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    query: str = ""
    must_not_contain: Callable[[Any, str], list[str]] | None = None


def _modules() -> list:
    mods = []
    for app in APPS:
        try:
            mods.append(import_module(f"tests.{app}.url_matrix"))
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{app}.url_matrix" and exc.name != f"tests.{app}":
                raise
    return mods


def world_builders() -> list[Callable[[Any], None]]:
    return [m.build for m in _modules() if hasattr(m, "build")]


def matrix() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for module in _modules():
        for name, row in module.MATRIX.items():
            if name in rows:
                raise ValueError(f"URL {name} appears in two matrices")
            rows[name] = row
    return rows


# URLs that belong to third-party apps and are covered by their own tests and by the login
# tests here: Django admin (guarded by is_staff), allauth's account and MFA pages, i18n.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_PREFIXES = ("account_", "mfa_", "set_language", "javascript-catalog", "healthz")
# healthz is covered by tests/core/test_health.py (its status depends on the services).
