"""Writes of the search app: the suggestion vocabulary."""

from __future__ import annotations

import re
from collections import Counter

from django.db import transaction

from .models import WORD_MAX, SearchTerm
from .registry import providers

MIN_WORD = 4  # shorter words ("di", "per", "via") make noisy suggestions


def vocabulary_words() -> Counter[str]:
    """Every word (lower case, letters only) of every provider's public vocabulary."""
    words: Counter[str] = Counter()
    for p in providers():
        if p.vocabulary is None:
            continue
        for text in p.vocabulary():
            for word in re.findall(r"[^\W\d_]+", str(text or "").lower()):
                if MIN_WORD <= len(word) <= WORD_MAX:
                    words[word] += 1
    return words


@transaction.atomic
def refresh_vocabulary() -> int:
    """Replace the vocabulary with the current public words; returns how many."""
    words = vocabulary_words()
    SearchTerm.objects.all().delete()
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=w, frequency=n) for w, n in sorted(words.items())], batch_size=1000
    )
    return len(words)
