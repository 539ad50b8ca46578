"""``makemessages`` that also extracts the project's gettext aliases.

Some modules import ``gettext`` under a local alias, to keep ``_`` free for
other uses: ``from django.utils.translation import gettext as _g`` (Bilancio
Sociale, cantieri) and ``gettext as _t`` (jobs). xgettext only knows the
standard keywords (``_``, ``gettext``, ``gettext_lazy``, ``ngettext``,
``pgettext``...), so strings wrapped in ``_g(...)``/``_t(...)`` were never
written to the catalogs and English users saw them in Italian.

Django documents overriding this command to pass extra options to xgettext:
an app command with the same name takes precedence over Django's own, so
``manage.py makemessages`` (and ``make messages``) uses this one.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=_g",
        "--keyword=_t",
    ]
