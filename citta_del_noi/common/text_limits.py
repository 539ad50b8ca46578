"""Maximum lengths of free text, in characters: every TextField and free-text form field has one.

Documented in the README ("Limiti dei testi liberi"). A longer text is refused next to its field
with Django's Italian message ("Assicurati che questo valore non contenga più di … caratteri").
"""

from __future__ import annotations

SHORT_TEXT_MAX = 2000  # reasons, notes, comments, messages
LONG_TEXT_MAX = 10000  # descriptions, summaries, objectives, outcomes, evidence
DOCUMENT_TEXT_MAX = 50000  # minutes, decisions, the bodies of published texts and newsletters
