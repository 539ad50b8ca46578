"""Print the demo accounts after `make run` has seeded them."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citta_del_noi.core.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET

print()
print(f"Account dimostrativi (password per tutti: {DEMO_PASSWORD})")
for email, _first, _last, _key, description, totp in DEMO_ACCOUNTS:
    print(f"  {email:40s} {description}{'  [2FA]' if totp else ''}")
print(f"Segreto TOTP degli account [2FA]: {DEMO_TOTP_SECRET}")
print("Codice TOTP del momento: .venv/bin/python manage.py demo_totp")
print()
