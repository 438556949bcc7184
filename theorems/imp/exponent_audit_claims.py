"""Audits of the layer-only critical exponents the IMP thesis prints in §8.2 (table 1, figure 2 and
the paragraphs after them): do the rankings its text states follow from its own printed numbers?

No training: every number is transcribed from the thesis, with the passage it is printed in, and
each passage is located in the source text when the thesis is in the seeds folder (a transcribed
passage that is not found is an error).  What a claim asserts (a ranking, the text's exponents, the
relation between a fitted gradient and an exponent) is a keyword-only parameter of its check.

The relation gradient -> exponent is the thesis's own: table 1's caption takes the exponent as the
negative of the slope fitted to the log-log plot of error against density in the power-law region
(the law e ~ d^(-γ) of imp.power-law.form.corrected).  The thesis prints no fitted gradients at 1%
(figure 1's panels carry no text in the source), so table 1's exponents cannot be rederived from
gradients; the relation is checked where both numbers are printed, the output layer at 5%
(figure 2: gradient -2.72588; text: exponent 2.7258).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import sympy as sp

from .. import mathtext as mt
from ..context import CheckContext
from ..registry import claim, control, mutant
from ..sources import passage_lines
from ..verdict import Kind, Source, Verdict

DOC = "imp-renormalisation-group-thesis.md"
src = Source.factory(DOC)

LAYERS = ("input", "hidden", "output")

#: §8.2 table 1, 'Critical exponent at 1% IMP', one row per layer pruned alone.
TABLE1_EXPONENTS: dict[str, float] = {"input": 2.9777, "hidden": 1.2025, "output": 2.1934}

#: §8.2, the paragraph after figure 2: the 5% exponents the text names (output largest, input next).
TEXT_5PCT_EXPONENTS: dict[str, float] = {"output": 2.7258, "input": 0.9038}
TEXT_5PCT_RANKING: tuple[str, ...] = ("output", "input", "hidden")

#: §8.2 figure 2, the text printed on its panels.  The panel titles read 'IMP of first layer',
#: 'IMP of second layer' and 'IMP of output layer', each 'at 5.0% level'.  Panel (c) prints
#: 'Gradient = -2.72588'; one further label '= -2.54687' follows the titles of panels (a) and (b)
#: and their two 'MSE' axis labels, so the page alone does not say which of the two it sits on.
#: Every attribution the layout allows is kept; the text's 0.9038 is the input exponent either way.
FIG2_PANELS: dict[str, tuple[str, float]] = {"(a)": ("input", 5.0), "(b)": ("hidden", 5.0), "(c)": ("output", 5.0)}
FIG2_GRADIENTS: dict[str, dict[str, float]] = {
    "-2.54687 on panel (b), second (hidden) layer": {"hidden": -2.54687, "output": -2.72588},
    "-2.54687 on panel (a), first (input) layer": {"input": -2.54687, "output": -2.72588},
}
#: §8.3 (after figure 5): the full-model slopes the thesis compares, NL -7.1626 and HH -35.9853.
SECTION_8_3_GRADIENTS: dict[str, float] = {"NL full model": -7.1626, "HH full model": -35.9853}

#: The text gives exponents to 4 decimals: a figure gradient agrees with one when they differ by
#: less than one unit in that place (2.72588 printed as 2.7258 is a truncation, 8e-5 away).
TEXT_PRECISION = 1e-4

g = sp.Symbol("g")
#: Table 1's caption: the exponent is the negative of the fitted log-log gradient.
THESIS_RELATION = -g

#: Where each transcribed number is printed (regex per line of the thesis).
PASSAGES: dict[str, str] = {
    "table 1, input row": r"only input layer pruning\s+2\.9777",
    "table 1, hidden row": r"only hidden layer pruning\s+1\.2025",
    "table 1, output row": r"only output layer pruning\s+2\.1934",
    "table 1 caption (exponent = negative of the regression)": r"Table 1:.*negative of the linear regression",
    "text after table 1 (input first, output second)": r"input layer is the most important.*output layer is the second most",
    "figure 2 panel text": r"IMP of first layer at 5\.0% level.*second layer at 5\.0% level MSE MSE = -2\.54687"
                           r".*output layer at 5\.0% level.*Gradient = -2\.72588",
    "figure 2 caption": r"Figure 2: IMP at 5% performed on each layer separately",
    "text after figure 2 (output 2.7258 largest, input 0.9038 second)":
        r"output layer has the largest critical exponent \(2\.7258\) and the input layer has the second largest "
        r"critical exponent \(0\.9038\)",
    "text after figure 3 (input and output the most important at every rate)":
        r"overall the input and output layer is the most important",
    "§8.3 slopes": r"\(-35\.9853 vs -7\.1626\)",
}


def _passages() -> dict[str, int] | None:
    """Line numbers of the transcribed passages (None when the thesis is not in the seeds folder)."""
    return passage_lines(DOC, PASSAGES)


def _located_note(*labels: str) -> str:
    """Where the passages a check reads are printed (all of PASSAGES are located, so a missing one is
    an error in every check)."""
    lines = _passages()
    if lines is None:
        return "The thesis is not in the seeds folder here; the check used the transcribed numbers only."
    return "Located in the thesis: " + mt.pairs({k: f"line {lines[k]}" for k in labels}) + "."


def _order_violations(values: Mapping[str, float], ranking: Sequence[str]) -> list[str]:
    """Adjacent pairs of ``ranking`` (largest first) whose values are not strictly decreasing; a pair
    with a layer of unknown value is left undecided."""
    bad = []
    for upper, lower in zip(ranking, ranking[1:]):
        if upper in values and lower in values and not values[upper] > values[lower]:
            bad.append(f"{upper} {mt.num(values[upper], 6)} is not above {lower} {mt.num(values[lower], 6)}")
    return bad


def _exponent(relation: sp.Expr, gradient: float) -> float:
    return float(relation.subs(g, gradient))


# --------------------------------------------------------------------------- IMP-106: table 1's ranking

@claim(
    "imp.layer-exponents.table1-ranking",
    title="§8.2 table 1: the printed 1% exponents rank input > output > hidden, as the text reads them",
    source=src("§8.2 table 1 and the paragraph after it"),
    kind=Kind.AUDIT,
    statement="""The paragraph after table 1 ranks the layers by their 1% layer-only critical exponent: the
        input layer's is the largest (most important layer), the output layer's second, the hidden layer's
        the smallest.  Audited here against the three exponents table 1 prints, not against training runs.""",
    decision_rule="""Sort table 1's three printed exponents (input 2.9777, hidden 1.2025, output 2.1934) from
        largest to smallest; verified if every adjacent pair of the stated ranking is strictly decreasing,
        refuted with the first pair that is not.""",
    recorded="verified",
    mutants=[mutant("output first and input second (the order the text gives at 5%)",
                    ranking=("output", "input", "hidden")),
             mutant("hidden above output", ranking=("input", "hidden", "output"))],
)
def _table1_ranking(ctx: CheckContext, *, ranking: Sequence[str] = ("input", "output", "hidden")) -> Verdict:
    bad = _order_violations(TABLE1_EXPONENTS, ranking)
    printed_order = sorted(TABLE1_EXPONENTS, key=TABLE1_EXPONENTS.__getitem__, reverse=True)
    return Verdict.from_counterexamples(
        bad, checked=len(ranking) - 1,
        claimed=" > ".join(ranking),
        measured={"table 1 exponents at 1%": dict(TABLE1_EXPONENTS), "order of the printed values": " > ".join(printed_order)},
        decision_detail=" > ".join(f"{k} {mt.num(TABLE1_EXPONENTS[k], 5)}" for k in printed_order),
        finding="; ".join(bad),
        notes=_located_note("table 1, input row", "table 1, hidden row", "table 1, output row",
                            "text after table 1 (input first, output second)") + " Only the order of the printed numbers is audited: whether a larger exponent "
              "means a more important layer is the thesis's interpretation, and whether the numbers reproduce "
              "on training runs is imp.layer-exponents.values / imp.layer-exponents.ordering.")


# --------------------------------------------------------------------------- IMP-107: figure 2's panels

@claim(
    "imp.layer-exponents.fig2-panels",
    title="§8.2 fig. 2: its panels are 5% layer-only runs of the three layers, with negative log-log gradients",
    source=src("§8.2 figure 2 (panel text and caption)"),
    kind=Kind.AUDIT,
    statement="""Figure 2, captioned as IMP at 5% applied to each layer separately, holds one panel per layer
        (first, second and output layer), each titled as a 5% run, and the fitted gradients it prints are
        negative: the error grows as the density falls, so under table 1's relation (exponent = minus the
        gradient) they are positive critical exponents like table 1's.""",
    decision_rule="""From the transcribed panel text: verified if every panel's rate equals the caption's, the
        panels cover input, hidden and output once each, and every printed gradient has the stated sign
        (negative); refuted with the first panel or gradient that does not.""",
    recorded="verified",
    mutants=[mutant("the caption of figure 3, IMP at 10%", caption_rate=10.0),
             mutant("positive gradients (error falling as density falls)", gradient_sign="positive")],
)
def _fig2_panels(ctx: CheckContext, *, caption_rate: float = 5.0, gradient_sign: str = "negative") -> Verdict:
    bad = [f"panel {p} is a {mt.num(rate)}% run, the caption says {mt.num(caption_rate)}%"
           for p, (_, rate) in FIG2_PANELS.items() if rate != caption_rate]
    covered = sorted(layer for layer, _ in FIG2_PANELS.values())
    if covered != sorted(LAYERS):
        bad.append(f"the panels cover {', '.join(covered)}, not each layer once")
    printed = sorted({v for gradients in FIG2_GRADIENTS.values() for v in gradients.values()})
    bad += [f"printed gradient {mt.num(v, 6)} is not {gradient_sign}" for v in printed
            if ("positive" if v > 0 else "negative" if v < 0 else "zero") != gradient_sign]
    return Verdict.from_counterexamples(
        bad, checked=len(FIG2_PANELS) + len(printed),
        claimed={"caption rate (%)": caption_rate, "gradient sign": gradient_sign},
        measured={"panels": {p: f"{layer} layer at {mt.num(rate)}%" for p, (layer, rate) in FIG2_PANELS.items()},
                  "printed gradients": printed,
                  "exponents under table 1's relation": [_exponent(THESIS_RELATION, v) for v in printed]},
        finding="; ".join(bad),
        notes=_located_note("figure 2 panel text", "figure 2 caption") + " The input panel's gradient is not in the printed panel text; the text's "
              "0.9038 (imp.layer-exponents.fig2-text) is its only source.")


