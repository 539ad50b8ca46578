"""Whole pages kept per viewer in the shared cache (issue 14: the warm dashboard).

The dashboard keeps its content in the cache already (consigli/dashboard_views.py); what a warm
request still paid was the portal's frame, rendered again for every request: the header with the
viewer's address, menu and unread count, the language and search forms, the footer. A page that
opts in keeps its whole markup per viewer, under a key of the page, the viewer, the language and
the full path with its query, with a stamp of everything the markup was made from:

- the page's own versions, given by the view (the dashboard: its data version, the summary
  version, the viewer's council scope);
- the frame's: the menu's cache key (role version, the user's flags, language, day; core/
  navigation.py), the version of the unread count (notifications/unread_cache.py) and the
  viewer's e-mail address, the only other field of the user the frame shows.

A stored page is served only when its stamp equals the current request's, every part of it read
before the page is rendered: a write that lands while a page renders makes that page stale at
once. Nothing is stored or served

- when the role cache is off: the frame's inputs are not versioned then;
- for a request with messages waiting: the rendering shows them, once;
- while a part of the stamp is unknown (a cold cache): the rendering creates it, the next
  request stores the page.

The CSRF token is never stored: the page is rendered with a placeholder in its place, and each
response puts in a token of its own request, as `{% csrf_token %}` would (the cookie is set as
by any page with a form).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from citta_del_noi.common import cache_prefetch
from citta_del_noi.notifications import unread_cache

from . import navigation

# Letters and digits only: escaping (`{% csrf_token %}`, `{{ csrf_token }}`) leaves it as it is.
PLACEHOLDER = "cdnCsrfTokenPlaceholder7b3e9a41"
_PLACEHOLDER = PLACEHOLDER.encode()
SECONDS = 300


def page_key(request: HttpRequest, name: str) -> str | None:
    """The key of this viewer's stored page `name` at this address; None when pages are not
    kept (role cache off, anonymous viewer)."""
    if navigation.cache_key(request) is None or not request.user.is_authenticated:
        return None
    where = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"core:viewer-page:{name}:u{request.user.pk}:{get_language()}:{where}"


def _messages_waiting(request: HttpRequest) -> bool:
    # len() loads the messages without marking them as shown (iterating them does)
    return len(get_messages(request)) > 0


def _frame_stamp(request: HttpRequest) -> tuple[str, int, str] | None:
    user = request.user
    menu = navigation.cache_key(request)
    unread = unread_cache.known_version(user, request)
    if menu is None or unread is None or not user.is_authenticated:
        return None
    return (menu, unread, user.email)


class ViewerPage:
    """`key`: page_key's (None: the page is not kept); `stamp`: the page's own versions, read
    before it renders (any picklable value that is equal exactly when the page's content would
    be the same). A page that reads its own cache entries first reads `key` with them
    (common/cache_prefetch.py), like the frame's (navigation.prefetch_keys,
    unread_cache.prefetch_keys)."""

    def __init__(self, request: HttpRequest, key: str | None, stamp: Any) -> None:
        self.request = request
        self.key = key
        self.stamp: Any = None
        if self.key is not None and not _messages_waiting(request):
            frame = _frame_stamp(request)
            if frame is not None:
                self.stamp = (stamp, frame)

    def cached(self) -> HttpResponse | None:
        """The stored page when its stamp is the current one, with this request's token."""
        if self.stamp is None or self.key is None:
            return None
        entry = cache_prefetch.get(self.request, self.key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == self.stamp:
            return self._respond(entry[1])
        return None

    def render(self, template_name: str, context: dict[str, Any]) -> HttpResponse:
        """The page rendered (and stored, when it can be)."""
        if self.stamp is None or self.key is None:
            return render(self.request, template_name, context)
        markup = render_to_string(
            template_name, {**context, "csrf_token": PLACEHOLDER}, self.request
        ).encode()
        cache.set(self.key, (self.stamp, markup), SECONDS)
        return self._respond(markup)

    def _respond(self, markup: bytes) -> HttpResponse:
        return HttpResponse(markup.replace(_PLACEHOLDER, get_token(self.request).encode()))
