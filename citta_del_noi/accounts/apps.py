from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "citta_del_noi.accounts"
    label = "accounts"
    verbose_name = _("Utenti e ruoli")

    def ready(self) -> None:
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.models import Group

        from citta_del_noi.organizations.models import Membership

        from . import role_cache
        from .models import User

        # the rows the roles in roles.py derive from (role_cache.py)
        role_cache.watch(Group)
        role_cache.watch(Membership)
        role_cache.watch(Authenticator)
        role_cache.watch_m2m(User.groups.through)
        role_cache.watch_m2m(User.staff_zones.through)
