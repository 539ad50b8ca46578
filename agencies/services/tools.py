"""Saving through the generic tools, and the rules each model's save follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from citta_del_noi.privacy.validators import refuse_personal_data

from ..models import (
    NEED_TEXT_FIELDS,
    BudgetLine,
    LibraryDocument,
    Need,
    Tag,
)
from ._common import _can_manage
from .budget import budget_line_check
from .needs import need_recompute_status

# --- generic tools ---------------------------------------------------------------------------


@transaction.atomic
def tool_save(*, tool: Any, form: Any, by: Any) -> Any:
    """Save a tool's form; the rules of its model (TOOL_RULES_BEFORE_SAVE on the form's data,
    TOOL_RULES_AFTER_SAVE on the saved row) run inside the same transaction."""
    if not _can_manage(by, tool.agency):
        raise PermissionDenied
    model = type(form.instance)
    for before in TOOL_RULES_BEFORE_SAVE.get(model, ()):
        before(form=form, by=by)
    obj = form.save()
    for after in TOOL_RULES_AFTER_SAVE.get(model, ()):
        after(obj=obj, form=form, by=by)
    return obj


def need_texts_hold_no_personal_data(*, form: Any, by: Any) -> None:
    refuse_personal_data(form.cleaned_data, NEED_TEXT_FIELDS)


def budget_lines_stay_within_the_allocation(*, obj: BudgetLine, form: Any, by: Any) -> None:
    budget_line_check(
        source=obj.source, year=obj.year, amount=obj.amount, exclude_pk=obj.pk, lock=True
    )


def need_status_follows_its_responses(*, obj: Need, form: Any, by: Any) -> None:
    need_recompute_status(need=obj, by=by)


def library_document_tags_follow_the_text(*, obj: LibraryDocument, form: Any, by: Any) -> None:
    """The comma-separated tags of the form become the document's tags (created if new)."""
    library_document_tags_set(document=obj, text=form.cleaned_data.get("tags_text", ""))


def library_document_tags_set(*, document: LibraryDocument, text: str) -> None:
    tags = []
    for name in {n.strip() for n in text.split(",")}:
        if name and slugify(name):
            tag, _c = Tag.objects.get_or_create(
                slug=slugify(name)[:60], defaults={"name": name[:60]}
            )
            tags.append(tag)
    document.tags.set(tags)


BeforeSave = Callable[..., None]
AfterSave = Callable[..., None]
TOOL_RULES_BEFORE_SAVE: dict[type, tuple[BeforeSave, ...]] = {
    Need: (need_texts_hold_no_personal_data,),
}
TOOL_RULES_AFTER_SAVE: dict[type, tuple[AfterSave, ...]] = {
    BudgetLine: (budget_lines_stay_within_the_allocation,),
    Need: (need_status_follows_its_responses,),
    LibraryDocument: (library_document_tags_follow_the_text,),
}
