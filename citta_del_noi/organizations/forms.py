from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organization


class MembershipAddForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "organization")

    def validate_unique(self) -> None:
        # An ended membership is reactivated by membership_add instead of duplicated.
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user, org = data.get("user"), data.get("organization")
        if (
            user
            and org
            and Membership.objects.filter(user=user, organization=org, active=True).exists()
        ):
            raise forms.ValidationError(
                _("Questa persona è già referente attiva di questa organizzazione.")
            )
        return data


def _formfield(field: Any, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = (
            "name",
            "slug",
            "legal_form",
            "codice_fiscale",
            "is_project_partner",
            "address",
            "email",
            "website",
            "active",
        )
        formfield_callback = _formfield
        error_messages = {
            "codice_fiscale": {
                "unique": _("Un'altra organizzazione ha già questo codice fiscale."),
            },
            "name": {"unique": _("Esiste già un'organizzazione con questa denominazione.")},
        }
