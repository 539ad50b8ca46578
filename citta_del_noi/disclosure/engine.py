"""The linear-programming audit and the secondary suppression (see the package docstring)."""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack

# HiGHS directly when scipy ships its bindings (see _solver), else linprog.
try:
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - another scipy layout
    _highs = None

PRIMARY = "primary"
SECONDARY = "secondary"

SUM = "sum"  # total = sum of the parts (an exhaustive breakdown)
SUM_WITHIN = "sum_within"  # sum of the parts <= total (disjoint parts, not exhaustive)
EACH_WITHIN = "each_within"  # every part <= total (overlapping parts, e.g. target groups)
KINDS = (SUM, SUM_WITHIN, EACH_WITHIN)

EPS = 1e-6

Quantity = Hashable


@dataclass
class Cell:
    """One published place showing `quantity`. `ref` tells the caller where it is shown.

    `limit`: the threshold of a primary suppression (5, 10 for sensitive data). `locked`: already
    published elsewhere (an earlier edition): the engine never changes whether it is hidden.
    `hidden`: its state on entry ("" shown, PRIMARY or SECONDARY), e.g. a locked hidden cell or
    a choice already made table by table.
    """

    ref: Hashable
    quantity: Quantity
    value: float
    limit: int
    locked: bool = False
    hidden: str = ""


@dataclass(frozen=True)
class Relation:
    """A relation a reader knows between quantities (see the kinds above)."""

    total: Quantity
    parts: tuple[Quantity, ...]
    kind: str = SUM

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown relation kind {self.kind!r}")


@dataclass
class Finding:
    """The audit of one hidden quantity: what a reader can infer of it from everything else."""

    quantity: Quantity
    reason: str  # PRIMARY or SECONDARY
    value: float
    limit: int
    low: float | None  # None: the published data are inconsistent (no solution)
    high: float | None  # math.inf: no upper bound
    exposed: bool
    refs: list[Hashable] = field(default_factory=list)

    @property
    def required(self) -> tuple[int, int]:
        """The range the label "< limit" stands for; the interval must cover it."""
        return (1, max(1, self.limit - 1))


@dataclass
class Result:
    hidden: dict[Hashable, str]
    audit: list[Finding]
    seconds: float = 0.0
    linear_programmes: int = 0

    @property
    def exposed(self) -> list[Finding]:
        return [f for f in self.audit if f.exposed]


def _is_small(value: float, limit: int) -> bool:
    return 0 < value < limit


