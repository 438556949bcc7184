"""The verdict record every check returns, and the vocabulary it is written in.

A check never prints a verdict; it returns a :class:`Verdict`.  The runner turns an
exception into ``Status.ERROR``, so one broken check cannot crash a run.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Mapping, Sequence

import numpy as np


class EmptyEvidence(ValueError):
    """A decision was asked of no evidence: zero cases, trials or points, or a degenerate interval.

    A check that finds no counterexample among no cases has shown nothing, so a decision helper
    raises this instead of returning ``verified`` (the runner reports it as an ``error`` verdict)."""


def count_checked(checked: Any) -> int:
    """How many cases ``checked`` stands for: an ``int`` as given, a sized collection by its length.

    Raises :class:`EmptyEvidence` when it is zero (or empty) and ``TypeError`` for anything else
    (``None``, a bool, a float: the count must be a real count of what was examined)."""
    if isinstance(checked, bool) or checked is None:
        raise TypeError(f"checked must be the number of cases examined (an int or a sized collection), "
                        f"got {checked!r}")
    if isinstance(checked, (int, np.integer)):
        n = int(checked)
    elif hasattr(checked, "__len__"):
        n = len(checked)
    else:
        raise TypeError(f"checked must be an int or a sized collection, got {type(checked).__name__}")
    if n < 0:
        raise ValueError(f"checked must be a count, got {n}")
    if n == 0:
        raise EmptyEvidence("no cases were examined: the claim's evidence is empty, so nothing was shown")
    return n


class Status(str, Enum):
    """Outcome of a check.  The string values are what the report and the registry use."""

    VERIFIED = "verified"
    REFUTED = "refuted"
    INCONCLUSIVE = "inconclusive"  # not enough power at this budget; say what would decide it
    ILL_POSED = "ill-posed"  # cannot be made precise; say why
    ERROR = "error"  # the check raised
    SKIPPED = "skipped"  # something is missing (a GPU, a package); say what


class Severity(str, Enum):
    """How bad a finding against a document is (only refuted document claims carry one)."""

    TYPO = "typo"  # one symbol, index or label off; the evident correction is a verified sibling claim
    PROOF_GAP = "proof-gap"  # a step of the argument is invalid (the record says whether the conclusion survives)
    FALSE = "false"  # the stated conclusion itself fails: counterexample or measurement
    NOT_REPRODUCED = "not-reproduced"  # an empirical statement fails at the document's own scale


class Scope(str, Enum):
    """How an empirical measurement relates to the document's own experiment."""

    DOCUMENT = "document"  # the source's own task and scale
    REDUCED = "reduced"  # the same task at a smaller budget
    PROXY = "proxy"  # a substitute task or model


class Origin(str, Enum):
    """Whose statement a claim is: a source document's, or the suite's own (an extension)."""

    DOCUMENT = "document"
    SUITE = "suite"


class Kind(str, Enum):
    """How a claim is checked (see ../shared/claims.md)."""

    SYMBOLIC = "symbolic"
    EXACT = "exact"
    PROPERTY = "property"
    STATISTICAL = "statistical"
    EMPIRICAL = "empirical"
    AUDIT = "audit"


@dataclass(frozen=True)
class Source:
    """Where a claim is made: a file in ``shared/seeds`` and a section or equation."""

    document: str
    location: str

    def __str__(self) -> str:
        return f"{self.document} {self.location}"

    @classmethod
    def factory(cls, document: str) -> Callable[[str], "Source"]:
        """Locations in one document: ``src = Source.factory(DOC)``, then ``src("§3.1")``."""
        return functools.partial(cls, document)


@dataclass(frozen=True)
class Figure:
    """A figure a check produced: a PNG written under the report's figure folder."""

    path: str  # relative to the report directory
    caption: str


@dataclass
class Verdict:
    """What a check found.

    ``claimed`` holds what the source states, ``measured`` what we computed;
    ``counterexample`` is required when ``status`` is ``REFUTED`` (the runner
    enforces it), and ``intervals`` holds confidence intervals as ``[low, high]``.
    """

    status: Status
    claimed: Any
    measured: Any
    counterexample: Any = None
    intervals: Mapping[str, Sequence[float]] = field(default_factory=dict)
    notes: str = ""
    evidence: Mapping[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    decision_detail: str = ""  # how the stated rule applied to these numbers
    finding: str = ""  # when refuted: what is true instead, in one line built from the numbers
    would_decide: str = ""  # when inconclusive: the budget or data that would decide it
    gated_from: Status | None = None  # set by the runner's scope gate: the rule's outcome before it
    replicates: Mapping[str, str] | None = None  # a training-based check's outcome per numerics replicate

    def __post_init__(self) -> None:
        self.status = Status(self.status)
        if self.status is Status.REFUTED and self.counterexample is None:
            raise ValueError("a refuted verdict must carry its counterexample or measurement")

    @classmethod
    def from_check(cls, holds: bool, *, checked: Any, counterexample: Any = None, **fields: Any) -> "Verdict":
        """``verified`` if the claimed statement ``holds``, else ``refuted`` by ``counterexample``.

        ``checked`` is what the decision rests on: the number of cases, points or networks examined,
        or the collection of them.  None examined raises :class:`EmptyEvidence`, never a verdict."""
        count_checked(checked)
        if holds:
            return cls(status=Status.VERIFIED, **fields)
        return cls(status=Status.REFUTED, counterexample=counterexample, **fields)

    @classmethod
    def from_counterexamples(cls, found: Sequence[Any], *, checked: Any, **fields: Any) -> "Verdict":
        """For a 'for every case' claim: ``refuted`` by the first of the counterexamples
        ``found``, ``verified`` if there are none among the ``checked`` cases (a count or the
        collection examined; none examined raises :class:`EmptyEvidence`)."""
        return cls.from_check(not found, checked=checked, counterexample=found[0] if found else None, **fields)


def to_jsonable(value: Any) -> Any:
    """Convert numpy scalars/arrays, enums, tuples and non-finite floats to plain JSON; a sympy
    expression or relational (a key too) becomes its inline math text (:func:`theorems.mathtext.math`),
    a sympy boolean a bool."""
    import sympy

    from .mathtext import math as math_text

    if isinstance(value, (sympy.Basic, sympy.MatrixBase)):
        if value in (sympy.true, sympy.false):
            return bool(value)
        return math_text(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {(math_text(k) if isinstance(k, sympy.Basic) else str(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, np.generic):
        return to_jsonable(value.item())
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)
