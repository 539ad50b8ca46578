#!/usr/bin/env python3
"""Every page at N activity records against the stack's own ceiling (issue 14): `make bench`.

    make bench RECORDS=1000000          # DATABASE_URL must point at PostgreSQL
    .venv/bin/python bench/pages/run.py --records 1000000 [--seconds 5 --rounds 2 --only cruscotto]

1. creates the database of DATABASE_URL if missing, migrates it and, when it has no activity
   record yet, seeds it once with `seed_demo --activities N` (COPY path); a database that
   already holds at least N records is reused as it is;
2. VACUUM ANALYZE of the activity table (what autovacuum does on a live database), brings the
   summary tables up to date, empties the cache, opens a session for one demo account
   per role (staff of every zone, staff of one zone, partner referent, council president);
3. starts gunicorn with the production settings through `bench_settings` (a trivial view
   `HttpResponse("ok")` mounted beside the project's URLs, a query counter; see that module),
   2 sync workers by default;
4. cold and warm: the first request of each page (empty cache: nothing rendered yet), then three
   more one at a time (median = warm), with the query count and the HTTP status;
5. load, interleaved: for each round, the trivial view, the dashboard, the dashboard with a new
   filter combination on every request, then every other page, each for --seconds with
   --connections connections (wrk when installed, else a bounded Python load generator on
   loopback); req/s over all rounds, the worst p50/p95/p99 of the rounds;
6. prints the table and writes bench/pages/results.json; exits 1 when a page misses a limit:
   cold < 300 ms and warm < 100 ms for every page, HTTP 200; /cruscotto/ ≥ 0.5× the trivial
   view's req/s with p95 < 100 ms under load, and p95 < 300 ms for new filter combinations.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from home_pages import EXTRA_ACCOUNTS, home_and_public_pages
from more_pages import other_pages
from setup_code import SETUP_CODE

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
BENCH_SECRET = "bench-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
SETTINGS = "bench_settings"
TRIVIAL = "/__bench__/ok/"

COLD_MS = 300.0
WARM_MS = 100.0
DASHBOARD_RATIO = 0.5
DASHBOARD_P95_MS = 100.0
DASHBOARD_NEW_P95_MS = 300.0

ACCOUNTS = {
    "staff": "staff@cittadelnoi.demo",
    "staff_zona": "staff.est@cittadelnoi.demo",
    "partner": "referente@auser.demo",
    "consiglio": "presidente@cittadelnoi.demo",
    "agenzia": "agenzia.conoscenza@cittadelnoi.demo",
}
ACCOUNTS.update(EXTRA_ACCOUNTS)


@dataclass
class Page:
    label: str
    role: str
    path: str
    kind: str = "page"  # trivial | dashboard | dashboard_new | page | first_byte
    paths: list[str] = field(default_factory=list)  # dashboard_new: one per request
    cold: dict = field(default_factory=dict)
    load: list[dict] = field(default_factory=list)


def env_for(args: argparse.Namespace, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE)])
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": settings,
            "DJANGO_SECRET_KEY": BENCH_SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "False",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DATABASE_CONN_MAX_AGE": "600",
            "PORTAL_BASE_URL": "http://127.0.0.1",
            "REDIS_URL": args.redis_url,
        }
    )
    return env


def manage(args: argparse.Namespace, *cmd: str, settings: str = SETTINGS) -> str:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", *cmd],
        cwd=ROOT,
        env=env_for(args, settings),
        check=False,
        text=True,
        capture_output=True,
    )
    if result.returncode:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-4000:])
        raise SystemExit(f"manage.py {cmd[0]} non riuscito")
    return result.stdout


def database(url: str) -> tuple[int, bool]:
    """Create the database if missing; (activity records, whether the table exists)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Creato il database {name}.")
    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('cantieri_activityrecord')").fetchone()
        if not exists or exists[0] is None:
            return 0, False
        row = conn.execute("SELECT count(*) FROM cantieri_activityrecord").fetchone()
        return int(row[0]) if row else 0, True


