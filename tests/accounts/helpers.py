from __future__ import annotations

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value


def totp_code(secret: str, offset: int = 0) -> str:
    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def errors_of(response) -> str:
    """The text of the error messages shown on a form page."""
    import html
    import re

    body = response.content.decode()
    chunks = re.findall(
        r'<div class="(?:alert alert-danger|errorlist)"[^>]*>(.*?)</div>', body, re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in chunks)
