"""One measurement of the Bilancio Sociale in a fresh process (peak RSS is per process).

    DATABASE_URL=postgres://.../cdn_bench_bilancio_10000 python bench/bilancio/measure.py snapshot
    DATABASE_URL=... python bench/bilancio/measure.py pdf

Prints one JSON line: seconds, peak RSS (MB, resource.getrusage), and what was measured.

"snapshot" takes the snapshot of an edition covering every period (2016-2019), calling every
provider registered by the apps plus an annex of per-azione blocks read from the summary tables
like the portal's own (so the report reaches about 60 pages and 30 charts). The summary tables
are brought up to date first (what the beat task does every 5 minutes), timed apart. "pdf"
renders the latest bench snapshot to PDF with the same code as the worker
(render_document_pdf), without writing it as a published version.
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

from django.db.models import Sum  # noqa: E402

from bilancio_sociale.registry import DataBlock, Period, register_section, sections  # noqa: E402

BENCH_SLUG = "bench-bilancio"


def _facts(model_name: str, period: Period, azione_id: int):  # type: ignore[no-untyped-def]
    """The annex reads the summary tables, like the portal's own activity blocks."""
    from cantieri import models
    from cantieri.selectors import periods_starting_in, summary_rows

    model = getattr(models, model_name)
    return summary_rows(
        model, period_ids=periods_starting_in(period.start, period.end), azione_id=azione_id
    )


def _by_quartiere(azione_id: int):  # type: ignore[no-untyped-def]
    def provider(period: Period) -> dict:
        from territori.models import Quartiere

        agg = {
            row["quartiere_id"]: row
            for row in _facts("ActivityFact", period, azione_id)
            .values("quartiere_id")
            .annotate(
                n=Sum("records"),
                p=Sum("participants"),
                v=Sum("volunteers"),
                h=Sum("volunteer_hours"),
            )
            .order_by()
        }
        rows = []
        for q in Quartiere.objects.order_by("zona__order", "name").values("pk", "slug", "name"):
            a = agg.get(q["pk"], {})
            rows.append(
                {
                    "_key": q["slug"],
                    "quartiere": q["name"],
                    "attivita": a.get("n") or 0,
                    "partecipanti": round(a.get("p") or 0),
                    "volontari": round(a.get("v") or 0),
                    "ore": round(a.get("h") or 0, 1),
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


def _by_period(azione_id: int):  # type: ignore[no-untyped-def]
    def provider(period: Period) -> dict:
        from cantieri.models import ReportingPeriod

        agg = {
            row["reporting_period_id"]: row
            for row in _facts("ActivityFact", period, azione_id)
            .values("reporting_period_id")
            .annotate(n=Sum("records_primary"), p=Sum("participants"))
            .order_by()
        }
        periods = ReportingPeriod.objects.filter(
            start__gte=period.start, start__lte=period.end
        ).order_by("start")
        rows = [
            {
                "_key": rp.name,
                "periodo": rp.name,
                "attivita": agg.get(rp.pk, {}).get("n") or 0,
                "partecipanti": round(agg.get(rp.pk, {}).get("p") or 0),
            }
            for rp in periods
        ]
        return {
            "kind": "table",
            "columns": [
                {"key": "periodo", "label": "Periodo", "type": "text"},
                {"key": "attivita", "label": "Attività", "type": "number"},
                {"key": "partecipanti", "label": "Partecipanti", "type": "people"},
            ],
            "rows": rows,
            "chart": {"type": "line", "x": "periodo", "series": ["partecipanti"]},
        }

    return provider


def _by_target(azione_id: int):  # type: ignore[no-untyped-def]
    def provider(period: Period) -> dict:
        from cantieri.models import TargetGroup

        agg = {
            row["target_group_id"]: row["p"]
            for row in _facts("ActivityTargetFact", period, azione_id)
            .values("target_group_id")
            .annotate(p=Sum("participants"))
            .order_by()
        }
        rows = [
            {
                "_key": t["slug"],
                "gruppo": t["name"],
                "partecipanti": round(agg.get(t["pk"]) or 0),
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
                DataBlock(key="periodi", title="Per periodo", provider=_by_period(azione["pk"])),
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
    from cantieri import summary
    from cantieri.models import ActivityRecord

    register_annex()
    edition = bench_edition()
    records = ActivityRecord.objects.count()
    # In the portal the beat task keeps the summary tables fresh (every 5 minutes); bring them
    # up to date first, as beat would have, and report how long that took (a full rebuild on a
    # freshly seeded database). The snapshot below still checks the watermark itself.
    refresh = time.perf_counter()
    summary.ensure_fresh(force=True)
    refresh_seconds = time.perf_counter() - refresh
    start, cpu = time.perf_counter(), cpu_seconds()
    snapshot = snapshot_take(edition=edition, by=None, reason="benchmark")
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    blocks = sum(len(s["blocks"]) for s in snapshot.data["sections"])
    return {
        "step": "snapshot",
        "records": records,
        "summary_refresh_seconds": round(refresh_seconds, 2),
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
