"""Enqueue a Celery task by its registered name.

A task takes ids and calls a service; the service that enqueues it only names the task, so the
import runs one way (tasks -> services) and no app has a services <-> tasks circle (lint-imports
checks it). Each app imports its tasks module in AppConfig.ready(), which registers the tasks.
"""

from __future__ import annotations

from typing import Any

from celery import current_app


def enqueue(task_name: str, *args: Any) -> None:
    current_app.tasks[task_name].delay(*args)


def enqueue_with_options(task_name: str, args: tuple[Any, ...], **options: Any) -> None:
    """The same, with Celery's routing and limit options (queue, time_limit, …)."""
    current_app.tasks[task_name].apply_async(args, **options)
