"""`{% once %}…{% endonce %}`: a fragment rendered once per process and language (issue 14).

For the parts of base.html that depend only on the language, the settings and the code (static
file URLs, reversed URLs of fixed pages, translated labels): the header's brand, the footer, the
stylesheet and script tags. They were re-rendered on every page, about a third of the template
time of a cached dashboard. The fragment must not use the request, the user or anything else
that varies between requests; nothing is shared between processes (no cache round trip), and a
settings change (tests' override_settings) empties the store.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import Parser, Token
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_STORE: dict[tuple[str, str, str | None, str], SafeString] = {}


def _clear(**kwargs: Any) -> None:
    _STORE.clear()


setting_changed.connect(_clear, dispatch_uid="portal_once.clear")


class OnceNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        origin = getattr(self.origin, "name", "") if getattr(self, "origin", None) else ""
        key = (str(origin), self.name, get_language(), get_script_prefix())
        html = _STORE.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered template
            _STORE[key] = html
        return html


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    """{% once "name" %}…{% endonce %} (the name tells the fragments of a template apart)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% once %} takes one name")
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(bits[1].strip("\"'"), nodelist)
