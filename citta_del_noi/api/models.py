"""Personal API tokens: only a keyed hash of the secret is stored; the secret is shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Sola lettura")
    WRITE = "write", _("Lettura e scrittura")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nome"), max_length=100)
    prefix = models.CharField(_("prefisso"), max_length=12, unique=True)
    digest = models.CharField(max_length=64)  # HMAC-SHA256 of the secret, hex
    scope = models.CharField(
        _("permessi"), max_length=5, choices=TokenScope.choices, default=TokenScope.READ
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("scadenza"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
