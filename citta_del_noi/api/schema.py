"""The OpenAPI description of the portal's personal tokens (so /api/schema/ documents the
`Authorization: Bearer cdn_…` header and validates without warnings)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "citta_del_noi.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token personale creato in /api/token/ (Authorization: Bearer cdn_…)",
        }
