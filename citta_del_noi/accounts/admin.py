"""User management in the Django admin: staff invite people; only administrators grant rights."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .emails import email_normalize
from .models import User
from .roles import is_admin
from .services import invitation_send, user_invite

PRIVILEGED_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions", "staff_zones")


class InviteUserForm(forms.ModelForm):
    """The add form: no password, the person chooses it from the invitation email."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")

    def clean_email(self) -> str:
        return email_normalize(self.cleaned_data["email"])


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("email", "first_name", "last_name")
    filter_horizontal = ("groups", "user_permissions", "staff_zones")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Dati personali"), {"fields": ("first_name", "last_name")}),
        (
            _("Ruoli e permessi"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "staff_zones")},
        ),
        (_("Date"), {"fields": ("last_login", "date_joined")}),
    )
    add_form = InviteUserForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name"),
                "description": _(
                    "La persona riceverà un'email con il collegamento per scegliere la password. "
                    "Per farne un referente di organizzazione aggiungi poi un «referente di "
                    "organizzazione»."
                ),
            },
        ),
    )
    actions = ["send_invitation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_admin(request.user):
            # Comune staff manage people, but cannot grant staff or administrator rights.
            readonly += [f for f in PRIVILEGED_FIELDS if f not in readonly]
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Staff accounts (and their passwords) are managed by administrators only.
        if obj is not None and (obj.is_staff or obj.is_superuser) and not is_admin(request.user):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        invited = user_invite(
            email=obj.email,
            first_name=obj.first_name,
            last_name=obj.last_name,
            by=request.user if request.user.is_authenticated else None,
        )
        obj.pk = invited.pk
        obj.password = invited.password
        obj._state.adding = False
        obj._state.db = invited._state.db
        messages.info(
            request,
            _("Invito inviato a %(email)s per scegliere la password.") % {"email": invited.email},
        )

    @admin.action(description=_("Invia l'invito a scegliere la password"))
    def send_invitation(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset.filter(is_active=True):
            invitation_send(user=user)
            count += 1
        self.message_user(
            request,
            ngettext("Invito inviato a %(n)d persona.", "Inviti inviati a %(n)d persone.", count)
            % {"n": count},
            messages.SUCCESS,
        )
