"""English, the second language: the catalog covers the strings of every module, including the
report texts and messages written with the `_g` alias (extracted by our makemessages)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import get_commands, load_command_class
from django.utils import translation

from bilancio_sociale.registry import Period
from cantieri.bilancio import indirect_beneficiaries_block

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_report_text_written_with_the_g_alias_reads_in_english() -> None:
    period = Period(date(2019, 1, 1), date(2019, 12, 31))
    with translation.override("it"):
        italian = indirect_beneficiaries_block(period)["note"]
    with translation.override("en"):
        english = indirect_beneficiaries_block(period)["note"]
    assert italian.startswith("Dato non ancora rilevato")
    assert english != italian and "not" in english.lower()


def test_makemessages_extracts_the_g_and_t_aliases() -> None:
    command: Any = load_command_class(get_commands()["makemessages"], "makemessages")
    assert {"--keyword=_g", "--keyword=_t"} <= set(command.xgettext_options)


def test_english_catalog_has_no_fuzzy_or_empty_translation() -> None:
    text = CATALOG.read_text(encoding="utf-8")
    assert "#, fuzzy\nmsgid" not in text.split("\n\n", 1)[1]  # the header may be fuzzy
    # an empty msgstr (or plural form) followed by a blank line or the end: untranslated
    empty = re.findall(r'\nmsgstr(?:\[\d\])? ""\n(?:\n|$)', text)
    assert empty == []