# --------------------------------------------------------------------------- IMP-108: the 5% ranking

def _fig2_reading(attribution: Mapping[str, float], exponents: Mapping[str, float], ranking: Sequence[str],
                  relation: sp.Expr) -> dict:
    """One attribution of figure 2's labels: the exponents they give under ``relation``, where they
    disagree with the text's, and the order of the layers they leave."""
    from_figure = {layer: _exponent(relation, grad) for layer, grad in attribution.items()}
    disagree = [f"{layer}: text {mt.num(exponents[layer], 6)}, figure gradient {mt.num(attribution[layer], 6)} "
                f"gives {mt.num(from_figure[layer], 6)}" for layer in from_figure
                if layer in exponents and abs(exponents[layer] - from_figure[layer]) >= TEXT_PRECISION]
    combined = {**{k: v for k, v in exponents.items() if k not in from_figure}, **from_figure}
    return {"exponents": combined, "text against figure": disagree,
            "ranking": _order_violations(combined, ranking)}


@claim(
    "imp.layer-exponents.fig2-text",
    uses=("imp.power-law.form.corrected", "imp.layer-exponents.fig2-panels"),
    title="§8.2 after fig. 2: at 5% the output exponent (2.7258) is the largest and the input one (0.9038) second",
    source=src("§8.2 paragraph after figure 2, against figure 2's panel text and table 1's caption"),
    kind=Kind.AUDIT,
    statement="""For layer-only IMP at 5%, the text says the ranking of the critical exponents has changed from
        1%: the output layer's is now the largest, 2.7258, and the input layer's the second largest, 0.9038
        (so the hidden layer's is the smallest); it adds that few data points may make the estimate poor.""",
    reading="""The text's two numbers and its ranking output > input > hidden, set against the gradients
        figure 2 prints, turned into exponents by table 1's caption (exponent = minus the fitted log-log
        gradient).""",
    charitable_reading="""Every reading the page allows: the relation is the thesis's own (it turns figure 2's
        output gradient -2.72588 into the text's 2.7258, to the four decimals printed); the unlabelled
        '-2.54687' may sit on either panel (a) or panel (b), whose titles both precede it; the input
        exponent 0.9038 is taken from the text, as the figure's input gradient is not printed; and the hedge
        about few points concerns the accuracy of the estimates, not whether the text reports its own figure.
        Each attribution still fails: on panel (b) the hidden exponent 2.54687 lies between the output's
        2.7258 and the input's 0.9038, so the input is third, not second; on panel (a) the figure gives the
        input 2.54687, not 0.9038.  Reading 'second largest' as second of input and output only does not help
        either: §8.2 goes on (after figure 3) to conclude that the input and output layers are the most
        important at every rate, which needs the input above the hidden layer at 5%.""",
    severity="false",
    decision_rule="""For each attribution of figure 2's unlabelled gradient, turn the printed gradients into
        exponents with the stated relation; a layer whose figure exponent differs from the text's by one
        unit in the text's fourth decimal (1e-4) or more is a disagreement, and the stated ranking is checked
        (strictly decreasing, adjacent pairs) on the figure's exponents with the text's for the layers the
        figure leaves unprinted.  Verified if some attribution has neither a disagreement nor a ranking
        violation; refuted, with what fails under each, if none does.""",
    recorded="refuted",
    mutants=[mutant("input largest and output second (table 1's order at 1%)", ranking=("input", "output", "hidden")),
             mutant("the exponent read as the gradient itself, not its negative (with the figure's ranking)",
                    relation=g, ranking=("output", "hidden", "input")),
             control("the ranking figure 2's gradients give, output > hidden > input, with the hidden layer's 2.5468",
                     exponents={"output": 2.7258, "hidden": 2.5468, "input": 0.9038},
                     ranking=("output", "hidden", "input"))],
)
def _fig2_text(ctx: CheckContext, *, exponents: Mapping[str, float] = TEXT_5PCT_EXPONENTS,
               ranking: Sequence[str] = TEXT_5PCT_RANKING, relation: sp.Expr = THESIS_RELATION) -> Verdict:
    readings = {name: _fig2_reading(grads, exponents, ranking, relation) for name, grads in FIG2_GRADIENTS.items()}
    failing = {name: r["text against figure"] + r["ranking"] for name, r in readings.items()}
    holds = any(not problems for problems in failing.values())
    return Verdict.from_check(
        holds, checked=readings,
        counterexample={name: "; ".join(problems) for name, problems in failing.items()},
        claimed={"exponents": dict(exponents), "ranking": " > ".join(ranking), "exponent from gradient g": relation},
        measured={name: {"exponents (figure, else text)": r["exponents"],
                         "text against figure": "; ".join(r["text against figure"]) or "agree",
                         "ranking": "; ".join(r["ranking"]) or "holds"} for name, r in readings.items()},
        decision_detail="; ".join(f"{name}: " + ("; ".join(problems) or "consistent") for name, problems in failing.items()),
        finding="" if holds else " | ".join(f"{name}: " + "; ".join(problems) for name, problems in failing.items()),
        notes=_located_note("figure 2 panel text", "text after figure 2 (output 2.7258 largest, input 0.9038 second)",
                            "table 1 caption (exponent = negative of the regression)",
                            "text after figure 3 (input and output the most important at every rate)", "§8.3 slopes")
        + " " + _change_from_1pct(relation, exponents))


