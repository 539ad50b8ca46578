"""What run.py runs in `manage.py shell` before measuring: the summary brought up to date, the
cache emptied, a session per role, and the ids and words the pages need (printed as RESULT)."""

SETUP_CODE = """
import json, time, bilancio_sociale.models as bs
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from cantieri import summary
from cantieri.models import ActivityRecord, ActivityStatus, Azione, ReportingPeriod
from citta_del_noi.accounts.models import User
from territori.models import Zona

started = time.monotonic()
summary.ensure_fresh(allow_rebuild=True)
refresh_s = round(time.monotonic() - started, 2)
cache.clear()
sessions = {}
for role, email in %(accounts)r.items():
    user = User.objects.get(email=email)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.set_expiry(86400)
    s.create()
    sessions[role] = s.session_key
staff_zona = User.objects.get(email=%(accounts)r["staff_zona"]).staff_zones.first()
other_zone = Zona.objects.exclude(pk=staff_zona.pk).order_by("order").first()
from agencies.models import ServiceUnit
from consigli.models import Meeting
partner = User.objects.get(email=%(accounts)r["partner"])
own = ActivityRecord.objects.filter(
    organization__memberships__user=partner, status="draft").order_by("-pk").first()
unit = ServiceUnit.objects.order_by("pk").first()
president = User.objects.get(email=%(accounts)r["consiglio"])
meeting = Meeting.objects.filter(
    consiglio__members__user=president).order_by("-pk").first()
print("RESULT " + json.dumps({
    "own_activity": own.pk if own else None,
    "unit": unit.pk if unit else None,
    "meeting": meeting.pk if meeting else None,
    "refresh_s": refresh_s,
    "sessions": sessions,
    "records": ActivityRecord.objects.count(),
    "zona": other_zone.pk,
    "zona_slug": other_zone.slug,
    "zones": list(Zona.objects.values_list("slug", flat=True)),
    "periods": list(ReportingPeriod.objects.order_by("start").values_list("pk", flat=True)),
    "azioni": list(Azione.objects.order_by("number").values_list("pk", flat=True)),
    "azione_slugs": list(Azione.objects.order_by("number").values_list("slug", flat=True)),
    "bilancio": [[e.pk, e.slug, e.status] for e in bs.Edition.objects.order_by("period_start")],
    "word": max(ActivityRecord.objects.order_by("pk").values_list("title", flat=True)
                .first().split(), key=len),
}))
"""
