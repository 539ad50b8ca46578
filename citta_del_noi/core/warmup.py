"""Per-process work done when a web worker starts rather than in its first requests (issue 14).

Django builds two things lazily, once per process: the URL resolver's reverse tables (one per
language, and one per included URL namespace: the regexes of every pattern are compiled then)
and the compiled templates (the cached template loader keeps them). The first page of a fresh
gunicorn worker that calls `reverse()` or `{% url %}` paid for both: about 60–100 ms of CPU on
the dashboard, counted in the first visitor's response after every deploy or worker recycle.
`warm_up()` does it at import time of the WSGI application, before the worker accepts a
request. It only fills caches Django would fill anyway; a template that does not compile is
left for its page to report as before.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.library import InvalidTemplateLibrary
from django.urls import URLResolver, get_resolver
from django.utils import translation

log = logging.getLogger(__name__)


def _populate(resolver: URLResolver, seen: set[int]) -> None:
    if id(resolver) in seen:
        return
    seen.add(id(resolver))
    # the properties build the reverse, namespace and app tables of this language
    namespaces = resolver.namespace_dict
    _ = resolver.reverse_dict, resolver.app_dict
    for _prefix, sub in namespaces.values():
        _populate(sub, seen)


def warm_urls() -> None:
    """Every language's reverse tables of the root URLconf and of its namespaces."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            _populate(get_resolver(), set())


def _project_template_names(engine: Any) -> list[str]:
    """The names of the project's own templates (the DIRS and the local apps' template
    folders; third-party apps' templates compile on first use as before)."""
    base = Path(settings.BASE_DIR).resolve()
    names: set[str] = set()
    for directory in engine.template_dirs:
        root = Path(directory).resolve()
        if not root.is_relative_to(base) or "site-packages" in root.parts:
            continue
        names.update(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    return sorted(names)


def warm_templates() -> int:
    """Compile the project's templates into the cached loader; returns how many."""
    compiled = 0
    for engine in engines.all():
        for name in _project_template_names(engine):
            try:
                engine.get_template(name)
                compiled += 1
            # a template that does not compile is left for its page to report
            except (TemplateSyntaxError, TemplateDoesNotExist, InvalidTemplateLibrary) as exc:
                log.debug("warm-up: template %s not compiled: %s", name, exc)
    return compiled


def warm_up() -> None:
    warm_urls()
    warm_templates()
