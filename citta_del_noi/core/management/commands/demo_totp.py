"""Print the current TOTP code of the demo accounts (demo only)."""

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from citta_del_noi.core.demo_accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Stampa il codice TOTP corrente degli account dimostrativi."

    def handle(self, *args: Any, **options: Any) -> None:
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
