from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Membership, MembershipRole, Organization


class MembershipAddForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "organization", "role")

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
                _("Questa persona è già un membro attivo di questa organizzazione.")
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


class MemberInviteForm(forms.Form):
    """The referent invites a person by email with a role."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Indica l'indirizzo email della persona."),
            "invalid": _("Scrivi un indirizzo email valido, per esempio nome@esempio.it."),
        },
    )
    role = forms.ChoiceField(
        label=_("Ruolo"),
        choices=MembershipRole.choices,
        initial=MembershipRole.COMPILATORE,
        error_messages={"required": _("Scegli un ruolo."), "invalid_choice": _("Scegli un ruolo.")},
        help_text=_(
            "Referente: invia le attività e gestisce i membri. Compilatore: registra bozze, anche "
            "importandole. Lettore: consulta ed esporta."
        ),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Ruolo"),
        choices=MembershipRole.choices,
        error_messages={"required": _("Scegli un ruolo."), "invalid_choice": _("Scegli un ruolo.")},
    )