class _System:
    def __init__(
        self, cells: list[Cell], relations: Iterable[Relation], tolerance: float = 0.0
    ) -> None:
        self.cells = cells
        self.tolerance = tolerance
        self.value: dict[Quantity, float] = {}
        self.limit: dict[Quantity, int] = {}
        self.state: dict[Quantity, str] = {}
        self.locked: set[Quantity] = set()
        self.refs: dict[Quantity, list[Hashable]] = {}
        for cell in cells:
            q = cell.quantity
            self.value.setdefault(q, float(cell.value))
            self.limit[q] = max(self.limit.get(q, 0), int(cell.limit))
            self.refs.setdefault(q, []).append(cell.ref)
            if cell.hidden:
                # Hidden anywhere is hidden everywhere; primary wins over secondary.
                if self.state.get(q) != PRIMARY:
                    self.state[q] = cell.hidden
            else:
                self.state.setdefault(q, "")
            if cell.locked:
                self.locked.add(q)
        self.locked_shown = {
            c.quantity for c in cells if c.locked and not c.hidden
        }  # published as a number elsewhere: cannot be hidden any more
        # Constraints: (coefficients {quantity: coef}, is_equality); right-hand side 0.
        self.rows: list[tuple[dict[Quantity, float], bool]] = []
        for rel in relations:
            if rel.kind == EACH_WITHIN:
                for part in rel.parts:
                    if part != rel.total:
                        self.rows.append(({part: 1.0, rel.total: -1.0}, False))
                continue
            coefs: dict[Quantity, float] = {}
            for part in rel.parts:
                coefs[part] = coefs.get(part, 0.0) + 1.0
            coefs[rel.total] = coefs.get(rel.total, 0.0) - 1.0
            coefs = {q: c for q, c in coefs.items() if c}
            if coefs:
                self.rows.append((coefs, rel.kind == SUM))
        self.rows_of: dict[Quantity, list[int]] = {}
        for index, (coefs, _eq) in enumerate(self.rows):
            for q in coefs:
                self.rows_of.setdefault(q, []).append(index)
        self.linear_programmes = 0

    # --- state ---------------------------------------------------------------------------

    def published(self, q: Quantity) -> bool:
        """Shown as a number: a known constant for the reader."""
        return q in self.value and (not self.state.get(q) or q in self.locked_shown)

    def primary_pass(self) -> None:
        # A small count already published by an earlier edition is hidden too (it is then
        # reported as exposed: hiding it now cannot undo the earlier publication).
        for q, value in self.value.items():
            if _is_small(value, self.limit[q]):
                self.state[q] = PRIMARY

    def components(self) -> dict[Quantity, frozenset[Quantity]]:
        """Connected components of the unknown quantities (hidden or never published)."""
        parent: dict[Quantity, Quantity] = {}

        def find(q: Quantity) -> Quantity:
            while parent[q] != q:
                parent[q] = parent[parent[q]]
                q = parent[q]
            return q

        for q in [*self.value, *self.rows_of]:
            if not self.published(q):
                parent.setdefault(q, q)
        for coefs, _eq in self.rows:
            unknown = [q for q in coefs if not self.published(q)]
            for other in unknown[1:]:
                a, b = find(unknown[0]), find(other)
                if a != b:
                    parent[b] = a
        groups: dict[Quantity, set[Quantity]] = {}
        for q in parent:
            groups.setdefault(find(q), set()).add(q)
        out: dict[Quantity, frozenset[Quantity]] = {}
        for members in groups.values():
            frozen = frozenset(members)
            for q in members:
                out[q] = frozen
        return out

    def bounds(self, q: Quantity) -> tuple[float, float | None]:
        if self.state.get(q) == PRIMARY:
            limit = self.limit[q]
            value = self.value[q]
            # "< limit" of whole numbers tells 0..limit-1 (a share below limit-1 up to limit).
            return (0.0, float(limit - 1) if value <= limit - 1 + EPS else float(limit))
        return (0.0, None)

    def solve(self, component: frozenset[Quantity], targets: Iterable[Quantity]) -> dict:
        """{quantity: (low, high)} for each target of one component (low None if infeasible):
        one model per component, two solves per target (min and max)."""
        order = sorted(component, key=repr)
        column = {q: i for i, q in enumerate(order)}
        row_ids = sorted({r for q in order for r in self.rows_of.get(q, [])})
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        lower: list[float] = []
        upper: list[float] = []
        for r in row_ids:
            coefs, equality = self.rows[r]
            constant = 0.0
            unknown: dict[int, float] = {}
            for q, coef in coefs.items():
                if q in column:
                    unknown[column[q]] = unknown.get(column[q], 0.0) + coef
                else:
                    constant += coef * self.value[q]
            slack = self.tolerance * len(coefs) + EPS
            # sum(coef * x) + constant (<= | ==) 0, within the rounding slack
            for col, coef in unknown.items():
                indices.append(col)
                data.append(coef)
            indptr.append(len(indices))
            upper.append(-constant + slack)
            lower.append(-constant - slack if equality else -np.inf)
        bounds = [self.bounds(q) for q in order]
        solver = _solver(len(order), data, indices, indptr, lower, upper, bounds)
        out: dict[Quantity, tuple[float | None, float | None]] = {}
        for q in targets:
            i = column[q]
            low = solver(i, 1.0)
            self.linear_programmes += 1
            if low is None:  # infeasible: the published data contradict each other
                out[q] = (None, None)
                continue
            high = solver(i, -1.0)
            self.linear_programmes += 1
            out[q] = (low, float("inf") if high is None else high)
        return out

    def protected(self, q: Quantity, interval: tuple[float | None, float | None]) -> bool:
        low, high = interval
        if low is None or high is None:
            return False
        need_low, need_high = 1, max(1, self.limit[q] - 1)
        return low <= need_low + EPS and high >= need_high - EPS