def vacuum(url: str) -> None:
    """Visibility map and statistics, as autovacuum leaves them on a live database: after a bulk
    seed the covering indexes answer the capped counts without visiting the table."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("cantieri_activityrecord", "cantieri_activityrecord_quartieri"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
    print(f"VACUUM ANALYZE in {time.monotonic() - started:.1f} s", flush=True)


def pages_for(info: dict) -> list[Page]:
    z, p, a = info["zona"], info["periods"][-2], info["azioni"][0]
    word = info["word"][:6]
    combos = [
        f"/cruscotto/?{q}"
        for q in (
            "&".join(part for part in parts if part)
            for parts in itertools.product(
                [""] + [f"periodo={pk}" for pk in info["periods"]],
                [""] + [f"cantiere={s}" for s in info["azione_slugs"]],
                [""] + [f"zona={s}" for s in info["zones"]],
            )
        )
        if q
    ]
    random.Random(14).shuffle(combos)
    out = [
        Page("banale", "staff", TRIVIAL, "trivial"),
        Page("cruscotto", "consiglio", "/cruscotto/", "dashboard"),
        Page("cruscotto, filtri nuovi", "consiglio", "/cruscotto/?…", "dashboard_new", combos),
        Page("cruscotto territorio", "consiglio", "/cruscotto/territorio/"),
        Page("cruscotto staff", "staff", "/cruscotto/"),
    ]
    for role in ("staff", "staff_zona", "partner", "consiglio"):
        out += [
            Page("home", role, "/"),
            Page("attività", role, "/attivita/"),
            Page("attività ?q=", role, f"/attivita/?q={word}"),
            Page("attività pagina 5", role, "/attivita/?pagina=5"),
            Page("copertura", role, "/attivita/copertura/"),
            Page("indicatori", role, "/attivita/indicatori/"),
            Page("cerca", role, f"/cerca/?q={word}"),
            Page("cerca attività", role, f"/cerca/?q={word}&tipo=attivita"),
        ]
    out += [
        Page("attività ?zona=", "staff", f"/attivita/?zona={z}"),
        Page(
            "attività zona+azione+stato+periodo",
            "staff",
            f"/attivita/?zona={z}&azione={a}&status=approved&reporting_period={p}",
        ),
        Page("attività ?stato=inviata", "staff", "/attivita/?status=submitted"),
        Page("revisione", "staff", "/attivita/revisione/"),
        Page("revisione ?zona=", "staff", f"/attivita/revisione/?zona={z}"),
        Page("revisione", "staff_zona", "/attivita/revisione/"),
        Page("copertura ?zona=", "staff", f"/attivita/copertura/?zona={z}"),
        Page("periodi", "staff", "/attivita/periodi/"),
        Page("bilancio sociale", "staff", "/bilancio-sociale/gestione/"),
        Page("bilancio sociale pubblico", "consiglio", "/bilancio-sociale/"),
        Page("esporta CSV (primo byte)", "staff", "/attivita/esporta.csv", "first_byte"),
        *other_pages(info, Page),
        Page(
            "esporta CSV ?zona= (primo byte)",
            "staff",
            f"/attivita/esporta.csv?zona={z}",
            "first_byte",
        ),
    ]
    return out + home_and_public_pages(info, Page)


def headers_for(cookie: str) -> dict[str, str]:
    return {
        "Cookie": f"sessionid={cookie}",
        "Host": "127.0.0.1",
        "Accept-Language": "it",
        "X-Forwarded-Proto": "https",
    }


def one(port: int, path: str, cookie: str, *, first_byte: bool = False) -> tuple[int, float, int]:
    """(status, milliseconds, queries) of one request on a new connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t0 = time.perf_counter()
    try:
        conn.request("GET", path, headers=headers_for(cookie))
        response = conn.getresponse()
        if first_byte:
            response.read(1)
        else:
            response.read()
        ms = (time.perf_counter() - t0) * 1000
        return response.status, ms, int(response.getheader("X-Bench-Queries") or -1)
    finally:
        conn.close()


def cold_and_warm(port: int, page: Page, cookie: str) -> dict:
    first = page.paths[0] if page.paths else page.path
    status, cold, queries = one(port, first, cookie, first_byte=page.kind == "first_byte")
    warm = []
    for i in range(3):
        path = page.paths[1 + i] if page.paths else page.path
        warm.append(one(port, path, cookie, first_byte=page.kind == "first_byte")[1])
    return {
        "status": status,
        "cold_ms": round(cold, 1),
        "warm_ms": round(statistics.median(warm), 1),
        "queries": queries,
    }


