"""The agencies' workspace and the generic tool pages (list, create, edit, detail)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from citta_del_noi.accounts.permissions import login_required, role_required
from citta_del_noi.forms_utils import apply_service_errors

from .. import forms as f
from .. import rules, selectors, services
from ..models import (
    CallStatus,
    NewsletterStatus,
)
from ..tools import NO_CREATE, Tool, get_tool, resolve, tools_for_agency

PAGE_SIZE = 50


# --- internal tools --------------------------------------------------------------------------


def _tool_for(request: HttpRequest, key: str) -> Tool:
    tool = get_tool(key)
    if tool is None:
        raise Http404
    if not rules.can_manage(request.user, tool.agency):
        raise PermissionDenied
    return tool


def _object(tool: Tool, user: Any, pk: int) -> Any:
    obj = selectors.tool_queryset(tool, user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@role_required(rules.can_use_workspace)
def workspace(request: HttpRequest) -> HttpResponse:
    groups = []
    for agency in selectors.agencies_public():
        if rules.can_manage(request.user, agency.slug):
            groups.append({"agency": agency, "tools": tools_for_agency(agency.slug)})
    return render(request, "agencies/workspace.html", {"groups": groups})


@login_required
def tool_list(request: HttpRequest, tool: str) -> HttpResponse:
    t = _tool_for(request, tool)
    page = Paginator(selectors.tool_queryset(t, request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    rows = [{"obj": obj, "cells": [resolve(obj, c.attr) for c in t.columns]} for obj in page]
    return render(
        request,
        "agencies/tool_list.html",
        {"tool": t, "page": page, "rows": rows, "can_create": t.key not in NO_CREATE},
    )


@login_required
def tool_create(request: HttpRequest, tool: str) -> HttpResponse:
    t = _tool_for(request, tool)
    if t.key in NO_CREATE:
        raise PermissionDenied
    return _tool_form(request, t, None)


@login_required
def tool_edit(request: HttpRequest, tool: str, pk: int) -> HttpResponse:
    t = _tool_for(request, tool)
    return _tool_form(request, t, _object(t, request.user, pk))


def _tool_form(request: HttpRequest, t: Tool, obj: Any) -> HttpResponse:
    # Every tool form lists its drop-downs for the viewer and the tool's agency (ToolForm).
    scope = rules.tool_scope(request.user, t.agency)
    form = t.form(request.POST or None, instance=obj, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.tool_save(tool=t, form=form, by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Dati salvati."))
            return redirect("agencies:tool_detail", tool=t.key, pk=saved.pk)
    return render(request, "agencies/tool_form.html", {"tool": t, "form": form, "object": obj})


def _detail_rows(t: Tool, obj: Any) -> list[dict]:
    rows = []
    for name in t.form._meta.fields:
        field = t.model._meta.get_field(name)
        if field.many_to_many:
            value = ", ".join(str(x) for x in getattr(obj, name).all()) or "—"
        elif getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
            if value is None or value == "":
                value = "—"
        rows.append({"label": field.verbose_name, "value": value})
    return rows


@login_required
def tool_detail(request: HttpRequest, tool: str, pk: int) -> HttpResponse:
    t = _tool_for(request, tool)
    obj = _object(t, request.user, pk)
    ctx: dict[str, Any] = {
        "tool": t,
        "object": obj,
        "rows": _detail_rows(t, obj),
        # A need's history has its own page (with the redactions made on it).
        "history": selectors.record_history(obj) if t.key != "bisogni" else [],
        "can_edit": t.key != "newsletter" or obj.status == NewsletterStatus.DRAFT,
    }
    if t.key == "bisogni":
        ctx["need"] = selectors.need_with_responses(obj.pk)
        ctx["link_form"] = f.NeedLinkForm(user=request.user)
    if t.key == "bandi":
        ctx["can_edit"] = obj.status == CallStatus.DRAFT
    return render(request, "agencies/tool_detail.html", ctx)
