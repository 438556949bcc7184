"""The direction each part of thesis §9 gives for a ticket transfer, encoded with the
passage it comes from (paraphrased) and a pattern that finds that passage in the source.

Two kinds of passage are told apart.  *Labels* (the two subsection headings and the two
planned experiments of the section introduction) name a direction and nothing else.
*Descriptions* (each subsection's mask operation and its figure caption) say what was
actually done: a caption names "from A to B"; a mask operation names it implicitly, since
duplicating output rows maps the 2-output NL network to the 4-output HH network and
truncating rows maps HH to NL.  A claim about the labels is checked against the descriptions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..sources import source_text

THESIS = "imp-renormalisation-group-thesis.md"

#: Output counts of the two networks (§8.2-8.3) and the row change an operation makes.
OUTPUTS = {"NL": 2, "HH": 4}
OPERATION_ROWS = {"duplicate": (2, 4), "truncate": (4, 2)}
DIRECTIONS = ("NL->HH", "HH->NL")


@dataclass(frozen=True)
class DirectionStatement:
    """One place in §9 that states or implies a transfer direction."""

    section: str      # "9.1", "9.2" or "9 (intro)"
    role: str         # heading, body operation, figure caption, plan
    paraphrase: str
    pattern: str      # regex that locates the passage in the thesis
    source: str | None = None   # stated direction, "NL->HH" / "HH->NL"
    operation: str | None = None  # or the mask operation that implies it

    def direction(self) -> str:
        if self.source is not None:
            return self.source
        rows_from, rows_to = OPERATION_ROWS[str(self.operation)]
        a = next(k for k, v in OUTPUTS.items() if v == rows_from)
        b = next(k for k, v in OUTPUTS.items() if v == rows_to)
        return f"{a}->{b}"


#: What each subsection describes doing (§9.1, §9.2 bodies and figure 6-7 captions).
DESCRIPTIONS: tuple[DirectionStatement, ...] = (
    DirectionStatement("9.1", "body operation",
                       "the NL mask is duplicated so that it fits the HH network",
                       r"duplicating the mask of the NL.{0,60}to the HH",
                       operation="duplicate"),
    DirectionStatement("9.1", "figure 6 caption", "caption: tickets moved from NL to HH",
                       r"Figure 6:.{0,200}\(NL\) model to the Henon",
                       source="NL->HH"),
    DirectionStatement("9.2", "body operation",
                       "a 4-row mask is cut to 2 rows (2nd and 4th rows dropped)",
                       r"4 by 50.{0,40}2 by 50.{0,30}truncate",
                       operation="truncate"),
    DirectionStatement("9.2", "figure 7 caption", "caption: tickets moved from HH to NL",
                       r"Figure 7:.{0,80}HH system to NL", source="HH->NL"),
)

#: The subsection headings as printed.
HEADINGS: tuple[DirectionStatement, ...] = (
    DirectionStatement("9.1", "heading", "heading: transfer from HH to NL",
                       r"9\.1 Transfer from HH system to NL Oscillator", source="HH->NL"),
    DirectionStatement("9.2", "heading", "heading: transfer from NL to HH",
                       r"9\.2 Transfer from NL Oscillator System to HH System", source="NL->HH"),
)

#: The two experiments the section introduction plans, as printed.
PLAN: tuple[DirectionStatement, ...] = (
    DirectionStatement("9 (intro)", "plan, first experiment",
                       "the first experiment moves NL masks onto the HH network",
                       r"Firstly.{0,120}Oscillator to the HH",
                       source="NL->HH"),
    DirectionStatement("9 (intro)", "plan, reciprocal experiment",
                       "the 'reciprocal' experiment again moves the NL oscillator's mask onto the HH network",
                       r"reciprocate.{0,80}NL oscillator HNN to the HH",
                       source="NL->HH"),
)

STATEMENTS: tuple[DirectionStatement, ...] = PLAN + HEADINGS + DESCRIPTIONS


def printed_headings() -> dict[str, str]:
    """Section -> the direction its heading names, as printed."""
    return {s.section: s.direction() for s in HEADINGS}


def printed_plan() -> tuple[str, ...]:
    """The directions of the introduction's two planned experiments, as printed."""
    return tuple(s.direction() for s in PLAN)


def located(statements: tuple[DirectionStatement, ...] = STATEMENTS) -> dict[str, bool] | None:
    """For each statement, whether its pattern occurs in the thesis; None if the thesis is not
    where :func:`theorems.sources.seeds_dir` looks."""
    text = source_text(THESIS)
    if text is None:
        return None
    return {s.paraphrase: re.search(s.pattern, text, flags=re.S) is not None for s in statements}


def contradictions(headings: Mapping[str, str], plan: Sequence[str],
                   descriptions: tuple[DirectionStatement, ...] = DESCRIPTIONS) -> list[str]:
    """Where a heading names another direction than its subsection's body and caption, where
    body and caption disagree, and where the plan's two experiments are not reciprocal."""
    found = []
    for section, heading in headings.items():
        described = {s.role: s.direction() for s in descriptions if s.section == section}
        if len(set(described.values())) > 1:
            found.append(f"§{section}: " + "; ".join(f"{r} says {d}" for r, d in described.items()))
        clashing = {r: d for r, d in described.items() if d != heading}
        if clashing:
            found.append(f"§{section}: heading says {heading}, " + ", ".join(f"{r} says {d}" for r, d in clashing.items()))
    if sorted(plan) != sorted(DIRECTIONS):
        found.append(f"§9 intro: the planned experiments are {' and '.join(plan)}, not one each way")
    return found