WRK_SCRIPT = """
local paths = {}
local counter = 0
local nthreads = %(threads)d
local offset = %(offset)d
local id = 0
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function request()
  local path = wrk.path
  if #paths > 0 then
    local i = offset + counter * nthreads + id
    path = paths[(i %% #paths) + 1]
    counter = counter + 1
  end
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local non200 = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('WRKJSON {"requests": %%d, "seconds": %%f, "p50": %%f, '
    .. '"p95": %%f, "p99": %%f, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, non200))
end
"""


def load_wrk(args: argparse.Namespace, page: Page, cookie: str, offset: int) -> dict:
    threads = min(2, args.connections)
    with tempfile.TemporaryDirectory() as tmp:
        paths = Path(tmp) / "paths.txt"
        paths.write_text("\n".join(page.paths) + ("\n" if page.paths else ""))
        script = Path(tmp) / "bench.lua"
        script.write_text(
            WRK_SCRIPT % {"threads": threads, "offset": offset, "paths": paths.as_posix()}
        )
        cmd = [
            "wrk",
            f"-t{threads}",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--timeout",
            "60s",
            "-s",
            str(script),
        ]
        # gunicorn's sync workers close the connection after each response; wrk counts
        # nothing unless it is told so (one connection per request, as behind a proxy).
        for name, value in {**headers_for(cookie), "Connection": "close"}.items():
            if name != "Host":
                cmd += ["-H", f"{name}: {value}"]
        cmd.append(f"http://127.0.0.1:{args.port}{page.path if not page.paths else '/'}")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout  # noqa: S603
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON"))
    return json.loads(line.split(" ", 1)[1])


