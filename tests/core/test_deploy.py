"""Production settings pass `manage.py check --deploy`; the container files have the right shape."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_passes_without_warnings() -> None:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "cittadelnoi.comune.brescia.it",
        "OPEN_DATA_CONTACT_EMAIL": "opendata@comune.brescia.it",
        "PORTAL_BASE_URL": "https://cittadelnoi.comune.brescia.it",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert not re.search(r"\(security\.W\d+\)|WARNINGS:", output), output


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.production",
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "PORTAL_BASE_URL": "https://example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_portal_address() -> None:
    """Links in emails need the public address: production does not guess it from requests."""
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "citta_del_noi.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "example.org",
        }
    )
    for value in (None, "cittadelnoi.example.org"):
        if value is not None:
            env["PORTAL_BASE_URL"] = value
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode != 0
        assert "PORTAL_BASE_URL" in result.stderr


def _service_blocks(text: str) -> dict[str, str]:
    """Top-level services of the compose file and their text, without a YAML library."""
    section = text.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    blocks: dict[str, str] = {}
    current = None
    for line in section.splitlines():
        match = re.match(r"^  ([a-z0-9-]+):(?: &\w+)?\s*$", line)
        if match:
            current = match.group(1)
            blocks[current] = ""
        elif current:
            blocks[current] += line + "\n"
    return blocks


def test_compose_has_every_service_with_a_health_check() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    assert "\t" not in text
    services = _service_blocks(text)
    # issue 14.2: web x2, a worker per queue, beat, primary and replica, Redis, object storage
    assert set(services) >= {
        "web-1",
        "web-2",
        "worker-pdf",
        "worker-default",
        "beat",
        "db",
        "db-replica",
        "redis",
        "storage",
    }
    assert "image: postgres:15" in services["db"] and "pg_isready" in services["db"]
    assert "pg_basebackup" in services["db-replica"] and "-R" in services["db-replica"]
    assert "image: redis:7" in services["redis"] and "redis-cli" in services["redis"]
    assert "gunicorn" in services["web-1"] and "/healthz" in services["web-1"]
    assert "<<: *web" in services["web-2"]
    assert "--queues=heavy" in services["worker-pdf"]
    assert "--queues=default" in services["worker-default"]
    for name in ("worker-pdf", "worker-default"):
        assert "inspect ping" in services[name], name
    assert " beat" in services["beat"] or "- beat" in services["beat"]
    for name in ("web-1", "worker-pdf", "worker-default", "db", "db-replica", "redis", "storage"):
        assert "healthcheck:" in services[name], name
    assert "citta_del_noi.settings.production" in text
    for setting in ("DATABASE_REPLICA_URL", "STORAGE_BUCKET", "STORAGE_URL"):
        assert setting in text
    top_volumes = text.split("\nvolumes:\n", 1)[1]
    for volume in ("pgdata", "pgreplica", "redisdata", "objects"):
        assert f"  {volume}:" in top_volumes


def test_compose_web_healthcheck_script_is_valid_python() -> None:
    web = _service_blocks((ROOT / "docker-compose.yml").read_text())["web-1"]
    script = web.split("- |\n", 1)[1].split("      interval:", 1)[0]
    lines = [line[10:] for line in script.splitlines()]
    compile("\n".join(lines), "healthcheck", "exec")


def test_dockerfile_builds_a_non_root_image_with_pango_and_static_files() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert text.startswith("# syntax") or "FROM python:3.11-slim" in text
    assert "FROM python:3.11-slim" in text
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in text
    assert "-c constraints.txt" in text
    assert "collectstatic" in text
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    env_example = (ROOT / ".env.example").read_text()
    assert "DJANGO_SECRET_KEY=" in env_example
    secret_line = next(
        line for line in env_example.splitlines() if line.startswith("DJANGO_SECRET_KEY=")
    )
    assert len(secret_line.split("=", 1)[1].strip()) < 20  # a placeholder, not a real secret
