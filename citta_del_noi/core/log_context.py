"""The client's address on every log line (%(client_ip)s), set per request by
citta_del_noi.core.client_ip.ClientIPMiddleware.

Kept free of app imports: LOGGING loads this filter while settings are configured, before the
apps are ready.
"""

from __future__ import annotations

import contextvars
import logging

current_client_ip: contextvars.ContextVar[str] = contextvars.ContextVar("client_ip", default="-")


class ClientIPLogFilter(logging.Filter):
    """Adds `client_ip` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.client_ip = current_client_ip.get()
        return True
