"""One measurement of the Bilancio Sociale in a fresh process (peak RSS is per process).

    DATABASE_URL=postgres://.../cdn_bench_bilancio_10000 python bench/bilancio/measure.py snapshot
    DATABASE_URL=... python bench/bilancio/measure.py pdf

Prints one JSON line: seconds, peak RSS (MB, resource.getrusage), and what was measured.

"snapshot" takes the snapshot of an edition covering every period (2016-2019), calling every
provider registered by the apps plus an annex of per-azione blocks (so the report reaches about
60 pages and 30 charts). "pdf" renders the latest bench snapshot to PDF with the same code as
the worker (render_document_pdf), without writing it as a published version.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citta_del_noi.settings.dev")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from django.db.models import Count, Sum  # noqa: E402
from django.db.models.functions import ExtractMonth  # noqa: E402

from bilancio_sociale.registry import DataBlock, Period, register_section, sections  # noqa: E402

BENCH_SLUG = "bench-bilancio"


def _approved(period: Period):  # type: ignore[no-untyped-def]
    from cantieri.models import ActivityRecord, ActivityStatus

    return ActivityRecord.objects.filter(
        status=ActivityStatus.APPROVED, period_start__lte=period.end, period_end__gte=period.start
    )


def _by_quartiere(azione_id: int):  # type: ignore[no-untyped-def]
    def provider(period: Period) -> dict:
        from territori.models import Quartiere

        agg = {
            row["quartieri"]: row
            for row in _approved(period)
            .filter(azione_id=azione_id)
            .values("quartieri")
            .annotate(
                n=Count("pk"),
                p=Sum("participants_total"),
                v=Sum("volunteers"),
                h=Sum("volunteer_hours"),
            )
        }
        rows = []
        for q in Quartiere.objects.order_by("zona__order", "name").values("pk", "slug", "name"):
            a = agg.get(q["pk"], {})
            rows.append(
                {
                    "_key": q["slug"],
                    "quartiere": q["name"],
                    "attivita": a.get("n", 0),
                    "partecipanti": a.get("p") or 0,
                    "volontari": a.get("v") or 0,
                    "ore": float(a.get("h") or 0),
                }
            )
        return {
            "kind": "table",
            "columns": [
                {"key": "quartiere", "label": "Quartiere", "type": "text"},
                {"key": "attivita", "label": "Attività", "type": "number"},
                {"key": "partecipanti", "label": "Partecipanti", "type": "people"},
                {"key": "volontari", "label": "Volontari", "type": "people"},
                {"key": "ore", "label": "Ore di volontariato", "type": "number"},
            ],
            "rows": rows,
            "chart": {"type": "bar", "x": "quartiere", "series": ["partecipanti"]},
        }

    return provider


def _by_month(azione_id: int):  # type: ignore[no-untyped-def]
    def provider(period: Period) -> dict:
        agg = {
            row["m"]: row
            for row in _approved(period)
            .filter(azione_id=azione_id)
            .annotate(m=ExtractMonth("period_start"))
            .values("m")
            .annotate(n=Count("pk"), p=Sum("participants_total"))
        }
        months = [
            "gen",
            "feb",
            "mar",
            "apr",
            "mag",
            "giu",
            "lug",
            "ago",
            "set",
            "ott",
            "nov",
            "dic",
        ]
        rows = [
            {
                "_key": str(i + 1),
                "mese": m,
                "attivita": agg.get(i + 1, {}).get("n", 0),
                "partecipanti": agg.get(i + 1, {}).get("p") or 0,
            }
            for i, m in enumerate(months)
        ]
        return {
            "kind": "table",
            "columns": [
                {"key": "mese", "label": "Mese di inizio", "type": "text"},
                {"key": "attivita", "label": "Attività", "type": "number"},
                {"key": "partecipanti", "label": "Partecipanti", "type": "people"},
            ],
            "rows": rows,
            "chart": {"type": "line", "x": "mese", "series": ["partecipanti"]},
        }

    return provider


def _by_target(azione_id: int):  # type: ignore[no-untyped-def]
    def provider(period: Period) -> dict:
        from cantieri.models import ActivityTargetCount, TargetGroup

        agg = dict(
            ActivityTargetCount.objects.filter(
                activity__in=_approved(period).filter(azione_id=azione_id)
            )
            .values_list("target_group_id")
            .annotate(p=Sum("participants"))
        )
        rows = [
            {
                "_key": t["slug"],
                "gruppo": t["name"],
                "partecipanti": agg.get(t["pk"], 0) or 0,
                "_sensitive": t["sensitive"],
            }
            for t in TargetGroup.objects.order_by("order").values("pk", "slug", "name", "sensitive")
        ]
        return {
            "kind": "table",
            "columns": [
                {"key": "gruppo", "label": "Destinatari", "type": "text"},
                {"key": "partecipanti", "label": "Partecipanti", "type": "people"},
            ],
            "rows": rows,
            "totals": {"partecipanti": sum(r["partecipanti"] for r in rows)},
            "chart": {"type": "bar", "x": "gruppo", "series": ["partecipanti"]},
        }

    return provider


def register_annex() -> None:
    from cantieri.models import Azione

    for azione in Azione.objects.order_by("number").values("pk", "number", "name"):
        register_section(
            key=f"allegato-azione-{azione['number']}",
            title=f"Allegato: {azione['number']}. {azione['name']}",
            order=200 + azione["number"],
            blocks=[
                DataBlock(
                    key="quartieri", title="Per quartiere", provider=_by_quartiere(azione["pk"])
                ),
                DataBlock(key="mesi", title="Per mese di inizio", provider=_by_month(azione["pk"])),
                DataBlock(
                    key="destinatari", title="Per destinatari", provider=_by_target(azione["pk"])
                ),
            ],
        )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def bench_edition():  # type: ignore[no-untyped-def]
    from bilancio_sociale.models import Edition

    edition, _ = Edition.objects.get_or_create(
        slug=BENCH_SLUG,
        defaults={
            "title": "Bilancio Sociale (benchmark)",
            "period_start": date(2016, 1, 1),
            "period_end": date(2019, 12, 31),
            "status": "consultation",
        },
    )
    return edition


def measure_snapshot() -> dict:
    from bilancio_sociale.services import snapshot_take
    from cantieri.models import ActivityRecord

    register_annex()
    edition = bench_edition()
    records = ActivityRecord.objects.count()
    start, cpu = time.perf_counter(), cpu_seconds()
    snapshot = snapshot_take(edition=edition, by=None, reason="benchmark")
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    blocks = sum(len(s["blocks"]) for s in snapshot.data["sections"])
    return {
        "step": "snapshot",
        "records": records,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "sections": len(sections()),
        "blocks": blocks,
    }


def measure_pdf() -> dict:
    from bilancio_sociale.pdf import render_document_pdf
    from bilancio_sociale.render import build_document

    edition = bench_edition()
    snapshot = edition.snapshots.order_by("-taken_at", "-pk").first()
    if snapshot is None:
        raise SystemExit("run the snapshot step first")
    start, cpu = time.perf_counter(), cpu_seconds()
    paragraph = (
        "Nel periodo rendicontato le organizzazioni partner hanno registrato le attività di "
        "ogni cantiere; il Comune le ha riviste e approvate. Questa sezione racconta cosa ha "
        "funzionato e cosa no, con i numeri delle tabelle che seguono e il confronto con gli "
        "anni precedenti, così che chi legge possa verificare ogni affermazione. "
    ) * 4
    texts = {s["key"]: "\n\n".join([paragraph] * 3) for s in snapshot.data["sections"]}
    document = build_document(
        snapshot=snapshot.data, texts=texts, title=edition.title, period_label="2016 – 2019"
    )
    pdf, pages = render_document_pdf(document)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    out = ROOT / "var" / "bench-bilancio.pdf"
    out.write_bytes(pdf)
    return {
        "step": "pdf",
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "pages": pages,
        "charts": document.chart_count,
        "bytes": len(pdf),
        "pages_per_second": round(pages / seconds, 1),
    }


class _Rollback(Exception):
    pass


def measure_both_rolled_back() -> list[dict]:
    """Both steps in one transaction that is rolled back: for a database shared with others
    (nothing is left behind). The peak RSS is then the process's over both steps."""
    from django.db import transaction

    results: list[dict] = []
    try:
        with transaction.atomic():
            results.append(measure_snapshot())
            results.append(measure_pdf())
            raise _Rollback
    except _Rollback:
        pass
    return results


if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else "snapshot"
    if step == "both-rollback":
        for result in measure_both_rolled_back():
            print(json.dumps(result))
    else:
        print(json.dumps(measure_snapshot() if step == "snapshot" else measure_pdf()))
