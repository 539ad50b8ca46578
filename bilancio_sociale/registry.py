"""The Bilancio's section registry lives in the shared layer, where the apps that register their
sections can import it: citta_del_noi/reporting/bilancio.py. These names are kept for the
Bilancio's own modules."""

from citta_del_noi.reporting.bilancio import (
    BlockData,
    DataBlock,
    KeyFigure,
    Period,
    Provider,
    Section,
    get_section,
    key_figures_for,
    preparations,
    register_key_figures,
    register_preparation,
    register_section,
    sections,
    unregister_section,
)

__all__ = [
    "BlockData",
    "DataBlock",
    "KeyFigure",
    "Period",
    "Provider",
    "Section",
    "get_section",
    "key_figures_for",
    "preparations",
    "register_key_figures",
    "register_preparation",
    "register_section",
    "sections",
    "unregister_section",
]