def load_python(args: argparse.Namespace, page: Page, cookie: str, offset: int) -> dict:
    """Fallback: --connections threads on loopback for --seconds, one connection per request."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = itertools.count(offset)
    stop_at = time.monotonic() + args.seconds

    def worker() -> None:
        mine: list[float] = []
        while time.monotonic() < stop_at:
            path = page.paths[next(counter) % len(page.paths)] if page.paths else page.path
            try:
                status, ms, _q = one(args.port, path, cookie)
            except (OSError, http.client.HTTPException):
                status, ms = 0, 0.0
            if status != 200:
                with lock:
                    errors[0] += 1
                continue
            mine.append(ms)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    return {
        "requests": len(latencies),
        "seconds": time.monotonic() - started,
        "p50": pct(0.5),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors[0],
    }


def drain(args: argparse.Namespace, cookie: str) -> None:
    """Wait until the requests a load burst left queued in gunicorn are answered (wrk stops at
    its deadline, the server does not): as many trivial requests at once as there are
    connections come back only once the backlog is gone, so the next page starts on an idle
    server."""
    threads = [
        threading.Thread(target=one, args=(args.port, TRIVIAL, cookie))
        for _ in range(args.connections)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def wait_port(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn non risponde")


def summarise(page: Page) -> dict:
    if not page.load:
        return {}
    requests = sum(r["requests"] for r in page.load)
    seconds = sum(r["seconds"] for r in page.load)
    return {
        "rps": round(requests / seconds, 1) if seconds else 0.0,
        "p50": round(max(r["p50"] for r in page.load), 1),
        "p95": round(max(r["p95"] for r in page.load), 1),
        "p99": round(max(r["p99"] for r in page.load), 1),
        "errors": sum(r["errors"] for r in page.load),
    }


def judge(page: Page, stats: dict, trivial_rps: float) -> list[str]:
    missed = []
    cold = page.cold
    if cold.get("status") != 200:
        missed.append(f"HTTP {cold.get('status')}")
    if cold.get("cold_ms", 0) >= COLD_MS:
        missed.append(f"freddo ≥ {COLD_MS:.0f} ms")
    if cold.get("warm_ms", 0) >= WARM_MS:
        missed.append(f"caldo ≥ {WARM_MS:.0f} ms")
    if stats.get("errors"):
        missed.append(f"{stats['errors']} errori sotto carico")
    if page.kind == "dashboard":
        if trivial_rps and stats["rps"] / trivial_rps < DASHBOARD_RATIO:
            missed.append(f"rapporto < {DASHBOARD_RATIO}")
        if stats["p95"] >= DASHBOARD_P95_MS:
            missed.append(f"p95 ≥ {DASHBOARD_P95_MS:.0f} ms")
    if page.kind == "dashboard_new" and stats["p95"] >= DASHBOARD_NEW_P95_MS:
        missed.append(f"p95 ≥ {DASHBOARD_NEW_P95_MS:.0f} ms")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    parser.add_argument("--records", type=int, default=int(os.environ.get("RECORDS", 1_000_000)))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5, help="per page and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int, default=8714)
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--role", default="", help="only pages of this role (e.g. anonimo)")
    parser.add_argument("--python-load", action="store_true", help="never use wrk")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("Il benchmark richiede PostgreSQL: DATABASE_URL=postgres://…")

    records, _exists = database(args.database_url)
    manage(args, "migrate", "--noinput", settings="citta_del_noi.settings.dev")
    if records == 0:
        started = time.monotonic()
        print(f"Genero {args.records} attività (seed_demo, COPY)…", flush=True)
        manage(
            args,
            "seed_demo",
            "--activities",
            str(args.records),
            settings="citta_del_noi.settings.dev",
        )
        print(f"Dati generati in {time.monotonic() - started:.0f} s", flush=True)
    elif records < args.records:
        raise SystemExit(
            f"Il database ha {records} attività, meno di {args.records}: usane uno vuoto "
            "(DATABASE_URL) perché il benchmark lo popoli una volta sola."
        )
    vacuum(args.database_url)
    out = manage(args, "shell", "-c", SETUP_CODE % {"accounts": ACCOUNTS})
    info = json.loads(next(x for x in out.splitlines() if x.startswith("RESULT"))[7:])
    print(f"Attività: {info['records']}; riepilogo aggiornato in {info['refresh_s']} s", flush=True)
    pages = [
        p
        for p in pages_for(info)
        if p.kind == "trivial" or (args.only in p.label and args.role in ("", p.role))
    ]
    use_wrk = bool(shutil.which("wrk")) and not args.python_load
    load = load_wrk if use_wrk else load_python

    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "citta_del_noi.wsgi",
            "-b",
            f"127.0.0.1:{args.port}",
            "-w",
            str(args.workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env_for(args, SETTINGS),
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    load_before = os.getloadavg()
    try:
        wait_port(args.port)
        for _ in range(4):  # every worker has imported the project
            one(args.port, TRIVIAL, info["sessions"]["staff"])
        for page in pages:
            page.cold = cold_and_warm(args.port, page, info["sessions"].get(page.role, ""))
            print(f"  {page.role:10s} {page.path[:60]:60s} {page.cold}", flush=True)
        offset = 4
        for _round in range(args.rounds):
            for page in pages:
                if page.kind == "first_byte":
                    continue
                result = load(args, page, info["sessions"].get(page.role, ""), offset)
                drain(args, info["sessions"]["staff"])
                if page.paths:
                    offset += result["requests"] + args.connections
                page.load.append(result)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    load_after = os.getloadavg()

    trivial_rps = summarise(pages[0]).get("rps", 0.0)
    rows = []
    failed = False
    for page in pages:
        stats = summarise(page)
        missed = judge(page, stats, trivial_rps)
        failed |= bool(missed)
        rows.append(
            {
                "page": page.label,
                "role": page.role,
                "path": page.path,
                **page.cold,
                **stats,
                "ratio": round(stats["rps"] / trivial_rps, 2) if stats and trivial_rps else None,
                "missed": missed,
            }
        )
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "records": info["records"],
        "workers": args.workers,
        "connections": args.connections,
        "seconds_per_round": args.seconds,
        "rounds": args.rounds,
        "load_generator": "wrk" if use_wrk else "python",
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
        "pages": rows,
    }
    (HERE / "results.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(
        f"\n{info['records']} attività, gunicorn {args.workers} worker, {args.connections} "
        f"connessioni, {'wrk' if use_wrk else 'Python'}, {args.rounds}×{args.seconds} s; "
        f"load average {load_before[0]:.2f} → {load_after[0]:.2f}\n"
    )
    print(
        "| pagina | ruolo | freddo ms | caldo ms | query | req/s | ×banale "
        "| p50 | p95 | p99 | esito |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['page']} | {r['role']} | {r.get('cold_ms', '')} | {r.get('warm_ms', '')} | "
            f"{r.get('queries', '')} | {r.get('rps', '–')} | {r.get('ratio') or '–'} | "
            f"{r.get('p50', '–')} | {r.get('p95', '–')} | {r.get('p99', '–')} | "
            f"{'ok' if not r['missed'] else ', '.join(r['missed'])} |"
        )
    print("\nObiettivi " + ("NON raggiunti" if failed else "raggiunti"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
