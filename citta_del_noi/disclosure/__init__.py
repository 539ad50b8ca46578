"""Disclosure control that survives subtraction: one system of linear relations per publication.

A publication (a Bilancio Sociale edition, the coverage page a partner reads) is a set of
*cells*, each showing one *quantity* (a count of people), and a set of *relations* between the
quantities that a reader knows (a total is the sum of its parts; "di cui nuovi" is part of the
participants; a target group is within the participants of its action). The same quantity shown
in two tables is ONE variable: hiding it in one table and showing it in the other hides nothing.

    from citta_del_noi.disclosure import Cell, Relation, protect

    cells = [Cell(ref=("t", 0, "a"), quantity=("p", "nord"), value=3, limit=5), ...]
    relations = [Relation(total=("p",), parts=[("p", "nord"), ("p", "sud")])]
    result = protect(cells, relations)
    result.hidden        # {ref: "primary" | "secondary"}
    result.audit         # [Finding(quantity, reason, low, high, required, exposed)]
    result.exposed       # the findings whose interval does not cover the protected range

Rules:
- Primary suppression: a quantity with 0 < value < limit is hidden in every cell that shows it
  (its limit is the highest of its cells': a count shown in a sensitive column in one table is
  sensitive everywhere). Zero is shown: it discloses nothing about a person.
- A hidden quantity is hidden in every cell that shows it.
- Audit: for each primary-hidden quantity, the smallest and largest value consistent with every
  published value and relation (two linear programmes, scipy's HiGHS), the other hidden
  quantities being unknown (a primary one within its label: "< 5" tells 0..4; a secondary one
  "n.d." any value >= 0). The quantity is *protected* when the interval covers the whole range
  its label stands for, 1..limit-1: a reader learns nothing beyond "< limit". Otherwise it is
  *exposed*.
- Secondary suppression: while a quantity is exposed, hide the published quantity of smallest
  value (non-zero first: the least information lost) among those in the relations of its
  connected component, and audit again, until every hidden quantity is protected or nothing is
  left to hide (then it stays exposed and the caller must refuse to publish).

Only the connected components of the system that contain a hidden quantity are solved, each once
per change: the work grows with the number of small counts, not with the size of the tables.
Integers are relaxed to reals (conservative for the interval check, since the real interval
contains the integer one); equalities allow `tolerance` per term for values rounded to 0.1.

This package is cross-cutting: cantieri and bilancio_sociale both use it (see
bilancio_sociale/disclosure.py for how a Bilancio block declares its quantities).
"""

from .engine import (
    PRIMARY,
    SECONDARY,
    Cell,
    Finding,
    Relation,
    Result,
    audit,
    protect,
)

__all__ = [
    "PRIMARY",
    "SECONDARY",
    "Cell",
    "Finding",
    "Relation",
    "Result",
    "audit",
    "protect",
]
