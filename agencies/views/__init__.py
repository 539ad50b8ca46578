"""Views of the agencies: thin (parse input, check permission, call a service/selector, render)."""

from __future__ import annotations

from .calls import (
    call_action,
    call_apply,
    call_assign,
    call_award,
    call_manage,
    call_public_detail,
    call_public_list,
    evaluation_score,
    evaluations,
    my_applications,
)
from .finder import finder, finder_unit
from .needs import need_history, need_link, need_redact, need_unlink, needs_public
from .newsletter import (
    newsletter_confirm,
    newsletter_send,
    newsletter_subscribe,
    newsletter_unsubscribe,
)
from .public import (
    agency_detail,
    azione_page,
    event_detail,
    event_feed,
    event_list,
    index,
    library,
    news_detail,
    news_list,
    page_edit,
    punto_page,
    volunteer_call_detail,
    volunteer_call_list,
)
from .tools import PAGE_SIZE, tool_create, tool_detail, tool_edit, tool_list, workspace
from .welfare import serviceunit_import, serviceunit_template, welfare_map

__all__ = [
    "finder",
    "finder_unit",
    "PAGE_SIZE",
    "agency_detail",
    "azione_page",
    "call_action",
    "call_apply",
    "call_assign",
    "call_award",
    "call_manage",
    "call_public_detail",
    "call_public_list",
    "evaluation_score",
    "evaluations",
    "event_detail",
    "event_feed",
    "event_list",
    "index",
    "library",
    "my_applications",
    "need_history",
    "need_link",
    "need_redact",
    "need_unlink",
    "needs_public",
    "news_detail",
    "news_list",
    "newsletter_confirm",
    "newsletter_send",
    "newsletter_subscribe",
    "newsletter_unsubscribe",
    "page_edit",
    "punto_page",
    "serviceunit_import",
    "serviceunit_template",
    "tool_create",
    "tool_detail",
    "tool_edit",
    "tool_list",
    "volunteer_call_detail",
    "volunteer_call_list",
    "welfare_map",
    "workspace",
]