def _solver(
    n: int,
    data: list[float],
    indices: list[int],
    indptr: list[int],
    lower: list[float],
    upper: list[float],
    bounds: list[tuple[float, float | None]],
) -> Any:
    """solve(i, sense) → the minimum (sense 1) or maximum (sense -1) of variable i, None when the
    model is infeasible (min) or unbounded (max). HiGHS directly when scipy ships its bindings
    (one model re-solved per objective: ~30 times faster than a linprog call each), otherwise
    scipy.optimize.linprog(method="highs")."""
    highs = _highs
    if highs is not None:
        h = highs._Highs()
        h.setOptionValue("output_flag", False)
        lp = highs.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(lower)
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.array([b[0] for b in bounds], dtype=float)
        lp.col_upper_ = np.array([highs.kHighsInf if b[1] is None else b[1] for b in bounds])
        lp.row_lower_ = np.array([-highs.kHighsInf if v == -np.inf else v for v in lower])
        lp.row_upper_ = np.array(upper, dtype=float)
        matrix = lp.a_matrix_
        matrix.format_ = highs.MatrixFormat.kRowwise
        matrix.num_col_ = n
        matrix.num_row_ = len(lower)
        matrix.start_ = np.array(indptr, dtype=np.int32)
        matrix.index_ = np.array(indices, dtype=np.int32)
        matrix.value_ = np.array(data, dtype=float)
        lp.a_matrix_ = matrix
        h.passModel(lp)
        state: dict[str, int | None] = {"last": None}

        def solve_highs(i: int, sense: float) -> float | None:
            last = state["last"]
            if last is not None and last != i:
                h.changeColCost(last, 0.0)
            h.changeColCost(i, sense)
            state["last"] = i
            h.run()
            status = h.getModelStatus()
            if status != highs.HighsModelStatus.kOptimal:
                return None
            return float(h.getSolution().col_value[i])

        return solve_highs

    matrix_ub = None
    rhs_ub = None
    if lower:
        rows = csr_matrix((data, indices, indptr), shape=(len(lower), n))
        finite = [k for k, v in enumerate(lower) if v != -np.inf]

        matrix_ub = vstack([rows, -rows[finite]]).tocsr() if finite else rows
        rhs_ub = np.array([*upper, *[-lower[k] for k in finite]])

    def solve_linprog(i: int, sense: float) -> float | None:
        c = np.zeros(n)
        c[i] = sense
        res = linprog(c, A_ub=matrix_ub, b_ub=rhs_ub, bounds=bounds, method="highs")
        return float(res.x[i]) if res.status == 0 else None

    return solve_linprog


def audit(cells: list[Cell], relations: Iterable[Relation], *, tolerance: float = 0.0) -> Result:
    """Audit the cells as they are (no suppression added): each hidden quantity's interval."""
    started = time.monotonic()
    system = _System(cells, relations, tolerance)
    findings = _findings(system)
    return Result(
        hidden=_hidden_refs(system),
        audit=findings,
        seconds=time.monotonic() - started,
        linear_programmes=system.linear_programmes,
    )


