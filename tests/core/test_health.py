"""/healthz: database, broker and at least one live worker; 503 when any is down."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

from citta_del_noi.core import health

pytestmark = pytest.mark.django_db


def _filesystem_app(tmp_path) -> Celery:
    folders = {k: tmp_path / k for k in ("queue", "control", "processed")}
    for folder in folders.values():
        folder.mkdir()
    app = Celery("healthz-test", set_as_current=False)
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = {
        "data_folder_in": str(folders["queue"]),
        "data_folder_out": str(folders["queue"]),
        "control_folder": str(folders["control"]),
        "processed_folder": str(folders["processed"]),
    }
    return app


def test_no_worker_gives_503_and_says_workers_not_ok_quickly(client, tmp_path, monkeypatch):
    monkeypatch.setattr(health, "celery_app", _filesystem_app(tmp_path))
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["workers"] == {"ok": False, "count": 0}
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": True, "transport": "filesystem"}
    # Bounded: the worker ping waits about one second, not the default several.
    assert elapsed < 5
    assert response["Cache-Control"].startswith("max-age=0")


def test_broker_down_is_reported(client, monkeypatch):
    app = Celery("healthz-down", set_as_current=False)
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    monkeypatch.setattr(health, "celery_app", app)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"]["ok"] is False
    assert body["workers"]["ok"] is False
    assert body["database"]["ok"] is True


@pytest.mark.worker
def test_live_worker_on_the_filesystem_broker_gives_200(client, tmp_path, monkeypatch):
    """A real worker process on the broker-less transport answers the ping: 200."""
    var_dir = tmp_path / "var"
    broker = var_dir / "broker"
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.test",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "citta_del_noi",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
            "--hostname=healthz-test@%h",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        app = Celery("healthz-live", set_as_current=False)
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {
            "data_folder_in": str(broker / "queue"),
            "data_folder_out": str(broker / "queue"),
            "control_folder": str(broker / "control"),
            "processed_folder": str(broker / "processed"),
        }
        monkeypatch.setattr(health, "celery_app", app)
        deadline = time.monotonic() + 60
        response = None
        while time.monotonic() < deadline:
            if (broker / "control").exists():
                response = client.get("/healthz")
                if response.status_code == 200:
                    break
            time.sleep(0.5)
        assert response is not None and response.status_code == 200, response and response.json()
        body = response.json()
        assert body["status"] == "ok" and body["workers"]["count"] >= 1
    finally:
        worker.terminate()
        worker.wait(timeout=20)
