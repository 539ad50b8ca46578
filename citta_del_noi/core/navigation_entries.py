from django.utils.translation import gettext_lazy as _

from citta_del_noi.accounts import roles

from .navigation import NavEntry, register

register(NavEntry("core:programma", _("Il programma"), order=10, public=True))
register(NavEntry("core:territorio", _("Territorio"), order=20, public=True))
register(
    NavEntry("core:area_riservata", _("La mia area"), order=1, visible=lambda u: u.is_authenticated)
)
register(
    NavEntry("admin:index", _("Amministrazione dati"), order=99, visible=roles.is_comune_staff)
)
