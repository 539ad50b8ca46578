"""Utilities every layer may use, territori included: no models, no imports of the portal's apps.

text_limits (maximum lengths of free text), storage (files through Django's storage API),
spreadsheets (the one formula neutraliser for every CSV/XLSX written)."""