def protect(
    cells: list[Cell],
    relations: Iterable[Relation],
    *,
    tolerance: float = 0.0,
    max_rounds: int = 10_000,
) -> Result:
    """Primary suppression, then secondary suppression until the audit passes (or nothing is
    left to hide); returns the hidden cells and the final audit."""
    started = time.monotonic()
    system = _System(cells, relations, tolerance)
    system.primary_pass()
    cache: dict[frozenset[Quantity], dict] = {}
    stuck: set[Quantity] = set()
    for _round in range(max_rounds):
        comps = system.components()
        exposed: list[Quantity] = []
        for q in sorted(
            (q for q, s in system.state.items() if s == PRIMARY),
            key=repr,
        ):
            if q in system.locked_shown or q in stuck:
                continue
            comp = comps[q]
            if comp not in cache:
                primaries = [p for p in comp if system.state.get(p) == PRIMARY]
                cache[comp] = system.solve(comp, primaries)
            if not system.protected(q, cache[comp][q]):
                exposed.append(q)
        if not exposed:
            break
        progressed = False
        for q in exposed:
            pick = _candidate(system, q, comps[q])
            if pick is None:
                stuck.add(q)
                continue
            system.state[pick] = SECONDARY
            progressed = True
            break
        if not progressed:
            break
    findings = _findings(system, cache)
    return Result(
        hidden=_hidden_refs(system),
        audit=findings,
        seconds=time.monotonic() - started,
        linear_programmes=system.linear_programmes,
    )


def _candidate(system: _System, q: Quantity, comp: frozenset[Quantity]) -> Quantity | None:
    """The published quantity whose hiding loses the least information, among those in the
    relations of q's component (those in a relation with q itself first)."""
    direct: set[Quantity] = set()
    for r in system.rows_of.get(q, []):
        direct.update(system.rows[r][0])
    rows = {r for member in comp for r in system.rows_of.get(member, [])}
    pool: set[Quantity] = set()
    for r in rows:
        pool.update(system.rows[r][0])
    candidates = [
        p for p in pool if system.published(p) and p not in system.locked and p in system.refs
    ]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda p: (system.value[p] == 0, p not in direct, system.value[p], repr(p)),
    )


def _findings(system: _System, cache: dict | None = None) -> list[Finding]:
    comps = system.components()
    hidden = [q for q, s in system.state.items() if s and q in system.value]
    by_comp: dict[frozenset[Quantity], list[Quantity]] = {}
    for q in hidden:
        if q in comps:
            by_comp.setdefault(comps[q], []).append(q)
    findings: list[Finding] = []
    for comp, members in by_comp.items():
        known = (cache or {}).get(comp, {})
        todo = sorted((q for q in members if q not in known), key=repr)
        intervals = {**known, **(system.solve(comp, todo) if todo else {})}
        for q in members:
            reason = system.state[q]
            interval = intervals[q]
            exposed = (reason == PRIMARY and not system.protected(q, interval)) or interval[
                0
            ] is None
            findings.append(
                Finding(
                    quantity=q,
                    reason=reason,
                    value=system.value[q],
                    limit=system.limit[q],
                    low=interval[0],
                    high=interval[1],
                    exposed=exposed,
                    refs=list(system.refs.get(q, [])),
                )
            )
    for q in system.locked_shown:
        if _is_small(system.value[q], system.limit[q]):
            value = system.value[q]
            findings.append(
                Finding(
                    quantity=q,
                    reason=PRIMARY,
                    value=value,
                    limit=system.limit[q],
                    low=value,
                    high=value,
                    exposed=True,
                    refs=list(system.refs.get(q, [])),
                )
            )
    findings.sort(key=lambda f: (not f.exposed, repr(f.refs[:1]), repr(f.quantity)))
    return findings


def _hidden_refs(system: _System) -> dict[Hashable, str]:
    out: dict[Hashable, str] = {}
    for cell in system.cells:
        state = system.state.get(cell.quantity, "")
        if state and not cell.locked:
            out[cell.ref] = state
    return out


def describe_interval(low: Any, high: Any) -> str:
    """Italian text of an interval, e.g. "0 – 12" or "0 – ∞"."""

    def fmt(v: Any) -> str:
        if v is None:
            return "—"
        if v == float("inf"):
            return "∞"
        text = f"{v:,.1f}".rstrip("0").rstrip(".")
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")

    if low is None:
        return "—"
    return f"{fmt(low)} – {fmt(high)}"