def _change_from_1pct(relation: sp.Expr, exponents: Mapping[str, float]) -> str:
    """How far the 5% exponents (figure 2 read with -2.54687 on the hidden panel, the text's input
    value) lie from table 1's 1% exponents, and what the relation makes of §8.3's slopes."""
    at_5 = {**{k: v for k, v in exponents.items()},
            **{k: _exponent(relation, v) for k, v in FIG2_GRADIENTS["-2.54687 on panel (b), second (hidden) layer"].items()}}
    ratios = {k: at_5[k] / TABLE1_EXPONENTS[k] for k in LAYERS if k in at_5}
    slopes = {k: _exponent(relation, v) for k, v in SECTION_8_3_GRADIENTS.items()}
    return ("Against table 1 at 1% (" + mt.pairs(TABLE1_EXPONENTS, 5) + "), the 5% exponents (" + mt.pairs(at_5, 6)
            + ") are " + mt.pairs({f"{k} 5%/1%": v for k, v in ratios.items()}) + " times the 1% values, more than "
            "the text's 'changed slightly' (not decided here).  The same relation turns §8.3's full-model slopes ("
            + mt.pairs(SECTION_8_3_GRADIENTS, 6) + ") into the exponents " + mt.pairs(slopes, 6) + "; the thesis "
            "prints no 1% gradients, so table 1 itself cannot be rederived from gradients.")
