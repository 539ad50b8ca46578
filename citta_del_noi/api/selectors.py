from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken
from .services import AnyUser


def tokens_of(user: AnyUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at")


def token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()
